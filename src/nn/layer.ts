/**
 * The contract every layer type of a trainable network implements.
 *
 * A layer owns three things for its own type, and nothing else:
 * 1. bound propagation (`propagate`): from bounds on its inputs, per sample, to bounds on its
 *    pre-activations and outputs, per sample (interval arithmetic over the parameter bounds);
 * 2. its MILP encoding (`encode`): parameter columns (weights, biases, kill-switches, …),
 *    per-sample pre-activation / activation / product columns and the rows linking them, all added
 *    through the ModelBuilder with ColumnKind tags, plus the layer's LayerStructure for the engine;
 *    it refuses to write a big-M from an infinite bound (throw `ModelError` naming the layer) and
 *    refuses continuous × continuous products (not a MILP);
 * 3. decoding and completion: `decode` reads its parameters back from a solution vector into the
 *    network JSON (`NetworkLayer`), and `complete` writes, for given parameters and given input
 *    values of every sample, the value of every column the layer encoded (the canonical feasible
 *    point: this is how a forward pass becomes an incumbent, and how `train` re-verifies results).
 *
 * Data flows layer to layer as a `LayerInput`: for layer 1 the (scaled) data itself, for later
 * layers the previous layer's output columns with their [lo, hi] bounds per sample.
 *
 * To add a layer type (pooling, scaling, …), write one file (src/nn/layers/<type>-layer.ts):
 * - its JSON shape (an interface with `type: '<type>'`, `inputs`, `outputs`; a built-in type adds
 *   it to `NetworkLayerTypes` in network.ts), its JSON check and its forward rule (the forward
 *   pass is the ground truth every encoding is checked against);
 * - a class implementing `TrainableLayer` below, writing its activation rows with
 *   activation-encoding.ts (step, sign, ReLU rows and the "decided by the bounds" tests),
 *   products with `linearizeProduct` (binary × bounded) from product.ts, and the shared
 *   parameter columns of layer-helpers.ts; dense-layer.ts is the reference for kill-switch
 *   implications, symmetry-breaking rows and column naming (`<kind>_<layer>_<neuron>_<…>`);
 * - a `LayerType` descriptor `{ type, validate, forward, create, parameters }`, registered with
 *   `registerLayerType` (layer-registry.ts; the built-in types are listed there);
 * - tag every column, fill `LayerStructure` (neurons or channels, with their columns) and make
 *   `complete` reproduce exactly the values the rows force, so that the completed point is feasible;
 * - test: build a tiny model, solve it, decode, complete, and check `model.maxViolation` ≈ 0 and
 *   that the objective equals the forward-pass loss (test/nn/layer-registry.test.ts registers a
 *   scaling layer this way).
 *
 * Index layout of every per-sample array in this file: `[sample * width + unit]`.
 */
import type { ModelBuilder } from '../model/model-builder.js';
import type { LayerStructure } from '../model/structure.js';
import type { NetworkLayer } from './network.js';

/** Lower/upper bounds per (sample, unit), laid out `[sample * width + unit]`. */
export interface LayerBounds {
  lo: Float64Array;
  hi: Float64Array;
}

/** What a layer receives: data (layer 1) or the previous layer's output columns. */
export interface LayerInput {
  samples: number;
  width: number;
  /** input values when the inputs are data (layer 1), `[sample * width + j]` */
  data?: Float64Array;
  /** input columns when the inputs are variables, `[sample * width + j]`; -1 = constant 0 */
  cols?: Int32Array;
  /** bounds of every input value (for data: lo = hi = the value) */
  bounds: LayerBounds;
  /** true when every variable input is binary (step outputs): products w·a are then exact */
  binary: boolean;
  /** kill-switch column of each input unit (the previous layer's neurons), -1 where none */
  unitKillCols?: Int32Array;
}

/** Objective weights of the sparsity terms a layer may add for its own columns. */
export interface LayerPenalties {
  /** λ1: L1 weight magnitude, + λ1 Σ |w| (via u ≥ ±w) */
  l1: number;
  /** λ0: L0 weight count, + λ0 Σ s (binary indicators, |w| ≤ W s) */
  l0: number;
  /** λa: activation count, + λa Σ a (hidden step layers) */
  activation: number;
  /** λk: neuron count, + λk Σ k (kill-switches) */
  neuron: number;
}

/** Everything a layer needs to encode itself, beside its own options. */
export interface EncodeContext {
  builder: ModelBuilder;
  /** 1-based layer index (layer 0 = inputs) */
  layer: number;
  /** true for the last layer (no kill-switches, no symmetry breaking: outputs are not permutable) */
  isOutput: boolean;
  /** step margin ε > 0 */
  epsilon: number;
  penalties: LayerPenalties;
  /** create weight indicators s (for L0 or a feature cap) */
  weightIndicators: boolean;
  /** add symmetry-breaking rows (kill-switch order, then bias order among live neurons) */
  symmetryBreaking: boolean;
  /**
   * step layers on binary inputs: tie the outputs of the samples whose inputs are all 0 (they all
   * equal the step of the bias) with valid rows (see DenseLayer); default false
   */
  zeroPatternRows?: boolean;
  /**
   * Pre-activation bounds to use instead of the interval ones (e.g. LP-tightened), laid out
   * `[sample * width + neuron]`. Must be valid for every feasible point of the model.
   */
  preActivationBounds?: LayerBounds;
}

/** What `encode` returns: the columns the next layer and the loss read, and the structure. */
export interface LayerEncoding {
  layer: number;
  structure: LayerStructure;
  /** input of the next layer (this layer's outputs) */
  output: LayerInput;
  /** pre-activation bounds used for the big-M constants, `[sample * width + neuron]` */
  preActivationBounds: LayerBounds;
  /** explicit pre-activation columns z, `[sample * width + neuron]` */
  preActivationCols: Int32Array;
  /** weight indicator columns s (first is the layer's, for a feature cap) */
  weightIndicatorCols: Int32Array;
  /** kill-switch column per neuron, -1 where none */
  killCols: Int32Array;
  /** Columns of the layer's parameters, for decode/complete: layer-type specific. */
  readonly detail: unknown;
}

/** Result of bound propagation through one layer. */
export interface PropagatedBounds {
  /** pre-activation bounds */
  pre: LayerBounds;
  /** output (post-activation) bounds */
  post: LayerBounds;
}

/** A layer type: bound propagation, MILP encoding, decoding and completion. */
export interface Layer {
  /** type name as stored in the network JSON (e.g. 'dense') */
  readonly type: string;
  /** human-readable name for messages, e.g. "layer 2 (dense 3→2, step)" */
  readonly label: string;
  readonly inputWidth: number;
  readonly width: number;
  /** true when the outputs are binary (step) */
  readonly binaryOutput: boolean;

  /** Interval bounds on pre-activations and outputs from bounds on the inputs, per sample. */
  propagate(input: LayerBounds, samples: number): PropagatedBounds;

  /** Adds the layer's columns and rows for every sample. Throws ModelError on a non-MILP request. */
  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding;

  /** Reads the layer's parameters from a solution vector (snapping tiny values and integers). */
  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer;

  /**
   * Writes into `solution` the value of every column of `encoding` for the parameters `params`
   * and the input values `inputs` (`[sample * inputWidth + j]`), and returns this layer's output
   * values `[sample * width + i]`. The returned point satisfies every row the layer added
   * whenever the inputs are consistent.
   */
  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array;
}

/** A layer of a training problem: a `Layer` with what training needs beyond the encoding. */
export interface TrainableLayer extends Layer {
  /** 1-based layer index (set by the training problem, for messages) */
  index: number;
  /** activation of its units, for the loss and descriptions ('step', 'relu', 'sign', 'linear', …) */
  readonly activation: string;
  /** kill-switches on its units */
  readonly killSwitches: boolean;
  /** integer weights (continuous inputs of the next layer need them to stay a MILP) */
  readonly integerWeights: boolean;
  /** step margin ε */
  readonly epsilon: number;
  /**
   * Parameters of a feasible start at no activation cost (after `encode`, which fixes the bias
   * bound): the layer outputs nothing (units off or dead) where it can.
   */
  startParams(isOutput: boolean): NetworkLayer;
}
