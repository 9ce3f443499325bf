import { findParallel, type ParallelPair } from './parallel.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { PARALLEL_TOL } from './tolerances.js';

/** Pairs of alive columns with identical entries and the same type (integer or continuous). */
export function identicalColumns(p: PresolveProblem): ParallelPair[] {
  return findParallel(p, 'cols', 1, (scale) => Math.abs(scale - 1) <= PARALLEL_TOL, (j) => p.integrality[j]!);
}

/** True when columns j and k have the same cost (to PARALLEL_TOL). */
export function sameCost(p: PresolveProblem, j: number, k: number): boolean {
  const a = p.cost[j]!;
  const b = p.cost[k]!;
  return Math.abs(a - b) <= PARALLEL_TOL * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Duplicate columns: columns with identical entries, the same cost and the same type are merged
 * into one, y = x_j + x_k with bounds [l_j + l_k, u_j + u_k] (for integer columns every integer y
 * there is a sum of two integers within the bounds, so integrality is kept). Postsolve splits
 * y back (see splitMerged in postsolve.ts).
 */
export function mergeDuplicateColumns(p: PresolveProblem): string | null {
  for (const { first: j, second: k } of identicalColumns(p)) {
    if (!p.colAlive[j] || !p.colAlive[k] || !sameCost(p, j, k)) continue;
    p.mergeColumns(j, k);
  }
  return null;
}

export const duplicateColumns: Reduction = { name: 'duplicate-columns', boundsOnly: false, run: mergeDuplicateColumns };
