import type { PresolveProblem } from './problem.js';
import { PARALLEL_TOL } from './tolerances.js';

/** Two parallel rows or columns: the entries of `second` are `scale` times those of `first`. */
export interface ParallelPair {
  first: number;
  second: number;
  scale: number;
}

/** Members of one hash bucket compared against at most this many distinct representatives. */
const MAX_REPRESENTATIVES = 16;

/**
 * Finds parallel rows (kind 'rows': same columns, proportional coefficients) or columns ('cols':
 * same rows) among the alive ones with at least `minLength` alive entries. Vectors are hashed by
 * their index pattern and their values divided by the first value, then compared exactly (to
 * PARALLEL_TOL) within a bucket. Each pair names the bucket's representative as `first` (the
 * lowest index), so a group of k parallel vectors yields k − 1 pairs with the same `first`.
 * `acceptScale` filters pairs by their scale; vectors whose `typeOf` differ (e.g. integrality)
 * never pair.
 */
export function findParallel(
  p: PresolveProblem,
  kind: 'rows' | 'cols',
  minLength: number,
  acceptScale: (scale: number) => boolean,
  typeOf: (t: number) => number = () => 0,
): ParallelPair[] {
  const rows = kind === 'rows';
  const count = rows ? p.numRows : p.numCols;
  const alive = rows ? p.rowAlive : p.colAlive;
  const length = rows ? p.rowLength : p.colLength;
  const items: number[] = [];
  let total = 0;
  for (let t = 0; t < count; t++) {
    if (alive[t] && length[t]! >= minLength) {
      items.push(t);
      total += length[t]!;
    }
  }
  if (items.length < 2) return [];
  // alive entries of each candidate, flattened: index (column of a row / row of a column) and value
  const start = new Int32Array(items.length + 1);
  const index = new Int32Array(total);
  const value = new Float64Array(total);
  let at = 0;
  const push = (e: number): void => {
    if (!p.entryAlive[e]) return;
    index[at] = rows ? p.entryCol[e]! : p.entryRow[e]!;
    value[at] = p.entryValue[e]!;
    at++;
  };
  for (let c = 0; c < items.length; c++) {
    const t = items[c]!;
    if (rows) for (let e = p.rowStart[t]!; e < p.rowStart[t + 1]!; e++) push(e);
    else for (let q = p.colStart[t]!; q < p.colStart[t + 1]!; q++) push(p.colEntry[q]!);
    start[c + 1] = at;
  }
  const buckets = new Map<number, number[]>();
  for (let c = 0; c < items.length; c++) {
    const h = Math.imul(hashVector(index, value, start[c]!, start[c + 1]!) ^ typeOf(items[c]!), 0x01000193) >>> 0;
    const b = buckets.get(h);
    if (b) b.push(c);
    else buckets.set(h, [c]);
  }
  const pairs: ParallelPair[] = [];
  for (const members of buckets.values()) {
    if (members.length < 2) continue;
    const reps: number[] = [];
    for (const c of members) {
      let matched = false;
      for (const r of reps) {
        if (typeOf(items[r]!) !== typeOf(items[c]!)) continue;
        const scale = parallelScale(index, value, start[r]!, start[r + 1]!, start[c]!, start[c + 1]!);
        if (!Number.isNaN(scale) && acceptScale(scale)) {
          pairs.push({ first: items[r]!, second: items[c]!, scale });
          matched = true;
          break;
        }
      }
      if (!matched && reps.length < MAX_REPRESENTATIVES) reps.push(c);
    }
  }
  return pairs;
}

function hashVector(index: Int32Array, value: Float64Array, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  const first = value[s]!;
  for (let k = s; k < e; k++) {
    h = Math.imul(h ^ index[k]!, 0x01000193);
    h = Math.imul(h ^ (Math.round((value[k]! / first) * 1e9) | 0), 0x01000193);
  }
  return h >>> 0;
}

/** λ with vector b = λ·vector a (same index pattern, values to PARALLEL_TOL), else NaN. */
function parallelScale(index: Int32Array, value: Float64Array, as: number, ae: number, bs: number, be: number): number {
  if (ae - as !== be - bs) return NaN;
  const scale = value[bs]! / value[as]!;
  for (let k = 0; k < ae - as; k++) {
    if (index[as + k] !== index[bs + k]) return NaN;
    const want = scale * value[as + k]!;
    const got = value[bs + k]!;
    if (Math.abs(got - want) > PARALLEL_TOL * Math.max(Math.abs(got), Math.abs(want))) return NaN;
  }
  return scale;
}
