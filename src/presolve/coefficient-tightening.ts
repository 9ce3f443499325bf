import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite, MIN_COEFFICIENT_CHANGE } from './tolerances.js';

/**
 * Coefficient tightening of big-M rows (what src/bnb/big-m-tightener.ts does per node, once and
 * globally). A candidate is a one-sided row with exactly one binary column b, written as a ≤ row
 * (a ≥ row negated): Σ a_k x_k + m·b ≤ r, with U = max Σ a_k x_k over the bounds (finite). Then
 * - m < 0 (b = 1 relaxes the row): at b = 1 the row only needs Σ ≤ U, so m rises to
 *   max(m, r − U) when r ≤ U;
 * - m > 0 (b = 0 relaxes the row): at b = 0 the row only needs Σ ≤ U, so m and r both drop by
 *   min(m, r − U) when r > U.
 * At both values of b the row keeps exactly its feasible points (a dual-free, primal reduction for
 * integral b), while the LP relaxation gets tighter. A change must exceed MIN_COEFFICIENT_CHANGE
 * of |m|. U is summed in floating point without a margin, so integral data give integral
 * coefficients and parallel rows stay parallel; its round-off (about 1e-16 of the row's
 * magnitude) is far below the feasibility tolerance. Postsolve needs nothing: with b integral the
 * new row implies the old one.
 */
export function tightenCoefficients(p: PresolveProblem): string | null {
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i] || p.rowLength[i] < 2) continue;
    const lo = p.rowLower[i]!;
    const up = p.rowUpper[i]!;
    const hasLo = !isInfinite(lo);
    const hasUp = !isInfinite(up);
    if (hasLo === hasUp) continue; // free, equality or ranged row
    const s = hasUp ? 1 : -1;
    const r = s * (hasUp ? up : lo);
    let binEntry = -1;
    let binaries = 0;
    let U = 0;
    let infinite = false;
    for (let e = p.rowStart[i]!, end = p.rowStart[i + 1]!; e < end; e++) {
      if (!p.entryAlive[e]) continue;
      const j = p.entryCol[e]!;
      if (p.isBinary(j)) {
        binaries++;
        binEntry = e;
        continue;
      }
      const a = s * p.entryValue[e]!;
      const b = a > 0 ? p.upper[j]! : p.lower[j]!;
      if (isInfinite(b)) {
        infinite = true;
        break;
      }
      U += a * b;
    }
    if (infinite || binaries !== 1) continue;
    const m = s * p.entryValue[binEntry]!;
    const minChange = MIN_COEFFICIENT_CHANGE * Math.abs(m);
    if (m < 0) {
      if (r > U) continue; // redundant at both values: left to redundant-rows
      const m2 = Math.max(m, r - U);
      if (m2 - m <= minChange) continue;
      p.setCoefficient(binEntry, s * m2);
    } else {
      if (r <= U) continue;
      const d = Math.min(m, r - U);
      if (d <= minChange) continue;
      p.setCoefficient(binEntry, s * (m - d));
      const r2 = r - d;
      if (s > 0) p.setRowSides(i, -Infinity, r2);
      else p.setRowSides(i, -r2, Infinity);
    }
  }
  return null;
}

export const coefficientTightening: Reduction = { name: 'coefficient-tightening', boundsOnly: false, run: tightenCoefficients };
