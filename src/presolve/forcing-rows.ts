import { newActivity, rowActivity } from './activity.js';
import { activityConflict } from './bound-tightening.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite, REDUNDANCY_TOL, scaleOf } from './tolerances.js';

/**
 * Forcing rows: when a row's minimum activity (finite) reaches its upper side, every feasible
 * point has each column of the row at the bound of its minimum contribution (lower for a > 0,
 * upper for a < 0): those columns are fixed there and the row is removed. The same for the
 * maximum activity at the lower side.
 */
export function removeForcingRows(p: PresolveProblem): string | null {
  const act = newActivity();
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i] || p.rowLength[i] === 0) continue;
    const lo = p.rowLower[i]!;
    const up = p.rowUpper[i]!;
    rowActivity(p, i, act);
    const conflict = activityConflict(p, i, act);
    if (conflict) return conflict;
    const atMin = !isInfinite(up) && act.minInf === 0 && act.min >= up - REDUNDANCY_TOL * scaleOf(up);
    const atMax = !atMin && !isInfinite(lo) && act.maxInf === 0 && act.max <= lo + REDUNDANCY_TOL * scaleOf(lo);
    if (!atMin && !atMax) continue;
    cols.length = 0;
    values.length = 0;
    for (let e = p.rowStart[i]!, end = p.rowStart[i + 1]!; e < end; e++) {
      if (!p.entryAlive[e]) continue;
      const j = p.entryCol[e]!;
      const lowSide = (p.entryValue[e]! > 0) === atMin;
      cols.push(j);
      values.push(lowSide ? p.lower[j]! : p.upper[j]!);
    }
    for (let k = 0; k < cols.length; k++) p.fixColumn(cols[k]!, values[k]!);
    p.removeRow(i);
  }
  return null;
}

export const forcingRows: Reduction = { name: 'forcing-rows', boundsOnly: true, run: removeForcingRows };
