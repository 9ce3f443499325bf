import { solveModel } from './bnb/solve.js';
import type { SolveOptions, SolveResult } from './bnb/solve-types.js';
import { OptionError } from './errors.js';
import type { Model } from './model/model.js';
import { solveParallel } from './parallel/solve-parallel.js';

/**
 * Solves a MILP with mipnet's branch-and-bound: serially in this thread when `threads` is 1,
 * otherwise on a pool of worker threads (same result shape, same guarantees).
 */
export async function solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw new OptionError('solve', `threads must be a positive integer, got ${threads}`);
  }
  if (threads === 1) return solveModel(model, options);
  return solveParallel(model, options);
}
