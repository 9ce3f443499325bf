/**
 * Structure tags that a model builder may attach to columns, so the engine can recognise what a
 * variable means (see shared design "What the engine needs from the builder"). A general MILP read
 * from MPS/LP has kind NONE everywhere and still solves correctly, only without NN-specific help.
 */
export const ColumnKind = {
  NONE: 0,
  /** binary: activation (step output / ReLU phase) of (layer, neuron, sample) */
  ACTIVATION: 1,
  /** binary: neuron or channel kill-switch of (layer, neuron) */
  KILL_SWITCH: 2,
  /** binary: weight indicator s_ij (L0 / feature cap) of (layer, neuron, input=sample slot) */
  WEIGHT_INDICATOR: 3,
  /** binary: per-sample loss/error indicator e_n of (layer=-1, neuron=-1, sample) */
  LOSS: 4,
  /** continuous or integer: a weight w^l_ij of (layer, neuron, input index stored in `sample`) */
  WEIGHT: 5,
  /** continuous: a bias b^l_i of (layer, neuron) */
  BIAS: 6,
  /** continuous: a pre-activation z of (layer, neuron, sample) */
  PRE_ACTIVATION: 7,
  /** continuous: a post-activation / product / auxiliary variable */
  AUXILIARY: 8,
  /** binary: layer-pruning switch of (layer) */
  LAYER_SWITCH: 9,
  /** binary: max-pooling selector */
  POOL_SELECTOR: 10,
  /** binary: bit of an integer weight written in binary */
  WEIGHT_BIT: 11,
  /** continuous: an input variable (verification models) of (layer=0, neuron=input index) */
  INPUT: 12,
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

export const COLUMN_KIND_NAMES: Record<ColumnKind, string> = {
  0: 'none',
  1: 'activation',
  2: 'kill-switch',
  3: 'weight-indicator',
  4: 'loss',
  5: 'weight',
  6: 'bias',
  7: 'pre-activation',
  8: 'auxiliary',
  9: 'layer-switch',
  10: 'pool-selector',
  11: 'weight-bit',
  12: 'input',
};

/** Where a tagged column sits in the network. -1 means "not applicable". */
export interface ColumnTag {
  kind: ColumnKind;
  layer?: number;
  neuron?: number;
  /** sample index for per-sample variables; input index for weights */
  sample?: number;
}
