import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { BranchingContext, BranchingRule } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { allocParams, NnForwardPass, readParams, type NnParams } from './nn-forward-pass.js';
import { fractionalPart, undecidedScore } from './nn-undecided-score.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * 'nn-misclassified': the LP's weights define a network; the activations of the samples that
 * network gets wrong (forward pass, exact step semantics) are preferred by a factor `boost`, within
 * the 'nn-undecided' order.
 */
export class NnMisclassifiedBranching implements BranchingRule {
  readonly name = 'nn-misclassified';
  private readonly view: NnView | null;
  private readonly fwd: NnForwardPass | undefined;
  private readonly params: NnParams | undefined;
  private readonly err: Float64Array;

  constructor(model: Model, private readonly boost: number) {
    this.view = getNnView(model);
    if (this.view) {
      this.fwd = new NnForwardPass(this.view);
      this.params = allocParams(this.view);
    }
    this.err = new Float64Array(this.view ? this.view.samples : 0);
  }

  score(ctx: BranchingContext): void {
    const { candidates, values, scores, candidateCount, domain, primal } = ctx;
    const v = this.view;
    if (!v || !this.fwd || !this.params) {
      for (let k = 0; k < candidateCount; k++) scores[k] = fractionalPart(values[k]!);
      return;
    }
    readParams(v, primal, domain.lower, domain.upper, this.params);
    this.fwd.run(this.params, false);
    this.fwd.error(this.err);
    for (let k = 0; k < candidateCount; k++) {
      const c = candidates[k]!;
      const s = undecidedScore(v, domain, c, values[k]!);
      const n = v.colSample[c]!;
      scores[k] = n >= 0 && this.err[n]! > 1e-9 ? s * this.boost : s;
    }
  }
}

export const nnMisclassifiedDescriptor: PluginDescriptor<'branching'> = {
  kind: 'branching',
  name: 'nn-misclassified',
  description: 'NN: prefer activations of samples the LP network misclassifies',
  params: [{ name: 'boost', type: 'real', default: 10, min: 1, max: 1e6, description: 'score factor for activations of misclassified samples' }],
  create: (env: PluginEnv) => new NnMisclassifiedBranching(env.model, env.num('boost')),
};
