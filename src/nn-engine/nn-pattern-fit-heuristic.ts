import type { LpContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { HeuristicBackoff } from './nn-heuristic-backoff.js';
import { NnSearchHeuristic } from './nn-search-heuristic.js';

/**
 * The shared mechanics of the heuristics that start from the node LP's weights: read the weight /
 * bias / kill-switch columns of the LP solution (clamped into the node's domain), take the forward
 * pass's activation pattern, and complete it by an LP — with the network's parameters fixed
 * (`fixParams`: the forward-pass heuristic, the true training loss of that network) or free (the
 * LP-fit heuristic: the best weights for that pattern), on the solve's shared LP-fit. Calls back
 * off after failures. Inactive on models without network structure.
 */
export class NnPatternFitHeuristic extends NnSearchHeuristic {
  readonly name: string;
  private readonly backoff: HeuristicBackoff;
  private readonly fixParams: boolean;

  constructor(name: string, model: Model, frequency: number, lpTimeLimit: number, fixParams: boolean, seed: number) {
    super(model, lpTimeLimit, seed);
    this.name = name;
    this.fixParams = fixParams;
    this.backoff = new HeuristicBackoff(this.view ? frequency : 0);
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

}
