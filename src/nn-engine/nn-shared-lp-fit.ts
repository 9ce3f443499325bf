import type { SolveContext } from '../bnb/plugins.js';
import { NnLpFit } from './nn-lp-fit.js';

/**
 * The one LP-fit solver the NN heuristics of a solve share (they run one after the other): a
 * resource of the solve (SolveContext.shared), created by the first heuristic that asks, on the
 * solve's LP backend, and disposed by the framework after the solve.
 */
export function sharedLpFit(ctx: SolveContext, timeLimit: number): NnLpFit {
  return ctx.shared('nn/lp-fit', () => new NnLpFit(ctx.model, ctx.lpFactory, timeLimit));
}
