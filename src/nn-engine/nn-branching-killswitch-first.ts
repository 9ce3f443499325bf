import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { BranchingContext, BranchingRule } from '../bnb/plugins.js';
import { ColumnKind } from '../model/column-tag.js';
import type { Model } from '../model/model.js';
import { fractionalPart, undecidedScore } from './nn-undecided-score.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * 'nn-killswitch-first': fractional kill-switches first (most fractional first: deciding which
 * neurons live fixes whole columns of activations), then the 'nn-undecided' score.
 */
export class NnKillSwitchFirstBranching implements BranchingRule {
  readonly name = 'nn-killswitch-first';
  private readonly view: NnView | null;
  constructor(private readonly model: Model) {
    this.view = getNnView(model);
  }

  score(ctx: BranchingContext): void {
    const { candidates, values, scores, candidateCount, domain } = ctx;
    const v = this.view;
    const kind = this.model.tagKind;
    for (let k = 0; k < candidateCount; k++) {
      const c = candidates[k]!;
      const f = fractionalPart(values[k]!);
      if (kind[c] === ColumnKind.KILL_SWITCH) scores[k] = 1e6 * (1 + f);
      else scores[k] = v ? undecidedScore(v, domain, c, values[k]!) : f;
    }
  }
}

export const nnKillSwitchFirstDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'nn-killswitch-first',
  description: 'NN: kill-switches first, then the most undecided activation',
  create: (env: PluginEnv) => new NnKillSwitchFirstBranching(env.model),
};
