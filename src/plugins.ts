/**
 * The plugin surface for branching, node selection, propagation and heuristics research: the
 * interfaces (contracts written at the types), the registry, and the built-in plugins, which are
 * registered when this module is loaded.
 */
import './bnb/builtin-plugins.js';
// the NN plugin package: registered by the NN layer, listed here so that `mipnet plugins` shows it without a model
import './nn-engine/register-nn-plugins.js';

export type {
  PluginLifecycle,
  SolveContext,
  SharedResource,
  HeuristicContext,
  IncumbentSolution,
  BranchingContext,
  BranchingRule,
  LpContext,
  NodeSelector,
  PrimalHeuristic,
  PropagationContext,
  Propagator,
  SearchContext,
} from './bnb/plugins.js';
export {
  globalRegistry,
  registerPlugin,
  PluginRegistry,
  type ParamSpec,
  type ParamValue,
  type PluginDescriptor,
  type PluginEnv,
  type PluginKind,
} from './bnb/plugin-registry.js';
export { DEFAULT_BRANCHING, DEFAULT_NODE_SELECTION, registerBuiltinPlugins } from './bnb/builtin-plugins.js';
export { loadPluginModules } from './bnb/plugin-loader.js';
export { PluginSet, standaloneSolveContext, type PluginChoice } from './bnb/plugin-set.js';

/** Makes sure the built-in plugins are registered (they are, once this module is imported). */
export function ensureBuiltinPlugins(): void {}
