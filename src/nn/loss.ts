import { ModelError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import type { ModelBuilder } from '../model/model-builder.js';
import type { LayerEncoding } from './layer.js';

/**
 * 'xor': Rosenhahn's error on one-hot step outputs (Σ_k |a_nk − t_nk|, linear, no extra binary);
 * 'zero-one': number of samples whose score margin z_y − z_k is below γ for some k (binary e_n);
 * 'hinge': Σ_n max(0, max_k γ − (z_y − z_k)) (LP-friendly).
 */
export type LossKind = 'xor' | 'zero-one' | 'hinge';

/** Margin violations below this are counted as satisfied by the forward-pass re-evaluation. */
export const MARGIN_TOLERANCE = 1e-6;

export interface LossEncoding {
  kind: LossKind;
  margin: number;
  /** per-sample loss column (e_n or ξ_n), -1 for xor */
  cols: Int32Array;
}

/** Adds the loss of the output layer's encoding to the model (objective and rows). */
export function encodeLoss(
  builder: ModelBuilder,
  kind: LossKind,
  margin: number,
  out: LayerEncoding,
  y: Int32Array,
  classes: number,
  activation: string,
): LossEncoding {
  const N = y.length;
  const K = classes;
  const cols = new Int32Array(N).fill(-1);
  if (out.output.width !== K) throw new ModelError('build model', `output layer has ${out.output.width} outputs but the data has ${K} classes`);
  if (kind === 'xor') {
    if (activation !== 'step') throw new ModelError('build model', `xor loss needs step outputs, the output layer is ${activation}`);
    let offset = 0;
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        const a = out.output.cols![n * K + k]!;
        if (k === y[n]) {
          builder.setCost(a, -1);
          offset += 1;
        } else builder.setCost(a, 1);
      }
    }
    builder.objectiveOffset += offset;
    return { kind, margin, cols };
  }
  if (activation === 'step') throw new ModelError('build model', `${kind} loss needs score (linear) outputs, the output layer is step`);
  if (K < 2) throw new ModelError('build model', `${kind} loss needs at least 2 classes`);
  const lo = out.preActivationBounds.lo;
  const hi = out.preActivationBounds.hi;
  const z = out.preActivationCols;
  for (let n = 0; n < N; n++) {
    const yn = y[n]!;
    const zy = z[n * K + yn]!;
    const zyl = lo[n * K + yn]!;
    if (kind === 'zero-one') {
      const e = builder.addBinary(`e_${n}`, 1, { kind: ColumnKind.LOSS, layer: -1, neuron: -1, sample: n });
      cols[n] = e;
      for (let k = 0; k < K; k++) {
        if (k === yn) continue;
        const M = margin - (zyl - hi[n * K + k]!);
        if (M <= 0) continue; // always satisfied
        // z_y − z_k + M e ≥ γ
        builder.addRow({ name: `m_${n}_${k}`, lower: margin }, [zy, z[n * K + k]!, e], [1, -1, M]);
      }
    } else {
      let ub = 0;
      for (let k = 0; k < K; k++) if (k !== yn) ub = Math.max(ub, margin - zyl + hi[n * K + k]!);
      const xi = builder.addColumn({ name: `xi_${n}`, lower: 0, upper: ub, cost: 1, tag: { kind: ColumnKind.AUXILIARY, layer: -1, neuron: -1, sample: n } });
      cols[n] = xi;
      for (let k = 0; k < K; k++) {
        if (k === yn) continue;
        builder.addRow({ name: `h_${n}_${k}`, lower: margin }, [xi, zy, z[n * K + k]!], [1, 1, -1]);
      }
    }
  }
  return { kind, margin, cols };
}

/**
 * Loss of given network outputs (`[sample * K + k]`), computed as the forward pass defines it,
 * and (when `solution` is given) the loss columns' values written into it.
 */
export function evaluateLoss(enc: LossEncoding, outputs: Float64Array, y: Int32Array, K: number, solution?: Float64Array): { total: number; perSample: Float64Array } {
  const N = y.length;
  const per = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const yn = y[n]!;
    let v = 0;
    if (enc.kind === 'xor') {
      for (let k = 0; k < K; k++) v += Math.abs(outputs[n * K + k]! - (k === yn ? 1 : 0));
    } else {
      let worst = Infinity; // smallest margin z_y − z_k
      for (let k = 0; k < K; k++) if (k !== yn) worst = Math.min(worst, outputs[n * K + yn]! - outputs[n * K + k]!);
      if (enc.kind === 'zero-one') v = worst < enc.margin - MARGIN_TOLERANCE ? 1 : 0;
      else v = Math.max(0, enc.margin - worst);
    }
    per[n] = v;
    if (solution && enc.cols[n]! >= 0) solution[enc.cols[n]!] = v;
  }
  let total = 0;
  for (let n = 0; n < N; n++) total += per[n]!;
  return { total, perSample: per };
}
