import { closestToZero } from './postsolve.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite } from './tolerances.js';

/**
 * Empty columns: a column in no row is fixed at the bound its cost prefers (to minimise); with
 * zero cost at the value of its bounds closest to 0. A column whose preferred bound is infinite
 * is an improving ray when the rest is feasible: it stays (presolve reports 'unbounded' only when
 * nothing else is left, see presolve.ts, as it then knows a feasible point).
 */
export function removeEmptyColumns(p: PresolveProblem): string | null {
  for (let j = 0; j < p.numCols; j++) {
    if (!p.colAlive[j] || p.colLength[j] !== 0) continue;
    const v = preferredValue(p, j);
    if (!Number.isNaN(v)) p.fixColumn(j, v);
  }
  return null;
}

/** The value an empty column takes at an optimum, NaN when its cost improves without bound. */
export function preferredValue(p: PresolveProblem, j: number): number {
  const c = p.minCost(j);
  const l = p.lower[j]!;
  const u = p.upper[j]!;
  if (c > 0) return isInfinite(l) ? NaN : l;
  if (c < 0) return isInfinite(u) ? NaN : u;
  return closestToZero(l, u);
}

export const emptyColumns: Reduction = { name: 'empty-columns', boundsOnly: true, run: removeEmptyColumns };
