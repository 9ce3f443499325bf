/**
 * The trained-network JSON type and its forward pass (the ground truth every MILP encoding is
 * checked against).
 *
 * Step neurons fire when `z >= stepThreshold`, where `stepThreshold = -epsilon / 2` sits in the
 * middle of the margin (−ε, 0) that the MILP excludes: every training point of a MILP solution has
 * `z >= 0` or `z <= −ε` (up to solver tolerances), so the middle of the margin is the robust
 * decision boundary ("pushing |z| < ε off the margin").
 */
import { MipnetError } from '../errors.js';
import type { DenseLayerJson } from './dense-layer.js';
import { getLayerType, type LayerForward } from './layer-registry.js';
import type { ConvLayerJson } from './layers/conv-forward.js';

/** 'sign' (binarized networks): +1 when z >= stepThreshold, else −1. */
export type Activation = 'step' | 'relu' | 'linear' | 'sign';

/** How inputs were scaled before training: `x' = (x - offset) / scale`, per feature. */
export interface ScalingJson {
  kind: 'minmax' | 'standard' | 'none';
  offset: number[];
  scale: number[];
  /** Rosenhahn's integer inputs: after scaling, multiply by this and round (0 = off) */
  integerLevels?: number;
}

/**
 * The JSON shape of each layer type, by its `type` (the layer types themselves are in the
 * registry, layer-registry.ts). A built-in layer type adds its shape here.
 */
export interface NetworkLayerTypes {
  dense: DenseLayerJson;
  conv: ConvLayerJson;
}

/** Any layer of the network JSON. */
export type NetworkLayer = NetworkLayerTypes[keyof NetworkLayerTypes];
export type { ConvLayerJson, DenseLayerJson };

export interface NetworkJson {
  format: 'mipnet-network';
  version: 1;
  /** number of raw input features */
  inputs: number;
  classes: string[];
  featureNames?: string[];
  scaling: ScalingJson;
  /** step margin used in training */
  epsilon: number;
  /** step neurons fire when z >= stepThreshold (default −ε/2) */
  stepThreshold: number;
  /** 'step': one-hot step outputs (single active output = class); 'score': argmax of scores */
  output: 'step' | 'score';
  layers: NetworkLayer[];
}

/** Applies the stored scaling to raw rows (`[sample * inputs + j]`), returning a new array. */
export function scaleInputs(network: NetworkJson, X: ArrayLike<number>, samples: number): Float64Array {
  const d = network.inputs;
  if (X.length !== samples * d) {
    throw new MipnetError('forward pass', `expected ${samples}×${d} = ${samples * d} input values, got ${X.length}`);
  }
  const out = new Float64Array(samples * d);
  const { offset, scale, integerLevels } = network.scaling;
  for (let n = 0; n < samples; n++) {
    for (let j = 0; j < d; j++) {
      let v = (X[n * d + j]! - offset[j]!) / scale[j]!;
      if (integerLevels && integerLevels > 0) v = Math.round(v * integerLevels);
      out[n * d + j] = v;
    }
  }
  return out;
}

/** Forward pass of one layer on `samples` rows of already-transformed inputs (by its registered type). */
export function forwardLayer(layer: NetworkLayer, inputs: Float64Array, samples: number, stepThreshold: number): LayerForward {
  return getLayerType(layer.type, 'forward pass').forward(layer, inputs, samples, stepThreshold);
}

export interface ForwardResult {
  /** outputs of the last layer, `[sample * classes + k]` (scores or 0/1 step outputs) */
  outputs: Float64Array;
  /** pre-activations and outputs of every layer */
  layers: { pre: Float64Array; post: Float64Array }[];
}

/**
 * Forward pass over already-scaled inputs (what the MILP saw). Use `forward` for raw inputs.
 */
export function forwardScaled(network: NetworkJson, scaled: Float64Array, samples: number): ForwardResult {
  let a = scaled;
  const layers: { pre: Float64Array; post: Float64Array }[] = [];
  for (const layer of network.layers) {
    const r = forwardLayer(layer, a, samples, network.stepThreshold);
    layers.push(r);
    a = r.post;
  }
  return { outputs: a, layers };
}

/** Forward pass over raw inputs (scaling applied first). */
export function forward(network: NetworkJson, X: ArrayLike<number>, samples: number): ForwardResult {
  return forwardScaled(network, scaleInputs(network, X, samples), samples);
}

/**
 * Class of each sample from the network outputs: arg-max of the scores (lowest index wins ties),
 * or the single active step output; -1 (no class, counts as an error) when no or several step
 * outputs are active.
 */
export function classify(network: NetworkJson, outputs: Float64Array, samples: number): Int32Array {
  const K = network.classes.length;
  const pred = new Int32Array(samples);
  for (let n = 0; n < samples; n++) {
    const base = n * K;
    if (network.output === 'step') {
      let cls = -1;
      for (let k = 0; k < K; k++) {
        if (outputs[base + k]! > 0.5) {
          if (cls === -1) cls = k;
          else { cls = -1; break; }
        }
      }
      pred[n] = cls;
    } else {
      let best = 0;
      for (let k = 1; k < K; k++) if (outputs[base + k]! > outputs[base + best]!) best = k;
      pred[n] = best;
    }
  }
  return pred;
}

/** Predicted class per row of raw inputs X (`[sample * inputs + j]`); -1 = no class. */
export function predict(network: NetworkJson, X: ArrayLike<number>, samples?: number): Int32Array {
  const n = samples ?? Math.floor(X.length / network.inputs);
  return classify(network, forward(network, X, n).outputs, n);
}
