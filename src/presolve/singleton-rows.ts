import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite } from './tolerances.js';

/**
 * Singleton rows: a row L ≤ a·x_j ≤ U with one entry becomes the bounds L/a ≤ x_j ≤ U/a (swapped
 * for a < 0; integer columns rounded inward with a 1e-9 relative tolerance) and is removed. Bounds
 * that cross prove infeasibility. A row whose side would become a bound beyond PRESOLVE_INFINITY stays.
 */
export function removeSingletonRows(p: PresolveProblem): string | null {
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i] || p.rowLength[i] !== 1) continue;
    let e = p.rowStart[i]!;
    while (!p.entryAlive[e]) e++;
    const j = p.entryCol[e]!;
    const a = p.entryValue[e]!;
    const lo = p.rowLower[i]!;
    const up = p.rowUpper[i]!;
    const fromLo = lo / a;
    const fromUp = up / a;
    const newLo = a > 0 ? fromLo : fromUp;
    const newUp = a > 0 ? fromUp : fromLo;
    // a tiny coefficient can turn a finite side into a bound presolve treats as infinite: keep the row
    if ((!isInfinite(lo) && isInfinite(fromLo)) || (!isInfinite(up) && isInfinite(fromUp))) continue;
    if (p.tightenLower(j, newLo, true) < 0 || p.tightenUpper(j, newUp, true) < 0) {
      return p.boundConflict(j, `singleton row ${p.rowName(i)} (${lo} ≤ ${a}·x ≤ ${up})`);
    }
    p.removeRow(i);
  }
  return null;
}

export const singletonRows: Reduction = { name: 'singleton-rows', boundsOnly: true, run: removeSingletonRows };
