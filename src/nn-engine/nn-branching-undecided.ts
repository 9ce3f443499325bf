import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { BranchingContext, BranchingRule } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { fractionalPart, undecidedScore } from './nn-undecided-score.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * 'nn-undecided': branch on the activation binary whose pre-activation interval is most undecided
 * (min(−zL, zU) relative to its range, times the LP fractionality). Without structure: most
 * fractional.
 */
export class NnUndecidedBranching implements BranchingRule {
  readonly name = 'nn-undecided';
  private readonly view: NnView | null;
  constructor(model: Model) {
    this.view = getNnView(model);
  }

  score(ctx: BranchingContext): void {
    const { candidates, values, scores, candidateCount, domain } = ctx;
    const v = this.view;
    for (let k = 0; k < candidateCount; k++) {
      scores[k] = v ? undecidedScore(v, domain, candidates[k]!, values[k]!) : fractionalPart(values[k]!);
    }
  }
}

export const nnUndecidedDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'nn-undecided',
  description: 'NN: the activation with the most undecided pre-activation interval',
  create: (env: PluginEnv) => new NnUndecidedBranching(env.model),
};
