import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { Model } from '../model/model.js';
import { NnPatternFitHeuristic } from './nn-pattern-fit-heuristic.js';

/**
 * Forward pass of the LP weights: the weight / bias / kill-switch columns of the node LP solution,
 * clamped into the node's domain, define a network; its forward pass over the training data (biases
 * repaired off the step margin) gives every activation; the remaining columns (pre-activations,
 * products, loss) are completed by an LP with the network fixed. The result is the true training
 * loss of that network. No-op on models without network structure.
 */
export class NnForwardHeuristic extends NnPatternFitHeuristic {
  constructor(model: Model, frequency: number, lpTimeLimit: number) {
    super('nn-forward', model, frequency, lpTimeLimit, true, 1);
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
