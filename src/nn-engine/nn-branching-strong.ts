import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { BranchingContext, BranchingRule } from '../bnb/plugins.js';
import { orderByKey, strongScore } from '../bnb/strong-probe.js';
import type { Model } from '../model/model.js';
import { fractionalPart, undecidedScore } from './nn-undecided-score.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * 'nn-strong': strong branching filtered by the network — only the `candidates` best candidates by
 * the 'nn-undecided' score are probed (both child LPs, `iterations` simplex iterations each); the
 * others score 0.
 */
export class NnStrongBranching implements BranchingRule {
  readonly name = 'nn-strong';
  private readonly view: NnView | null;
  private keys = new Float64Array(16);
  private order = new Int32Array(16);
  constructor(model: Model, private readonly maxCandidates: number, private readonly iterations: number) {
    this.view = getNnView(model);
  }

  score(ctx: BranchingContext): void {
    const { candidates, values, scores, candidateCount, domain } = ctx;
    if (this.keys.length < candidateCount) {
      this.keys = new Float64Array(candidateCount * 2);
      this.order = new Int32Array(candidateCount * 2);
    }
    const v = this.view;
    for (let k = 0; k < candidateCount; k++) {
      this.keys[k] = v ? undecidedScore(v, domain, candidates[k]!, values[k]!) : fractionalPart(values[k]!);
      scores[k] = 0;
    }
    const order = orderByKey(this.order, this.keys, candidateCount);
    const n = Math.min(candidateCount, this.maxCandidates);
    for (let q = 0; q < n; q++) scores[order[q]!] = strongScore(ctx, order[q]!, this.iterations) + 1e-12 * this.keys[order[q]!]!;
  }
}

export const nnStrongDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'nn-strong',
  description: 'NN: strong branching on the most undecided activations',
  params: [
    { name: 'candidates', type: 'integer', default: 6, min: 1, max: 100000, description: 'candidates probed per node' },
    { name: 'iterations', type: 'integer', default: 200, min: 1, max: 1000000, description: 'simplex iterations per probe LP' },
  ],
  create: (env: PluginEnv) => new NnStrongBranching(env.model, env.num('candidates'), env.num('iterations')),
};
