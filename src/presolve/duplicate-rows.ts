import { findParallel } from './parallel.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { INFEASIBILITY_TOL, isInfinite, scaleOf } from './tolerances.js';

/**
 * Duplicate rows: when row k is λ times row i (same columns, proportional coefficients), the
 * sides of k divided by λ (swapped for λ < 0) are intersected into row i's and row k is removed.
 * Sides that cross by more than the infeasibility tolerance prove infeasibility; by less, the row
 * becomes an equality at their midpoint.
 */
export function mergeDuplicateRows(p: PresolveProblem): string | null {
  const pairs = findParallel(p, 'rows', 2, (scale) => scale !== 0 && Number.isFinite(scale));
  for (const { first: i, second: k, scale } of pairs) {
    if (!p.rowAlive[i] || !p.rowAlive[k]) continue;
    const kl = p.rowLower[k]!;
    const ku = p.rowUpper[k]!;
    const fromLo = isInfinite(kl) ? (scale > 0 ? -Infinity : Infinity) : kl / scale;
    const fromUp = isInfinite(ku) ? (scale > 0 ? Infinity : -Infinity) : ku / scale;
    let lo = Math.max(p.rowLower[i]!, scale > 0 ? fromLo : fromUp);
    let up = Math.min(p.rowUpper[i]!, scale > 0 ? fromUp : fromLo);
    if (lo > up) {
      if (lo - up > INFEASIBILITY_TOL * scaleOf(lo, up)) {
        return `rows ${p.rowName(i)} and ${p.rowName(k)} are parallel (factor ${scale}) with sides that exclude each other`;
      }
      lo = up = 0.5 * (lo + up);
    }
    p.setRowSides(i, lo, up);
    p.removeRow(k);
  }
  return null;
}

export const duplicateRows: Reduction = { name: 'duplicate-rows', boundsOnly: false, run: mergeDuplicateRows };
