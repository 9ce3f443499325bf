import type { SolveOptions } from '../bnb/solve-types.js';
import type { Dataset } from '../data/dataset.js';
import type { ScalingKind } from '../data/scaling.js';
import type { LossKind } from './loss.js';

/** Objective weights of the sparsity terms (0 or absent = off). Rosenhahn uses 0.1 each. */
export interface SparsityOptions {
  /** weight term weight (λ1 for 'l1', λ0 for 'l0'), on the weights of every layer */
  weights?: number;
  /** 'l1' (Σ|w|, default, LP-friendly) or 'l0' (count of nonzero weights, binary indicators) */
  weightNorm?: 'l1' | 'l0';
  /** activation count λa Σ a over hidden layers and training samples */
  activations?: number;
  /** neuron count λk Σ k over hidden neurons (creates kill-switches) */
  neurons?: number;
}

export interface TrainOptions {
  /** bundled name ('iris', 'wine', 'breast-cancer', 'digits'), CSV path, or a loaded data set */
  dataset: string | Dataset;
  /** explicit test set (then no split is made; `trainFraction` is ignored) */
  testDataset?: Dataset;
  /** hidden layer widths (default [2]) */
  hidden?: number[];
  /** hidden activation (default 'step'); 'sign' (±1 outputs) needs `binarizedWeights` */
  activation?: 'step' | 'relu' | 'sign';
  /** default: 'xor' for step networks, 'zero-one' for ReLU networks */
  loss?: LossKind;
  /** margin γ of the zero-one / hinge losses (default: ε for zero-one, 1 for hinge) */
  margin?: number;
  /** weights in [−W, W] (default 1) */
  weightBound?: number;
  /** integer weights and biases (default false). ReLU output weights are always integers in [−1, 1]. */
  integerWeights?: boolean;
  /** Rosenhahn's integer inputs: scaled inputs × levels, rounded (e.g. 10); default off */
  integerInputs?: number;
  sparsity?: SparsityOptions;
  /** kill-switches on hidden neurons (default: on when sparsity.neurons > 0) */
  killSwitches?: boolean;
  /** cap N_max on the number of nonzero first-layer weights (feature selection) */
  featureCap?: number;
  /** symmetry-breaking rows on hidden layers (default true) */
  symmetryBreaking?: boolean;
  /**
   * zero-pattern rows on step layers fed by step layers: the samples whose inputs are all 0 share
   * one output, a valid inequality that lifts the LP bound when activations are penalised.
   * Default: on when sparsity.activations > 0.
   */
  zeroPatternRows?: boolean;
  /**
   * tighten big-M bounds by LP (min/max of each pre-activation over the relaxation) before the
   * search. Default: on only with a feature cap — with free weights in a box the interval bounds
   * are already attained by the relaxation, so the LPs cannot narrow them.
   */
  lpTightening?: boolean;
  /** time budget of the LP tightening in seconds (default 10, at most a quarter of solver.timeLimit) */
  lpTighteningTimeLimit?: number;
  /** step margin ε (default 1e-3) */
  epsilon?: number;
  /** input scaling fitted on the training split (default 'minmax') */
  scaling?: ScalingKind;
  /** fraction of each class used for training (default 1: train on everything, no test set) */
  trainFraction?: number;
  /** stratified sub-sample of this many training samples */
  trainSamples?: number;
  /** seed of the split and sub-sample (default 1) */
  seed?: number;
  /** branch-and-bound options (time limit, gap, log, signal, threads, …) */
  solver?: SolveOptions;
  /** 'engine' (mipnet's branch-and-bound, default) or 'highs' (HiGHS' own MIP solver, the reference) */
  backend?: 'engine' | 'highs';
  /**
   * first-layer convolution on images (inputs = imageHeight × imageWidth pixels, row-major;
   * default square images): `channels` filters of `kernel` × `kernel` (stride 1, valid padding)
   * with the hidden activation (step or ReLU), weight bound, integer weights and kill-switches
   * (one per filter) of the other options, then optional pooling; `hidden` layers follow it.
   */
  conv?: ConvOptions;
  /** binarized dense layers: 'binary' {−1, +1} or 'ternary' {−1, 0, +1} weights in every dense layer */
  binarizedWeights?: 'binary' | 'ternary';
  /**
   * layer pruning (Ataei): a switch per hidden dense layer after the first with as many inputs as
   * outputs (0 = the layer is the identity); keeping one costs `cost` (default 0.1). Not combinable
   * with sparsity penalties.
   */
  layerPruning?: { cost?: number };
}

export interface ConvOptions {
  channels: number;
  kernel: number;
  /** max (exact, selector binaries) or average (linear) pooling over size × size windows */
  pool?: { kind: 'max' | 'avg'; size: number };
  imageHeight?: number;
  imageWidth?: number;
}
