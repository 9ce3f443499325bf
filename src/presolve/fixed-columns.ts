import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';

/**
 * Fixed columns: a column with equal bounds (continuous: within FIXED_COLUMN_TOL, fixed at the
 * midpoint) is substituted: its value moves into the row sides and the objective offset, and
 * postsolve restores it.
 */
export function removeFixedColumns(p: PresolveProblem): string | null {
  for (let j = 0; j < p.numCols; j++) {
    if (!p.colAlive[j]) continue;
    const v = p.fixedValue(j);
    if (!Number.isNaN(v)) p.fixColumn(j, v);
  }
  return null;
}

export const fixedColumns: Reduction = { name: 'fixed-columns', boundsOnly: true, run: removeFixedColumns };
