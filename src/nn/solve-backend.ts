import { solve } from '../solve.js';
import type { SolveOptions, SolveResult, SolveStatus } from '../bnb/solve-types.js';
import { solveWithHighsMip } from '../lp/highs-mip-reference.js';
import type { Model } from '../model/model.js';

/**
 * The one place training calls a MILP solver: 'engine' is mipnet's branch-and-bound
 * (`solve`: serial or parallel by `threads`), 'highs' is HiGHS' own MIP solver (the reference the tests compare against).
 */
export async function solveTrainingModel(model: Model, options: SolveOptions = {}, backend: 'engine' | 'highs' = 'engine'): Promise<SolveResult> {
  if (backend === 'engine') return solve(model, options);
  return solveWithHighsAsResult(model, options);
}

/** HiGHS' MIP solver with its result in SolveResult form (only timeLimit and gap are passed). */
export async function solveWithHighsAsResult(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
  const r = await solveWithHighsMip(model, {
    ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
    ...(options.gap !== undefined ? { gap: options.gap } : {}),
  });
  let status: SolveStatus;
  switch (r.status) {
    case 'optimal':
    case 'infeasible':
    case 'unbounded':
    case 'infeasible-or-unbounded':
    case 'time-limit':
      status = r.status;
      break;
    default:
      status = r.solution ? 'time-limit' : 'infeasible-or-unbounded';
  }
  const obj = r.objective;
  const gap = obj === null ? Infinity : Math.abs(obj - r.bound) / Math.max(1e-10, Math.abs(obj));
  return {
    status,
    objective: obj,
    bound: r.bound,
    gap,
    solution: r.solution,
    nodes: r.nodes,
    seconds: r.seconds,
    lpSeconds: 0,
    lpIterations: 0,
    lpSolves: 0,
    solutions: r.solution ? 1 : 0,
    stats: [],
    threads: 1,
  };
}
