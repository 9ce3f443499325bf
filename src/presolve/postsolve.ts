import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';

/**
 * The postsolve stack: what presolve removed, in the order it removed it. Postsolve replays it
 * backwards on a point of the reduced model to rebuild a point of the original model.
 *
 * Only primal values are rebuilt. Reductions that delete rows (empty, singleton, redundant,
 * duplicate rows), tighten bounds or coefficients need no record: a point of the reduced model
 * already satisfies what they dropped (up to tolerances). Two kinds of records remain:
 * - fix: column `col` was removed at `value` (fixed, empty, forced, dual-fixed, dominated);
 * - merge: column `drop` was merged into `keep` (identical columns and costs), which stood for
 *   x_keep + x_drop from then on; the bounds are those the two columns had at the merge.
 */
export type PostsolveRecord =
  | { kind: 'fix'; col: number; value: number }
  | { kind: 'merge'; keep: number; drop: number; keepLower: number; keepUpper: number; dropLower: number; dropUpper: number };

export class PostsolveStack {
  readonly records: PostsolveRecord[] = [];

  fix(col: number, value: number): void {
    this.records.push({ kind: 'fix', col, value });
  }

  merge(keep: number, drop: number, keepLower: number, keepUpper: number, dropLower: number, dropUpper: number): void {
    this.records.push({ kind: 'merge', keep, drop, keepLower, keepUpper, dropLower, dropUpper });
  }
}

/** The value of [lower, upper] closest to 0 (0 itself when inside, else the nearer bound). */
export function closestToZero(lower: number, upper: number): number {
  if (lower > 0) return lower;
  if (upper < 0) return upper;
  return 0;
}

/**
 * Splits the value v of a merged column into x_keep ∈ [kl, ku] and x_drop ∈ [dl, du] with
 * x_keep + x_drop = v. x_drop is put at its finite reference point r (the value of its bounds
 * closest to 0) unless x_keep's bounds need the rest, so both parts stay finite; with integral v
 * and integral bounds both parts are integral.
 */
export function splitMerged(v: number, kl: number, ku: number, dl: number, du: number): [number, number] {
  const r = closestToZero(dl, du);
  let keep = v - r;
  if (keep > ku) keep = ku;
  if (keep < kl) keep = kl;
  return [keep, v - keep];
}

/** What postsolve needs to know about the reduced model and the original. */
export interface PostsolveMap {
  /** the original model (postsolve picks the candidate point that violates it least) */
  original: Model;
  /** original index of each reduced column */
  colMap: Int32Array;
  /** bounds and integrality of the reduced columns (a reduced point is clamped and rounded to them) */
  lower: Float64Array;
  upper: Float64Array;
  integrality: Uint8Array;
  records: readonly PostsolveRecord[];
}

/** A postsolved point this close to feasible is taken without trying the other candidate. */
const CLEAN_VIOLATION = 1e-9;

/**
 * Maps a point of the reduced model to the original model: places it, then undoes the records
 * backwards. A solver's point is feasible only within tolerances (integers within 1e-6 of
 * integral, bounds and rows within 1e-6 or so), and which cleanup keeps the original model's rows
 * best depends on them. Two candidates are built: "exact" (integer columns rounded, every column
 * clamped to its reduced bounds: rows that presolve turned into bounds, and big-M rows whose
 * coefficient it tightened, then hold exactly) and, when that one violates the original model by
 * more than 1e-9, "as given" (the solver's values unchanged: rows of the reduced model keep the
 * solver's activity). The one that violates the original model least is returned. Throws
 * OptionError for a point of the wrong length or with a non-finite value.
 */
export function applyPostsolve(map: PostsolveMap, x: ArrayLike<number>): Float64Array {
  const op = 'postsolve';
  const n = map.colMap.length;
  if (x.length !== n) throw new OptionError(op, `the point has ${x.length} values, the reduced model has ${n} columns`);
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(x[r]!)) throw new OptionError(op, `value ${x[r]} of reduced column ${r} is not finite`);
  }
  const exact = rebuild(map, x, true);
  const v = map.original.maxViolation(exact).value;
  if (v <= CLEAN_VIOLATION) return exact;
  const given = rebuild(map, x, false);
  return map.original.maxViolation(given).value < v ? given : exact;
}

function rebuild(map: PostsolveMap, x: ArrayLike<number>, exact: boolean): Float64Array {
  const n = map.colMap.length;
  const full = new Float64Array(map.original.numCols);
  for (let r = 0; r < n; r++) {
    let v = x[r]!;
    if (exact) {
      if (map.integrality[r]) v = Math.round(v);
      if (v < map.lower[r]!) v = map.lower[r]!;
      if (v > map.upper[r]!) v = map.upper[r]!;
    }
    full[map.colMap[r]!] = v;
  }
  const records = map.records;
  for (let k = records.length - 1; k >= 0; k--) {
    const rec = records[k]!;
    if (rec.kind === 'fix') {
      full[rec.col] = rec.value;
    } else {
      const [a, b] = splitMerged(full[rec.keep]!, rec.keepLower, rec.keepUpper, rec.dropLower, rec.dropUpper);
      full[rec.keep] = a;
      full[rec.drop] = b;
    }
  }
  return full;
}
