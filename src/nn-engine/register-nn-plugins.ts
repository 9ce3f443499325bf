import { globalRegistry, type PluginRegistry } from '../bnb/plugin-registry.js';
import { nnBoundsDescriptor } from './nn-bounds-propagator.js';
import { nnKillSwitchFirstDescriptor } from './nn-branching-killswitch-first.js';
import { nnMisclassifiedDescriptor } from './nn-branching-misclassified.js';
import { nnPseudocostDescriptor } from './nn-branching-pseudocost.js';
import { nnStrongDescriptor } from './nn-branching-strong.js';
import { nnUndecidedDescriptor } from './nn-branching-undecided.js';
import { nnForwardDescriptor } from './nn-heuristic-forward.js';
import { nnIntegerSearchDescriptor } from './nn-heuristic-integer-search.js';
import { nnLocalSearchDescriptor } from './nn-heuristic-local-search.js';
import { nnLpFitDescriptor } from './nn-heuristic-lp-fit.js';
import { nnNeighbourhoodDescriptor } from './nn-heuristic-neighbourhood.js';
import { nnSteDescriptor } from './nn-heuristic-ste.js';
import { nnOrbitopalDescriptor } from './nn-orbitopal-propagator.js';
import { nnPatternGroupsDescriptor } from './nn-pattern-groups-propagator.js';

/** Names of the NN plugins by kind. */
export const NN_BRANCHING_RULES = ['nn-undecided', 'nn-killswitch-first', 'nn-pseudocost', 'nn-misclassified', 'nn-strong'] as const;
export const NN_PROPAGATORS = ['nn-bounds', 'nn-pattern-groups', 'nn-orbitopal'] as const;
export const NN_HEURISTICS = ['nn-ste', 'nn-forward', 'nn-lp-fit', 'nn-local-search', 'nn-neighbourhood', 'nn-integer-search'] as const;

/** The branching rule that is the default on models with network structure (its descriptor's `defaultFor`; chosen by benchmark). */
export const NN_DEFAULT_BRANCHING = 'nn-pseudocost';

/**
 * Registers the NN-aware plugins (propagators and heuristics enabled by default; they are no-ops on
 * models without `structure`; branching rules selected by name).
 */
export function registerNnPlugins(registry: PluginRegistry = globalRegistry): void {
  registry.register(nnBoundsDescriptor);
  registry.register(nnPatternGroupsDescriptor);
  registry.register(nnOrbitopalDescriptor);
  registry.register(nnSteDescriptor);
  registry.register(nnForwardDescriptor);
  registry.register(nnLpFitDescriptor);
  registry.register(nnLocalSearchDescriptor);
  registry.register(nnNeighbourhoodDescriptor);
  registry.register(nnIntegerSearchDescriptor);
  registry.register(nnUndecidedDescriptor);
  registry.register(nnKillSwitchFirstDescriptor);
  registry.register(nnPseudocostDescriptor);
  registry.register(nnMisclassifiedDescriptor);
  registry.register(nnStrongDescriptor);
}
