import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { BranchingContext, BranchingRule } from './plugins.js';
import { orderByKey, strongScore } from './strong-probe.js';

/**
 * Strong branching on the `candidates` most fractional columns: both child LPs are solved with an
 * iteration budget (bounds and basis restored by the framework after each probe); score = product
 * of the two gains. A child proven infeasible gets bound Infinity and is never opened. The other
 * candidates score 0.
 */
export class StrongBranching implements BranchingRule {
  readonly name = 'strong';
  private order = new Int32Array(16);
  private keys = new Float64Array(16);
  constructor(
    private readonly maxCandidates: number,
    private readonly iterations: number,
  ) {}

  score(ctx: BranchingContext): void {
    const { values, scores, candidateCount } = ctx;
    if (this.keys.length < candidateCount) {
      this.keys = new Float64Array(candidateCount * 2);
      this.order = new Int32Array(candidateCount * 2);
    }
    for (let k = 0; k < candidateCount; k++) {
      const v = values[k]!;
      const f = v - Math.floor(v);
      this.keys[k] = Math.min(f, 1 - f);
      scores[k] = 0;
    }
    const order = orderByKey(this.order, this.keys, candidateCount);
    const n = Math.min(candidateCount, this.maxCandidates);
    for (let q = 0; q < n; q++) {
      const k = order[q]!;
      scores[k] = strongScore(ctx, k, this.iterations);
    }
  }
}

export const strongDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'strong',
  description: 'full strong branching on the most fractional candidates',
  params: [
    { name: 'candidates', type: 'integer', default: 10, min: 1, max: 100000, description: 'candidates probed per node' },
    { name: 'iterations', type: 'integer', default: 500, min: 1, max: 1000000, description: 'simplex iterations per probe LP' },
  ],
  create: (env: PluginEnv) => new StrongBranching(env.num('candidates'), env.num('iterations')),
};
