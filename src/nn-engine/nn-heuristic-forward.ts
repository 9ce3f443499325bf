import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { LpContext, PrimalHeuristic } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import type { NnLpFit } from './nn-lp-fit.js';
import { NnPatternSearch } from './nn-pattern-search.js';
import { acquireLpFit, releaseLpFit } from './nn-shared-lp-fit.js';
import { HeuristicBackoff } from './nn-heuristic-backoff.js';
import { getNnView } from './nn-view.js';

/**
 * Forward pass of the LP weights: the weight / bias / kill-switch columns of the node LP solution,
 * clamped into the node's domain, define a network; its forward pass over the training data (biases
 * repaired off the step margin) gives every activation; the remaining columns (pre-activations,
 * products, loss) are completed by an LP with the network fixed. The result is the true training
 * loss of that network. No-op on models without network structure.
 */
export class NnForwardHeuristic implements PrimalHeuristic {
  readonly name = 'nn-forward';
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
      this.search = new NnPatternSearch(view, this.fit, 1);
    }
  }

  get frequency(): number {
    return this.backoff.frequency;
  }

  run(ctx: LpContext): Float64Array | null {
    if (!this.search) return null;
    const c = this.search.fitFrom(ctx.primal, ctx.domain.lower, ctx.domain.upper, true, true);
    this.backoff.report(c ? c.objective : Infinity, ctx.cutoff);
    return c ? c.x : null;
  }

  dispose(): void {
    if (this.fit) releaseLpFit(this.model, this.fit);
  }
}

export const nnForwardDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-forward',
  description: 'NN: forward pass of the LP weights completed into a feasible point',
  priority: 90,
  params: [
    { name: 'frequency', type: 'integer', default: 10, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per completion LP' },
  ],
  create: (env: PluginEnv) => new NnForwardHeuristic(env.model, env.num('frequency'), env.num('lp-time-limit')),
};
