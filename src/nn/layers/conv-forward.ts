/**
 * JSON shape and forward rule of a first-layer convolution with optional pooling (the ground
 * truth of ConvLayer's MILP encoding).
 *
 * The input is one single-channel image per sample, `imageHeight × imageWidth` values in row-major
 * order. Channel c has a `kernel × kernel` filter `weights[c][u * kernel + v]` and bias `bias[c]`;
 * stride 1, valid padding, so there are `(H − k + 1) × (W − k + 1)` positions per channel:
 *
 *     z[c, r, q] = bias[c] + Σ_{u,v} weights[c][u·k + v] · x[(r + u)·W + (q + v)]
 *
 * then the activation (ReLU, or step firing when z ≥ stepThreshold); a dead channel
 * (`live[c] === false`) outputs 0. Pooling (optional) takes non-overlapping `size × size` windows
 * (stride = size; trailing rows/columns that do not fill a window are dropped) and outputs their
 * maximum or average. Output unit layout: `c · (outRows · outCols) + r · outCols + q`.
 */
import { activate } from '../activation-encoding.js';
import { isFiniteNumbers, isLiveFlags, isPositiveInteger } from '../layer-helpers.js';
import type { Activation } from '../network.js';

export type PoolKind = 'max' | 'avg';

export interface PoolJson {
  kind: PoolKind;
  /** window side (and stride), ≥ 1 */
  size: number;
}

export interface ConvLayerJson {
  type: 'conv';
  activation: Extract<Activation, 'relu' | 'step'>;
  /** imageHeight · imageWidth */
  inputs: number;
  /** channels · outRows · outCols (after pooling) */
  outputs: number;
  imageHeight: number;
  imageWidth: number;
  kernel: number;
  /** filters: weights[c][u * kernel + v] (one row per channel) */
  weights: number[][];
  /** one bias per channel */
  bias: number[];
  /** live flag per channel (channel kill-switch); absent = all live */
  live?: boolean[];
  pool?: PoolJson;
}

/** Geometry of a convolution + pooling. */
export interface ConvGeometry {
  H: number;
  W: number;
  k: number;
  C: number;
  /** convolution positions per channel: rows, columns */
  convRows: number;
  convCols: number;
  /** pooling window side (1 = no pooling) */
  pool: number;
  outRows: number;
  outCols: number;
  /** units before pooling: C · convRows · convCols */
  convUnits: number;
  /** units after pooling: C · outRows · outCols */
  outUnits: number;
}

export function convGeometry(H: number, W: number, k: number, C: number, pool: number): ConvGeometry {
  const convRows = H - k + 1;
  const convCols = W - k + 1;
  const outRows = Math.floor(convRows / pool);
  const outCols = Math.floor(convCols / pool);
  return { H, W, k, C, convRows, convCols, pool, outRows, outCols, convUnits: C * convRows * convCols, outUnits: C * outRows * outCols };
}

/** Index of the input pixel under filter cell (u, v) at position p (= r·convCols + q). */
export function patchPixel(g: ConvGeometry, p: number, u: number, v: number): number {
  const r = Math.floor(p / g.convCols);
  const q = p - r * g.convCols;
  return (r + u) * g.W + (q + v);
}

/** Conv-unit indices (c · convRows·convCols + position) of pooled output unit `o`, `[m]`. */
export function poolWindow(g: ConvGeometry, o: number): Int32Array {
  const per = g.outRows * g.outCols;
  const c = Math.floor(o / per);
  const rem = o - c * per;
  const r = Math.floor(rem / g.outCols);
  const q = rem - r * g.outCols;
  const s = g.pool;
  const out = new Int32Array(s * s);
  let t = 0;
  for (let du = 0; du < s; du++) {
    for (let dv = 0; dv < s; dv++) out[t++] = c * g.convRows * g.convCols + (r * s + du) * g.convCols + (q * s + dv);
  }
  return out;
}

export function geometryOf(layer: ConvLayerJson): ConvGeometry {
  return convGeometry(layer.imageHeight, layer.imageWidth, layer.kernel, layer.weights.length, layer.pool ? layer.pool.size : 1);
}

/**
 * Forward pass: `pre` holds the convolution pre-activations `[sample · convUnits + unit]`,
 * `act` the activations before pooling (same layout), `post` the layer outputs
 * `[sample · outUnits + unit]`.
 */
export function forwardConv(layer: ConvLayerJson, inputs: Float64Array, samples: number, stepThreshold: number): {
  pre: Float64Array;
  act: Float64Array;
  post: Float64Array;
} {
  const g = geometryOf(layer);
  const P = g.convRows * g.convCols;
  const kk = g.k * g.k;
  const pre = new Float64Array(samples * g.convUnits);
  const act = new Float64Array(samples * g.convUnits);
  for (let c = 0; c < g.C; c++) {
    const f = layer.weights[c]!;
    const live = layer.live ? layer.live[c] !== false : true;
    for (let n = 0; n < samples; n++) {
      const base = n * layer.inputs;
      for (let p = 0; p < P; p++) {
        let z = layer.bias[c]!;
        for (let t = 0; t < kk; t++) {
          const w = f[t]!;
          if (w !== 0) z += w * inputs[base + patchPixel(g, p, Math.floor(t / g.k), t % g.k)]!;
        }
        const idx = n * g.convUnits + c * P + p;
        pre[idx] = z;
        act[idx] = live ? activate(layer.activation, z, stepThreshold) : 0;
      }
    }
  }
  if (!layer.pool) return { pre, act, post: act.slice() };
  const post = new Float64Array(samples * g.outUnits);
  const windows: Int32Array[] = [];
  for (let o = 0; o < g.outUnits; o++) windows.push(poolWindow(g, o));
  const m = g.pool * g.pool;
  for (let n = 0; n < samples; n++) {
    for (let o = 0; o < g.outUnits; o++) {
      const win = windows[o]!;
      let v = layer.pool.kind === 'max' ? -Infinity : 0;
      for (let t = 0; t < m; t++) {
        const a = act[n * g.convUnits + win[t]!]!;
        if (layer.pool.kind === 'max') v = a > v ? a : v;
        else v += a;
      }
      post[n * g.outUnits + o] = layer.pool.kind === 'max' ? v : v / m;
    }
  }
  return { pre, act, post };
}

/**
 * Checks the JSON shape of a conv layer that receives `nin` inputs (for network loading); returns
 * the first problem as a message ("… must …", without the layer's position), or undefined.
 */
export function convLayerProblem(layer: Readonly<Record<string, unknown>>, nin: number): string | undefined {
  if (layer.activation !== 'relu' && layer.activation !== 'step') return '.activation must be relu or step';
  const { imageHeight: H, imageWidth: W, kernel: k } = layer;
  if (!isPositiveInteger(H) || !isPositiveInteger(W) || !isPositiveInteger(k)) return '.imageHeight, .imageWidth and .kernel must be positive integers';
  if (k > H || k > W) return '.kernel must not exceed the image';
  if (layer.inputs !== H * W || nin !== H * W) return `.inputs must be imageHeight × imageWidth = ${H * W} and match the previous layer's ${nin} outputs`;
  if (!Array.isArray(layer.weights) || layer.weights.length < 1) return '.weights must have one filter per channel';
  const C = layer.weights.length;
  if (!layer.weights.every((f) => isFiniteNumbers(f, k * k))) return `.weights rows must be ${k * k} finite numbers (kernel × kernel)`;
  if (!isFiniteNumbers(layer.bias, C)) return `.bias must be ${C} finite numbers`;
  if (!isLiveFlags(layer.live, C)) return `.live must be ${C} booleans`;
  let s = 1;
  if (layer.pool !== undefined) {
    const p = layer.pool as Record<string, unknown>;
    if (typeof p !== 'object' || p === null || (p.kind !== 'max' && p.kind !== 'avg') || !isPositiveInteger(p.size)) return '.pool must be { kind: "max" | "avg", size: positive integer }';
    s = p.size;
  }
  const g = convGeometry(H, W, k, C, s);
  if (g.outUnits < 1) return '.pool does not fit the feature map';
  if (layer.outputs !== g.outUnits) return `.outputs must be channels × pooled rows × pooled columns = ${g.outUnits}`;
  return undefined;
}
