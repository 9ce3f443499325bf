import type { Pseudocosts } from '../bnb/pseudocosts.js';
import type { SharedPseudocosts } from './shared-pseudocosts.js';

/**
 * Replaces everything a Pseudocosts has learned by the observations in `table` (sums and counts per
 * column). Pseudocosts has no public reset, so its running totals (private fields) are cleared here
 * by name; a bnb-side `Pseudocosts.assign(other)` would make this unnecessary.
 */
export function resetPseudocosts(
  pc: Pseudocosts,
  table: { downSum: ArrayLike<number>; downCount: ArrayLike<number>; upSum: ArrayLike<number>; upCount: ArrayLike<number> },
): void {
  pc.downSum.fill(0);
  pc.downCount.fill(0);
  pc.upSum.fill(0);
  pc.upCount.fill(0);
  const totals = pc as unknown as Record<string, number>;
  for (const k of ['totalDown', 'totalDownCount', 'totalUp', 'totalUpCount']) {
    if (typeof totals[k] === 'number') totals[k] = 0;
  }
  pc.merge(table);
}

/** Observations in `now` that are not in `before` (aggregated per column; sparse). */
export function pseudocostDelta(
  now: Pseudocosts,
  before: { downSum: Float64Array; downCount: Float64Array; upSum: Float64Array; upCount: Float64Array },
): { cols: Int32Array; downSum: Float64Array; downCount: Float64Array; upSum: Float64Array; upCount: Float64Array } {
  const n = now.downSum.length;
  let k = 0;
  for (let j = 0; j < n; j++) if (now.downCount[j] !== before.downCount[j] || now.upCount[j] !== before.upCount[j]) k++;
  const out = {
    cols: new Int32Array(k),
    downSum: new Float64Array(k),
    downCount: new Float64Array(k),
    upSum: new Float64Array(k),
    upCount: new Float64Array(k),
  };
  k = 0;
  for (let j = 0; j < n; j++) {
    if (now.downCount[j] === before.downCount[j] && now.upCount[j] === before.upCount[j]) continue;
    out.cols[k] = j;
    out.downSum[k] = now.downSum[j]! - before.downSum[j]!;
    out.downCount[k] = now.downCount[j]! - before.downCount[j]!;
    out.upSum[k] = now.upSum[j]! - before.upSum[j]!;
    out.upCount[k] = now.upCount[j]! - before.upCount[j]!;
    k++;
  }
  return out;
}

/**
 * Live pseudocost exchange (non-deterministic mode): adds what `pc` learned since the last exchange
 * (`pc` minus `synced`) to the shared table, then reloads `pc` from the shared table (which holds
 * the other workers' observations too) and records that state in `synced`. Workers add with plain
 * read-modify-write on their own changed columns: two workers updating the same column at the same
 * instant can lose one observation, which only blurs a branching heuristic.
 */
export function syncPseudocosts(
  pc: Pseudocosts,
  shared: SharedPseudocosts,
  synced: { downSum: Float64Array; downCount: Float64Array; upSum: Float64Array; upCount: Float64Array },
): void {
  const n = shared.numCols;
  for (let j = 0; j < n; j++) {
    const dc = pc.downCount[j]! - synced.downCount[j]!;
    if (dc !== 0) {
      shared.downSum[j]! += pc.downSum[j]! - synced.downSum[j]!;
      shared.downCount[j]! += dc;
    }
    const uc = pc.upCount[j]! - synced.upCount[j]!;
    if (uc !== 0) {
      shared.upSum[j]! += pc.upSum[j]! - synced.upSum[j]!;
      shared.upCount[j]! += uc;
    }
  }
  resetPseudocosts(pc, shared);
  synced.downSum.set(pc.downSum);
  synced.downCount.set(pc.downCount);
  synced.upSum.set(pc.upSum);
  synced.upCount.set(pc.upCount);
}
