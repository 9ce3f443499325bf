import { OptionError } from '../errors.js';
import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import type { DenseLayerSpec } from './dense-layer.js';
import { PrunableLayer } from './layer-pruning.js';
import { createLayer } from './layer-registry.js';
import type { LayerBounds, LayerEncoding, LayerInput, LayerPenalties, TrainableLayer } from './layer.js';
import type { ConvLayerSpec } from './layers/conv-layer.js';
import { encodeLoss, type LossEncoding, type LossKind } from './loss.js';
import { tightenColumnBounds } from './lp-tightening.js';
import type { NetworkJson } from './network.js';
import { prepareTrainingData, type TrainingData } from './training-data.js';
import type { TrainOptions } from './train-options.js';
// the NN layer registers its plugin package (network-aware propagators, heuristics, branching)
import '../nn-engine/register-nn-plugins.js';

/** The layers a training problem stacks (created through the layer registry). */
export type { TrainableLayer };

/** A training problem after option resolution: everything needed to (re)build its MILP. */
export interface TrainingProblem {
  data: TrainingData;
  /** scaled inputs, labels, sizes */
  X: Float64Array;
  y: Int32Array;
  samples: number;
  features: number;
  classes: number;
  layers: TrainableLayer[];
  loss: LossKind;
  margin: number;
  epsilon: number;
  penalties: LayerPenalties;
  /** weight indicators on every layer (L0) */
  l0: boolean;
  featureCap: number | undefined;
  symmetryBreaking: boolean;
  /** zero-pattern rows on step layers with binary inputs (see DenseLayer) */
  zeroPatternRows: boolean;
  output: 'step' | 'score';
}

export interface TighteningStats {
  lps: number;
  seconds: number;
  columns: number;
  completed: number;
  /** activation binaries fixed by the bounds, before and after tightening */
  fixedBefore: number;
  fixedAfter: number;
}

/** A built training MILP with what is needed to decode, complete and re-verify its solutions. */
export interface TrainingModel {
  model: Model;
  problem: TrainingProblem;
  encodings: LayerEncoding[];
  loss: LossEncoding;
  tightening: TighteningStats | undefined;
}

function nonNegative(v: number | undefined, what: string): number {
  const x = v ?? 0;
  if (!(x >= 0) || !Number.isFinite(x)) throw new OptionError('train', `${what} must be a finite number >= 0, got ${v}`);
  return x;
}

/** Resolves options and defaults into a TrainingProblem (loads and scales the data). */
export function resolveTrainingProblem(options: TrainOptions): TrainingProblem {
  const op = 'train';
  const activation = options.activation ?? 'step';
  if (activation !== 'step' && activation !== 'relu' && activation !== 'sign') throw new OptionError(op, `activation must be 'step', 'relu' or 'sign', got "${String(activation)}"`);
  const binarized = options.binarizedWeights;
  if (binarized !== undefined && binarized !== 'binary' && binarized !== 'ternary') throw new OptionError(op, `binarizedWeights must be 'binary' or 'ternary', got "${String(binarized)}"`);
  if (activation === 'sign' && !binarized) throw new OptionError(op, `sign activations need binarized weights (binarizedWeights 'binary' or 'ternary')`);
  if (options.conv && activation === 'sign') throw new OptionError(op, `a convolution needs step or ReLU activations`);
  const pruneCost = options.layerPruning ? (options.layerPruning.cost ?? 0.1) : undefined;
  if (pruneCost !== undefined && !(pruneCost >= 0 && Number.isFinite(pruneCost))) throw new OptionError(op, `layerPruning.cost must be a finite number >= 0, got ${pruneCost}`);
  const hidden = options.hidden ?? [2];
  if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new OptionError(op, `hidden layer widths must be positive integers, got ${JSON.stringify(hidden)}`);
  }
  const loss: LossKind = options.loss ?? (activation === 'step' ? 'xor' : 'zero-one');
  if (loss !== 'xor' && loss !== 'zero-one' && loss !== 'hinge') throw new OptionError(op, `loss must be xor, zero-one or hinge, got "${String(loss)}"`);
  if (loss === 'xor' && activation === 'relu') throw new OptionError(op, `xor loss needs step outputs; use zero-one or hinge with ReLU networks`);
  const epsilon = options.epsilon ?? 1e-3;
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new OptionError(op, `epsilon must be > 0, got ${epsilon}`);
  const margin = options.margin ?? (loss === 'hinge' ? 1 : epsilon);
  if (!(margin > 0) || !Number.isFinite(margin)) throw new OptionError(op, `margin must be > 0, got ${margin}`);
  const W = options.weightBound ?? 1;
  if (!(W > 0) || !Number.isFinite(W)) throw new OptionError(op, `weightBound must be finite and > 0, got ${W}`);
  const integer = options.integerWeights ?? false;
  if (integer && !Number.isInteger(W)) throw new OptionError(op, `integer weights need an integer weightBound, got ${W}`);
  const sp = options.sparsity ?? {};
  const weightNorm = sp.weightNorm ?? 'l1';
  if (weightNorm !== 'l1' && weightNorm !== 'l0') throw new OptionError(op, `sparsity.weightNorm must be 'l1' or 'l0', got "${String(weightNorm)}"`);
  const lw = nonNegative(sp.weights, 'sparsity.weights');
  const penalties: LayerPenalties = {
    l1: weightNorm === 'l1' ? lw : 0,
    l0: weightNorm === 'l0' ? lw : 0,
    activation: nonNegative(sp.activations, 'sparsity.activations'),
    neuron: nonNegative(sp.neurons, 'sparsity.neurons'),
  };
  const kill = options.killSwitches ?? penalties.neuron > 0;
  if (options.featureCap !== undefined && (!Number.isInteger(options.featureCap) || options.featureCap < 0)) {
    throw new OptionError(op, `featureCap must be a non-negative integer, got ${options.featureCap}`);
  }
  if (options.integerInputs !== undefined && (!Number.isInteger(options.integerInputs) || options.integerInputs < 1)) {
    throw new OptionError(op, `integerInputs must be a positive integer, got ${options.integerInputs}`);
  }
  const data = prepareTrainingData(options);
  const d = data.train.d;
  const K = data.train.classNames.length;
  if (K < 2) throw new OptionError(op, `need at least 2 classes, data set "${data.train.name}" has ${K}`);
  const layers: TrainableLayer[] = [];
  let nin = d;
  if (options.conv) {
    const c = options.conv;
    const H = c.imageHeight ?? (c.imageWidth ? d / c.imageWidth : Math.round(Math.sqrt(d)));
    const Wd = c.imageWidth ?? (H > 0 ? d / H : 0);
    if (!Number.isInteger(H) || !Number.isInteger(Wd) || H * Wd !== d) {
      throw new OptionError(op, `conv: ${d} input features do not form ${c.imageHeight ?? '?'}×${c.imageWidth ?? '?'} images; give conv.imageHeight and conv.imageWidth`);
    }
    const conv = createLayer({
      type: 'conv',
      imageHeight: H,
      imageWidth: Wd,
      kernel: c.kernel,
      channels: c.channels,
      activation: activation === 'relu' ? 'relu' : 'step',
      weightBound: W,
      integerWeights: integer,
      killSwitches: kill,
      epsilon,
      ...(c.pool ? { pool: c.pool } : {}),
    } satisfies ConvLayerSpec);
    layers.push(conv);
    nin = conv.width;
  }
  const firstIn = nin;
  for (const h of hidden) {
    const spec: DenseLayerSpec = binarized
      ? { type: 'dense', inputs: nin, outputs: h, weights: binarized, activation, epsilon }
      : { type: 'dense', inputs: nin, outputs: h, activation: activation === 'sign' ? 'step' : activation, weightBound: W, integerWeights: integer, killSwitches: kill, epsilon };
    const layer = createLayer(spec);
    // a prunable layer must read hidden outputs: removing layer 1 would feed raw features on
    const prunable = pruneCost !== undefined && nin === h && layers.length > 0;
    layers.push(prunable ? new PrunableLayer(layer, { cost: pruneCost }) : layer);
    nin = h;
  }
  if (pruneCost !== undefined && !layers.some((l) => l instanceof PrunableLayer)) {
    throw new OptionError(op, `layer pruning needs a hidden dense layer after the first with as many inputs as outputs (widths ${[firstIn, ...hidden].join('-')})`);
  }
  const outAct = loss === 'xor' ? 'step' : 'linear';
  // continuous inputs (ReLU, average pooling, a prunable layer's pass-through) need integer output weights to stay a MILP
  const prev = layers[layers.length - 1];
  const reluOut = activation === 'relu' || (prev !== undefined && !prev.binaryOutput);
  const outSpec: DenseLayerSpec = binarized
    ? { type: 'dense', inputs: nin, outputs: K, weights: binarized, activation: outAct, epsilon }
    : { type: 'dense', inputs: nin, outputs: K, activation: outAct, weightBound: reluOut ? 1 : W, integerWeights: reluOut ? true : integer, epsilon };
  layers.push(createLayer(outSpec));
  layers.forEach((l, i) => (l.index = i + 1));
  return {
    data,
    X: data.X,
    y: data.train.y,
    samples: data.train.n,
    features: d,
    classes: K,
    layers,
    loss,
    margin,
    epsilon,
    penalties,
    l0: penalties.l0 > 0,
    featureCap: options.featureCap,
    symmetryBreaking: options.symmetryBreaking ?? true,
    zeroPatternRows: options.zeroPatternRows ?? penalties.activation > 0,
    output: loss === 'xor' ? 'step' : 'score',
  };
}

/** Builds the MILP of a problem, with optional (tightened) pre-activation bounds per layer. */
export function encodeTrainingProblem(p: TrainingProblem, preBounds?: (LayerBounds | undefined)[]): TrainingModel {
  const b = new ModelBuilder('mipnet-train');
  let input: LayerInput = { samples: p.samples, width: p.features, data: p.X, bounds: { lo: p.X, hi: p.X }, binary: false };
  const encodings: LayerEncoding[] = [];
  const L = p.layers.length;
  p.layers.forEach((layer, i) => {
    const enc = layer.encode(
      {
        builder: b,
        layer: i + 1,
        isOutput: i === L - 1,
        epsilon: p.epsilon,
        penalties: p.penalties,
        weightIndicators: p.l0 || (i === 0 && p.featureCap !== undefined),
        symmetryBreaking: p.symmetryBreaking,
        zeroPatternRows: p.zeroPatternRows,
        ...(preBounds?.[i] ? { preActivationBounds: preBounds[i] } : {}),
      },
      input,
    );
    encodings.push(enc);
    input = enc.output;
  });
  const last = encodings[L - 1]!;
  const loss = encodeLoss(b, p.loss, p.margin, last, p.y, p.classes, p.layers[L - 1]!.activation);
  if (p.featureCap !== undefined) {
    const s = encodings[0]!.weightIndicatorCols;
    b.addRow({ name: 'feature_cap', upper: p.featureCap }, s, new Float64Array(s.length).fill(1));
  }
  const act = p.layers[0]!.activation;
  b.structure = {
    description: `${p.features}-${p.layers.map((l) => l.width).join('-')} ${act} network, ${p.loss} loss, ${p.samples} samples`,
    layers: encodings.map((e) => e.structure),
    samples: p.samples,
  };
  return { model: b.build(), problem: p, encodings, loss, tightening: undefined };
}

function countFixed(tm: TrainingModel): number {
  let k = 0;
  const m = tm.model;
  for (const e of tm.encodings) {
    for (const neuron of e.structure.neurons) {
      for (const c of neuron.activationCols) if (c >= 0 && m.colLower[c] === m.colUpper[c]) k++;
    }
  }
  return k;
}

/**
 * Builds the training MILP for the options: interval big-M bounds, then (by default) LP
 * tightening of every pre-activation over the relaxation, and a rebuild with the tightened
 * bounds (binaries fixed where zU ≤ −ε or zL ≥ 0).
 */
export async function buildTrainingModel(options: TrainOptions): Promise<TrainingModel> {
  const p = resolveTrainingProblem(options);
  return buildFromProblem(p, options.lpTightening ?? options.featureCap !== undefined, defaultTighteningLimit(options));
}

/** The LP-tightening budget: the option, else 10 s capped at a quarter of the solver's time limit. */
export function defaultTighteningLimit(options: TrainOptions): number {
  if (options.lpTighteningTimeLimit !== undefined) return options.lpTighteningTimeLimit;
  const tl = options.solver?.timeLimit;
  return tl !== undefined && tl > 0 ? Math.min(10, tl / 4) : 10;
}

export async function buildFromProblem(p: TrainingProblem, lpTightening: boolean, timeLimit: number): Promise<TrainingModel> {
  const first = encodeTrainingProblem(p);
  if (!lpTightening) return first;
  if (!(timeLimit > 0)) throw new OptionError('train', `lpTighteningTimeLimit must be > 0, got ${timeLimit}`);
  const cols: number[] = [];
  for (const e of first.encodings) for (const c of e.preActivationCols) cols.push(c);
  const r = await tightenColumnBounds(first.model, Int32Array.from(cols), timeLimit);
  if (r.infeasible) return { ...first, tightening: { lps: r.lps, seconds: r.seconds, columns: cols.length, completed: r.completed, fixedBefore: countFixed(first), fixedAfter: countFixed(first) } };
  const bounds: LayerBounds[] = [];
  let at = 0;
  for (const e of first.encodings) {
    const m = e.preActivationCols.length;
    bounds.push({ lo: r.lower.slice(at, at + m), hi: r.upper.slice(at, at + m) });
    at += m;
  }
  const second = encodeTrainingProblem(p, bounds);
  second.tightening = { lps: r.lps, seconds: r.seconds, columns: cols.length, completed: r.completed, fixedBefore: countFixed(first), fixedAfter: countFixed(second) };
  return second;
}

/** The network JSON skeleton of a problem (layers filled by decoding). */
export function networkHeader(p: TrainingProblem): Omit<NetworkJson, 'layers'> {
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: p.features,
    classes: p.data.train.classNames.slice(),
    featureNames: p.data.train.featureNames.slice(),
    scaling: p.data.scaling,
    epsilon: p.epsilon,
    stepThreshold: -p.epsilon / 2,
    output: p.output,
  };
}
