/**
 * Pieces the trainable layer types share (dense, binarized dense, convolution): bias bounds and
 * interval bounds of affine units, the pre-activation bounds a layer writes its big-M from, the
 * parameter columns of a bounded weight (kill-switch links, weight indicator, L1 term), the
 * engine's per-neuron structure, decoding and completion of per-unit parameters, and the checks
 * of network JSON values. The activation rows themselves are in activation-encoding.ts.
 */
import { ModelError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import type { ModelBuilder } from '../model/model-builder.js';
import type { NeuronStructure } from '../model/structure.js';
import type { LayerBounds } from './layer.js';

/** Parameters at or below this magnitude decode as 0. */
export const SNAP = 1e-9;

// ---- network JSON checks ------------------------------------------------------------------------

export function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/** `v` is an array of `len` finite numbers. */
export function isFiniteNumbers(v: unknown, len: number): v is number[] {
  return Array.isArray(v) && v.length === len && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** `v` is absent or an array of `len` booleans (live flags). */
export function isLiveFlags(v: unknown, len: number): boolean {
  return v === undefined || (Array.isArray(v) && v.length === len && v.every((x) => typeof x === 'boolean'));
}

// ---- bounds ---------------------------------------------------------------------------------------

/** max(|lo|, |hi|) of entry t. */
export function maxAbs(b: LayerBounds, t: number): number {
  return Math.max(Math.abs(b.lo[t]!), Math.abs(b.hi[t]!));
}

/**
 * Bias bound of a fully connected layer: B = W·Σ_j max_n |input_nj| + ε (rounded up for integer
 * biases). A bias beyond ±B gives a unit that is constant on every input in range, which B
 * reproduces, so this bound loses no generality. Throws ModelError on infinite input bounds.
 */
export function affineBiasBound(input: LayerBounds, samples: number, nin: number, weightBound: number, epsilon: number, integer: boolean, label: string): number {
  let s = 0;
  for (let j = 0; j < nin; j++) {
    let m = 0;
    for (let n = 0; n < samples; n++) {
      const v = maxAbs(input, n * nin + j);
      if (v > m) m = v;
    }
    s += m;
  }
  let B = weightBound * s + epsilon;
  if (integer) B = Math.ceil(B);
  if (!Number.isFinite(B)) throw new ModelError('build model', `${label}: infinite input bounds, cannot bound the bias (no big-M from an infinite bound)`);
  return B;
}

/** Throws ModelError unless `input` holds `samples × width` bounds. */
export function checkInputBounds(input: LayerBounds, samples: number, width: number, label: string): void {
  if (input.lo.length !== samples * width) {
    throw new ModelError('build model', `${label}: expected ${samples}×${width} input bounds, got ${input.lo.length}`);
  }
}

/** Interval pre-activation bounds of `z = W a + b` with |w| ≤ W, |b| ≤ B: ±(B + W Σ_j max|a_j|), per sample. */
export function affinePreBounds(input: LayerBounds, samples: number, nin: number, nout: number, weightBound: number, biasBound: number): LayerBounds {
  const pre = { lo: new Float64Array(samples * nout), hi: new Float64Array(samples * nout) };
  for (let n = 0; n < samples; n++) {
    let s = biasBound;
    for (let j = 0; j < nin; j++) s += weightBound * maxAbs(input, n * nin + j);
    for (let i = 0; i < nout; i++) {
      pre.lo[n * nout + i] = -s;
      pre.hi[n * nout + i] = s;
    }
  }
  return pre;
}

/**
 * Intersects `pre` (in place) with the given pre-activation bounds (e.g. LP-tightened; an empty
 * intersection collapses to the upper bound), then refuses any infinite bound: a big-M is never
 * written from one. `unit` names the unit in messages ('neuron', 'unit').
 */
export function applyPreActivationBounds(pre: LayerBounds, given: LayerBounds | undefined, width: number, what: string, unit: string): LayerBounds {
  const m = pre.lo.length;
  if (given) {
    for (let t = 0; t < m; t++) {
      pre.lo[t] = Math.max(pre.lo[t]!, given.lo[t]!);
      pre.hi[t] = Math.min(pre.hi[t]!, given.hi[t]!);
      if (pre.lo[t]! > pre.hi[t]!) pre.lo[t] = pre.hi[t]!;
    }
  }
  for (let t = 0; t < m; t++) {
    if (!Number.isFinite(pre.lo[t]!) || !Number.isFinite(pre.hi[t]!)) {
      throw new ModelError('build model', `${what}: pre-activation bound of sample ${Math.floor(t / width)}, ${unit} ${t % width} is infinite; refusing to write a big-M from it`);
    }
  }
  return pre;
}

// ---- parameter columns ------------------------------------------------------------------------

/** Rows `<prefix>u_<suffix>`, `<prefix>l_<suffix>`: −W·k ≤ w ≤ W·k (w is 0 unless the binary k is 1). */
export function addMagnitudeLink(b: ModelBuilder, prefix: string, suffix: string, w: number, k: number, bound: number): void {
  b.addRow({ name: `${prefix}u_${suffix}`, upper: 0 }, [w, k], [1, -bound]);
  b.addRow({ name: `${prefix}l_${suffix}`, lower: 0 }, [w, k], [1, bound]);
}

/** One bounded weight and the columns that come with it. */
export interface WeightSpec {
  /** column name of the weight */
  name: string;
  /** name suffix of its rows and companion columns */
  suffix: string;
  layer: number;
  neuron: number;
  /** tag `sample` field: the weight's index within its unit */
  sample: number;
  /** |w| ≤ bound */
  bound: number;
  integer: boolean;
  /** kill-switch of the unit (-1 none), of the input the weight reads (-1 none) */
  kill: number;
  inputKill: number;
  /** create a weight indicator s with cost `l0` */
  indicator: boolean;
  l0: number;
  /** λ1 > 0: an L1 column u ≥ |w| with cost l1 */
  l1: number;
}

/** Columns of one weight: w, indicator s and L1 column u (-1 where none). */
export interface WeightColumns {
  w: number;
  s: number;
  u: number;
}

/**
 * Adds w ∈ [−W, W], the kill-switch links (kw: the unit's, ko: the input's), the weight
 * indicator s (|w| ≤ W s) and the L1 column u ≥ ±w, in that order.
 */
export function addWeight(b: ModelBuilder, spec: WeightSpec): WeightColumns {
  const tag = { layer: spec.layer, neuron: spec.neuron, sample: spec.sample };
  const W = spec.bound;
  const w = b.addColumn({ name: spec.name, lower: -W, upper: W, integer: spec.integer, tag: { kind: ColumnKind.WEIGHT, ...tag } });
  if (spec.kill >= 0) addMagnitudeLink(b, 'kw', spec.suffix, w, spec.kill, W);
  if (spec.inputKill >= 0) addMagnitudeLink(b, 'ko', spec.suffix, w, spec.inputKill, W);
  let s = -1;
  if (spec.indicator) {
    s = b.addBinary(`s_${spec.suffix}`, spec.l0, { kind: ColumnKind.WEIGHT_INDICATOR, ...tag });
    addMagnitudeLink(b, 'sw', spec.suffix, w, s, W);
  }
  let u = -1;
  if (spec.l1 > 0) {
    u = b.addColumn({ name: `u_${spec.suffix}`, lower: 0, upper: W, cost: spec.l1, tag: { kind: ColumnKind.AUXILIARY, ...tag } });
    b.addRow({ name: `uu_${spec.suffix}`, lower: 0 }, [u, w], [1, -1]);
    b.addRow({ name: `ul_${spec.suffix}`, lower: 0 }, [u, w], [1, 1]);
  }
  return { w, s, u };
}

// ---- structure ------------------------------------------------------------------------------------

/** The engine's view of unit `unit`: its activation and pre-activation column of every sample (`[n · width + unit]`). */
export function unitStructure(
  layer: number,
  unit: number,
  weightCols: Int32Array,
  biasCol: number,
  killCol: number,
  actCols: Int32Array,
  preCols: Int32Array,
  width: number,
  samples: number,
): NeuronStructure {
  const act = new Int32Array(samples);
  const pre = new Int32Array(samples);
  for (let n = 0; n < samples; n++) {
    act[n] = actCols[n * width + unit]!;
    pre[n] = preCols[n * width + unit]!;
  }
  return { layer, neuron: unit, weightCols, biasCol, killCol, activationCols: act, preActivationCols: pre };
}

// ---- decoding and completion of per-unit parameters -------------------------------------------------

/** Column indices of units (neurons or filters) with `fan` weights each, `[unit · fan + t]`. */
export interface UnitParameterCols {
  weightCols: Int32Array;
  l1Cols: Int32Array;
  indicatorCols: Int32Array;
  biasCols: Int32Array;
  killCols: Int32Array;
}

/** A parameter value read from a solution: rounded when integer, 0 when tiny. */
export function snapParameter(v: number, integer: boolean): number {
  let x = integer ? Math.round(v) : v;
  if (Math.abs(x) <= SNAP) x = 0;
  return x;
}

/**
 * Weights, biases and live flags of units from a solution: a weight is 0 when its indicator is
 * off or its unit dead; a dead unit's bias is lowered to −ε (step) or 0 (ReLU) at most, so that
 * it stays off.
 */
export function decodeUnits(
  solution: ArrayLike<number>,
  d: UnitParameterCols,
  units: number,
  fan: number,
  integer: boolean,
  step: boolean,
  epsilon: number,
): { weights: number[][]; bias: number[]; live: boolean[] } {
  const weights: number[][] = [];
  const bias: number[] = [];
  const live: boolean[] = [];
  for (let i = 0; i < units; i++) {
    const k = d.killCols[i]!;
    const alive = k < 0 || solution[k]! >= 0.5;
    live.push(alive);
    const row: number[] = [];
    for (let j = 0; j < fan; j++) {
      const t = i * fan + j;
      let w = snapParameter(solution[d.weightCols[t]!]!, integer);
      const s = d.indicatorCols[t]!;
      if ((s >= 0 && solution[s]! < 0.5) || !alive) w = 0;
      row.push(w);
    }
    weights.push(row);
    let bv = snapParameter(solution[d.biasCols[i]!]!, integer);
    if (!alive) bv = step ? Math.min(bv, -epsilon) : Math.min(bv, 0);
    bias.push(bv);
  }
  return { weights, bias, live };
}

/** Writes the kill-switch, bias, weight, L1 and indicator values of the units for the given parameters. */
export function completeUnits(
  params: { weights: number[][]; bias: number[]; live?: boolean[] },
  d: UnitParameterCols,
  units: number,
  fan: number,
  solution: Float64Array,
): void {
  for (let i = 0; i < units; i++) {
    const alive = params.live ? params.live[i] !== false : true;
    if (d.killCols[i]! >= 0) solution[d.killCols[i]!] = alive ? 1 : 0;
    solution[d.biasCols[i]!] = params.bias[i]!;
    for (let j = 0; j < fan; j++) {
      const t = i * fan + j;
      const w = params.weights[i]![j]!;
      solution[d.weightCols[t]!] = w;
      if (d.l1Cols[t]! >= 0) solution[d.l1Cols[t]!] = Math.abs(w);
      if (d.indicatorCols[t]! >= 0) solution[d.indicatorCols[t]!] = w !== 0 ? 1 : 0;
    }
  }
}
