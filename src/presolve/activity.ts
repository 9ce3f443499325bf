import type { PresolveProblem } from './problem.js';
import { isInfinite } from './tolerances.js';

/**
 * Minimum and maximum activity of a row over the current column bounds. Infinite contributions are
 * counted, not summed (`minInf`, `maxInf`), so `min` / `max` are the finite parts;
 * `minMagnitude` / `maxMagnitude` are the sums of the absolute values of their terms, the scale
 * of their round-off.
 */
export interface Activity {
  min: number;
  max: number;
  minInf: number;
  maxInf: number;
  minMagnitude: number;
  maxMagnitude: number;
}

export function newActivity(): Activity {
  return { min: 0, max: 0, minInf: 0, maxInf: 0, minMagnitude: 0, maxMagnitude: 0 };
}

/** Computes the activity bounds of row i into `out` (alive entries only). */
export function rowActivity(p: PresolveProblem, i: number, out: Activity): Activity {
  let min = 0;
  let max = 0;
  let minInf = 0;
  let maxInf = 0;
  let minMagnitude = 0;
  let maxMagnitude = 0;
  const lower = p.lower;
  const upper = p.upper;
  for (let e = p.rowStart[i]!, end = p.rowStart[i + 1]!; e < end; e++) {
    if (!p.entryAlive[e]) continue;
    const a = p.entryValue[e]!;
    const j = p.entryCol[e]!;
    const l = lower[j]!;
    const u = upper[j]!;
    const lo = a > 0 ? l : u;
    const hi = a > 0 ? u : l;
    if (isInfinite(lo)) minInf++;
    else {
      min += a * lo;
      minMagnitude += Math.abs(a * lo);
    }
    if (isInfinite(hi)) maxInf++;
    else {
      max += a * hi;
      maxMagnitude += Math.abs(a * hi);
    }
  }
  out.min = min;
  out.max = max;
  out.minInf = minInf;
  out.maxInf = maxInf;
  out.minMagnitude = minMagnitude;
  out.maxMagnitude = maxMagnitude;
  return out;
}

/** The contribution a·x of a column with bounds [l, u] to the minimum activity (±Infinity when infinite). */
export function minContribution(a: number, l: number, u: number): number {
  const b = a > 0 ? l : u;
  return isInfinite(b) ? -Infinity : a * b;
}

/** The contribution to the maximum activity. */
export function maxContribution(a: number, l: number, u: number): number {
  const b = a > 0 ? u : l;
  return isInfinite(b) ? Infinity : a * b;
}
