/**
 * The activation encodings, written once: the step, sign and ReLU rows of ONE pre-activation z
 * with bounds [zL, zU], the tests "does [zL, zU] decide this activation, and to which side", the
 * output bounds they imply, the value every column takes at a given z (completion) and the
 * forward rule. Every layer that encodes a unit (dense, binarized dense, convolution, the fixed
 * weights of `verify`) adds its rows through these functions, and the engine's network view
 * (src/nn-engine/nn-view.ts) reads them back with the readers at the end of this file.
 *
 * Step, margin ε > 0 (a = 1 ⇔ z ≥ 0, a = 0 ⇔ z ≤ −ε; the MILP excludes (−ε, 0)):
 *     st1:  z ≥ zL (1 − a)        ⇔  z + zL·a ≥ zL
 *     st0:  z ≤ −ε + (zU + ε) a   ⇔  z − (zU + ε)·a ≤ −ε
 *     ka:   a ≤ k                  (kill-switch k: a dead neuron never fires)
 *   a is fixed to 0 when zU ≤ −ε, to 1 when zL ≥ 0 (unless a kill-switch may turn it off).
 * Sign (binarized networks): the step rows on δ, then s = 2δ − 1 (integer in {−1, 1}):
 *     sgd:  s − 2δ = −1
 *   (s cannot be 0, so sign units take no kill-switch.)
 * ReLU, phase δ (δ = 1 ⇔ a = z ≥ 0), output a ∈ [0, max(0, zU)]:
 *     rl:   a ≥ z
 *     ru:   a ≤ z − zL (1 − δ)     (a ≤ z when zL ≥ 0)
 *     rd:   a ≤ max(0, zU)·δ
 *     ka:   a ≤ max(0, zU)·k,  kd: δ ≤ k   (kill-switch)
 *   δ is fixed to 0 when zU ≤ 0, to 1 when zL ≥ 0 (unless a kill-switch may turn it off).
 * A dead neuron's bias keeps it off (`addDeadBiasRow`): b ≤ −ε + (B + ε) k (step), b ≤ B k (ReLU).
 *
 * Pre-activation definition rows of data inputs (layer 1): z − Σ_j x_j w_j − b = 0, with the
 * data values as coefficients (`pushDataTerm`; read back by `dataInputFromRow`).
 *
 * Names: the columns and rows of a unit are `<prefix>_<suffix>`, the suffix given by the layer
 * (`<layer>_<unit>_<sample>` in training models, `<layer>_<unit>` in verification models).
 */
import { ColumnKind } from '../model/column-tag.js';
import type { ModelBuilder } from '../model/model-builder.js';
import type { LayerBounds } from './layer.js';

/** The activations a unit can have (the JSON `activation` of dense and conv layers). */
export type UnitActivation = 'step' | 'relu' | 'sign' | 'linear';

// ---- decided by the bounds ----------------------------------------------------------------------

/** True when z ≤ zU forces the unit off: step / sign zU ≤ −ε, ReLU zU ≤ 0 (never for linear). */
export function fixedOff(activation: UnitActivation, zu: number, epsilon: number): boolean {
  if (activation === 'step' || activation === 'sign') return zu <= -epsilon;
  if (activation === 'relu') return zu <= 0;
  return false;
}

/** True when z ≥ zL forces the unit on (zL ≥ 0; never for linear). */
export function fixedOn(activation: UnitActivation, zl: number): boolean {
  return activation !== 'linear' && zl >= 0;
}

/**
 * Which side the bounds decide: 0 (off), 1 (on), or −1 (undecided: the unit needs its binary).
 * The off test comes first. A linear unit is always 'on'.
 */
export function decidedPhase(activation: UnitActivation, zl: number, zu: number, epsilon: number): -1 | 0 | 1 {
  if (activation === 'linear') return 1;
  if (fixedOff(activation, zu, epsilon)) return 0;
  if (fixedOn(activation, zl)) return 1;
  return -1;
}

/**
 * Output bounds of every unit from its pre-activation bounds (same layout). `killable`: a
 * kill-switch may turn the units off (their output can then be 0 even when zL ≥ 0).
 */
export function activationBounds(activation: UnitActivation, pre: LayerBounds, epsilon: number, killable: boolean): LayerBounds {
  const m = pre.lo.length;
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const zl = pre.lo[t]!;
    const zu = pre.hi[t]!;
    switch (activation) {
      case 'step':
        lo[t] = fixedOn('step', zl) && !killable ? 1 : 0;
        hi[t] = fixedOff('step', zu, epsilon) ? 0 : 1;
        break;
      case 'sign':
        lo[t] = fixedOn('sign', zl) && !killable ? 1 : -1;
        hi[t] = fixedOff('sign', zu, epsilon) ? -1 : 1;
        break;
      case 'relu':
        lo[t] = killable ? 0 : Math.max(0, zl);
        hi[t] = Math.max(0, zu);
        break;
      default:
        lo[t] = zl;
        hi[t] = zu;
    }
  }
  return { lo, hi };
}

// ---- rows -----------------------------------------------------------------------------------------

/** One pre-activation to encode: its column, bounds, names, tag and costs. */
export interface ActivationSite {
  builder: ModelBuilder;
  /** name suffix of the unit's columns and rows, e.g. `${layer}_${unit}_${sample}` */
  suffix: string;
  /** tag fields of the unit's columns */
  layer: number;
  neuron: number;
  sample: number;
  /** pre-activation column and its bounds (finite) */
  z: number;
  zl: number;
  zu: number;
  /** kill-switch column of the unit, -1 where none */
  kill: number;
  /** objective cost of the activation binary (activation-count penalty) */
  cost: number;
}

/** The columns of one encoded activation. */
export interface ActivationColumns {
  /** the binary: step output a, sign / ReLU phase δ; -1 for linear */
  act: number;
  /** the unit's output: a (step), s (sign), a (ReLU), z (linear) */
  out: number;
}

/** The activation binary of a site (tagged ACTIVATION), fixed where the bounds decide it. */
function addPhaseBinary(s: ActivationSite, activation: UnitActivation, name: string, epsilon: number): number {
  return s.builder.addColumn({
    name: `${name}_${s.suffix}`,
    lower: fixedOn(activation, s.zl) && s.kill < 0 ? 1 : 0,
    upper: fixedOff(activation, s.zu, epsilon) ? 0 : 1,
    integer: true,
    cost: s.cost,
    tag: { kind: ColumnKind.ACTIVATION, layer: s.layer, neuron: s.neuron, sample: s.sample },
  });
}

/** Step rows st1 / st0 (and ka with a kill-switch) on binary `a` of the site. */
function addStepRows(s: ActivationSite, a: number, epsilon: number): void {
  const b = s.builder;
  b.addRow({ name: `st1_${s.suffix}`, lower: s.zl }, [s.z, a], [1, s.zl]);
  b.addRow({ name: `st0_${s.suffix}`, upper: -epsilon }, [s.z, a], [1, -(s.zu + epsilon)]);
  if (s.kill >= 0) b.addRow({ name: `ka_${s.suffix}`, upper: 0 }, [a, s.kill], [1, -1]);
}

/** Step unit: adds a (`a_<suffix>`) and its rows; returns a. */
export function encodeStep(s: ActivationSite, epsilon: number): number {
  const a = addPhaseBinary(s, 'step', 'a', epsilon);
  addStepRows(s, a, epsilon);
  return a;
}

/** Sign unit: the step binary δ (`a_<suffix>`) and rows, then s = 2δ − 1 (`sg_<suffix>`). */
export function encodeSign(s: ActivationSite, epsilon: number): ActivationColumns {
  const delta = addPhaseBinary(s, 'sign', 'a', epsilon);
  addStepRows(s, delta, epsilon);
  const out = s.builder.addColumn({
    name: `sg_${s.suffix}`,
    lower: -1,
    upper: 1,
    integer: true,
    tag: { kind: ColumnKind.AUXILIARY, layer: s.layer, neuron: s.neuron, sample: s.sample },
  });
  s.builder.addRow({ name: `sgd_${s.suffix}`, lower: -1, upper: -1 }, [out, delta], [1, -2]);
  return { act: delta, out };
}

/**
 * ReLU unit: phase δ (`d_<suffix>`), output a (`<outputName>_<suffix>`, default `r`) and rows.
 */
export function encodeRelu(s: ActivationSite, outputName = 'r'): ActivationColumns {
  const b = s.builder;
  const delta = addPhaseBinary(s, 'relu', 'd', 0);
  const au = Math.max(0, s.zu);
  const a = b.addColumn({ name: `${outputName}_${s.suffix}`, lower: 0, upper: au, tag: { kind: ColumnKind.AUXILIARY, layer: s.layer, neuron: s.neuron, sample: s.sample } });
  b.addRow({ name: `rl_${s.suffix}`, lower: 0 }, [a, s.z], [1, -1]);
  if (s.zl < 0) b.addRow({ name: `ru_${s.suffix}`, upper: -s.zl }, [a, s.z, delta], [1, -1, -s.zl]);
  else b.addRow({ name: `ru_${s.suffix}`, upper: 0 }, [a, s.z], [1, -1]);
  b.addRow({ name: `rd_${s.suffix}`, upper: 0 }, [a, delta], [1, -au]);
  if (s.kill >= 0) {
    b.addRow({ name: `ka_${s.suffix}`, upper: 0 }, [a, s.kill], [1, -au]);
    b.addRow({ name: `kd_${s.suffix}`, upper: 0 }, [delta, s.kill], [1, -1]);
  }
  return { act: delta, out: a };
}

/** Encodes the activation of a site (linear: nothing, the output is z). */
export function encodeActivation(activation: UnitActivation, s: ActivationSite, epsilon: number): ActivationColumns {
  switch (activation) {
    case 'step':
      return { act: encodeStep(s, epsilon), out: -1 };
    case 'sign':
      return encodeSign(s, epsilon);
    case 'relu':
      return encodeRelu(s);
    default:
      return { act: -1, out: s.z };
  }
}

/**
 * Row `kb_<suffix>` of a killable unit's bias: a dead unit (k = 0) stays off whatever its inputs,
 * b ≤ −ε + (B + ε) k for step units, b ≤ B k for ReLU units (|b| ≤ B).
 */
export function addDeadBiasRow(builder: ModelBuilder, suffix: string, bias: number, kill: number, biasBound: number, activation: 'step' | 'relu', epsilon: number): void {
  if (activation === 'step') builder.addRow({ name: `kb_${suffix}`, upper: -epsilon }, [bias, kill], [1, -(biasBound + epsilon)]);
  else builder.addRow({ name: `kb_${suffix}`, upper: 0 }, [bias, kill], [1, -biasBound]);
}

/**
 * Adds the pre-activation column `z_<suffix>` ∈ [zL, zU] (tagged PRE_ACTIVATION) and starts its
 * definition row in `idx` / `val` (cleared): z − b (bias column `bias`; -1 = a constant bias, kept
 * in the row's sides by the caller). The caller appends the input terms and adds the row.
 */
export function addPreActivation(
  builder: ModelBuilder,
  suffix: string,
  zl: number,
  zu: number,
  tag: { layer: number; neuron: number; sample: number },
  bias: number,
  idx: number[],
  val: number[],
): number {
  const z = builder.addColumn({ name: `z_${suffix}`, lower: zl, upper: zu, tag: { kind: ColumnKind.PRE_ACTIVATION, ...tag } });
  idx.length = 0;
  val.length = 0;
  idx.push(z);
  val.push(1);
  if (bias >= 0) {
    idx.push(bias);
    val.push(-1);
  }
  return z;
}

/** Appends the term −x·w of a data input x to a definition row z − Σ x_j w_j − b = 0 (x = 0: nothing). */
export function pushDataTerm(idx: number[], val: number[], weightCol: number, x: number): void {
  if (x !== 0) {
    idx.push(weightCol);
    val.push(-x);
  }
}

// ---- values ---------------------------------------------------------------------------------------

/** Forward rule of a live unit: step 1 when z ≥ threshold else 0, sign ±1, ReLU max(0, z), linear z. */
export function activate(activation: UnitActivation, z: number, stepThreshold: number): number {
  switch (activation) {
    case 'step':
      return z >= stepThreshold ? 1 : 0;
    case 'sign':
      return z >= stepThreshold ? 1 : -1;
    case 'relu':
      return z > 0 ? z : 0;
    default:
      return z;
  }
}

/**
 * Writes the values the rows force at pre-activation z into `solution` (the columns `act` and
 * `out` of `encodeActivation`) and returns the unit's output: step a, sign s = 2δ − 1, ReLU a
 * with δ = 1 also at z = 0 when zL ≥ 0 forces it; a dead step / ReLU unit (alive = false) outputs
 * 0 with every binary 0 (sign units have no kill-switch: pass alive = true). Linear: z, nothing
 * written. `threshold` is the step / sign decision point (−ε/2, the middle of the excluded margin).
 */
export function completeActivation(
  activation: UnitActivation,
  z: number,
  zl: number,
  alive: boolean,
  threshold: number,
  act: number,
  out: number,
  solution: Float64Array,
): number {
  switch (activation) {
    case 'step': {
      const a = alive && z >= threshold ? 1 : 0;
      solution[act] = a;
      return a;
    }
    case 'sign': {
      const on = alive && z >= threshold ? 1 : 0;
      solution[act] = on;
      const s = 2 * on - 1;
      solution[out] = s;
      return s;
    }
    case 'relu': {
      const a = alive && z > 0 ? z : 0;
      solution[act] = alive && (z > 0 || (z >= 0 && zl >= 0)) ? 1 : 0;
      solution[out] = a;
      return a;
    }
    default:
      return z;
  }
}

// ---- readers (the engine's network view) -------------------------------------------------------

/**
 * ε of a step unit from one row of its binary a, or undefined when the row is not the off row
 * st0 `z − (zU + ε) a ≤ −ε` (no lower side, a negative finite upper side, coefficient 1 on z).
 */
export function stepMarginFromRow(lower: number, upper: number, zCoefficient: number): number | undefined {
  if (upper < 0 && Number.isFinite(upper) && zCoefficient === 1 && lower === -Infinity) return -upper;
  return undefined;
}

/** The data input x of a definition row z − Σ x_j w_j − b = 0 from the coefficients of z and w_j. */
export function dataInputFromRow(zCoefficient: number, weightCoefficient: number): number {
  return 0 - weightCoefficient / zCoefficient;
}
