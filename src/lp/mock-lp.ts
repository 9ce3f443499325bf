import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { LpBasis, LpLimits, LpOutcome, LpSolver, LpStats, LpStatus } from './lp-solver.js';
import { checkBuffer, checkTableauRow, removeSorted, RowBatch, RowDeletion } from './lp-rows.js';

/** One scripted LP answer. Missing vectors default as documented on ScriptedLpSolver. */
export interface ScriptedLpResult {
  status: LpStatus;
  /** minimisation-sense objective (offset included) */
  objective: number;
  primal?: ArrayLike<number>;
  rowDual?: ArrayLike<number>;
  reducedCosts?: ArrayLike<number>;
  iterations?: number;
  message?: string;
  /**
   * The basis of this answer, for the tableau calls: the basic variable of each basis position
   * (length rowCount(); j a column, -1 - i the slack of row i), and per position its tableau row in
   * the LpSolver.tableauRow convention, over the numCols columns then the rowCount() row
   * activities. Both or neither; without them basicVariables / tableauRow return false.
   */
  basicVariables?: ArrayLike<number>;
  tableau?: ArrayLike<ArrayLike<number>>;
  /** For an 'infeasible' answer: a Farkas proof (length rowCount()), or a function computing it on the first dualRay() call (undefined: none). */
  dualRay?: ArrayLike<number> | (() => ArrayLike<number> | undefined);
}

/**
 * A script: outcomes returned in order, or a function of the current column bounds (and the
 * 0-based optimize() call number) computing the outcome.
 */
export type LpScript =
  | readonly ScriptedLpResult[]
  | ((lower: Float64Array, upper: Float64Array, call: number) => ScriptedLpResult);

/** Every call the engine made, in order. */
export type MockLpCall =
  | { op: 'load'; model: Model }
  | { op: 'changeColBounds'; col: number; lower: number; upper: number }
  | { op: 'setColBounds' }
  | { op: 'changeCoefficient'; row: number; col: number; value: number }
  | { op: 'changeRowBounds'; row: number; lower: number; upper: number }
  | { op: 'addRows'; count: number; first: number }
  | { op: 'deleteRows'; rows: number[] }
  | { op: 'setCutoff'; value: number }
  | { op: 'setLimits'; limits: LpLimits }
  | { op: 'optimize'; call: number; status: LpStatus }
  | { op: 'getBasis' }
  | { op: 'setBasis'; basis: LpBasis }
  | { op: 'dispose' };

export interface ScriptedLpOptions {
  /** report 'cutoff' for an 'optimal' result whose objective exceeds the cutoff, as HighsLpSolver does (default true) */
  applyCutoff?: boolean;
}

/**
 * A scripted LpSolver for unit tests of the search. It follows the LpSolver contract (bounds
 * mirrored, only changed bounds "pushed", dispose idempotent, use after dispose throws) and records
 * what the engine asked for:
 * - `calls`: every call in order;
 * - `pushed`: every bound change that differed from the current bounds (col, lower, upper), in the
 *   order made; `boundsAtOptimize`: copies of the column bounds at each optimize();
 * - `cutoffs`: every value passed to setCutoff; `optimizeCount`;
 * - matrix and row bound changes are kept (`coefficient(row, col)`, `rowBounds(row)`) and used for
 *   the row activities; `loadedModel()` is the model loaded (its rows are rows 0 .. model.numRows - 1);
 * - rows added with addRows follow the model's rows (`rowCount()`; `coefficient` and `rowBounds`
 *   cover them, changeCoefficient / changeRowBounds apply to them), deleteRows removes added rows
 *   (the later ones move up, with their coefficient changes and the statuses of a basis set with
 *   setBasis; added rows enter such a basis basic). Both void the last solution as a backend's
 *   model change does (the getters throw, the tableau calls return false until the next solve);
 *   addRows and deleteRows are recorded in `calls` (deleteRows with the rows sorted);
 * - basicVariables / tableauRow answer from the basis a result carries (ScriptedLpResult
 *   basicVariables / tableau), dualRay from its `dualRay`, after an infeasible answer;
 * - `stats().boundChangesPushed` counts, at each optimize(), the columns whose bounds differ from
 *   their bounds at the previous optimize() (the model's before the first): what a backend pushes.
 * Defaults for a result without vectors: primal = each column's lower bound if finite, else its
 * upper bound if finite, else 0; row duals and reduced costs = 0; row activity = A x when a model
 * was loaded. A script list that runs out throws LpBackendError (the test asked for too many solves).
 */
export class ScriptedLpSolver implements LpSolver {
  readonly name = 'scripted';
  readonly calls: MockLpCall[] = [];
  readonly pushed: Array<{ col: number; lower: number; upper: number }> = [];
  readonly boundsAtOptimize: Array<{ lower: Float64Array; upper: Float64Array }> = [];
  readonly cutoffs: number[] = [];
  optimizeCount = 0;

  private readonly script: LpScript;
  private readonly applyCutoff: boolean;
  private model: Model | undefined;
  private disposed = false;
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);
  /** the bounds at the last optimize() (a backend's copy) */
  private solvedLower = new Float64Array(0);
  private solvedUpper = new Float64Array(0);
  private cutoff = Infinity;
  private last: ScriptedLpResult | undefined;
  private lastStatus: LpStatus | undefined;
  private primalBuf = new Float64Array(0);
  private activityBuf = new Float64Array(0);
  private dualBuf = new Float64Array(0);
  private redCostBuf = new Float64Array(0);
  private basis: LpBasis | undefined;
  private solves = 0;
  private iterations = 0;
  private boundChangesPushed = 0;
  private rowChangesPushed = 0;
  /** changed coefficients by row * numCols + col */
  private readonly coefs = new Map<number, { row: number; col: number; value: number }>();
  private rowLo = new Float64Array(0);
  private rowUp = new Float64Array(0);
  /** rows of the LP: the model's `modelRows`, then the added rows (sparse, in order) */
  private numRows = 0;
  private modelRows = 0;
  private added: Array<{ indices: Int32Array; values: Float64Array }> = [];
  private readonly batch = new RowBatch();
  private readonly deletion = new RowDeletion();
  /** the LP changed (rows added or deleted) since the last solve: its solution and tableau are void */
  private changed = false;
  /** the Farkas proof of the last (infeasible) answer, once computed */
  private ray: ArrayLike<number> | undefined;
  private rayComputed = false;

  constructor(script: LpScript, options: ScriptedLpOptions = {}) {
    this.script = script;
    this.applyCutoff = options.applyCutoff ?? true;
  }

  load(model: Model): void {
    this.check('load LP');
    if (this.model) throw new LpBackendError('load LP', 'a model is already loaded (load may be called once)');
    this.model = model;
    this.calls.push({ op: 'load', model });
    this.lower = Float64Array.from(model.colLower);
    this.upper = Float64Array.from(model.colUpper);
    this.solvedLower = Float64Array.from(model.colLower);
    this.solvedUpper = Float64Array.from(model.colUpper);
    this.primalBuf = new Float64Array(model.numCols);
    this.redCostBuf = new Float64Array(model.numCols);
    this.activityBuf = new Float64Array(model.numRows);
    this.dualBuf = new Float64Array(model.numRows);
    this.rowLo = Float64Array.from(model.rowLower);
    this.rowUp = Float64Array.from(model.rowUpper);
    this.numRows = model.numRows;
    this.modelRows = model.numRows;
  }

  rowCount(): number {
    this.loaded('read row count');
    return this.numRows;
  }

  addRows(count: number, lower: ArrayLike<number>, upper: ArrayLike<number>, starts: ArrayLike<number>, indices: ArrayLike<number>, values: ArrayLike<number>): void {
    const op = 'add rows';
    const model = this.loaded(op);
    const b = this.batch;
    b.load(op, model.numCols, count, lower, upper, starts, indices, values);
    this.calls.push({ op: 'addRows', count, first: this.numRows });
    if (count === 0) return;
    const m = this.numRows;
    const lo = new Float64Array(m + count);
    const up = new Float64Array(m + count);
    lo.set(this.rowLo.subarray(0, m));
    up.set(this.rowUp.subarray(0, m));
    lo.set(b.lower.subarray(0, count), m);
    up.set(b.upper.subarray(0, count), m);
    this.rowLo = lo;
    this.rowUp = up;
    for (let i = 0; i < count; i++) {
      this.added.push({ indices: b.indices.slice(b.starts[i]!, b.starts[i + 1]!), values: b.values.slice(b.starts[i]!, b.starts[i + 1]!) });
    }
    if (this.basis) {
      const rs = new Int32Array(m + count).fill(BASIC);
      rs.set(this.basis.rowStatus);
      this.basis = { colStatus: this.basis.colStatus, rowStatus: rs };
    }
    this.resizeRows(m + count);
  }

  deleteRows(rows: ArrayLike<number>): void {
    const op = 'delete rows';
    const model = this.loaded(op);
    const d = this.deletion;
    d.load(op, rows, this.modelRows, this.numRows);
    const k = d.count;
    const sorted = d.rows.subarray(0, k);
    this.calls.push({ op: 'deleteRows', rows: Array.from(sorted) });
    if (k === 0) return;
    const m = this.numRows;
    removeSorted(this.rowLo, m, sorted, k);
    removeSorted(this.rowUp, m, sorted, k);
    this.rowLo = this.rowLo.slice(0, m - k);
    this.rowUp = this.rowUp.slice(0, m - k);
    this.added = this.added.filter((_, a) => !sorted.includes(this.modelRows + a));
    if (this.basis) {
      const rs = this.basis.rowStatus.slice();
      this.basis = { colStatus: this.basis.colStatus, rowStatus: rs.slice(0, removeSorted(rs, m, sorted, k)) };
    }
    // coefficient changes of the remaining rows move up with them
    const n = model.numCols;
    const kept = [...this.coefs.values()].filter((c) => !sorted.includes(c.row));
    this.coefs.clear();
    for (const c of kept) {
      let shift = 0;
      while (shift < k && sorted[shift]! < c.row) shift++;
      const row = c.row - shift;
      this.coefs.set(row * n + c.col, { row, col: c.col, value: c.value });
    }
    this.resizeRows(m - k);
  }

  /** The new row count: row-sized solution buffers follow it; the last solution is void. */
  private resizeRows(m: number): void {
    this.numRows = m;
    this.activityBuf = new Float64Array(m);
    this.dualBuf = new Float64Array(m);
    this.changed = true;
  }

  changeCoefficient(row: number, col: number, value: number): void {
    const op = 'change coefficient';
    const model = this.loaded(op);
    if (!(row >= 0 && row < this.numRows) || !Number.isInteger(row)) throw new LpBackendError(op, `row index ${row} out of range [0, ${this.numRows})`);
    if (!(col >= 0 && col < model.numCols) || !Number.isInteger(col)) throw new LpBackendError(op, `column index ${col} out of range [0, ${model.numCols})`);
    if (!Number.isFinite(value)) throw new LpBackendError(op, `coefficient (${row}, ${col}) must be finite, got ${value}`);
    this.calls.push({ op: 'changeCoefficient', row, col, value });
    this.coefs.set(row * model.numCols + col, { row, col, value });
    this.rowChangesPushed++;
  }

  changeRowBounds(row: number, lower: number, upper: number): void {
    const op = 'change row bounds';
    this.loaded(op);
    if (!(row >= 0 && row < this.numRows) || !Number.isInteger(row)) throw new LpBackendError(op, `row index ${row} out of range [0, ${this.numRows})`);
    if (Number.isNaN(lower) || Number.isNaN(upper)) throw new LpBackendError(op, `NaN bound for row ${row}`);
    if (lower > upper) throw new LpBackendError(op, `row ${row}: lower bound ${lower} > upper bound ${upper}`);
    this.calls.push({ op: 'changeRowBounds', row, lower, upper });
    if (this.rowLo[row] === lower && this.rowUp[row] === upper) return;
    this.rowLo[row] = lower;
    this.rowUp[row] = upper;
    this.rowChangesPushed++;
  }

  /** The model loaded. */
  loadedModel(): Model {
    return this.loaded('read model');
  }

  /** The coefficient of (row, col) as the engine last set it (the model's or the added row's when unchanged). */
  coefficient(row: number, col: number): number {
    const model = this.loaded('read coefficient');
    this.checkRowIndex('read coefficient', row);
    const c = this.coefs.get(row * model.numCols + col);
    return c ? c.value : this.baseCoefficient(model, row, col);
  }

  /** The coefficient of (row, col) as loaded or added (before changeCoefficient). */
  private baseCoefficient(model: Model, row: number, col: number): number {
    if (row < this.modelRows) return originalCoefficient(model, row, col);
    const r = this.added[row - this.modelRows]!;
    const k = r.indices.indexOf(col);
    return k < 0 ? 0 : r.values[k]!;
  }

  /** The bounds of row i as the engine last set them (added rows included). */
  rowBounds(row: number): { lower: number; upper: number } {
    this.loaded('read row bounds');
    this.checkRowIndex('read row bounds', row);
    return { lower: this.rowLo[row]!, upper: this.rowUp[row]! };
  }

  private checkRowIndex(op: string, row: number): void {
    if (!(row >= 0 && row < this.numRows) || !Number.isInteger(row)) throw new LpBackendError(op, `row index ${row} out of range [0, ${this.numRows})`);
  }

  changeColBounds(j: number, lower: number, upper: number): void {
    this.loaded('change column bounds');
    if (!(j >= 0 && j < this.lower.length) || !Number.isInteger(j)) {
      throw new LpBackendError('change column bounds', `column index ${j} out of range [0, ${this.lower.length})`);
    }
    this.calls.push({ op: 'changeColBounds', col: j, lower, upper });
    this.setBounds(j, lower, upper);
  }

  setColBounds(lower: ArrayLike<number>, upper: ArrayLike<number>): void {
    this.loaded('set column bounds');
    const n = this.lower.length;
    if (lower.length !== n || upper.length !== n) {
      throw new LpBackendError('set column bounds', `expected ${n} lower and upper bounds, got ${lower.length} and ${upper.length}`);
    }
    this.calls.push({ op: 'setColBounds' });
    for (let j = 0; j < n; j++) this.setBounds(j, lower[j]!, upper[j]!);
  }

  private setBounds(j: number, l: number, u: number): void {
    if (Number.isNaN(l) || Number.isNaN(u)) throw new LpBackendError('change column bounds', `NaN bound for column ${j}`);
    if (this.lower[j] === l && this.upper[j] === u) return;
    this.lower[j] = l;
    this.upper[j] = u;
    this.pushed.push({ col: j, lower: l, upper: u });
  }

  /** Counts the columns whose bounds differ from those at the previous optimize() and records the current ones. */
  private pushBounds(): void {
    const lo = this.lower;
    const up = this.upper;
    const slo = this.solvedLower;
    const sup = this.solvedUpper;
    for (let j = 0; j < lo.length; j++) {
      if (lo[j] === slo[j] && up[j] === sup[j]) continue;
      slo[j] = lo[j]!;
      sup[j] = up[j]!;
      this.boundChangesPushed++;
    }
  }

  colLower(): Float64Array {
    this.loaded('read column bounds');
    return this.lower;
  }

  colUpper(): Float64Array {
    this.loaded('read column bounds');
    return this.upper;
  }

  setCutoff(value: number): void {
    this.check('set cutoff');
    if (Number.isNaN(value)) throw new LpBackendError('set cutoff', 'cutoff is NaN');
    this.cutoff = value;
    this.cutoffs.push(value);
    this.calls.push({ op: 'setCutoff', value });
  }

  setLimits(limits: LpLimits): void {
    this.check('set LP limits');
    this.calls.push({ op: 'setLimits', limits: { ...limits } });
  }

  optimize(): LpOutcome {
    const model = this.loaded('optimize LP');
    const call = this.optimizeCount;
    let r: ScriptedLpResult;
    if (typeof this.script === 'function') {
      r = this.script(this.lower, this.upper, call);
    } else {
      const list = this.script as readonly ScriptedLpResult[];
      if (call >= list.length) {
        throw new LpBackendError('optimize LP', `script exhausted: ${list.length} outcomes scripted, optimize() call ${call + 1}`);
      }
      r = list[call]!;
    }
    this.optimizeCount++;
    this.solves++;
    this.pushBounds();
    const iterations = r.iterations ?? 0;
    this.iterations += iterations;
    this.boundsAtOptimize.push({ lower: this.lower.slice(), upper: this.upper.slice() });
    let status = r.status;
    if (this.applyCutoff && status === 'optimal' && r.objective > this.cutoff) status = 'cutoff';
    this.last = r;
    this.lastStatus = status;
    this.changed = false;
    this.ray = undefined;
    this.rayComputed = false;
    this.fill(model, r);
    this.calls.push({ op: 'optimize', call, status });
    const outcome: LpOutcome = { status, objective: r.objective, iterations, seconds: 0 };
    if (r.message !== undefined) outcome.message = r.message;
    return outcome;
  }

  private fill(model: Model, r: ScriptedLpResult): void {
    const n = model.numCols;
    const x = this.primalBuf;
    if (r.primal) {
      if (r.primal.length !== n) throw new LpBackendError('optimize LP', `scripted primal has ${r.primal.length} values, model has ${n} columns`);
      for (let j = 0; j < n; j++) x[j] = r.primal[j]!;
    } else {
      for (let j = 0; j < n; j++) {
        const l = this.lower[j]!;
        const u = this.upper[j]!;
        x[j] = Number.isFinite(l) ? l : Number.isFinite(u) ? u : 0;
      }
    }
    const act = this.activityBuf.fill(0);
    for (let j = 0; j < n; j++) {
      const v = x[j]!;
      if (v === 0) continue;
      for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) act[model.rowIndex[k]!]! += model.value[k]! * v;
    }
    for (let a = 0; a < this.added.length; a++) {
      const row = this.added[a]!;
      let t = 0;
      for (let k = 0; k < row.indices.length; k++) t += row.values[k]! * x[row.indices[k]!]!;
      act[this.modelRows + a] = t;
    }
    for (const c of this.coefs.values()) act[c.row]! += (c.value - this.baseCoefficient(model, c.row, c.col)) * x[c.col]!;
    copyOrZero(this.dualBuf, r.rowDual, 'row duals');
    copyOrZero(this.redCostBuf, r.reducedCosts, 'reduced costs');
    const m = this.numRows;
    if ((r.basicVariables === undefined) !== (r.tableau === undefined)) throw new LpBackendError('optimize LP', 'scripted basicVariables and tableau go together');
    if (r.basicVariables && r.tableau) {
      if (r.basicVariables.length !== m || r.tableau.length !== m) {
        throw new LpBackendError('optimize LP', `scripted basis has ${r.basicVariables.length} positions and ${r.tableau.length} tableau rows, the LP ${m} rows`);
      }
      for (let p = 0; p < m; p++) {
        if (r.tableau[p]!.length !== n + m) throw new LpBackendError('optimize LP', `scripted tableau row ${p} has ${r.tableau[p]!.length} entries, expected ${n + m}`);
      }
    }
    if (r.dualRay !== undefined && typeof r.dualRay !== 'function' && r.dualRay.length !== m) {
      throw new LpBackendError('optimize LP', `scripted dual ray has ${r.dualRay.length} entries, the LP ${m} rows`);
    }
  }

  /** The basis of the last answer, when it carries one and the LP is unchanged since. */
  private scriptedBasis(): ScriptedLpResult | undefined {
    const s = this.lastStatus;
    if (this.changed || !this.last || s === undefined || s === 'infeasible' || s === 'unbounded' || s === 'error') return undefined;
    return this.last.basicVariables && this.last.tableau ? this.last : undefined;
  }

  basicVariables(out: Int32Array): boolean {
    const op = 'read basic variables';
    this.loaded(op);
    checkBuffer(op, out.length, this.numRows, 'rows');
    const r = this.scriptedBasis();
    if (!r) return false;
    for (let p = 0; p < this.numRows; p++) out[p] = r.basicVariables![p]!;
    return true;
  }

  tableauRow(position: number, out: Float64Array, slackOut?: Float64Array): boolean {
    const op = 'read tableau row';
    const model = this.loaded(op);
    const n = model.numCols;
    const m = this.numRows;
    checkTableauRow(position, m, n, out, slackOut);
    const r = this.scriptedBasis();
    if (!r) return false;
    const row = r.tableau![position]!;
    for (let j = 0; j < n; j++) out[j] = row[j]!;
    if (slackOut) for (let i = 0; i < m; i++) slackOut[i] = row[n + i]!;
    return true;
  }

  dualRay(out: Float64Array): boolean {
    const op = 'read dual ray';
    this.loaded(op);
    const m = this.numRows;
    checkBuffer(op, out.length, m, 'rows');
    if (this.changed || this.lastStatus !== 'infeasible' || !this.last) return false;
    if (!this.rayComputed) {
      const d = this.last.dualRay;
      this.ray = typeof d === 'function' ? d() : d;
      this.rayComputed = true;
      if (this.ray && this.ray.length !== m) throw new LpBackendError(op, `scripted dual ray has ${this.ray.length} entries, the LP ${m} rows`);
    }
    if (!this.ray) return false;
    for (let i = 0; i < m; i++) out[i] = this.ray[i]!;
    return true;
  }

  primal(): Float64Array {
    this.solved('read primal values');
    return this.primalBuf;
  }

  rowActivity(): Float64Array {
    this.solved('read row activities');
    return this.activityBuf;
  }

  rowDual(): Float64Array {
    this.solved('read row duals');
    return this.dualBuf;
  }

  reducedCosts(): Float64Array {
    this.solved('read reduced costs');
    return this.redCostBuf;
  }

  getBasis(): LpBasis | undefined {
    const model = this.loaded('get basis');
    this.calls.push({ op: 'getBasis' });
    if (!this.last) return undefined;
    if (this.basis) return { colStatus: this.basis.colStatus.slice(), rowStatus: this.basis.rowStatus.slice() };
    // synthetic: columns at lower, row slacks basic
    return { colStatus: new Int32Array(model.numCols), rowStatus: new Int32Array(this.numRows).fill(BASIC) };
  }

  setBasis(basis: LpBasis): void {
    const model = this.loaded('set basis');
    if (basis.colStatus.length !== model.numCols || basis.rowStatus.length !== this.numRows) {
      throw new LpBackendError('set basis', `basis has ${basis.colStatus.length} column and ${basis.rowStatus.length} row statuses, model has ${model.numCols} columns and ${this.numRows} rows`);
    }
    this.basis = { colStatus: basis.colStatus.slice(), rowStatus: basis.rowStatus.slice() };
    this.calls.push({ op: 'setBasis', basis: this.basis });
  }

  stats(): LpStats {
    return { solves: this.solves, iterations: this.iterations, seconds: 0, boundChangesPushed: this.boundChangesPushed, rowChangesPushed: this.rowChangesPushed };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.calls.push({ op: 'dispose' });
  }

  private solved(operation: string): void {
    this.loaded(operation);
    if (this.changed) throw new LpBackendError(operation, 'no solution available (rows were added or deleted since the last solve)');
    const s = this.lastStatus;
    if (s === undefined || s === 'infeasible' || s === 'unbounded' || s === 'error') {
      throw new LpBackendError(operation, `no solution available (last LP status: ${s ?? 'not solved'})`);
    }
  }

  private check(operation: string): void {
    if (this.disposed) throw new LpBackendError(operation, 'the LP solver has been disposed');
  }

  private loaded(operation: string): Model {
    this.check(operation);
    if (!this.model) throw new LpBackendError(operation, 'no model loaded (call load first)');
    return this.model;
  }
}

/** HiGHS' status code of a basic variable (the synthetic basis and added rows use it). */
const BASIC = 1;

function originalCoefficient(model: Model, row: number, col: number): number {
  for (let k = model.colStart[col]!; k < model.colStart[col + 1]!; k++) if (model.rowIndex[k] === row) return model.value[k]!;
  return 0;
}

function copyOrZero(target: Float64Array, source: ArrayLike<number> | undefined, what: string): void {
  if (!source) {
    target.fill(0);
    return;
  }
  if (source.length !== target.length) {
    throw new LpBackendError('optimize LP', `scripted ${what} have ${source.length} values, expected ${target.length}`);
  }
  for (let i = 0; i < target.length; i++) target[i] = source[i]!;
}
