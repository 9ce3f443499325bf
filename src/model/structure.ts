/**
 * Network structure a builder hands to the engine beside the matrix: which columns form each
 * neuron, and which neurons are interchangeable (symmetry). Read by NN-aware propagators,
 * branching rules, symmetry handling and primal heuristics. A general MILP has no structure.
 *
 * All indices are column / row indices of the Model.
 */
export interface NeuronStructure {
  layer: number;
  neuron: number;
  /** weight columns of this neuron's incoming weights (length = fan-in), -1 where fixed to 0 */
  weightCols: Int32Array;
  /** bias column, or -1 */
  biasCol: number;
  /** kill-switch column, or -1 */
  killCol: number;
  /** activation binary column of each sample, -1 where the sample has none */
  activationCols: Int32Array;
  /** pre-activation column of each sample (z), -1 where z is not an explicit column */
  preActivationCols: Int32Array;
}

export interface LayerStructure {
  layer: number;
  activation: 'step' | 'relu' | 'linear' | 'sign';
  /** neurons of this layer (index = neuron) */
  neurons: NeuronStructure[];
  /**
   * True when the neurons of this layer may be permuted (with their outgoing weights) without
   * changing the network: a symmetry group for orbitopal fixing.
   */
  permutable: boolean;
  /** symmetry-breaking constraints already in the formulation (rows), so the engine stays consistent */
  orderingRows?: Int32Array;
}

export interface NetworkStructure {
  /** free-form architecture description (for logs) */
  description: string;
  layers: LayerStructure[];
  /** number of training samples encoded */
  samples: number;
}
