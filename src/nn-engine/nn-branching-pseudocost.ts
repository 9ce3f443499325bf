import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { BranchingContext, BranchingRule } from '../bnb/plugins.js';
import { Pseudocosts } from '../bnb/pseudocosts.js';
import { orderByKey, strongScore } from '../bnb/strong-probe.js';
import type { Model } from '../model/model.js';
import { undecidedScore } from './nn-undecided-score.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * 'nn-pseudocost': pseudocost product score; a side without observations is seeded with the
 * average pseudocost scaled by the candidate's 'nn-undecided' score (relative to the mean score of
 * the node's candidates), so unexplored columns are ranked by the network's own uncertainty instead
 * of uniformly. Optionally the `lookahead` most undecided unreliable candidates are probed.
 */
export class NnPseudocostBranching implements BranchingRule {
  readonly name = 'nn-pseudocost';
  private readonly view: NnView | null;
  private keys = new Float64Array(16);
  private order = new Int32Array(16);
  private seeds = new Float64Array(16);
  constructor(model: Model, private readonly reliability: number, private readonly lookahead: number, private readonly iterations: number) {
    this.view = getNnView(model);
  }

  score(ctx: BranchingContext): void {
    const { candidates, values, scores, candidateCount, domain, pseudocosts: pc } = ctx;
    if (this.keys.length < candidateCount) {
      this.keys = new Float64Array(candidateCount * 2);
      this.order = new Int32Array(candidateCount * 2);
      this.seeds = new Float64Array(candidateCount * 2);
    }
    const v = this.view;
    let mean = 0;
    for (let k = 0; k < candidateCount; k++) {
      const s = v ? undecidedScore(v, domain, candidates[k]!, values[k]!) : 1;
      this.seeds[k] = s;
      mean += s;
    }
    mean = mean / Math.max(1, candidateCount) || 1;
    let unreliable = 0;
    for (let k = 0; k < candidateCount; k++) {
      const c = candidates[k]!;
      const x = values[k]!;
      const f = x - Math.floor(x);
      const seed = this.seeds[k]! / mean;
      const down = pc.downCount[c]! > 0 ? pc.down(c) : pc.down(c) * seed;
      const up = pc.upCount[c]! > 0 ? pc.up(c) : pc.up(c) * seed;
      scores[k] = Pseudocosts.productScore(down * f, up * (1 - f));
      if (pc.reliability(c) < this.reliability) {
        this.keys[k] = this.seeds[k]!;
        unreliable++;
      } else this.keys[k] = -1;
    }
    if (unreliable === 0 || this.lookahead === 0) return;
    const order = orderByKey(this.order, this.keys, candidateCount);
    const n = Math.min(unreliable, this.lookahead);
    for (let q = 0; q < n; q++) scores[order[q]!] = strongScore(ctx, order[q]!, this.iterations);
  }
}

export const nnPseudocostDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'nn-pseudocost',
  // the default rule on models with network structure (chosen by the benchmark, see README)
  defaultFor: (model) => model.structure !== undefined,
  description: 'NN: pseudocosts seeded from the undecided score (optional probes on the most undecided)',
  params: [
    { name: 'reliability', type: 'integer', default: 2, min: 0, max: 100, description: 'observations per side before a pseudocost is trusted (probing only)' },
    { name: 'lookahead', type: 'integer', default: 4, min: 0, max: 10000, description: 'unreliable candidates probed per node, most undecided first (0 = no probes)' },
    { name: 'probe-iterations', type: 'integer', default: 200, min: 1, max: 1000000, description: 'simplex iterations per probe LP' },
  ],
  create: (env: PluginEnv) => new NnPseudocostBranching(env.model, env.num('reliability'), env.num('lookahead'), env.num('probe-iterations')),
};
