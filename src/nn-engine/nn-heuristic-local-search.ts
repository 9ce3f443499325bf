import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { LpContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { HeuristicBackoff } from './nn-heuristic-backoff.js';
import { NnSearchHeuristic } from './nn-search-heuristic.js';

/**
 * Alternating forward-pass / LP-fit local search: start from the LP-fit of the node's LP weights
 * (or from this heuristic's best point so far, whichever is better), then repeat "fix the samples
 * the network gets right, relax the others, LP, forward pass, LP-fit" while it improves (with a
 * seeded random kick of the kept samples when a move fails), for at most `rounds` moves.
 */
export class NnLocalSearchHeuristic extends NnSearchHeuristic {
  readonly name = 'nn-local-search';
  private readonly backoff: HeuristicBackoff;
  private readonly own: Float64Array;
  private ownObjective = Infinity;

  constructor(
    model: Model,
    frequency: number,
    lpTimeLimit: number,
    private readonly rounds: number,
    private readonly kick: number,
    seed: number,
    private readonly timeLimit = 1,
  ) {
    super(model, lpTimeLimit, seed);
    this.backoff = new HeuristicBackoff(this.view ? frequency : 0);
    this.own = new Float64Array(this.view ? model.numCols : 0);
  }

  get frequency(): number {
    return this.backoff.frequency;
  }

  run(ctx: LpContext): Float64Array | null {
    const s = this.search;
    if (!s) return null;
    const c = s.fitFrom(ctx.primal, ctx.domain.lower, ctx.domain.upper, false);
    let start: Float64Array;
    let obj: number;
    if (c && c.objective < this.ownObjective) {
      start = c.x;
      obj = c.objective;
    } else if (this.ownObjective < Infinity) {
      start = this.own;
      obj = this.ownObjective;
    } else {
      this.backoff.report(Infinity, ctx.cutoff);
      return null;
    }
    const r = s.improve(start, obj, this.rounds, this.kick, this.timeLimit);
    if (r.objective < this.ownObjective) {
      this.own.set(r.x);
      this.ownObjective = r.objective;
    }
    this.backoff.report(r.objective, ctx.cutoff);
    return r.x;
  }

}

export const nnLocalSearchDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-local-search',
  description: 'NN: alternating forward-pass / LP-fit local search (relax the misclassified samples)',
  priority: 80,
  params: [
    { name: 'frequency', type: 'integer', default: 50, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per LP' },
    { name: 'rounds', type: 'integer', default: 8, min: 1, max: 10000, description: 'local-search moves (LP pairs) per call' },
    { name: 'kick', type: 'real', default: 0.1, min: 0, max: 1, description: 'fraction of kept samples relaxed at random after a failed move (0 = stop)' },
    { name: 'seed', type: 'integer', default: 1, min: 0, max: 2147483647, description: 'seed of the kicks' },
    { name: 'time-limit', type: 'real', default: 1, min: 0, max: 3600, description: 'seconds per call' },
  ],
  create: (env: PluginEnv) =>
    new NnLocalSearchHeuristic(env.model, env.num('frequency'), env.num('lp-time-limit'), env.num('rounds'), env.num('kick'), env.num('seed'), env.num('time-limit')),
};
