import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { LpBasis, LpLimits, LpOutcome, LpSolver, LpStats, LpStatus } from './lp-solver.js';

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
 *   the row activities; `loadedModel()` is the model loaded;
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
  }

  changeCoefficient(row: number, col: number, value: number): void {
    const op = 'change coefficient';
    const model = this.loaded(op);
    if (!(row >= 0 && row < model.numRows) || !Number.isInteger(row)) throw new LpBackendError(op, `row index ${row} out of range [0, ${model.numRows})`);
    if (!(col >= 0 && col < model.numCols) || !Number.isInteger(col)) throw new LpBackendError(op, `column index ${col} out of range [0, ${model.numCols})`);
    if (!Number.isFinite(value)) throw new LpBackendError(op, `coefficient (${row}, ${col}) must be finite, got ${value}`);
    this.calls.push({ op: 'changeCoefficient', row, col, value });
    this.coefs.set(row * model.numCols + col, { row, col, value });
    this.rowChangesPushed++;
  }

  changeRowBounds(row: number, lower: number, upper: number): void {
    const op = 'change row bounds';
    const model = this.loaded(op);
    if (!(row >= 0 && row < model.numRows) || !Number.isInteger(row)) throw new LpBackendError(op, `row index ${row} out of range [0, ${model.numRows})`);
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

  /** The coefficient of (row, col) as the engine last set it (the model's when unchanged). */
  coefficient(row: number, col: number): number {
    const model = this.loaded('read coefficient');
    const c = this.coefs.get(row * model.numCols + col);
    return c ? c.value : originalCoefficient(model, row, col);
  }

  /** The bounds of row i as the engine last set them. */
  rowBounds(row: number): { lower: number; upper: number } {
    this.loaded('read row bounds');
    return { lower: this.rowLo[row]!, upper: this.rowUp[row]! };
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
    for (const c of this.coefs.values()) act[c.row]! += (c.value - originalCoefficient(model, c.row, c.col)) * x[c.col]!;
    copyOrZero(this.dualBuf, r.rowDual, 'row duals');
    copyOrZero(this.redCostBuf, r.reducedCosts, 'reduced costs');
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
    return { colStatus: new Int32Array(model.numCols), rowStatus: new Int32Array(model.numRows).fill(1) };
  }

  setBasis(basis: LpBasis): void {
    const model = this.loaded('set basis');
    if (basis.colStatus.length !== model.numCols || basis.rowStatus.length !== model.numRows) {
      throw new LpBackendError('set basis', `basis has ${basis.colStatus.length} column and ${basis.rowStatus.length} row statuses, model has ${model.numCols} columns and ${model.numRows} rows`);
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
