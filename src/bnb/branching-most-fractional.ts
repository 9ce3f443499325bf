import type { PluginDescriptor } from './plugin-registry.js';
import type { BranchingContext, BranchingRule } from './plugins.js';

/** Score = distance of the LP value to the nearest integer (0.5 is best). */
export class MostFractionalBranching implements BranchingRule {
  readonly name = 'most-fractional';
  score(ctx: BranchingContext): void {
    const { values, scores, candidateCount } = ctx;
    for (let k = 0; k < candidateCount; k++) {
      const v = values[k]!;
      const f = v - Math.floor(v);
      scores[k] = Math.min(f, 1 - f);
    }
  }
}

export const mostFractionalDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'most-fractional',
  description: 'branch on the integer column whose LP value is farthest from an integer',
  create: () => new MostFractionalBranching(),
};
