import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { INFEASIBILITY_TOL, scaleOf } from './tolerances.js';

/**
 * Empty rows: a row without entries has activity 0; it is removed, or proves the model infeasible
 * when 0 lies outside its sides (by more than the infeasibility tolerance).
 */
export function removeEmptyRows(p: PresolveProblem): string | null {
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i] || p.rowLength[i] !== 0) continue;
    const lo = p.rowLower[i]!;
    const up = p.rowUpper[i]!;
    if (lo > INFEASIBILITY_TOL * scaleOf(lo) || up < -INFEASIBILITY_TOL * scaleOf(up)) {
      return `row ${p.rowName(i)} has no entries left but needs its activity in [${lo}, ${up}]`;
    }
    p.removeRow(i);
  }
  return null;
}

export const emptyRows: Reduction = { name: 'empty-rows', boundsOnly: true, run: removeEmptyRows };
