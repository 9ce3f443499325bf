import type { Pseudocosts } from '../bnb/pseudocosts.js';
import type { SharedPseudocosts } from './shared-pseudocosts.js';

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
  pc.assign(shared);
  synced.downSum.set(pc.downSum);
  synced.downCount.set(pc.downCount);
  synced.upSum.set(pc.upSum);
  synced.upCount.set(pc.upCount);
}
