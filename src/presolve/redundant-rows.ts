import { activityConflict } from './bound-tightening.js';
import { newActivity, rowActivity } from './activity.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite, REDUNDANCY_TOL, scaleOf } from './tolerances.js';

/**
 * Redundant rows: a side that the row's activity range always satisfies (within REDUNDANCY_TOL)
 * is dropped, and a row without finite sides is removed. The bounds it relies on are the model's
 * own (presolve keeps every bound it derives), so no feasible point is gained or lost.
 */
export function removeRedundantRows(p: PresolveProblem): string | null {
  const act = newActivity();
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i]) continue;
    let lo = p.rowLower[i]!;
    let up = p.rowUpper[i]!;
    rowActivity(p, i, act);
    const conflict = activityConflict(p, i, act);
    if (conflict) return conflict;
    if (!isInfinite(lo) && act.minInf === 0 && act.min >= lo - REDUNDANCY_TOL * scaleOf(lo)) lo = -Infinity;
    if (!isInfinite(up) && act.maxInf === 0 && act.max <= up + REDUNDANCY_TOL * scaleOf(up)) up = Infinity;
    if (isInfinite(lo) && isInfinite(up)) p.removeRow(i);
    else p.setRowSides(i, lo, up);
  }
  return null;
}

export const redundantRows: Reduction = { name: 'redundant-rows', boundsOnly: true, run: removeRedundantRows };
