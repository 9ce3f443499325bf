import type { Model } from '../model/model.js';
import { PostsolveStack } from './postsolve.js';
import { emptyReductionStats, type ReductionStats } from './stats.js';
import { FIXED_COLUMN_TOL, INFEASIBILITY_TOL, INTEGER_ROUNDING_TOL, isInfinite, MIN_BOUND_IMPROVEMENT, scaleOf } from './tolerances.js';

/** Result of a bound change: -1 the bounds cross (infeasible), 0 nothing changed, 1 tightened. */
export type Tightening = -1 | 0 | 1;

/**
 * The model while presolve works on it: copies of the bounds, costs and row sides, the matrix as
 * entries (row, column, value) reachable row-wise and column-wise, with alive flags for rows,
 * columns and entries. Nothing is ever added; reductions delete rows, columns and entries, tighten
 * bounds and row sides and change coefficients through the methods here, which keep the counts,
 * the statistics of the running reduction and the postsolve stack up to date.
 *
 * Entries within a row are in increasing column order and within a column in increasing row
 * order (parallel-row and parallel-column detection rely on it).
 *
 * In bounds-only mode (models with NN structure) the reduced model keeps every row and column of
 * the original and only takes the column bounds from here; rows "removed" here are rows implied by
 * the bounds (they stay in the model, harmless), and a removed column is fixed by its bounds. The
 * reductions that cannot be expressed that way (row-side, coefficient and column merges) are not
 * run in that mode.
 */
export class PresolveProblem {
  readonly model: Model;
  readonly boundsOnly: boolean;
  readonly numCols: number;
  readonly numRows: number;
  /** +1 when minimising, -1 when maximising: dir·cost is the cost to minimise */
  readonly dir: number;
  readonly cost: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly integrality: Uint8Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** entries, in row-major order */
  readonly entryRow: Int32Array;
  readonly entryCol: Int32Array;
  readonly entryValue: Float64Array;
  readonly entryAlive: Uint8Array;
  /** row i's entries are entry ids rowStart[i] .. rowStart[i+1]-1 (row-major ids) */
  readonly rowStart: Int32Array;
  /** column j's entries are colEntry[colStart[j] .. colStart[j+1]-1] */
  readonly colStart: Int32Array;
  readonly colEntry: Int32Array;
  /** alive entries per row / column */
  readonly rowLength: Int32Array;
  readonly colLength: Int32Array;
  readonly rowAlive: Uint8Array;
  readonly colAlive: Uint8Array;
  /** objective offset in the model's sense, fixed columns included */
  offset: number;
  readonly postsolve = new PostsolveStack();
  /** statistics the changes are counted to (the running reduction's) */
  stats: ReductionStats = emptyReductionStats('empty-rows');
  /** set by every change; presolve stops at a round that leaves it false */
  changed = false;

  constructor(model: Model, boundsOnly: boolean) {
    this.model = model;
    this.boundsOnly = boundsOnly;
    const n = model.numCols;
    const m = model.numRows;
    this.numCols = n;
    this.numRows = m;
    this.dir = model.sense === 'maximize' ? -1 : 1;
    this.cost = Float64Array.from(model.colCost);
    this.lower = Float64Array.from(model.colLower);
    this.upper = Float64Array.from(model.colUpper);
    this.integrality = Uint8Array.from(model.integrality);
    this.rowLower = Float64Array.from(model.rowLower);
    this.rowUpper = Float64Array.from(model.rowUpper);
    this.offset = model.objectiveOffset;
    const rm = model.rowMatrix();
    const nnz = rm.colIndex.length;
    this.rowStart = Int32Array.from(rm.rowStart);
    this.entryCol = Int32Array.from(rm.colIndex);
    this.entryValue = Float64Array.from(rm.value);
    this.entryRow = new Int32Array(nnz);
    this.entryAlive = new Uint8Array(nnz).fill(1);
    this.rowLength = new Int32Array(m);
    this.colLength = new Int32Array(n);
    const colStart = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) {
      for (let e = this.rowStart[i]!; e < this.rowStart[i + 1]!; e++) {
        this.entryRow[e] = i;
        colStart[this.entryCol[e]! + 1]!++;
      }
      this.rowLength[i] = this.rowStart[i + 1]! - this.rowStart[i]!;
    }
    for (let j = 0; j < n; j++) colStart[j + 1]! += colStart[j]!;
    const fill = colStart.slice(0, n);
    const colEntry = new Int32Array(nnz);
    for (let e = 0; e < nnz; e++) colEntry[fill[this.entryCol[e]!]!++] = e;
    for (let j = 0; j < n; j++) this.colLength[j] = colStart[j + 1]! - colStart[j]!;
    this.colStart = colStart;
    this.colEntry = colEntry;
    this.rowAlive = new Uint8Array(m).fill(1);
    this.colAlive = new Uint8Array(n).fill(1);
  }

  colName(j: number): string {
    return this.model.colNames[j] ?? `column ${j}`;
  }

  rowName(i: number): string {
    return this.model.rowNames[i] ?? `row ${i}`;
  }

  /** The cost to minimise of column j. */
  minCost(j: number): number {
    return this.dir * this.cost[j]!;
  }

  isBinary(j: number): boolean {
    return this.integrality[j] === 1 && this.lower[j] === 0 && this.upper[j] === 1;
  }

  /** Alive row / column count. */
  get activeRows(): number {
    let k = 0;
    for (let i = 0; i < this.numRows; i++) k += this.rowAlive[i]!;
    return k;
  }

  get activeCols(): number {
    let k = 0;
    for (let j = 0; j < this.numCols; j++) k += this.colAlive[j]!;
    return k;
  }

  get activeNonzeros(): number {
    let k = 0;
    for (let i = 0; i < this.numRows; i++) if (this.rowAlive[i]) k += this.rowLength[i]!;
    return k;
  }

  /**
   * Raises the lower bound of column j to v (rounded up for integer columns, with a 1e-9 relative
   * tolerance). `exact` changes: every improvement counts (the bound replaces a row); otherwise a
   * continuous bound must improve by MIN_BOUND_IMPROVEMENT of the range. Bounds that cross by at
   * most the infeasibility tolerance are made equal.
   */
  tightenLower(j: number, v: number, exact: boolean): Tightening {
    if (!(v > -Infinity) || isInfinite(v)) return 0;
    const integer = this.integrality[j] === 1;
    if (integer) v = Math.ceil(v - INTEGER_ROUNDING_TOL * Math.max(1, Math.abs(v)));
    const l = this.lower[j]!;
    const u = this.upper[j]!;
    if (v <= l) return 0;
    if (!integer && !exact && !isInfinite(l) && v - l <= MIN_BOUND_IMPROVEMENT * rangeScale(l, u)) return 0;
    if (v > u) {
      if (integer || v - u > INFEASIBILITY_TOL * scaleOf(u)) return -1;
      v = u;
      if (v <= l) return 0;
    }
    this.lower[j] = v;
    this.stats.boundsTightened++;
    this.changed = true;
    return 1;
  }

  /** Lowers the upper bound of column j to v; the mirror of tightenLower. */
  tightenUpper(j: number, v: number, exact: boolean): Tightening {
    if (!(v < Infinity) || isInfinite(v)) return 0;
    const integer = this.integrality[j] === 1;
    if (integer) v = Math.floor(v + INTEGER_ROUNDING_TOL * Math.max(1, Math.abs(v)));
    const l = this.lower[j]!;
    const u = this.upper[j]!;
    if (v >= u) return 0;
    if (!integer && !exact && !isInfinite(u) && u - v <= MIN_BOUND_IMPROVEMENT * rangeScale(l, u)) return 0;
    if (v < l) {
      if (integer || l - v > INFEASIBILITY_TOL * scaleOf(l)) return -1;
      v = l;
      if (v >= u) return 0;
    }
    this.upper[j] = v;
    this.stats.boundsTightened++;
    this.changed = true;
    return 1;
  }

  /** The reason string of a bound conflict on column j. */
  boundConflict(j: number, what: string): string {
    return `${what}: the bounds of column ${this.colName(j)} cross`;
  }

  /** The value column j is fixed at when its bounds (nearly) meet, else NaN. */
  fixedValue(j: number): number {
    const l = this.lower[j]!;
    const u = this.upper[j]!;
    if (l === u) return l;
    if (this.integrality[j] || isInfinite(l) || isInfinite(u)) return NaN;
    return u - l <= FIXED_COLUMN_TOL * scaleOf(l, u) ? 0.5 * (l + u) : NaN;
  }

  /** Deletes entry e (its row and column lose it). */
  removeEntry(e: number): void {
    if (!this.entryAlive[e]) return;
    this.entryAlive[e] = 0;
    this.rowLength[this.entryRow[e]!]!--;
    this.colLength[this.entryCol[e]!]!--;
    if (!this.boundsOnly) this.stats.nonzerosRemoved++;
    this.changed = true;
  }

  /** Deletes row i (a row the reduced model does not need). */
  removeRow(i: number): void {
    if (!this.rowAlive[i]) return;
    for (let e = this.rowStart[i]!; e < this.rowStart[i + 1]!; e++) this.removeEntry(e);
    this.rowAlive[i] = 0;
    if (!this.boundsOnly) this.stats.rowsRemoved++;
    this.changed = true;
  }

  /**
   * Removes column j at value v (integral for an integer column, within its bounds): the row sides
   * and the objective offset absorb it, postsolve puts it back. In bounds-only mode the column is
   * fixed by its bounds instead.
   */
  fixColumn(j: number, v: number): void {
    if (!this.colAlive[j]) return;
    if (this.integrality[j]) v = Math.round(v);
    const cs = this.colStart;
    for (let q = cs[j]!; q < cs[j + 1]!; q++) {
      const e = this.colEntry[q]!;
      if (!this.entryAlive[e]) continue;
      const i = this.entryRow[e]!;
      const av = this.entryValue[e]! * v;
      // infinite sides stay infinite (Infinity - finite)
      this.rowLower[i] = this.rowLower[i]! - av;
      this.rowUpper[i] = this.rowUpper[i]! - av;
      this.removeEntry(e);
    }
    this.offset += this.cost[j]! * v;
    if (this.boundsOnly) {
      if (this.lower[j] !== v) this.stats.boundsTightened++;
      if (this.upper[j] !== v) this.stats.boundsTightened++;
    } else {
      this.stats.colsRemoved++;
    }
    this.lower[j] = v;
    this.upper[j] = v;
    this.colAlive[j] = 0;
    this.postsolve.fix(j, v);
    this.changed = true;
  }

  /**
   * Merges column `drop` into column `keep` (same entries, cost and type): keep stands for
   * x_keep + x_drop from now on, with the summed bounds; postsolve splits the value again.
   */
  mergeColumns(keep: number, drop: number): void {
    const kl = this.lower[keep]!;
    const ku = this.upper[keep]!;
    const dl = this.lower[drop]!;
    const du = this.upper[drop]!;
    this.postsolve.merge(keep, drop, kl, ku, dl, du);
    this.lower[keep] = kl + dl;
    this.upper[keep] = ku + du;
    const cs = this.colStart;
    for (let q = cs[drop]!; q < cs[drop + 1]!; q++) this.removeEntry(this.colEntry[q]!);
    this.colAlive[drop] = 0;
    this.stats.colsRemoved++;
    this.changed = true;
  }

  /** Sets the sides of row i (counted as a row-side change when either moves; in bounds-only mode only presolve's view changes). */
  setRowSides(i: number, lo: number, up: number): void {
    if (this.rowLower[i] === lo && this.rowUpper[i] === up) return;
    this.rowLower[i] = lo;
    this.rowUpper[i] = up;
    if (!this.boundsOnly) this.stats.rowSidesChanged++;
    this.changed = true;
  }

  /** Changes the coefficient of entry e (0 deletes it). */
  setCoefficient(e: number, v: number): void {
    if (v === 0) this.removeEntry(e);
    else this.entryValue[e] = v;
    this.stats.coefficientsChanged++;
    this.changed = true;
  }
}

/** The scale a continuous bound improvement is measured against: the range, or the bound when the range is infinite. */
function rangeScale(l: number, u: number): number {
  if (!isInfinite(l) && !isInfinite(u)) return Math.max(1, u - l);
  return scaleOf(l, u);
}
