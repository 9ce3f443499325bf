import { mostFractionalDescriptor } from './branching-most-fractional.js';
import { pseudocostDescriptor } from './branching-pseudocost.js';
import { strongDescriptor } from './branching-strong.js';
import { divingDescriptor } from './heuristic-diving.js';
import { fixLpDescriptor } from './heuristic-fix-lp.js';
import { roundingDescriptor } from './heuristic-rounding.js';
import { bestBoundSelector, bestEstimateSelector, depthFirstSelector } from './node-selectors.js';
import { globalRegistry, type PluginRegistry } from './plugin-registry.js';
import { reducedCostDescriptor } from './propagator-reduced-cost.js';
import { rowActivityDescriptor } from './propagator-row-activity.js';
import { registerNnPlugins } from '../nn-engine/register-nn-plugins.js';

/** Registers the engine's built-in plugins in a registry. */
export function registerBuiltinPlugins(registry: PluginRegistry): void {
  registry.register(mostFractionalDescriptor);
  registry.register(pseudocostDescriptor);
  registry.register(strongDescriptor);
  registry.register(bestBoundSelector);
  registry.register(bestEstimateSelector);
  registry.register(depthFirstSelector);
  registry.register(rowActivityDescriptor);
  registry.register(reducedCostDescriptor);
  registry.register(roundingDescriptor);
  registry.register(divingDescriptor);
  registry.register(fixLpDescriptor);
}

/** Default branching rule and node selector of solveModel. */
export const DEFAULT_BRANCHING = 'pseudocost';
export const DEFAULT_NODE_SELECTION = 'best-bound';

registerBuiltinPlugins(globalRegistry);
// NN-aware plugins (src/nn-engine): propagators and heuristics on by default, no-ops on models without network structure
registerNnPlugins(globalRegistry);
