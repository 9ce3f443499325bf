import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { Model } from '../model/model.js';
import { NnPatternFitHeuristic } from './nn-pattern-fit-heuristic.js';

/**
 * LP-fit: the activation pattern of the forward pass of the node's LP weights is fixed (every
 * activation binary, kill-switch and loss indicator) and the weight LP is solved — the best weights
 * for that pattern. A pattern equal to the previous call's is skipped.
 */
export class NnLpFitHeuristic extends NnPatternFitHeuristic {
  constructor(model: Model, frequency: number, lpTimeLimit: number) {
    super('nn-lp-fit', model, frequency, lpTimeLimit, false, 2);
  }
}

export const nnLpFitDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-lp-fit',
  description: 'NN: fix the forward-pass activation pattern of the LP weights and solve the weight LP',
  priority: 85,
  params: [
    { name: 'frequency', type: 'integer', default: 5, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per LP' },
  ],
  create: (env: PluginEnv) => new NnLpFitHeuristic(env.model, env.num('frequency'), env.num('lp-time-limit')),
};
