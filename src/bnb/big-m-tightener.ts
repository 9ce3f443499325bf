import type { LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';

/**
 * Node-local big-M re-tightening of the LP rows (coefficient tightening, as in SCIP's presolve, but
 * redone at every node from the node's bounds).
 *
 * A candidate is a one-sided row with exactly one binary column b. Written as a ≤ row (a ≥ row is
 * negated), `Σ_j a_j x_j + m·b ≤ r`, let U = max Σ_j a_j x_j over the node's bounds of the other
 * columns. Then, at this node,
 * - m < 0 (b = 1 relaxes the row): at b = 1 the row only needs `Σ ≤ U`, so m may rise to
 *   m' = min(0, max(m, r − U)); e.g. a step row `z − (zU + ε) a ≤ −ε` gets the node's zU;
 * - m > 0 (b = 0 relaxes the row): at b = 0 the row only needs `Σ ≤ U`, so coefficient and right-hand
 *   side both drop by d = clamp(r − U, 0, m); e.g. `z ≥ zL (1 − a)` gets the node's zL.
 * Both changes keep every point of the node with binary b (the row is unchanged at the other value
 * of b), so an integral LP solution stays feasible for the original row.
 *
 * Each candidate's current shift t (m' − m, or d) is what the LP holds. Per node the tightener
 * computes the node's valid shift t*: t > t* would cut off points of the node and is always undone
 * (coefficient loosened back); t* − t larger than `minImprovement·|m|` is pushed. So the LP rows are
 * always valid for the node in process, whichever node the search jumps to, with no undo stack.
 */
export class BigMTightener {
  /** number of candidates (row, binary column) */
  readonly count: number;
  private readonly row: Int32Array;
  private readonly col: Int32Array;
  /** +1: ≤ row, −1: ≥ row (normalised by negation) */
  private readonly sign: Float64Array;
  /** normalised coefficient of the binary and right-hand side */
  private readonly m: Float64Array;
  private readonly rhs: Float64Array;
  /** the other columns of each candidate's row (normalised coefficients) */
  private readonly start: Int32Array;
  private readonly others: Int32Array;
  private readonly coef: Float64Array;
  /** shift the LP currently holds per candidate */
  private readonly current: Float64Array;
  /** model row → its candidate (−1: none) */
  private readonly candidateOf: Int32Array;
  private changes = 0;
  private calls = 0;

  constructor(model: Model) {
    const rm = model.rowMatrix();
    const isBinary = (j: number): boolean => model.integrality[j] === 1 && model.colLower[j]! >= 0 && model.colUpper[j]! <= 1;
    const rows: number[] = [];
    const cols: number[] = [];
    const signs: number[] = [];
    const ms: number[] = [];
    const rhss: number[] = [];
    const start: number[] = [0];
    const others: number[] = [];
    const coefs: number[] = [];
    for (let i = 0; i < model.numRows; i++) {
      const lo = model.rowLower[i]!;
      const up = model.rowUpper[i]!;
      const hasLo = Number.isFinite(lo);
      const hasUp = Number.isFinite(up);
      if (hasLo === hasUp) continue; // free, equality or ranged row
      const s = hasUp ? 1 : -1;
      let b = -1;
      let mb = 0;
      let binaries = 0;
      for (let q = rm.rowStart[i]!; q < rm.rowStart[i + 1]!; q++) {
        const j = rm.colIndex[q]!;
        if (isBinary(j) && rm.value[q] !== 0) {
          binaries++;
          b = j;
          mb = s * rm.value[q]!;
        }
      }
      if (binaries !== 1 || rm.rowStart[i + 1]! - rm.rowStart[i]! < 2) continue;
      rows.push(i);
      cols.push(b);
      signs.push(s);
      ms.push(mb);
      rhss.push(s * (hasUp ? up : lo));
      for (let q = rm.rowStart[i]!; q < rm.rowStart[i + 1]!; q++) {
        const j = rm.colIndex[q]!;
        if (j === b || rm.value[q] === 0) continue;
        others.push(j);
        coefs.push(s * rm.value[q]!);
      }
      start.push(others.length);
    }
    this.count = rows.length;
    this.row = Int32Array.from(rows);
    this.col = Int32Array.from(cols);
    this.sign = Float64Array.from(signs);
    this.m = Float64Array.from(ms);
    this.rhs = Float64Array.from(rhss);
    this.start = Int32Array.from(start);
    this.others = Int32Array.from(others);
    this.coef = Float64Array.from(coefs);
    this.current = new Float64Array(this.count);
    this.candidateOf = new Int32Array(model.numRows).fill(-1);
    for (let e = 0; e < this.count; e++) this.candidateOf[this.row[e]!] = e;
  }

  /**
   * The LP's current version of model row `row`: when the LP holds a shifted copy, writes its
   * coefficients (the model's `vals` over `cols`, the binary's changed) into `out` and returns its
   * bounds; null when the LP holds the model's row.
   */
  lpRow(row: number, cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, out: Float64Array): { lower: number; upper: number } | null {
    const e = this.candidateOf[row]!;
    if (e < 0 || this.current[e] === 0) return null;
    const t = this.current[e]!;
    const s = this.sign[e]!;
    const m = this.m[e]!;
    const b = this.col[e]!;
    const coef = m < 0 ? s * (m + t) : s * (m - t);
    for (let k = 0; k < count; k++) out[k] = cols[k] === b ? coef : vals[k]!;
    const r = m < 0 ? this.rhs[e]! : this.rhs[e]! - t;
    return s > 0 ? { lower: -Infinity, upper: r } : { lower: -r, upper: Infinity };
  }

  /** Coefficient / row-bound changes pushed so far, and calls of `apply`. */
  stats(): { changes: number; calls: number } {
    return { changes: this.changes, calls: this.calls };
  }

  /**
   * The node's valid shift of candidate e under bounds lower/upper (0 = the model's row).
   * Exposed for tests.
   */
  validShift(e: number, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
    let maxAct = 0;
    let absAct = 0;
    for (let q = this.start[e]!; q < this.start[e + 1]!; q++) {
      const a = this.coef[q]!;
      const j = this.others[q]!;
      const v = a > 0 ? a * upper[j]! : a * lower[j]!;
      maxAct += v;
      absAct += Math.abs(v);
    }
    if (!Number.isFinite(maxAct)) return 0;
    const m = this.m[e]!;
    const r = this.rhs[e]!;
    // safety margin against round-off in the activity bound
    const slack = 1e-9 * (1 + absAct + Math.abs(r));
    let t = m < 0 ? r - maxAct - slack - m : r - maxAct - slack;
    const cap = Math.abs(m);
    if (!(t > 0)) return 0;
    if (t > cap) t = cap;
    return t;
  }

  /**
   * Makes the LP's candidate rows valid and tight for the node with bounds lower/upper: loosens
   * every row tighter than the node allows, tightens those that gain more than
   * `minImprovement·|m|`. Returns the number of rows changed.
   */
  apply(lp: LpSolver, lower: ArrayLike<number>, upper: ArrayLike<number>, minImprovement: number): number {
    this.calls++;
    let changed = 0;
    const cur = this.current;
    for (let e = 0; e < this.count; e++) {
      const t = this.validShift(e, lower, upper);
      const c = cur[e]!;
      const m = this.m[e]!;
      if (c > t || t - c > minImprovement * Math.abs(m)) {
        if (c === t) continue;
        this.push(lp, e, t);
        cur[e] = t;
        changed++;
      }
    }
    this.changes += changed;
    return changed;
  }

  /** Restores every candidate row of the LP to the model's (shift 0). */
  reset(lp: LpSolver): void {
    for (let e = 0; e < this.count; e++) {
      if (this.current[e] === 0) continue;
      this.push(lp, e, 0);
      this.current[e] = 0;
    }
  }

  private push(lp: LpSolver, e: number, t: number): void {
    const s = this.sign[e]!;
    const m = this.m[e]!;
    const row = this.row[e]!;
    if (m < 0) {
      lp.changeCoefficient(row, this.col[e]!, s * (m + t));
    } else {
      lp.changeCoefficient(row, this.col[e]!, s * (m - t));
      const r = s * (this.rhs[e]! - t);
      if (s > 0) lp.changeRowBounds(row, -Infinity, r);
      else lp.changeRowBounds(row, r, Infinity);
    }
  }
}
