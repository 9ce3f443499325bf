import type { Highs } from 'highs';
import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';
import {
  MODEL_STATUS_NAMES, MS_EMPTY, MS_INFEASIBLE, MS_ITERATION_LIMIT, MS_NOT_SET, MS_OBJECTIVE_BOUND, MS_OPTIMAL,
  MS_TIME_LIMIT, MS_UNBOUNDED, MS_UNBOUNDED_OR_INFEASIBLE, STRATEGY_DUAL, STRATEGY_PRIMAL,
} from './highs-codes.js';
import { getHighs } from './highs-loader.js';
import { toHighsModelData } from './highs-model-data.js';
import type { NativeLp, OptionValue } from './highs-native-lp.js';
import { DirectHighs } from './highs-native-direct.js';
import { WrappedHighs } from './highs-native-wrapped.js';
import { wasmHeapOf } from './highs-wasm-port.js';
import { checkBuffer, checkTableauRow, grown, removeSorted, RowBatch, RowDeletion } from './lp-rows.js';
import type { LpBasis, LpLimits, LpOutcome, LpSolver, LpSolverFactory, LpStats, LpStatus } from './lp-solver.js';

/** highs-js rejects non-finite numeric option values; this stands for "no limit". */
const NO_LIMIT = Number.MAX_VALUE;
const MAX_INT_OPTION = 2147483647;

/** primal feasibility tolerance for rows of a model without columns (HiGHS' default) */
const PRIMAL_TOL = 1e-7;

/** Default of HighsLpOptions.direct: true unless the environment sets MIPNET_HIGHS_DIRECT=0 (to test the fallback). */
function directByDefault(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['MIPNET_HIGHS_DIRECT'] !== '0';
}

/** Options of HighsLpSolver. */
export interface HighsLpOptions {
  /**
   * Call the HiGHS Wasm exports directly (default true, or false when the environment variable
   * MIPNET_HIGHS_DIRECT=0): no per-call marshalling by highs-js, scratch buffers kept in Wasm
   * memory. Needs a runtime with a Wasm port (getHighs(), or workerHighs() in a pool worker; see
   * highs-wasm-port.ts); falls back to highs-js' RawModelApi for any other runtime or when the
   * port's self-test fails; false forces the fallback.
   */
  direct?: boolean;
}

/**
 * LpSolver over one persistent highs-js model of the LP relaxation.
 *
 * - Always minimises: a maximisation model is loaded with negated costs and offset, so every
 *   objective, row dual and reduced cost reported here is in minimisation sense (d = c - A'y with
 *   c the minimisation costs). Objectives include the objective offset.
 * - Presolve off, serial dual simplex, so a solve after bound changes warm-starts from the last basis.
 * - Column bounds are mirrored in JS; changes are collected and pushed right before optimize()
 *   (one changeColsBounds call with an index set when more than NativeLp.singlePushMax columns changed),
 *   and only for columns whose bounds differ from the bounds HiGHS currently holds
 *   (stats().boundChangesPushed counts those columns).
 * - A column with lower > upper makes optimize() return 'infeasible' without calling HiGHS.
 * - Options are set only when their value changes (each set is a Wasm round trip).
 * - The cutoff maps to HiGHS's objective_bound (dual simplex only). HiGHS stops with
 *   'objective bound' when the dual objective exceeds it; an optimal solve whose objective exceeds
 *   the cutoff is reported as 'cutoff' too, so the caller sees one status for "prunable".
 * - HiGHS's 'unbounded or infeasible' is disambiguated by re-running with primal simplex; if it is
 *   still ambiguous, the outcome is 'unbounded' with a message saying so (the LP has no finite
 *   bound proven; primal feasibility is not established).
 * - time_limit in HiGHS is cumulative over runs: the clocks are zeroed before each limited solve.
 * - Solution vectors are fetched from HiGHS lazily, once per optimize(), on the first getter call;
 *   each vector is copied out on its first use only (fresh arrays per solve).
 * - getBasis skips the basis_validity query right after an optimal / objective-bound run. As
 *   before, after setBasis the basis counts as invalid until the next run (HiGHS' info is invalid).
 * - Native calls go through a NativeLp (highs-native-lp.ts): straight to the Wasm exports of the
 *   highs-js runtime (DirectHighs, highs-native-direct.ts: persistent scratch buffers in Wasm
 *   memory reached through the runtime's Wasm port, no per-call marshalling: ~9 us less per solve
 *   than through highs-js), or through highs-js' RawModelApi when that is unavailable or
 *   HighsLpOptions.direct is false (WrappedHighs, highs-native-wrapped.ts). Both make the same
 *   HiGHS calls, so the search is identical.
 * - Rows at run time: addRows -> Highs_addRows (HiGHS appends the rows with basic slacks and keeps
 *   the basis valid: the next dual simplex run starts from the current vertex), deleteRows ->
 *   Highs_deleteRowsBySet (the remaining rows and columns keep their statuses; when a deleted row
 *   was nonbasic, HiGHS builds its starting basis from them on the next run), both checked against
 *   Highs_getNumRow on the direct path. Input is checked in JS first (lp-rows.ts), so HiGHS sees
 *   only well-formed rows; its own refusals (e.g. a coefficient above large_matrix_value) throw
 *   LpBackendError with nothing changed. The row bound copy grows and shrinks with the rows, and
 *   so do the direct path's solution, basis and scratch blocks in Wasm memory (a capacity that
 *   doubles). Added rows do not count in stats().rowChangesPushed.
 * - Tableau: basicVariables -> Highs_getBasicVariables (fetched once per solve), tableauRow ->
 *   Highs_getReducedRow and Highs_getBasisInverseRow, with the signs mapped from HiGHS' logicals
 *   (s_i = -r_i) to the LpSolver convention (see tableauRow). dualRay -> Highs_getDualRay (same
 *   sign convention as LpSolver.dualRay). Through highs-js each of these returns a fresh array
 *   that is copied into the caller's buffer; the direct path reads them from its scratch block.
 */
export class HighsLpSolver implements LpSolver {
  readonly name = 'highs';
  private readonly highs: Highs;
  private readonly direct: boolean;
  private nat: NativeLp | undefined;
  private disposed = false;
  private numCols = 0;
  /** current rows: the model's `modelRows`, then the added ones */
  private numRows = 0;
  private modelRows = 0;

  /** bounds as the caller set them */
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);
  /** bounds HiGHS currently holds */
  private pushedLower = new Float64Array(0);
  private pushedUpper = new Float64Array(0);
  /** columns touched since the last push */
  private dirty = new Uint8Array(0);
  private dirtyList = new Int32Array(0);
  private dirtyCount = 0;
  /** scratch for the packed changeColsBounds call */
  private pushIdx = new Int32Array(0);
  private pushLower = new Float64Array(0);
  private pushUpper = new Float64Array(0);
  /** number of columns with lower > upper */
  private crossed = 0;

  private cutoff = Infinity;
  private iterationLimit = Infinity;
  private timeLimit = Infinity;
  private readonly options = new Map<string, OptionValue>();
  /** values of the per-solve options as HiGHS holds them (NaN = not set yet) */
  private optObjectiveBound = NaN;
  private optIterationLimit = NaN;
  private optTimeLimit = NaN;

  /** a model without columns is answered in JS (HiGHS reports such a model 'empty', without a solution) */
  private noColumns = false;
  private noColumnsFeasible = true;
  private offset = 0;

  /** the solution vectors of the last solve, fetched lazily (each one on first use) */
  private fetched = false;
  private solColValue: Float64Array | undefined;
  private solColDual: Float64Array | undefined;
  private solRowValue: Float64Array | undefined;
  private solRowDual: Float64Array | undefined;
  private hasSolution = false;
  /** the last HiGHS run ended optimal / at the objective bound: its basis is valid (no query needed) */
  private basisKnownValid = false;
  private lastStatus: LpStatus | undefined;

  private solves = 0;
  private iterations = 0;
  private seconds = 0;
  private boundChangesPushed = 0;
  private rowChangesPushed = 0;
  /** row bounds as HiGHS holds them, [0, numRows) (capacity may be larger) */
  private rowLo = new Float64Array(0);
  private rowUp = new Float64Array(0);
  /** reusable input buffers of addRows / deleteRows */
  private readonly batch = new RowBatch();
  private readonly deletion = new RowDeletion();
  /** HiGHS' basic variables of the last solve, [0, numRows), fetched on first tableau use */
  private basicBuf = new Int32Array(0);
  private basicKnown = false;
  /** the last solve was an infeasible HiGHS run (or a model without columns), unchanged since: dualRay may answer */
  private rayAvailable = false;

  constructor(highs: Highs, options: HighsLpOptions = {}) {
    this.highs = highs;
    this.direct = options.direct ?? directByDefault();
  }

  /** Whether this solver calls the Wasm exports directly (false: highs-js RawModelApi). */
  get directCalls(): boolean {
    return this.nat instanceof DirectHighs;
  }

  load(model: Model): void {
    this.check('load');
    if (this.nat) throw new LpBackendError('load LP', 'a model is already loaded (load may be called once)');
    const n = model.numCols;
    this.numCols = n;
    this.numRows = model.numRows;
    this.modelRows = model.numRows;
    const data = toHighsModelData(model, { relax: true, negateForMax: true });
    const heap = this.direct ? wasmHeapOf(this.highs) : undefined;
    const nat = heap ? DirectHighs.create(heap, data, model) : WrappedHighs.create(this.highs, data);
    if (typeof nat === 'string') throw new LpBackendError('load LP', `HiGHS rejected model "${model.name}": ${nat}`);
    this.nat = nat;
    this.setOption('output_flag', false);
    this.setOption('presolve', 'off');
    this.setOption('solver', 'simplex');
    this.setOption('simplex_strategy', STRATEGY_DUAL);
    this.lower = Float64Array.from(model.colLower);
    this.upper = Float64Array.from(model.colUpper);
    this.pushedLower = Float64Array.from(model.colLower);
    this.pushedUpper = Float64Array.from(model.colUpper);
    this.dirty = new Uint8Array(n);
    this.dirtyList = new Int32Array(n);
    this.pushIdx = new Int32Array(n);
    this.pushLower = new Float64Array(n);
    this.pushUpper = new Float64Array(n);
    this.crossed = 0;
    for (let j = 0; j < n; j++) if (this.lower[j]! > this.upper[j]!) this.crossed++;
    this.offset = model.sense === 'maximize' ? -model.objectiveOffset : model.objectiveOffset;
    this.noColumns = n === 0;
    this.rowLo = Float64Array.from(model.rowLower);
    this.rowUp = Float64Array.from(model.rowUpper);
    this.updateNoColumnsFeasible();
  }

  rowCount(): number {
    this.loaded('read row count');
    return this.numRows;
  }

  addRows(count: number, lower: ArrayLike<number>, upper: ArrayLike<number>, starts: ArrayLike<number>, indices: ArrayLike<number>, values: ArrayLike<number>): void {
    const op = 'add rows';
    const nat = this.loaded(op);
    const b = this.batch;
    b.load(op, this.numCols, count, lower, upper, starts, indices, values);
    if (count === 0) return;
    this.modelChanged();
    const m = this.numRows;
    let status: number;
    try {
      status = nat.addRows(count, b.lower, b.upper, b.starts, b.indices, b.values);
    } catch (e) {
      throw nativeError(op, e);
    }
    if (status === -1) throw new LpBackendError(op, `HiGHS returned an error status (${this.rowsHeld(nat, m)})`);
    this.rowLo = grown(this.rowLo, m + count, m);
    this.rowUp = grown(this.rowUp, m + count, m);
    this.rowLo.set(b.lower.subarray(0, count), m);
    this.rowUp.set(b.upper.subarray(0, count), m);
    this.numRows = m + count;
    if (this.noColumns) this.updateNoColumnsFeasible();
  }

  deleteRows(rows: ArrayLike<number>): void {
    const op = 'delete rows';
    const nat = this.loaded(op);
    const d = this.deletion;
    d.load(op, rows, this.modelRows, this.numRows);
    const k = d.count;
    if (k === 0) return;
    this.modelChanged();
    const m = this.numRows;
    let status: number;
    try {
      status = nat.deleteRows(k, d.rows);
    } catch (e) {
      throw nativeError(op, e);
    }
    if (status === -1) throw new LpBackendError(op, `HiGHS returned an error status (${this.rowsHeld(nat, m)})`);
    removeSorted(this.rowLo, m, d.rows, k);
    removeSorted(this.rowUp, m, d.rows, k);
    this.numRows = m - k;
    if (this.noColumns) this.updateNoColumnsFeasible();
  }

  /** After a failed row change: whether HiGHS still holds the `expected` rows (else this solver is out of step). */
  private rowsHeld(nat: NativeLp, expected: number): string {
    const held = nat.numRows();
    return held === expected ? 'no row changed' : `HiGHS now holds ${held} rows, this solver ${expected}: dispose it`;
  }

  basicVariables(out: Int32Array): boolean {
    const op = 'read basic variables';
    const nat = this.loaded(op);
    checkBuffer(op, out.length, this.numRows, 'rows');
    const basic = this.basic(nat);
    if (!basic) return false;
    out.set(basic.subarray(0, this.numRows));
    return true;
  }

  /**
   * HiGHS' tableau rows in the LpSolver convention. HiGHS' simplex works on A x + s = 0 with one
   * logical s_i = -r_i per row (its bounds are the negated row bounds, and the basis matrix B has
   * the column +e_i for a basic logical); Highs_getReducedRow gives row p of B^-1 A and
   * Highs_getBasisInverseRow row p of B^-1, so HiGHS' identity is B^-1 A x - B^-1 r = 0 over the
   * row activities r = A x. When position p holds a column, out = (B^-1 A)_p and slackOut =
   * -(B^-1)_p (the column's coefficient is already +1); when it holds the logical of row i, HiGHS'
   * row has -1 at r_i, so both are negated: out = -(B^-1 A)_p, slackOut = +(B^-1)_p. Then
   * sum_j out[j] x_j + sum_i slackOut[i] r_i = 0 with coefficient +1 at the basic variable, as
   * LpSolver.tableauRow states. Without columns (answered here) every row is basic: slackOut = e_p.
   */
  tableauRow(position: number, out: Float64Array, slackOut?: Float64Array): boolean {
    const op = 'read tableau row';
    const nat = this.loaded(op);
    const m = this.numRows;
    const n = this.numCols;
    checkTableauRow(position, m, n, out, slackOut);
    const basic = this.basic(nat);
    if (!basic) return false;
    if (this.noColumns) {
      if (slackOut) {
        slackOut.fill(0, 0, m);
        slackOut[position] = 1;
      }
      return true;
    }
    let status: number;
    try {
      status = nat.reducedRow(position, out);
      if (status !== -1 && slackOut) status = nat.basisInverseRow(position, slackOut);
    } catch (e) {
      throw nativeError(op, e);
    }
    if (status === -1) return false;
    if (basic[position]! < 0) {
      for (let j = 0; j < n; j++) out[j] = -out[j]! || 0;
    } else if (slackOut) {
      for (let i = 0; i < m; i++) slackOut[i] = -slackOut[i]! || 0;
    }
    return true;
  }

  /** The basic variables of the last solve (fetched once); undefined when there is no valid basis. */
  private basic(nat: NativeLp): Int32Array | undefined {
    if (this.basicKnown) return this.basicBuf;
    if (!this.hasSolution) return undefined;
    const m = this.numRows;
    if (this.basicBuf.length < m) this.basicBuf = new Int32Array(Math.max(m, 2 * this.basicBuf.length));
    const basic = this.basicBuf;
    if (this.noColumns) {
      for (let i = 0; i < m; i++) basic[i] = -1 - i;
    } else {
      if (!this.basisKnownValid && !nat.basisValid()) return undefined;
      let status: number;
      try {
        status = nat.basicVariables(basic);
      } catch (e) {
        throw nativeError('read basic variables', e);
      }
      if (status === -1) return undefined;
    }
    this.basicKnown = true;
    return basic;
  }

  /**
   * A Farkas proof after an infeasible solve. HiGHS' dual ray (Highs_getDualRay) has the sign of
   * its row duals (minimisation sense: >= 0 where a lower bound is active, <= 0 where an upper
   * bound is): exactly the LpSolver convention, so it is passed on, with the entries that would
   * need an infinite row bound and are negligible (<= 1e-9 of the largest) set to 0; a ray with a
   * larger such entry is no proof (false). Infeasibility found here without HiGHS: crossed
   * column bounds have no proof (false); a model without columns gets y = +-e_i for a row whose
   * bounds exclude 0.
   */
  dualRay(out: Float64Array): boolean {
    const op = 'read dual ray';
    const nat = this.loaded(op);
    const m = this.numRows;
    checkBuffer(op, out.length, m, 'rows');
    if (!this.rayAvailable) return false;
    const lo = this.rowLo;
    const up = this.rowUp;
    if (this.noColumns) {
      for (let i = 0; i < m; i++) {
        if (lo[i]! > PRIMAL_TOL || up[i]! < -PRIMAL_TOL) {
          out.fill(0, 0, m);
          out[i] = lo[i]! > PRIMAL_TOL ? 1 : -1;
          return true;
        }
      }
      return false;
    }
    let status: number;
    try {
      status = nat.dualRay(out);
    } catch (e) {
      throw nativeError(op, e);
    }
    if (status !== 1) return false;
    let scale = 0;
    for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(out[i]!));
    if (!(scale > 0)) return false;
    for (let i = 0; i < m; i++) {
      const y = out[i]!;
      if ((y > 0 && lo[i] === -Infinity) || (y < 0 && up[i] === Infinity)) {
        if (Math.abs(y) > 1e-9 * scale) return false;
        out[i] = 0;
      }
    }
    return true;
  }

  private updateNoColumnsFeasible(): void {
    this.noColumnsFeasible = true;
    for (let i = 0; i < this.numRows; i++) {
      if (this.rowLo[i]! > PRIMAL_TOL || this.rowUp[i]! < -PRIMAL_TOL) this.noColumnsFeasible = false;
    }
  }

  changeCoefficient(row: number, col: number, value: number): void {
    const op = 'change coefficient';
    const nat = this.loaded(op);
    this.checkRow(op, row);
    if (!(col >= 0 && col < this.numCols) || !Number.isInteger(col)) {
      throw new LpBackendError(op, `column index ${col} out of range [0, ${this.numCols})`);
    }
    if (!Number.isFinite(value)) throw new LpBackendError(op, `coefficient (${row}, ${col}) must be finite, got ${value}`);
    this.rowChanged();
    this.checkStatus(nat.changeCoeff(row, col, value), op);
  }

  changeRowBounds(row: number, lower: number, upper: number): void {
    const op = 'change row bounds';
    const nat = this.loaded(op);
    this.checkRow(op, row);
    if (Number.isNaN(lower) || Number.isNaN(upper)) throw new LpBackendError(op, `NaN bound for row ${row}`);
    if (lower > upper) throw new LpBackendError(op, `row ${row}: lower bound ${lower} > upper bound ${upper}`);
    if (this.rowLo[row] === lower && this.rowUp[row] === upper) return;
    this.rowChanged();
    this.checkStatus(nat.changeRowBounds(row, lower, upper), op);
    this.rowLo[row] = lower;
    this.rowUp[row] = upper;
    if (this.noColumns) this.updateNoColumnsFeasible();
  }

  private checkRow(op: string, row: number): void {
    if (!(row >= 0 && row < this.numRows) || !Number.isInteger(row)) {
      throw new LpBackendError(op, `row index ${row} out of range [0, ${this.numRows})`);
    }
  }

  /** A matrix or row change: the last solution is void (HiGHS invalidates it); the basis is kept. */
  private rowChanged(): void {
    this.modelChanged();
    this.rowChangesPushed++;
  }

  /** Any change of the LP but column bounds: the last solution, tableau and ray are void. */
  private modelChanged(): void {
    this.clearSolution();
    this.hasSolution = false;
    this.basisKnownValid = false;
    this.rayAvailable = false;
  }

  changeColBounds(j: number, lower: number, upper: number): void {
    this.loaded('change column bounds');
    if (!(j >= 0 && j < this.numCols) || !Number.isInteger(j)) {
      throw new LpBackendError('change column bounds', `column index ${j} out of range [0, ${this.numCols})`);
    }
    this.setBounds(j, lower, upper);
  }

  setColBounds(lower: ArrayLike<number>, upper: ArrayLike<number>): void {
    this.loaded('set column bounds');
    const n = this.numCols;
    if (lower.length !== n || upper.length !== n) {
      throw new LpBackendError('set column bounds', `expected ${n} lower and upper bounds, got ${lower.length} and ${upper.length}`);
    }
    const lo = this.lower;
    const up = this.upper;
    for (let j = 0; j < n; j++) {
      const l = lower[j]!;
      const u = upper[j]!;
      if (l !== lo[j] || u !== up[j]) this.setBounds(j, l, u);
    }
  }

  private setBounds(j: number, l: number, u: number): void {
    if (Number.isNaN(l) || Number.isNaN(u)) {
      throw new LpBackendError('change column bounds', `NaN bound for column ${j}`);
    }
    const oldL = this.lower[j]!;
    const oldU = this.upper[j]!;
    if (oldL === l && oldU === u) return;
    if (oldL > oldU) this.crossed--;
    if (l > u) this.crossed++;
    this.lower[j] = l;
    this.upper[j] = u;
    if (this.dirty[j] === 0) {
      this.dirty[j] = 1;
      this.dirtyList[this.dirtyCount++] = j;
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
  }

  setLimits(limits: LpLimits): void {
    this.check('set LP limits');
    if (limits.iterations !== undefined) {
      if (!(limits.iterations >= 0)) throw new LpBackendError('set LP limits', `iteration limit must be >= 0, got ${limits.iterations}`);
      this.iterationLimit = limits.iterations;
    }
    if (limits.seconds !== undefined) {
      if (!(limits.seconds > 0)) throw new LpBackendError('set LP limits', `time limit must be > 0 seconds, got ${limits.seconds}`);
      this.timeLimit = limits.seconds;
    }
  }

  optimize(): LpOutcome {
    const nat = this.loaded('optimize LP');
    this.clearSolution();
    this.hasSolution = false;
    this.rayAvailable = false;
    const t0 = performance.now();
    this.solves++;
    if (this.crossed > 0 || this.noColumns) {
      // lower > upper on some column (HiGHS rejects such bounds), or nothing to optimise: answer here
      const status: LpStatus = this.crossed > 0 || !this.noColumnsFeasible ? 'infeasible' : this.offset > this.cutoff ? 'cutoff' : 'optimal';
      this.lastStatus = status;
      this.hasSolution = status !== 'infeasible';
      this.rayAvailable = status === 'infeasible' && this.crossed === 0;
      if (this.hasSolution) {
        const zeros = new Float64Array(this.numRows);
        this.fetched = true;
        this.solColValue = new Float64Array(0);
        this.solColDual = new Float64Array(0);
        this.solRowValue = zeros;
        this.solRowDual = zeros;
      }
      const seconds = (performance.now() - t0) / 1000;
      this.seconds += seconds;
      return { status, objective: status === 'infeasible' ? Infinity : this.offset, iterations: 0, seconds };
    }
    this.pushBounds(nat);
    const bound = this.cutoff === Infinity ? NO_LIMIT : this.cutoff;
    if (bound !== this.optObjectiveBound) {
      this.setOption('objective_bound', bound);
      this.optObjectiveBound = bound;
    }
    const itLimit = this.iterationLimit >= MAX_INT_OPTION ? MAX_INT_OPTION : Math.floor(this.iterationLimit);
    if (itLimit !== this.optIterationLimit) {
      this.setOption('simplex_iteration_limit', itLimit);
      this.optIterationLimit = itLimit;
    }
    const tLimit = this.timeLimit === Infinity ? NO_LIMIT : this.timeLimit;
    if (tLimit !== this.optTimeLimit) {
      this.setOption('time_limit', tLimit);
      this.optTimeLimit = tLimit;
    }
    if (this.timeLimit !== Infinity) nat.zeroAllClocks();
    this.basisKnownValid = false;

    let runStatus: number;
    try {
      runStatus = nat.run();
    } catch (e) {
      const seconds = (performance.now() - t0) / 1000;
      this.seconds += seconds;
      this.lastStatus = 'error';
      return { status: 'error', objective: NaN, iterations: 0, seconds, message: `HiGHS run threw: ${(e as Error).message}` };
    }
    let ms = nat.modelStatus();
    let iterations = nat.iterations();
    let message: string | undefined;
    if (runStatus !== -1 && ms === MS_UNBOUNDED_OR_INFEASIBLE) {
      // dual simplex found the dual infeasible: primal simplex tells infeasible from unbounded
      this.setOption('simplex_strategy', STRATEGY_PRIMAL);
      try {
        runStatus = nat.run();
        ms = nat.modelStatus();
        iterations += nat.iterations();
      } finally {
        this.setOption('simplex_strategy', STRATEGY_DUAL);
      }
      if (ms === MS_UNBOUNDED_OR_INFEASIBLE) message = 'HiGHS: unbounded or infeasible (no finite bound; primal feasibility not established)';
    }
    const seconds = (performance.now() - t0) / 1000;
    this.seconds += seconds;
    this.iterations += iterations;

    let status: LpStatus;
    let objective = NaN;
    if (runStatus === -1 && ms !== MS_OPTIMAL) {
      status = 'error';
      message = `HiGHS run failed (model status: ${MODEL_STATUS_NAMES[ms] ?? ms})`;
    } else {
      switch (ms) {
        case MS_OPTIMAL:
        case MS_EMPTY:
          objective = nat.objective();
          status = objective > this.cutoff ? 'cutoff' : 'optimal';
          this.hasSolution = true;
          this.basisKnownValid = ms === MS_OPTIMAL;
          break;
        case MS_INFEASIBLE:
          status = 'infeasible';
          objective = Infinity;
          this.rayAvailable = true;
          break;
        case MS_UNBOUNDED:
        case MS_UNBOUNDED_OR_INFEASIBLE:
          status = 'unbounded';
          objective = -Infinity;
          break;
        case MS_OBJECTIVE_BOUND: {
          status = 'cutoff';
          const v = nat.objective();
          objective = Number.isFinite(v) && v >= this.cutoff ? v : this.cutoff;
          this.hasSolution = true; // HiGHS keeps the (dual feasible) iterate
          this.basisKnownValid = true;
          break;
        }
        case MS_ITERATION_LIMIT:
          status = 'iteration-limit';
          objective = nat.objective();
          this.hasSolution = true;
          break;
        case MS_TIME_LIMIT:
          status = 'time-limit';
          objective = nat.objective();
          this.hasSolution = true;
          break;
        default:
          status = 'error';
          message = `HiGHS model status ${ms === MS_NOT_SET ? 'not set' : MODEL_STATUS_NAMES[ms] ?? String(ms)}`;
      }
    }
    this.lastStatus = status;
    const outcome: LpOutcome = { status, objective, iterations, seconds };
    if (message !== undefined) outcome.message = message;
    return outcome;
  }

  primal(): Float64Array {
    return (this.solColValue ??= this.fetch('read primal values').colValue());
  }

  rowActivity(): Float64Array {
    return (this.solRowValue ??= this.fetch('read row activities').rowValue());
  }

  rowDual(): Float64Array {
    return (this.solRowDual ??= this.fetch('read row duals').rowDual());
  }

  reducedCosts(): Float64Array {
    return (this.solColDual ??= this.fetch('read reduced costs').colDual());
  }

  getBasis(): LpBasis | undefined {
    const nat = this.loaded('get basis');
    // a basis is valid right after an optimal (or objective-bound) simplex run: no info query then
    if (!this.basisKnownValid && !nat.basisValid()) return undefined;
    return nat.getBasis();
  }

  setBasis(basis: LpBasis): void {
    const nat = this.loaded('set basis');
    if (basis.colStatus.length !== this.numCols || basis.rowStatus.length !== this.numRows) {
      throw new LpBackendError(
        'set basis',
        `basis has ${basis.colStatus.length} column and ${basis.rowStatus.length} row statuses, model has ${this.numCols} columns and ${this.numRows} rows`,
      );
    }
    // HiGHS checks a basis against the bounds it holds: push pending bound changes first
    if (this.crossed === 0) this.pushBounds(nat);
    this.basisKnownValid = false;
    this.basicKnown = false;
    this.rayAvailable = false;
    let status: number;
    try {
      status = nat.setBasis(basis.colStatus, basis.rowStatus);
    } catch (e) {
      throw new LpBackendError('set basis', (e as Error).message);
    }
    if (status === -1) throw new LpBackendError('set basis', 'HiGHS rejected the basis');
  }

  stats(): LpStats {
    return {
      solves: this.solves,
      iterations: this.iterations,
      seconds: this.seconds,
      boundChangesPushed: this.boundChangesPushed,
      rowChangesPushed: this.rowChangesPushed,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const nat = this.nat;
    this.nat = undefined;
    this.clearSolution();
    nat?.dispose();
  }

  private clearSolution(): void {
    this.basicKnown = false;
    this.fetched = false;
    this.solColValue = undefined;
    this.solColDual = undefined;
    this.solRowValue = undefined;
    this.solRowDual = undefined;
  }

  /** Pushes the columns whose bounds differ from HiGHS's copy, in one changeColsBounds call. */
  private pushBounds(nat: NativeLp): void {
    const count = this.dirtyCount;
    if (count === 0) return;
    const list = this.dirtyList;
    const dirty = this.dirty;
    const lo = this.lower;
    const up = this.upper;
    const plo = this.pushedLower;
    const pup = this.pushedUpper;
    const idx = this.pushIdx;
    let k = 0;
    for (let i = 0; i < count; i++) {
      const j = list[i]!;
      dirty[j] = 0;
      if (lo[j] !== plo[j] || up[j] !== pup[j]) idx[k++] = j;
    }
    this.dirtyCount = 0;
    if (k === 0) return;
    if (k <= nat.singlePushMax) {
      for (let i = 0; i < k; i++) {
        const j = idx[i]!;
        this.checkStatus(nat.changeColBounds(j, lo[j]!, up[j]!), 'push column bounds');
      }
    } else {
      const sel = idx.subarray(0, k).sort();
      const pl = this.pushLower;
      const pu = this.pushUpper;
      for (let i = 0; i < k; i++) {
        const j = sel[i]!;
        pl[i] = lo[j]!;
        pu[i] = up[j]!;
      }
      this.checkStatus(
        nat.changeColsBounds(k, sel, pl, pu),
        'push column bounds',
      );
    }
    for (let i = 0; i < k; i++) {
      const j = idx[i]!;
      plo[j] = lo[j]!;
      pup[j] = up[j]!;
    }
    this.boundChangesPushed += k;
  }

  private setOption(name: string, value: OptionValue): void {
    if (this.options.get(name) === value) return;
    this.checkStatus(this.nat!.setOption(name, value), `set HiGHS option ${name}`);
    this.options.set(name, value);
  }

  /** The native solution, fetched from HiGHS once per optimize() (vectors are copied on first use each). */
  private fetch(operation: string): NativeLp {
    const nat = this.loaded(operation);
    if (this.fetched) return nat;
    if (!this.hasSolution) {
      throw new LpBackendError(operation, `no solution available (last LP status: ${this.lastStatus ?? 'not solved'})`);
    }
    let ok: boolean;
    try {
      ok = nat.fetchSolution();
    } catch (e) {
      throw new LpBackendError(operation, `HiGHS returned no solution: ${(e as Error).message}`);
    }
    if (!ok) throw new LpBackendError(operation, 'HiGHS returned no solution');
    this.fetched = true;
    return nat;
  }

  private checkStatus(status: number, operation: string): void {
    if (status === -1) throw new LpBackendError(operation, 'HiGHS returned an error status');
  }

  private check(operation: string): void {
    if (this.disposed) throw new LpBackendError(operation, 'the LP solver has been disposed');
  }

  private loaded(operation: string): NativeLp {
    if (this.disposed) throw new LpBackendError(operation, 'the LP solver has been disposed');
    if (!this.nat) throw new LpBackendError(operation, 'no model loaded (call load first)');
    return this.nat;
  }
}

/** A native call that threw (highs-js validation, a Wasm trap) as LpBackendError naming the operation. */
function nativeError(operation: string, e: unknown): LpBackendError {
  return new LpBackendError(operation, `HiGHS call threw: ${(e as Error).message ?? String(e)}`);
}

/** Creates a HiGHS LP solver on an already loaded runtime. */
export function createHighsLpSolver(highs: Highs, options: HighsLpOptions = {}): LpSolver {
  return new HighsLpSolver(highs, options);
}

/** Loads the HiGHS runtime (once per thread) and returns a factory of HiGHS LP solvers. */
export async function highsLpFactory(options: HighsLpOptions = {}): Promise<LpSolverFactory> {
  const highs = await getHighs();
  return () => new HighsLpSolver(highs, options);
}
