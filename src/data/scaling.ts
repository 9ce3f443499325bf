import { OptionError } from '../errors.js';
import type { ScalingJson } from '../nn/network.js';
import type { Dataset } from './dataset.js';

export type ScalingKind = 'minmax' | 'standard' | 'none';

/**
 * Fits a per-feature scaling on `ds` (the training split only): min-max maps the training range
 * to [0, 1]; standard subtracts the mean and divides by the standard deviation. Constant
 * features get scale 1. `x' = (x - offset) / scale`.
 */
export function fitScaling(ds: Dataset, kind: ScalingKind = 'minmax', integerLevels = 0): ScalingJson {
  const { n, d, X } = ds;
  const offset = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(1);
  if (kind !== 'minmax' && kind !== 'standard' && kind !== 'none') {
    throw new OptionError('fit scaling', `unknown scaling "${String(kind)}" (expected minmax, standard or none)`);
  }
  if (kind !== 'none' && n > 0) {
    for (let j = 0; j < d; j++) {
      if (kind === 'minmax') {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < n; i++) {
          const v = X[i * d + j]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        offset[j] = lo;
        scale[j] = hi > lo ? hi - lo : 1;
      } else {
        let s = 0;
        for (let i = 0; i < n; i++) s += X[i * d + j]!;
        const mean = s / n;
        let v2 = 0;
        for (let i = 0; i < n; i++) v2 += (X[i * d + j]! - mean) ** 2;
        const sd = Math.sqrt(v2 / n);
        offset[j] = mean;
        scale[j] = sd > 0 ? sd : 1;
      }
    }
  }
  const out: ScalingJson = { kind, offset, scale };
  if (integerLevels > 0) out.integerLevels = integerLevels;
  return out;
}

/** Applies a scaling to rows `X` (`[sample * d + j]`), returning a new array. */
export function applyScaling(scaling: ScalingJson, X: Float64Array, d: number): Float64Array {
  const out = new Float64Array(X.length);
  const n = X.length / d;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      let v = (X[i * d + j]! - scaling.offset[j]!) / scaling.scale[j]!;
      if (scaling.integerLevels && scaling.integerLevels > 0) v = Math.round(v * scaling.integerLevels);
      out[i * d + j] = v;
    }
  }
  return out;
}
