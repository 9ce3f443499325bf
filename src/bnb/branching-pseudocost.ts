import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { BranchingContext, BranchingRule } from './plugins.js';
import { Pseudocosts } from './pseudocosts.js';
import { orderByKey, strongScore } from './strong-probe.js';

/**
 * Reliability pseudocost branching: score = product of the estimated down and up gains
 * (pseudocost per unit × distance). Candidates observed fewer than `reliability` times on a side
 * are probed with strong-branching LPs (at most `lookahead` of them per node, most fractional first,
 * `probe-iterations` simplex iterations each); beyond that they use the average pseudocost.
 * Pseudocosts themselves are learned by the framework from every child LP and probe.
 */
export class PseudocostBranching implements BranchingRule {
  readonly name = 'pseudocost';
  private order = new Int32Array(16);
  private keys = new Float64Array(16);
  constructor(
    private readonly reliability: number,
    private readonly lookahead: number,
    private readonly probeIterations: number,
  ) {}

  score(ctx: BranchingContext): void {
    const { values, scores, candidates, candidateCount, pseudocosts } = ctx;
    if (this.keys.length < candidateCount) {
      this.keys = new Float64Array(candidateCount * 2);
      this.order = new Int32Array(candidateCount * 2);
    }
    let unreliable = 0;
    for (let k = 0; k < candidateCount; k++) {
      const col = candidates[k]!;
      const v = values[k]!;
      const f = v - Math.floor(v);
      scores[k] = Pseudocosts.productScore(pseudocosts.down(col) * f, pseudocosts.up(col) * (1 - f));
      const rel = pseudocosts.reliability(col);
      if (rel < this.reliability) {
        this.keys[k] = Math.min(f, 1 - f);
        unreliable++;
      } else {
        this.keys[k] = -1;
      }
    }
    if (unreliable === 0 || this.lookahead === 0) return;
    const order = orderByKey(this.order, this.keys, candidateCount);
    const probes = Math.min(unreliable, this.lookahead);
    for (let q = 0; q < probes; q++) {
      const k = order[q]!;
      scores[k] = strongScore(ctx, k, this.probeIterations);
    }
  }
}

export const pseudocostDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'pseudocost',
  description: 'reliability pseudocost branching (strong-branching probes until a column is reliable)',
  params: [
    { name: 'reliability', type: 'integer', default: 4, min: 0, max: 100, description: 'observations per side before a pseudocost is trusted' },
    { name: 'lookahead', type: 'integer', default: 8, min: 0, max: 10000, description: 'unreliable candidates probed per node' },
    { name: 'probe-iterations', type: 'integer', default: 200, min: 1, max: 1000000, description: 'simplex iterations per probe LP' },
  ],
  create: (env: PluginEnv) => new PseudocostBranching(env.num('reliability'), env.num('lookahead'), env.num('probe-iterations')),
};
