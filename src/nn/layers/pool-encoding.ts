/**
 * Pooling over per-sample activation columns (after a convolution): average pooling is linear;
 * max pooling over m inputs a_j ∈ [L_j, U_j] is exact with m selector binaries σ_j:
 *
 *     o ≥ a_j  (all j),   o ≤ a_j + (U − L_j)(1 − σ_j),   Σ_j σ_j = 1,   U = max_j U_j.
 *
 * A selector whose input can never reach max_i L_i is fixed to 0. When the inputs are binary
 * (step activations), the max is binary too and o is declared an integer column, so the next
 * layer may multiply it exactly with continuous weights.
 */
import { ModelError } from '../../errors.js';
import { ColumnKind } from '../../model/column-tag.js';
import type { ModelBuilder } from '../../model/model-builder.js';
import type { LayerBounds } from '../layer.js';
import { poolWindow, type ConvGeometry, type PoolKind } from './conv-forward.js';

export interface PoolEncoding {
  kind: PoolKind;
  /** window size m = size² */
  m: number;
  /** output columns `[sample · outUnits + o]` */
  outCols: Int32Array;
  /** max pooling selectors `[(sample · outUnits + o) · m + t]`, -1 where none */
  selectorCols: Int32Array;
  /** output bounds `[sample · outUnits + o]` */
  bounds: LayerBounds;
  /** true when the outputs are binary-valued integer columns */
  binary: boolean;
}

/** Output bounds of pooling from input bounds `[sample · convUnits + u]`. */
export function poolBounds(kind: PoolKind, g: ConvGeometry, samples: number, input: LayerBounds): LayerBounds {
  const lo = new Float64Array(samples * g.outUnits);
  const hi = new Float64Array(samples * g.outUnits);
  const m = g.pool * g.pool;
  for (let o = 0; o < g.outUnits; o++) {
    const win = poolWindow(g, o);
    for (let n = 0; n < samples; n++) {
      let l = kind === 'max' ? -Infinity : 0;
      let h = kind === 'max' ? -Infinity : 0;
      for (let t = 0; t < m; t++) {
        const u = n * g.convUnits + win[t]!;
        if (kind === 'max') {
          l = Math.max(l, input.lo[u]!);
          h = Math.max(h, input.hi[u]!);
        } else {
          l += input.lo[u]! / m;
          h += input.hi[u]! / m;
        }
      }
      lo[n * g.outUnits + o] = l;
      hi[n * g.outUnits + o] = h;
    }
  }
  return { lo, hi };
}

/**
 * Adds the pooling of `inCols` (`[sample · convUnits + u]`, bounds `inBounds`) to the model.
 * `layer` is the 1-based layer index for tags, `what` names the layer in errors.
 */
export function encodePool(
  b: ModelBuilder,
  kind: PoolKind,
  g: ConvGeometry,
  samples: number,
  inCols: Int32Array,
  inBounds: LayerBounds,
  binaryInputs: boolean,
  layer: number,
  what: string,
): PoolEncoding {
  const m = g.pool * g.pool;
  const bounds = poolBounds(kind, g, samples, inBounds);
  const outCols = new Int32Array(samples * g.outUnits);
  const selectorCols = new Int32Array(kind === 'max' ? samples * g.outUnits * m : 0).fill(-1);
  const binary = kind === 'max' && binaryInputs;
  for (let o = 0; o < g.outUnits; o++) {
    const win = poolWindow(g, o);
    for (let n = 0; n < samples; n++) {
      const t0 = n * g.outUnits + o;
      const lo = bounds.lo[t0]!;
      const hi = bounds.hi[t0]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new ModelError('build model', `${what}: pooling input bound of sample ${n}, unit ${o} is infinite; refusing to write a big-M from it`);
      }
      const tag = { kind: ColumnKind.AUXILIARY, layer, neuron: o, sample: n };
      if (m === 1) {
        outCols[t0] = inCols[n * g.convUnits + win[0]!]!;
        continue;
      }
      const oc = b.addColumn({ name: `pool_${layer}_${o}_${n}`, lower: lo, upper: hi, integer: binary, tag });
      outCols[t0] = oc;
      if (kind === 'avg') {
        // m·o − Σ a_j = 0
        const idx = [oc];
        const val = [m];
        for (let t = 0; t < m; t++) {
          idx.push(inCols[n * g.convUnits + win[t]!]!);
          val.push(-1);
        }
        b.addRow({ name: `pavg_${layer}_${o}_${n}`, lower: 0, upper: 0 }, idx, val);
        continue;
      }
      const sIdx: number[] = [];
      const sVal: number[] = [];
      for (let t = 0; t < m; t++) {
        const u = n * g.convUnits + win[t]!;
        const a = inCols[u]!;
        const Lj = inBounds.lo[u]!;
        const Uj = inBounds.hi[u]!;
        b.addRow({ name: `pmaxl_${layer}_${o}_${n}_${t}`, lower: 0 }, [oc, a], [1, -1]);
        const dead = Uj < lo; // a_j can never be the maximum
        const s = b.addColumn({
          name: `psel_${layer}_${o}_${n}_${t}`,
          lower: 0,
          upper: dead ? 0 : 1,
          integer: true,
          tag: { kind: ColumnKind.POOL_SELECTOR, layer, neuron: o, sample: n },
        });
        selectorCols[t0 * m + t] = s;
        sIdx.push(s);
        sVal.push(1);
        // o − a_j + (U − L_j) σ_j ≤ U − L_j
        const M = hi - Lj;
        b.addRow({ name: `pmaxu_${layer}_${o}_${n}_${t}`, upper: M }, [oc, a, s], [1, -1, M]);
      }
      b.addRow({ name: `psum_${layer}_${o}_${n}`, lower: 1, upper: 1 }, sIdx, sVal);
    }
  }
  return { kind, m, outCols, selectorCols, bounds, binary };
}

/**
 * Writes the pooling columns for activations `act` (`[sample · convUnits + u]`) and returns the
 * outputs `[sample · outUnits + o]`. The selector of a max is its first maximal input.
 */
export function completePool(enc: PoolEncoding, g: ConvGeometry, samples: number, act: Float64Array, solution: Float64Array): Float64Array {
  const m = enc.m;
  const out = new Float64Array(samples * g.outUnits);
  for (let o = 0; o < g.outUnits; o++) {
    const win = poolWindow(g, o);
    for (let n = 0; n < samples; n++) {
      const t0 = n * g.outUnits + o;
      let v: number;
      if (enc.kind === 'max') {
        let best = 0;
        for (let t = 1; t < m; t++) if (act[n * g.convUnits + win[t]!]! > act[n * g.convUnits + win[best]!]!) best = t;
        v = act[n * g.convUnits + win[best]!]!;
        for (let t = 0; t < m; t++) {
          const s = enc.selectorCols[t0 * m + t]!;
          if (s >= 0) solution[s] = t === best ? 1 : 0;
        }
      } else {
        v = 0;
        for (let t = 0; t < m; t++) v += act[n * g.convUnits + win[t]!]!;
        v /= m;
      }
      out[t0] = v;
      if (m > 1) solution[enc.outCols[t0]!] = v;
    }
  }
  return out;
}
