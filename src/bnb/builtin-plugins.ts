import { mostFractionalDescriptor } from './branching-most-fractional.js';
import { pseudocostDescriptor } from './branching-pseudocost.js';
import { strongDescriptor } from './branching-strong.js';
import { divingDescriptor } from './heuristic-diving.js';
import { fixLpDescriptor } from './heuristic-fix-lp.js';
import { roundingDescriptor } from './heuristic-rounding.js';
import { bestBoundSelector, bestEstimateSelector, depthFirstSelector } from './node-selectors.js';
import { globalRegistry, type PluginDescriptor, type PluginRegistry } from './plugin-registry.js';
import { reducedCostDescriptor } from './propagator-reduced-cost.js';
import { rowActivityDescriptor } from './propagator-row-activity.js';
import { cmirDescriptor } from './separator-cmir.js';
import { flowCoverDescriptor } from './separator-flow-cover.js';
import { cliqueDescriptor } from './separator-clique.js';
import { gomoryDescriptor } from './separator-gomory.js';
import { impliedBoundDescriptor } from './separator-implied-bound.js';
import { knapsackCoverDescriptor } from './separator-knapsack-cover.js';

/** The engine's own plugins (every thread registers them when it loads the engine). */
const CORE_PLUGINS: readonly PluginDescriptor[] = [
  mostFractionalDescriptor,
  pseudocostDescriptor,
  strongDescriptor,
  bestBoundSelector,
  bestEstimateSelector,
  depthFirstSelector,
  rowActivityDescriptor,
  reducedCostDescriptor,
  roundingDescriptor,
  divingDescriptor,
  fixLpDescriptor,
  gomoryDescriptor,
  knapsackCoverDescriptor,
  cmirDescriptor,
  flowCoverDescriptor,
  cliqueDescriptor,
  impliedBoundDescriptor,
];

/** Registers the engine's built-in plugins in a registry. */
export function registerBuiltinPlugins(registry: PluginRegistry): void {
  for (const d of CORE_PLUGINS) registry.register(d, { kind: 'core' });
}

/** Default branching rule and node selector of solveModel. */
export const DEFAULT_BRANCHING = 'pseudocost';
export const DEFAULT_NODE_SELECTION = 'best-bound';

registerBuiltinPlugins(globalRegistry);
