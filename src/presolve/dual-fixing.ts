import { closestToZero } from './postsolve.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite } from './tolerances.js';

/**
 * Column locks: down[j] counts the rows that decreasing x_j could violate (a > 0 with a finite
 * lower side, a < 0 with a finite upper side), up[j] those that increasing it could.
 */
export function columnLocks(p: PresolveProblem): { down: Int32Array; up: Int32Array } {
  const down = new Int32Array(p.numCols);
  const up = new Int32Array(p.numCols);
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i]) continue;
    const hasLo = !isInfinite(p.rowLower[i]!);
    const hasUp = !isInfinite(p.rowUpper[i]!);
    for (let e = p.rowStart[i]!, end = p.rowStart[i + 1]!; e < end; e++) {
      if (!p.entryAlive[e]) continue;
      const j = p.entryCol[e]!;
      const positive = p.entryValue[e]! > 0;
      if (hasLo) {
        if (positive) down[j]!++;
        else up[j]!++;
      }
      if (hasUp) {
        if (positive) up[j]!++;
        else down[j]!++;
      }
    }
  }
  return { down, up };
}

/**
 * Dual fixing (a dual reduction: it keeps at least one optimum, not every feasible point): a
 * column whose cost (to minimise) is ≥ 0 and that no row keeps from decreasing is fixed at its
 * lower bound; cost ≤ 0 and nothing keeps it from increasing: at its upper bound. With cost 0 and
 * no locks at all, at the value of its bounds closest to 0. A column that would go to an infinite
 * bound stays (the model is unbounded if feasible; presolve does not know a feasible point).
 */
export function dualFix(p: PresolveProblem): string | null {
  const locks = columnLocks(p);
  for (let j = 0; j < p.numCols; j++) {
    if (!p.colAlive[j]) continue;
    const c = p.minCost(j);
    const l = p.lower[j]!;
    const u = p.upper[j]!;
    const canDown = locks.down[j] === 0 && c >= 0;
    const canUp = locks.up[j] === 0 && c <= 0;
    let v = NaN;
    if (canDown && canUp) v = closestToZero(l, u);
    else if (canDown && !isInfinite(l)) v = l;
    else if (canUp && !isInfinite(u)) v = u;
    if (!Number.isNaN(v) && l !== u) p.fixColumn(j, v);
  }
  return null;
}

export const dualFixing: Reduction = { name: 'dual-fixing', boundsOnly: true, run: dualFix };
