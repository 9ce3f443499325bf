import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { LpContext, PrimalHeuristic } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import type { NnLpFit } from './nn-lp-fit.js';
import { NnPatternSearch } from './nn-pattern-search.js';
import { acquireLpFit, releaseLpFit } from './nn-shared-lp-fit.js';
import { HeuristicBackoff } from './nn-heuristic-backoff.js';
import { getNnView } from './nn-view.js';

/**
 * LP-fit: the activation pattern of the forward pass of the node's LP weights is fixed (every
 * activation binary, kill-switch and loss indicator) and the weight LP is solved — the best weights
 * for that pattern. A pattern equal to the previous call's is skipped.
 */
export class NnLpFitHeuristic implements PrimalHeuristic {
  readonly name = 'nn-lp-fit';
  private readonly backoff: HeuristicBackoff;
  private readonly search: NnPatternSearch | undefined;
  private readonly fit: NnLpFit | undefined;
  private readonly model: Model;

  constructor(model: Model, frequency: number, lpTimeLimit: number) {
    this.model = model;
    const view = getNnView(model);
    this.backoff = new HeuristicBackoff(view ? frequency : 0);
    if (view) {
      this.fit = acquireLpFit(model, lpTimeLimit);
      this.search = new NnPatternSearch(view, this.fit, 2);
    }
  }

  get frequency(): number {
    return this.backoff.frequency;
  }

  run(ctx: LpContext): Float64Array | null {
    if (!this.search) return null;
    const c = this.search.fitFrom(ctx.primal, ctx.domain.lower, ctx.domain.upper, false, true);
    this.backoff.report(c ? c.objective : Infinity, ctx.cutoff);
    return c ? c.x : null;
  }

  dispose(): void {
    if (this.fit) releaseLpFit(this.model, this.fit);
  }
}

export const nnLpFitDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-lp-fit',
  description: 'NN: fix the forward-pass activation pattern of the LP weights and solve the weight LP',
  priority: 85,
  params: [
    { name: 'frequency', type: 'integer', default: 5, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per LP' },
  ],
  create: (env: PluginEnv) => new NnLpFitHeuristic(env.model, env.num('frequency'), env.num('lp-time-limit')),
};
