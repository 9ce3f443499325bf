import type { LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { BoundReason } from './bound-reason.js';
import type { CutPool } from './cut-pool.js';
import type { Domain } from './domain.js';

/** Settings of conflict learning ('conflicts/…' parameters). */
export interface ConflictOptions {
  /** at most this many conflicts are kept (the oldest unused go first) */
  maxConflicts: number;
  /** proofs with more nonzeros than this are not kept (also the longest clause from propagation) */
  maxLength: number;
  /** learn nogood clauses from infeasible propagation ('conflicts/propagation'; default true) */
  propagation?: boolean;
}

/** Relative size below which a proof coefficient is removed (its term relaxed over the global bounds). */
const TINY = 1e-9;
/** A proof must exceed the node's maximum activity by this (relative) to count as infeasible there. */
const FEAS = 1e-6;

/** A learned constraint sum_k vals[k] x[cols[k]] >= rhs, valid for every feasible point. */
export interface Conflict {
  cols: Int32Array;
  vals: Float64Array;
  rhs: number;
  /** nodes it cut off or bounds it tightened since it was learned (kept longer when used) */
  uses: number;
  /** the pool's id (bound changes it implies record -2 - id as their explanation); absent: none */
  id?: number;
}

/**
 * Conflict analysis on infeasible node LPs (dual proofs): the LP's Farkas proof y aggregates the
 * LP rows into y^T A x >= y^T b, which every point satisfying the rows satisfies (the model's rows
 * and the global cuts: a globally valid constraint) while no point in the node's box does. Kept in
 * a pool, these proofs are propagated at every node like rows: a node whose box cannot reach a
 * proof's right-hand side is infeasible before its LP is solved, and bounds are tightened from
 * them. Coefficients below 1e-9 of the largest are removed with their term relaxed over the
 * model's bounds (a proof over an unbounded column is dropped).
 */
export class ConflictPool {
  readonly conflicts: Conflict[] = [];
  /** proofs read from infeasible LPs, and those kept */
  learned = 0;
  kept = 0;
  private readonly model: Model;
  private readonly options: ConflictOptions;
  private ray: Float64Array;
  private readonly dense: Float64Array;
  private readonly support: Int32Array;
  private readonly mark: Uint8Array;
  /** the kept conflicts by id (explanations of the bound changes they imply) */
  private readonly byId = new Map<number, Conflict>();
  private nextId = 0;

  constructor(model: Model, options: ConflictOptions) {
    this.model = model;
    this.options = options;
    this.ray = new Float64Array(model.numRows);
    this.dense = new Float64Array(model.numCols);
    this.support = new Int32Array(model.numCols);
    this.mark = new Uint8Array(model.numCols);
  }

  /**
   * After an 'infeasible' node LP: reads the Farkas proof from `lp` and keeps the aggregated
   * constraint when it is usable. `cuts` are the LP rows after the model's. Returns whether one was kept.
   */
  learnFromLp(lp: LpSolver, cuts: CutPool | undefined, lower: ArrayLike<number>, upper: ArrayLike<number>): boolean {
    const rows = lp.rowCount();
    if (this.ray.length < rows) this.ray = new Float64Array(rows);
    const y = this.ray;
    if (!lp.dualRay(y)) return false;
    this.learned++;
    const m = this.model;
    const rm = m.rowMatrix();
    const d = this.dense;
    const sup = this.support;
    const mark = this.mark;
    let n = 0;
    let rhs = 0;
    let ok = true;
    const add = (j: number, v: number): void => {
      if (!mark[j]) {
        mark[j] = 1;
        sup[n++] = j;
      }
      d[j]! += v;
    };
    for (let i = 0; i < rows && ok; i++) {
      const yi = y[i]!;
      if (yi === 0) continue;
      let lo: number;
      let up: number;
      let cols: ArrayLike<number>;
      let vals: ArrayLike<number>;
      let a = 0;
      let b: number;
      if (i < m.numRows) {
        lo = m.rowLower[i]!;
        up = m.rowUpper[i]!;
        cols = rm.colIndex;
        vals = rm.value;
        a = rm.rowStart[i]!;
        b = rm.rowStart[i + 1]!;
      } else {
        const c = cuts?.inLp[i - m.numRows];
        // a local cut is valid only in its node's subtree: the proof would not be global
        if (!c || c.local) {
          ok = false;
          break;
        }
        lo = c.lower;
        up = c.upper;
        cols = c.cols;
        vals = c.vals;
        b = c.cols.length;
      }
      const side = yi > 0 ? lo : up;
      if (!Number.isFinite(side)) {
        ok = false;
        break;
      }
      rhs += yi * side;
      for (let k = a; k < b; k++) add(cols[k]!, yi * vals[k]!);
    }
    let amax = 0;
    for (let t = 0; t < n; t++) amax = Math.max(amax, Math.abs(d[sup[t]!]!));
    let count = 0;
    for (let t = 0; t < n; t++) {
      const j = sup[t]!;
      const v = d[j]!;
      d[j] = 0;
      mark[j] = 0;
      if (!ok || v === 0) continue;
      if (Math.abs(v) <= TINY * amax) {
        // sum_{others} >= rhs - v x_j: relax by the largest v x_j over the model's bounds
        const t1 = v * m.colLower[j]!;
        const t2 = v * m.colUpper[j]!;
        const big = Math.max(t1, t2);
        if (!Number.isFinite(big)) ok = false;
        else rhs -= big;
        continue;
      }
      sup[count] = j;
      this.valsScratch(count, v);
      count++;
    }
    if (!ok || count === 0 || count > this.options.maxLength || !Number.isFinite(rhs)) return false;
    // the proof must cut off the node's box (else it proves nothing there: numerical trouble)
    const cols = sup.slice(0, count);
    const vals = this.scratch.slice(0, count);
    let maxAct = 0;
    for (let k = 0; k < count; k++) maxAct += vals[k]! > 0 ? vals[k]! * upper[cols[k]!]! : vals[k]! * lower[cols[k]!]!;
    if (!(maxAct < rhs - FEAS * Math.max(1, Math.abs(rhs)))) return false;
    this.keep(cols, vals, rhs);
    return true;
  }

  /**
   * Adds the globally valid constraint sum_k vals[k] x[cols[k]] >= rhs (a clause from conflict
   * analysis); false when it is empty or longer than 'conflicts/max-length'.
   */
  addConflict(cols: Int32Array, vals: Float64Array, rhs: number): boolean {
    if (cols.length === 0 || cols.length > this.options.maxLength || !Number.isFinite(rhs)) return false;
    this.keep(cols, vals, rhs);
    return true;
  }

  /** The kept conflict with this id (undefined once evicted). */
  byIdentifier(id: number): Conflict | undefined {
    return this.byId.get(id);
  }

  private keep(cols: Int32Array, vals: Float64Array, rhs: number): void {
    if (this.conflicts.length >= this.options.maxConflicts) this.evict();
    const c: Conflict = { cols, vals, rhs, uses: 0, id: this.nextId++ };
    this.conflicts.push(c);
    this.byId.set(c.id!, c);
    this.kept++;
  }

  /** after an 'infeasible' propagate: the conflict that could not be met */
  infeasibleConflict: Conflict | undefined = undefined;

  private scratch = new Float64Array(0);
  private valsScratch(k: number, v: number): void {
    if (this.scratch.length <= k) {
      const s = new Float64Array(Math.max(16, 2 * this.scratch.length, k + 1));
      s.set(this.scratch);
      this.scratch = s;
    }
    this.scratch[k] = v;
  }

  /** Makes room: drops the oldest conflict that was never used in the older half, else the oldest. */
  private evict(): void {
    const half = Math.max(1, this.conflicts.length >> 1);
    let k = 0;
    while (k < half && this.conflicts[k]!.uses > 0) k++;
    const [gone] = this.conflicts.splice(k < half ? k : 0, 1);
    if (gone?.id !== undefined) this.byId.delete(gone.id);
  }

  /**
   * Propagates every conflict over the domain (activity bounds, integer rounding), with reason
   * PROPAGATION, `source` and the conflict (-2 - id) as explanation. Returns 'infeasible' when a
   * conflict cannot be met in the domain (`infeasibleConflict` is then that conflict).
   */
  propagate(domain: Domain, source: number): 'ok' | 'infeasible' {
    this.infeasibleConflict = undefined;
    const lo = domain.lower;
    const up = domain.upper;
    const integ = this.model.integrality;
    for (const c of this.conflicts) {
      const n = c.cols.length;
      const why = c.id === undefined ? -1 : -2 - c.id;
      let maxAct = 0;
      let inf = 0; // terms with an infinite maximum
      let infAt = -1;
      for (let k = 0; k < n; k++) {
        const v = c.vals[k]!;
        const t = v > 0 ? v * up[c.cols[k]!]! : v * lo[c.cols[k]!]!;
        if (t === Infinity) {
          inf++;
          infAt = k;
        } else maxAct += t;
      }
      const tol = FEAS * Math.max(1, Math.abs(c.rhs));
      if (inf === 0 && maxAct < c.rhs - tol) {
        c.uses++;
        this.infeasibleConflict = c;
        return 'infeasible';
      }
      if (inf > 1) continue;
      // each term must make up for what the others cannot reach
      for (let k = 0; k < n; k++) {
        if (inf === 1 && k !== infAt) continue;
        const j = c.cols[k]!;
        const v = c.vals[k]!;
        const own = v > 0 ? v * up[j]! : v * lo[j]!;
        const rest = inf === 1 ? maxAct : maxAct - own;
        const need = (c.rhs - rest) / v; // v x_j >= rhs - rest
        let r: number;
        if (v > 0) {
          let bnd = need - 1e-9 * Math.max(1, Math.abs(need));
          if (integ[j]) bnd = Math.ceil(bnd - 1e-6);
          if (!(bnd > lo[j]! + 1e-7 * Math.max(1, Math.abs(bnd)))) continue;
          r = domain.tightenLower(j, bnd, BoundReason.PROPAGATION, source, why);
        } else {
          let bnd = need + 1e-9 * Math.max(1, Math.abs(need));
          if (integ[j]) bnd = Math.floor(bnd + 1e-6);
          if (!(bnd < up[j]! - 1e-7 * Math.max(1, Math.abs(bnd)))) continue;
          r = domain.tightenUpper(j, bnd, BoundReason.PROPAGATION, source, why);
        }
        if (r < 0) {
          c.uses++;
          this.infeasibleConflict = c;
          return 'infeasible';
        }
        if (r > 0) c.uses++;
      }
    }
    return 'ok';
  }
}
