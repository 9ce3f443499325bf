import type { PrimalHeuristic, SearchContext, SolveContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { NnPatternSearch } from './nn-pattern-search.js';
import { sharedLpFit } from './nn-shared-lp-fit.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * Base of the NN heuristics that work through an NnPatternSearch: the model's NN view (none:
 * inactive — not called, not listed) and, from initSolve to exitSolve, a pattern search over the
 * solve's shared LP-fit (SolveContext.shared, disposed by the framework).
 */
export abstract class NnSearchHeuristic implements PrimalHeuristic {
  abstract readonly name: string;
  abstract readonly frequency: number;
  protected readonly view: NnView | null;
  protected search: NnPatternSearch | undefined;

  constructor(
    model: Model,
    private readonly lpTimeLimit: number,
    private readonly seed: number,
  ) {
    this.view = getNnView(model);
  }

  initSolve(ctx: SolveContext): boolean {
    if (!this.view) return false;
    this.search = new NnPatternSearch(this.view, sharedLpFit(ctx, this.lpTimeLimit), this.seed);
    return true;
  }

  exitSolve(): void {
    this.search = undefined;
  }

  abstract run(ctx: SearchContext): Float64Array | null;
}
