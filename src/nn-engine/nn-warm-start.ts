import type { Model } from '../model/model.js';
import { highsLpFactory } from '../lp/highs-lp.js';
import type { LpSolverFactory } from '../lp/lp-solver.js';
import { NnLpFit } from './nn-lp-fit.js';
import { NnPatternSearch } from './nn-pattern-search.js';
import { trainSte, type SteOptions } from './nn-ste-trainer.js';
import { getNnView } from './nn-view.js';

export interface WarmStartOptions extends SteOptions {
  /** local-search moves after the LP-fit (default 16) */
  rounds?: number;
  /** seconds per LP (default 5) */
  lpTimeLimit?: number;
  /** seconds for the local search (default 2) */
  searchTimeLimit?: number;
  /** LP backend (default: HiGHS) */
  lpFactory?: LpSolverFactory;
}

/**
 * A feasible starting point for SolveOptions.initialSolution: the gradient (STE) trained network's
 * activation pattern, LP-fitted and improved by the local search. Null on a model without network
 * structure or when the LP-fit fails.
 */
export async function nnWarmStart(model: Model, options: WarmStartOptions = {}): Promise<Float64Array | null> {
  const view = getNnView(model);
  if (!view) return null;
  const fit = new NnLpFit(model, options.lpFactory ?? (await highsLpFactory()), options.lpTimeLimit ?? 5);
  try {
    const search = new NnPatternSearch(view, fit, options.seed ?? 1);
    const t = trainSte(view, options);
    const c = search.fit(t.params, false);
    if (!c) return null;
    const r = search.improve(c.x, c.objective, options.rounds ?? 16, 0.1, options.searchTimeLimit ?? 2);
    return Float64Array.from(r.x);
  } finally {
    fit.dispose();
  }
}
