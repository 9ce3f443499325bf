import type { Model } from '../model/model.js';
import { BoundReason } from './bound-reason.js';
import { FEASIBILITY_TOL, INTEGRALITY_TOL } from './tolerances.js';

/** One recorded bound change (as returned by Domain.explain). */
export interface BoundChange {
  col: number;
  oldLower: number;
  oldUpper: number;
  newLower: number;
  newUpper: number;
  reason: BoundReason;
  /** plugin id (index in the processor's plugin table), -1 = framework */
  source: number;
  /** position in the trail (0 = first change since the model's bounds) */
  position: number;
  /** the explaining constraint: a model row >= 0, a learned conflict -2 - id, -1 = none (see Domain.trailExplain) */
  explain: number;
}

/** Result of a bound change: 1 = tightened, 0 = no change, -1 = the domain became empty. */
export type ChangeResult = -1 | 0 | 1;

/**
 * The current column bounds of the search, with a trail for backtracking.
 *
 * Every change goes through `tightenLower` / `tightenUpper` / `tighten` with a reason and a source
 * plugin id; `mark()` returns a trail position and `undo(mark)` restores the bounds of that moment.
 * Integer columns are rounded inward (ceil of a lower bound, floor of an upper bound, with
 * INTEGRALITY_TOL slack). A change that would make lower > upper + FEASIBILITY_TOL is refused and
 * reported as -1 (empty domain = infeasible node); the bounds stay as they were.
 *
 * The trail is kept in growable typed arrays, so a change allocates nothing in steady state.
 */
export class Domain {
  readonly numCols: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly integrality: Uint8Array;
  private readonly origLower: Float64Array;
  private readonly origUpper: Float64Array;
  private tCol: Int32Array;
  private tOldLo: Float64Array;
  private tOldUp: Float64Array;
  private tReason: Uint8Array;
  private tSource: Int16Array;
  /** explaining constraint per change (see trailExplain) */
  private tExplain: Int32Array;
  private len = 0;

  constructor(model: Model) {
    this.numCols = model.numCols;
    this.lower = Float64Array.from(model.colLower);
    this.upper = Float64Array.from(model.colUpper);
    this.origLower = model.colLower;
    this.origUpper = model.colUpper;
    this.integrality = model.integrality;
    const cap = Math.max(64, model.numCols);
    this.tCol = new Int32Array(cap);
    this.tOldLo = new Float64Array(cap);
    this.tOldUp = new Float64Array(cap);
    this.tReason = new Uint8Array(cap);
    this.tSource = new Int16Array(cap);
    this.tExplain = new Int32Array(cap);
  }

  /** Current trail length; pass it to `undo` to come back to this state. */
  mark(): number {
    return this.len;
  }

  /** Number of changes on the trail. */
  get trailLength(): number {
    return this.len;
  }

  /** Restores the bounds of the moment `mark` was taken (later changes are forgotten). */
  undo(mark: number): void {
    const lo = this.lower;
    const up = this.upper;
    for (let k = this.len - 1; k >= mark; k--) {
      const j = this.tCol[k]!;
      lo[j] = this.tOldLo[k]!;
      up[j] = this.tOldUp[k]!;
    }
    if (mark < this.len) this.len = mark;
  }

  /** Column of trail entry k (for incremental propagation: the columns changed since a mark). */
  trailCol(k: number): number {
    return this.tCol[k]!;
  }
  trailReason(k: number): BoundReason {
    return this.tReason[k] as BoundReason;
  }
  trailSource(k: number): number {
    return this.tSource[k]!;
  }
  /** Bounds of column trailCol(k) before change k. */
  trailOldLower(k: number): number {
    return this.tOldLo[k]!;
  }
  trailOldUpper(k: number): number {
    return this.tOldUp[k]!;
  }
  /**
   * The constraint that implied change k (conflict analysis): a model row index >= 0 (row-activity
   * propagation), -2 - id for a learned conflict (the pool's propagation), -1 when none was recorded.
   */
  trailExplain(k: number): number {
    return this.tExplain[k]!;
  }
  /** The model's bounds of column j (the trail's base). */
  globalLower(j: number): number {
    return this.origLower[j]!;
  }
  globalUpper(j: number): number {
    return this.origUpper[j]!;
  }

  isFixed(j: number): boolean {
    return this.upper[j]! - this.lower[j]! <= FEASIBILITY_TOL;
  }

  /** Raises the lower bound of column j to `value` (rounded up for integer columns). */
  tightenLower(j: number, value: number, reason: BoundReason, source: number, explain = -1): ChangeResult {
    let v = value;
    if (this.integrality[j]) v = Math.ceil(v - INTEGRALITY_TOL);
    const lo = this.lower[j]!;
    if (!(v > lo)) return 0;
    const up = this.upper[j]!;
    if (v > up) {
      if (v > up + FEASIBILITY_TOL) return -1;
      v = up;
      if (!(v > lo)) return 0;
    }
    this.push(j, lo, up, reason, source, explain);
    this.lower[j] = v;
    return 1;
  }

  /** Lowers the upper bound of column j to `value` (rounded down for integer columns). */
  tightenUpper(j: number, value: number, reason: BoundReason, source: number, explain = -1): ChangeResult {
    let v = value;
    if (this.integrality[j]) v = Math.floor(v + INTEGRALITY_TOL);
    const up = this.upper[j]!;
    if (!(v < up)) return 0;
    const lo = this.lower[j]!;
    if (v < lo) {
      if (v < lo - FEASIBILITY_TOL) return -1;
      v = lo;
      if (!(v < up)) return 0;
    }
    this.push(j, lo, up, reason, source, explain);
    this.upper[j] = v;
    return 1;
  }

  /** Intersects the bounds of column j with [lower, upper] as one trail entry. */
  tighten(j: number, lower: number, upper: number, reason: BoundReason, source: number, explain = -1): ChangeResult {
    let l = lower;
    let u = upper;
    if (this.integrality[j]) {
      l = Math.ceil(l - INTEGRALITY_TOL);
      u = Math.floor(u + INTEGRALITY_TOL);
    }
    const lo = this.lower[j]!;
    const up = this.upper[j]!;
    if (!(l > lo)) l = lo;
    if (!(u < up)) u = up;
    if (l === lo && u === up) return 0;
    if (l > u) {
      if (l > u + FEASIBILITY_TOL) return -1;
      // within tolerance: collapse onto the bound that did not move
      if (l !== lo) l = u;
      else u = l;
      if (l === lo && u === up) return 0;
    }
    this.push(j, lo, up, reason, source, explain);
    this.lower[j] = l;
    this.upper[j] = u;
    return 1;
  }

  /** The chain of changes on column j, oldest first (empty when it still has the model's bounds). */
  explain(j: number): BoundChange[] {
    const out: BoundChange[] = [];
    for (let k = 0; k < this.len; k++) {
      if (this.tCol[k] !== j) continue;
      // the new bounds of entry k are the old bounds of the next entry on j, or the current bounds
      let newLo = this.lower[j]!;
      let newUp = this.upper[j]!;
      for (let q = k + 1; q < this.len; q++) {
        if (this.tCol[q] === j) {
          newLo = this.tOldLo[q]!;
          newUp = this.tOldUp[q]!;
          break;
        }
      }
      out.push({
        col: j,
        oldLower: this.tOldLo[k]!,
        oldUpper: this.tOldUp[k]!,
        newLower: newLo,
        newUpper: newUp,
        reason: this.tReason[k] as BoundReason,
        source: this.tSource[k]!,
        position: k,
        explain: this.tExplain[k]!,
      });
    }
    return out;
  }

  /**
   * Writes the columns whose bounds differ from the model's, with their current bounds and the
   * reason/source of their last change, into the given buffers (each at least numCols long) and
   * returns how many. `seen` is a scratch Int32Array of numCols entries, all -1 on entry and on exit.
   */
  diffFromModel(
    cols: Int32Array,
    lower: Float64Array,
    upper: Float64Array,
    reasons: Uint8Array,
    sources: Int16Array,
    seen: Int32Array,
    skipCol = -1,
  ): number {
    let n = 0;
    for (let k = this.len - 1; k >= 0; k--) {
      const j = this.tCol[k]!;
      if (seen[j] !== -1 || j === skipCol) continue;
      seen[j] = n;
      if (this.lower[j] === this.origLower[j] && this.upper[j] === this.origUpper[j]) continue;
      cols[n] = j;
      lower[n] = this.lower[j]!;
      upper[n] = this.upper[j]!;
      reasons[n] = this.tReason[k]!;
      sources[n] = this.tSource[k]!;
      n++;
    }
    for (let k = 0; k < this.len; k++) seen[this.tCol[k]!] = -1;
    return n;
  }

  private push(j: number, lo: number, up: number, reason: BoundReason, source: number, explain: number): void {
    if (this.len === this.tCol.length) this.grow();
    const k = this.len++;
    this.tCol[k] = j;
    this.tOldLo[k] = lo;
    this.tOldUp[k] = up;
    this.tReason[k] = reason;
    this.tSource[k] = source;
    this.tExplain[k] = explain;
  }

  private grow(): void {
    const cap = this.tCol.length * 2;
    const c = new Int32Array(cap);
    c.set(this.tCol);
    this.tCol = c;
    const a = new Float64Array(cap);
    a.set(this.tOldLo);
    this.tOldLo = a;
    const b = new Float64Array(cap);
    b.set(this.tOldUp);
    this.tOldUp = b;
    const r = new Uint8Array(cap);
    r.set(this.tReason);
    this.tReason = r;
    const s = new Int16Array(cap);
    s.set(this.tSource);
    this.tSource = s;
    const x = new Int32Array(cap);
    x.set(this.tExplain);
    this.tExplain = x;
  }
}

export { BoundReason };
