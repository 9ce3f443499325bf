import type { Model, RowMatrix } from '../model/model.js';
import { BoundReason } from './bound-reason.js';
import type { ConflictPool } from './conflict-pool.js';
import type { Domain } from './domain.js';
import { FEASIBILITY_TOL, HUGE_VALUE } from './tolerances.js';

/** A nogood clause over binary columns, as the pool's linear form sum_k vals[k] x[cols[k]] >= rhs. */
export interface LearnedClause {
  cols: Int32Array;
  vals: Float64Array;
  rhs: number;
}

/** Where an analysis starts: an infeasible model row, or an infeasible conflict of the pool. */
export type ConflictStart = { row: number } | { conflict: { cols: Int32Array; vals: Float64Array; rhs: number } };

/** need bits of a trail entry: its new lower / upper bound is a premise of the conflict */
const LO = 1;
const UP = 2;

/**
 * Conflict analysis from propagation. When propagation finds a row (or a learned conflict) whose
 * activity bounds cannot meet its side in the current Domain, the premises are the bounds of its
 * columns that differ from the model's (each named by the trail entry that set it). Going down the
 * trail, every premise set by a propagation change with a recorded explanation (a model row, or a
 * conflict still in the pool) is replaced by the bounds that explanation relied on: the other
 * columns' bounds at that trail position (only earlier entries). What remains — branching
 * decisions, reduced-cost and cutoff fixings, inherited and unexplained changes — are literals,
 * bound states: since every step used only globally valid constraints, no feasible point of the
 * model satisfies all of them, whatever made them hold at the node. When every literal fixes a
 * binary column, the clause sum_{x_j >= 1} (1 - x_j) + sum_{x_j <= 0} x_j >= 1 is returned;
 * otherwise (general-integer or continuous literals) the analysis gives up. Work per analysis is
 * bounded (entries scanned): past it, the premises left are kept as literals.
 */
export class PropagationConflictAnalyzer {
  /** analyses run, clauses derived, gave up (non-binary literals, too long, numerics) */
  analyses = 0;
  derived = 0;
  private readonly model: Model;
  private readonly rows: RowMatrix;
  private readonly pool: ConflictPool | undefined;
  private readonly maxLength: number;
  private readonly workLimit: number;
  private readonly lastOnCol: Int32Array;
  private readonly curLo: Float64Array;
  private readonly curUp: Float64Array;
  private readonly litMark: Uint8Array;
  private prev = new Int32Array(0);
  private newLo = new Float64Array(0);
  private newUp = new Float64Array(0);
  private need = new Uint8Array(0);
  private work = 0;

  constructor(model: Model, pool: ConflictPool | undefined, maxLength: number) {
    this.model = model;
    this.rows = model.rowMatrix();
    this.pool = pool;
    this.maxLength = maxLength;
    this.workLimit = Math.max(20000, 4 * model.numNonzeros);
    this.lastOnCol = new Int32Array(model.numCols).fill(-1);
    this.curLo = new Float64Array(model.numCols);
    this.curUp = new Float64Array(model.numCols);
    this.litMark = new Uint8Array(model.numCols);
  }

  /** Analyses the infeasibility of `start` in `domain`; the clause, or null when none is derived. */
  analyze(domain: Domain, start: ConflictStart): LearnedClause | null {
    this.analyses++;
    this.domainRef = domain;
    const len = domain.trailLength;
    this.prepare(domain, len);
    this.work = 0;
    let ok: boolean;
    if ('row' in start) {
      const rm = this.rows;
      const i = start.row;
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      const side = this.violatedSide(domain, rm.colIndex, rm.value, a, b, this.model.rowLower[i]!, this.model.rowUpper[i]!);
      ok = side !== 0 && this.premises(rm.colIndex, rm.value, a, b, side, -1, len);
    } else {
      const c = start.conflict;
      const side = this.violatedSide(domain, c.cols, c.vals, 0, c.cols.length, c.rhs, Infinity);
      ok = side === LO && this.premises(c.cols, c.vals, 0, c.cols.length, LO, -1, len);
    }
    const out = ok ? this.resolve(domain, len) : null;
    this.need.fill(0, 0, len);
    for (let k = 0; k < len; k++) this.lastOnCol[domain.trailCol(k)] = -1;
    if (out) this.derived++;
    return out;
  }

  /** Whether the clause was not derived before (recent clauses are remembered; exact repeats are not kept twice). */
  isNew(c: LearnedClause): boolean {
    let key = `${c.rhs}`;
    for (let k = 0; k < c.cols.length; k++) key += c.vals[k]! > 0 ? `+${c.cols[k]}` : `-${c.cols[k]}`;
    if (this.seen.has(key)) return false;
    if (this.seen.size >= 100000) this.seen.clear();
    this.seen.add(key);
    return true;
  }
  private readonly seen = new Set<string>();

  /** Links each trail entry to the previous one on its column and records its new bounds. */
  private prepare(domain: Domain, len: number): void {
    if (this.prev.length < len) {
      const cap = Math.max(len, 2 * this.prev.length, 64);
      this.prev = new Int32Array(cap);
      this.newLo = new Float64Array(cap);
      this.newUp = new Float64Array(cap);
      this.need = new Uint8Array(cap);
    }
    const last = this.lastOnCol;
    for (let k = 0; k < len; k++) {
      const j = domain.trailCol(k);
      this.prev[k] = last[j]!;
      last[j] = k;
    }
    // new bounds of entry k: the old bounds of the next entry on its column, or the current ones
    const lo = this.curLo;
    const up = this.curUp;
    for (let k = 0; k < len; k++) {
      const j = domain.trailCol(k);
      lo[j] = domain.lower[j]!;
      up[j] = domain.upper[j]!;
    }
    for (let k = len - 1; k >= 0; k--) {
      const j = domain.trailCol(k);
      this.newLo[k] = lo[j]!;
      this.newUp[k] = up[j]!;
      lo[j] = domain.trailOldLower(k);
      up[j] = domain.trailOldUpper(k);
    }
  }

  /** The side (LO: lower side vs max activity, UP: upper side vs min activity) the constraint misses in the domain; 0: none. */
  private violatedSide(domain: Domain, cols: ArrayLike<number>, vals: ArrayLike<number>, a: number, b: number, lower: number, upper: number): number {
    const lo = domain.lower;
    const up = domain.upper;
    let minAct = 0;
    let maxAct = 0;
    let minInf = false;
    let maxInf = false;
    for (let k = a; k < b; k++) {
      const v = vals[k]!;
      const j = cols[k]!;
      const tMin = v > 0 ? v * lo[j]! : v * up[j]!;
      const tMax = v > 0 ? v * up[j]! : v * lo[j]!;
      if (!(Math.abs(tMin) < HUGE_VALUE)) minInf = true;
      else minAct += tMin;
      if (!(Math.abs(tMax) < HUGE_VALUE)) maxInf = true;
      else maxAct += tMax;
    }
    const mag = Math.max(1, Number.isFinite(lower) ? Math.abs(lower) : 0, Number.isFinite(upper) ? Math.abs(upper) : 0);
    const tol = FEASIBILITY_TOL * mag;
    if (upper < HUGE_VALUE && !minInf && minAct > upper + tol) return UP;
    if (lower > -HUGE_VALUE && !maxInf && maxAct < lower - tol) return LO;
    return 0;
  }

  /**
   * Marks as premises the bounds the constraint's `side` relied on at trail position `before`: for
   * the lower side (max activity) the upper bounds of positive terms and lower bounds of negative
   * ones, for the upper side the opposite; the first occurrence of `skipCol` (the implied column)
   * is left out. False past the work limit.
   */
  private premises(cols: ArrayLike<number>, vals: ArrayLike<number>, a: number, b: number, side: number, skipCol: number, before: number): boolean {
    let skip = skipCol;
    this.work += b - a;
    for (let k = a; k < b; k++) {
      const j = cols[k]!;
      if (j === skip) {
        skip = -1;
        continue;
      }
      const v = vals[k]!;
      if (v === 0) continue;
      const bit = (side === LO) === v > 0 ? UP : LO;
      const p = this.setter(j, bit, before);
      if (p >= 0) this.need[p]! |= bit;
    }
    return this.work <= this.workLimit;
  }

  /** The latest trail entry before `before` that moved bound `bit` of column j (-1: the model's bound). */
  private setter(j: number, bit: number, before: number): number {
    let p = this.lastOnCol[j]!;
    const prev = this.prev;
    while (p >= before) {
      p = prev[p]!;
      this.work++;
    }
    while (p >= 0 && !(bit === LO ? this.newLo[p]! > this.movedFrom(p, LO) : this.newUp[p]! < this.movedFrom(p, UP))) {
      p = prev[p]!;
      this.work++;
    }
    return p;
  }

  private domainRef: Domain | undefined;
  private movedFrom(p: number, bit: number): number {
    return bit === LO ? this.domainRef!.trailOldLower(p) : this.domainRef!.trailOldUpper(p);
  }

  /** Resolves the marked premises down the trail; the binary clause of the literals left, or null. */
  private resolve(domain: Domain, len: number): LearnedClause | null {
    const need = this.need;
    const litCols: number[] = [];
    const litVals: number[] = [];
    let rhs = 1;
    let ok = true;
    const mark = this.litMark;
    const m = this.model;
    for (let p = len - 1; p >= 0 && ok; p--) {
      const bits = need[p]!;
      if (bits === 0) continue;
      need[p] = 0;
      if (this.work <= this.workLimit && this.explainEntry(domain, p, bits)) continue;
      // a literal: the entry's new bound(s); a tighter one of the same column and side came first
      const j = domain.trailCol(p);
      for (const bit of [LO, UP]) {
        if (!(bits & bit) || mark[j]! & bit) continue;
        mark[j]! |= bit;
        const binary = m.integrality[j] === 1 && domain.globalLower(j) === 0 && domain.globalUpper(j) === 1;
        if (!binary) ok = false;
        else if (bit === LO && this.newLo[p]! >= 1) {
          // x_j fixed to 1: term (1 - x_j)
          litCols.push(j);
          litVals.push(-1);
          rhs -= 1;
        } else if (bit === UP && this.newUp[p]! <= 0) {
          litCols.push(j);
          litVals.push(1);
        } else ok = false;
      }
      if (litCols.length > this.maxLength) ok = false;
    }
    for (const j of litCols) mark[j] = 0;
    if (!ok) {
      // clear the marks of literals seen before giving up
      for (let p = 0; p < len; p++) mark[domain.trailCol(p)] = 0;
      return null;
    }
    if (litCols.length === 0) return null; // infeasible at the model's bounds: nothing to learn
    const order = litCols.map((_, k) => k).sort((x, y) => litCols[x]! - litCols[y]!);
    return { cols: Int32Array.from(order, (k) => litCols[k]!), vals: Float64Array.from(order, (k) => litVals[k]!), rhs };
  }

  /**
   * Replaces premise `bits` of trail entry p by what its explanation relied on; false when it
   * cannot be explained (then it is a literal).
   */
  private explainEntry(domain: Domain, p: number, bits: number): boolean {
    if (bits !== LO && bits !== UP) return false;
    if (domain.trailReason(p) !== BoundReason.PROPAGATION) return false;
    const e = domain.trailExplain(p);
    if (e === -1) return false;
    const j = domain.trailCol(p);
    let cols: ArrayLike<number>;
    let vals: ArrayLike<number>;
    let a: number;
    let b: number;
    let lower: number;
    let upper: number;
    if (e >= 0) {
      if (e >= this.model.numRows) return false;
      const rm = this.rows;
      cols = rm.colIndex;
      vals = rm.value;
      a = rm.rowStart[e]!;
      b = rm.rowStart[e + 1]!;
      lower = this.model.rowLower[e]!;
      upper = this.model.rowUpper[e]!;
    } else {
      const c = this.pool?.byIdentifier(-2 - e);
      if (!c) return false;
      cols = c.cols;
      vals = c.vals;
      a = 0;
      b = c.cols.length;
      lower = c.rhs;
      upper = Infinity;
    }
    let v = 0;
    for (let k = a; k < b; k++) {
      if (cols[k] === j) {
        v = vals[k]!;
        break;
      }
    }
    if (v === 0) return false;
    // a lower bound on x_j comes from the lower side when v > 0, from the upper side when v < 0
    const side = (bits === LO) === v > 0 ? LO : UP;
    if (side === LO ? !(lower > -HUGE_VALUE) : !(upper < HUGE_VALUE)) return false;
    // past the work limit the marks set so far stay: they are premises as sound as the entry itself
    this.premises(cols, vals, a, b, side, j, p);
    return true;
  }
}
