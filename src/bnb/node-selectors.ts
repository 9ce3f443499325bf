import { bestBoundOrder, bestEstimateOrder, depthFirstOrder } from './node-queue.js';
import type { PluginDescriptor } from './plugin-registry.js';

/**
 * The built-in node selectors. Each is an order on the open nodes; all allow plunging (the loop
 * processes a child of the last node directly, up to 'search/plunge-depth' levels, which keeps the
 * LP warm). 'depth-first' plunges without limit by construction of its order.
 */
export const bestBoundSelector: PluginDescriptor<'node-selection'> = {
  kind: 'node-selection',
  name: 'best-bound',
  description: 'smallest lower bound first (ties: deeper); closes the gap fastest',
  create: () => ({ name: 'best-bound', compare: bestBoundOrder, plunge: true }),
};

export const bestEstimateSelector: PluginDescriptor<'node-selection'> = {
  kind: 'node-selection',
  name: 'best-estimate',
  description: 'smallest pseudocost estimate of the best solution in the subtree first',
  create: () => ({ name: 'best-estimate', compare: bestEstimateOrder, plunge: true }),
};

export const depthFirstSelector: PluginDescriptor<'node-selection'> = {
  kind: 'node-selection',
  name: 'depth-first',
  description: 'deepest node first (ties: best bound); finds incumbents early, little memory',
  create: () => ({ name: 'depth-first', compare: depthFirstOrder, plunge: true }),
};
