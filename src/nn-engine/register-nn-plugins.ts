import { globalRegistry, type PluginDescriptor, type PluginRegistry } from '../bnb/plugin-registry.js';
import { nnBoundsDescriptor } from './nn-bounds-propagator.js';
import { nnKillSwitchFirstDescriptor } from './nn-branching-killswitch-first.js';
import { nnMisclassifiedDescriptor } from './nn-branching-misclassified.js';
import { nnPseudocostDescriptor } from './nn-branching-pseudocost.js';
import { nnStrongDescriptor } from './nn-branching-strong.js';
import { nnUndecidedDescriptor } from './nn-branching-undecided.js';
import { nnForwardDescriptor } from './nn-heuristic-forward.js';
import { nnIntegerSearchDescriptor } from './nn-heuristic-integer-search.js';
import { nnLocalSearchDescriptor } from './nn-heuristic-local-search.js';
import { nnLiveCountDescriptor } from './nn-live-count-bound.js';
import { nnLpFitDescriptor } from './nn-heuristic-lp-fit.js';
import { nnNeighbourhoodDescriptor } from './nn-heuristic-neighbourhood.js';
import { nnNeuronLadderDescriptor } from './nn-heuristic-neuron-ladder.js';
import { nnSteDescriptor } from './nn-heuristic-ste.js';
import { nnOrbitopalDescriptor } from './nn-orbitopal-propagator.js';
import { nnPatternCountDescriptor } from './nn-pattern-count-separator.js';
import { nnPatternGroupsDescriptor } from './nn-pattern-groups-propagator.js';
import { nnSubsetNetworkDescriptor } from './nn-heuristic-subset-network.js';
import { nnSubsetBoundDescriptor } from './nn-subset-bound-separator.js';

/** Names of the NN plugins by kind. */
export const NN_BRANCHING_RULES = ['nn-undecided', 'nn-killswitch-first', 'nn-pseudocost', 'nn-misclassified', 'nn-strong'] as const;
export const NN_PROPAGATORS = ['nn-bounds', 'nn-pattern-groups', 'nn-orbitopal', 'nn-live-count'] as const;
export const NN_SEPARATORS = ['nn-pattern-count', 'nn-subset-bounds'] as const;
export const NN_HEURISTICS = ['nn-ste', 'nn-forward', 'nn-lp-fit', 'nn-local-search', 'nn-neighbourhood', 'nn-integer-search', 'nn-neuron-ladder', 'nn-subset-network'] as const;

/** The branching rule that is the default on models with network structure (its descriptor's `defaultFor`; chosen by benchmark). */
export const NN_DEFAULT_BRANCHING = 'nn-pseudocost';

/** The NN plugin package, in registration order. */
const NN_PLUGINS: readonly PluginDescriptor[] = [
  nnBoundsDescriptor,
  nnPatternGroupsDescriptor,
  nnOrbitopalDescriptor,
  nnLiveCountDescriptor,
  nnSteDescriptor,
  nnForwardDescriptor,
  nnLpFitDescriptor,
  nnLocalSearchDescriptor,
  nnNeighbourhoodDescriptor,
  nnIntegerSearchDescriptor,
  nnUndecidedDescriptor,
  nnKillSwitchFirstDescriptor,
  nnPseudocostDescriptor,
  nnMisclassifiedDescriptor,
  nnStrongDescriptor,
  nnPatternCountDescriptor,
  nnNeuronLadderDescriptor,
  nnSubsetBoundDescriptor,
  nnSubsetNetworkDescriptor,
];

/**
 * Registers the NN-aware plugins (propagators and heuristics enabled by default; inactive on models
 * without `structure`; branching rules selected by name, nn-pseudocost the default on network
 * models) as a plugin package: registered from this module, so that every worker thread of a
 * parallel solve imports this module too. The engine's core names none of them; the NN layer
 * (training-model.ts) and the package entry points import this module.
 */
export function registerNnPlugins(registry: PluginRegistry = globalRegistry): void {
  const origin = { kind: 'module' as const, url: import.meta.url };
  for (const d of NN_PLUGINS) if (!registry.has(d.kind, d.name)) registry.register(d, origin);
}

registerNnPlugins(globalRegistry);
