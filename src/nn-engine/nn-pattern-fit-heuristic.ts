import type { LpContext, PrimalHeuristic } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import type { NnLpFit } from './nn-lp-fit.js';
import { NnPatternSearch } from './nn-pattern-search.js';
import { acquireLpFit, releaseLpFit } from './nn-shared-lp-fit.js';
import { HeuristicBackoff } from './nn-heuristic-backoff.js';
import { getNnView } from './nn-view.js';

/**
 * The shared mechanics of the heuristics that start from the node LP's weights: read the weight /
 * bias / kill-switch columns of the LP solution (clamped into the node's domain), take the forward
 * pass's activation pattern, and complete it by an LP — with the network's parameters fixed
 * (`fixParams`: the forward-pass heuristic, the true training loss of that network) or free (the
 * LP-fit heuristic: the best weights for that pattern). Calls back off after failures. No-op on
 * models without network structure.
 */
export class NnPatternFitHeuristic implements PrimalHeuristic {
  readonly name: string;
  private readonly backoff: HeuristicBackoff;
  private readonly search: NnPatternSearch | undefined;
  private readonly fit: NnLpFit | undefined;
  private readonly model: Model;
  private readonly fixParams: boolean;

  constructor(name: string, model: Model, frequency: number, lpTimeLimit: number, fixParams: boolean, seed: number) {
    this.name = name;
    this.model = model;
    this.fixParams = fixParams;
    const view = getNnView(model);
    this.backoff = new HeuristicBackoff(view ? frequency : 0);
    if (view) {
      this.fit = acquireLpFit(model, lpTimeLimit);
      this.search = new NnPatternSearch(view, this.fit, seed);
    }
  }

  get frequency(): number {
    return this.backoff.frequency;
  }

  run(ctx: LpContext): Float64Array | null {
    if (!this.search) return null;
    const c = this.search.fitFrom(ctx.primal, ctx.domain.lower, ctx.domain.upper, this.fixParams, true);
    this.backoff.report(c ? c.objective : Infinity, ctx.cutoff);
    return c ? c.x : null;
  }

  dispose(): void {
    if (this.fit) releaseLpFit(this.model, this.fit);
  }
}
