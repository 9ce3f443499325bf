import type { Highs, Model as HighsModel, RawModelApi, Solution } from 'highs';
import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';
import { getHighs } from './highs-loader.js';
import { toHighsModelData } from './highs-model-data.js';
import type { LpBasis, LpLimits, LpOutcome, LpSolver, LpSolverFactory, LpStatus } from './lp-solver.js';

/** highs.constants.modelStatus codes (stable C API). */
const MS_NOT_SET = 0;
const MS_EMPTY = 6;
const MS_OPTIMAL = 7;
const MS_INFEASIBLE = 8;
const MS_UNBOUNDED_OR_INFEASIBLE = 9;
const MS_UNBOUNDED = 10;
const MS_OBJECTIVE_BOUND = 11;
const MS_TIME_LIMIT = 13;
const MS_ITERATION_LIMIT = 14;

const MODEL_STATUS_NAMES = [
  'not set', 'load error', 'model error', 'presolve error', 'solve error', 'postsolve error', 'empty',
  'optimal', 'infeasible', 'unbounded or infeasible', 'unbounded', 'objective bound', 'objective target',
  'time limit', 'iteration limit', 'unknown', 'solution limit', 'interrupted',
];

/** simplex_strategy codes */
const STRATEGY_DUAL = 1;
const STRATEGY_PRIMAL = 4;

/** highs-js rejects non-finite numeric option values; this stands for "no limit". */
const NO_LIMIT = Number.MAX_VALUE;
const MAX_INT_OPTION = 2147483647;

/**
 * Up to this many changed columns are pushed with one changeColBounds call each; more go in one
 * changeColsBounds call with an index set. Measured (benchmarks/lp-resolve.bench.ts, Node 20):
 * changeColBounds ~0.8 us per call, changeColsBounds ~2.7 us + ~0.1 us per column.
 */
const SINGLE_PUSH_MAX = 3;

/** primal feasibility tolerance for rows of a model without columns (HiGHS' default) */
const PRIMAL_TOL = 1e-7;

/** basis_validity info value meaning "valid". */
const BASIS_VALID = 1;

type OptionValue = boolean | number | string;

/**
 * LpSolver over one persistent highs-js model of the LP relaxation.
 *
 * - Always minimises: a maximisation model is loaded with negated costs and offset, so every
 *   objective, row dual and reduced cost reported here is in minimisation sense (d = c - A'y with
 *   c the minimisation costs). Objectives include the objective offset.
 * - Presolve off, serial dual simplex, so a solve after bound changes warm-starts from the last basis.
 * - Column bounds are mirrored in JS; changes are collected and pushed right before optimize()
 *   (one changeColsBounds call with an index set when more than SINGLE_PUSH_MAX columns changed),
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
 * - Solution vectors are fetched from HiGHS lazily, once per optimize(), on the first getter call.
 */
export class HighsLpSolver implements LpSolver {
  readonly name = 'highs';
  private readonly highs: Highs;
  private model: HighsModel | undefined;
  private raw: RawModelApi | undefined;
  private disposed = false;
  private numCols = 0;
  private numRows = 0;

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

  /** a model without columns is answered in JS (HiGHS reports such a model 'empty', without a solution) */
  private noColumns = false;
  private noColumnsFeasible = true;
  private offset = 0;

  private solution: Solution | undefined;
  private hasSolution = false;
  private lastStatus: LpStatus | undefined;

  private solves = 0;
  private iterations = 0;
  private seconds = 0;
  private boundChangesPushed = 0;

  constructor(highs: Highs) {
    this.highs = highs;
  }

  load(model: Model): void {
    this.check('load');
    if (this.model) throw new LpBackendError('load LP', 'a model is already loaded (load may be called once)');
    const n = model.numCols;
    this.numCols = n;
    this.numRows = model.numRows;
    let hm: HighsModel;
    try {
      hm = this.highs.createModel(toHighsModelData(model, { relax: true, negateForMax: true }));
    } catch (e) {
      throw new LpBackendError('load LP', `HiGHS rejected model "${model.name}": ${(e as Error).message}`);
    }
    this.model = hm;
    this.raw = hm.raw;
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
    this.noColumnsFeasible = true;
    for (let i = 0; i < model.numRows; i++) {
      if (model.rowLower[i]! > PRIMAL_TOL || model.rowUpper[i]! < -PRIMAL_TOL) this.noColumnsFeasible = false;
    }
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
    const raw = this.loaded('optimize LP');
    this.solution = undefined;
    this.hasSolution = false;
    const t0 = performance.now();
    this.solves++;
    if (this.crossed > 0 || this.noColumns) {
      // lower > upper on some column (HiGHS rejects such bounds), or nothing to optimise: answer here
      const status: LpStatus = this.crossed > 0 || !this.noColumnsFeasible ? 'infeasible' : this.offset > this.cutoff ? 'cutoff' : 'optimal';
      this.lastStatus = status;
      this.hasSolution = status !== 'infeasible';
      if (this.hasSolution) {
        const zeros = new Float64Array(this.numRows);
        this.solution = { colValue: new Float64Array(0), colDual: new Float64Array(0), rowValue: zeros, rowDual: zeros };
      }
      const seconds = (performance.now() - t0) / 1000;
      this.seconds += seconds;
      return { status, objective: status === 'infeasible' ? Infinity : this.offset, iterations: 0, seconds };
    }
    this.pushBounds(raw);
    this.setOption('objective_bound', this.cutoff === Infinity ? NO_LIMIT : this.cutoff);
    this.setOption('simplex_iteration_limit', this.iterationLimit >= MAX_INT_OPTION ? MAX_INT_OPTION : Math.floor(this.iterationLimit));
    this.setOption('time_limit', this.timeLimit === Infinity ? NO_LIMIT : this.timeLimit);
    if (this.timeLimit !== Infinity) raw.zeroAllClocks();

    let runStatus: number;
    try {
      runStatus = raw.run().status;
    } catch (e) {
      const seconds = (performance.now() - t0) / 1000;
      this.seconds += seconds;
      this.lastStatus = 'error';
      return { status: 'error', objective: NaN, iterations: 0, seconds, message: `HiGHS run threw: ${(e as Error).message}` };
    }
    let ms = raw.getModelStatus() as number;
    let iterations = this.iterationCount(raw);
    let message: string | undefined;
    if (runStatus !== -1 && ms === MS_UNBOUNDED_OR_INFEASIBLE) {
      // dual simplex found the dual infeasible: primal simplex tells infeasible from unbounded
      this.setOption('simplex_strategy', STRATEGY_PRIMAL);
      try {
        runStatus = raw.run().status;
        ms = raw.getModelStatus() as number;
        iterations += this.iterationCount(raw);
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
          objective = raw.getObjectiveValue();
          status = objective > this.cutoff ? 'cutoff' : 'optimal';
          this.hasSolution = true;
          break;
        case MS_INFEASIBLE:
          status = 'infeasible';
          objective = Infinity;
          break;
        case MS_UNBOUNDED:
        case MS_UNBOUNDED_OR_INFEASIBLE:
          status = 'unbounded';
          objective = -Infinity;
          break;
        case MS_OBJECTIVE_BOUND: {
          status = 'cutoff';
          const v = raw.getObjectiveValue();
          objective = Number.isFinite(v) && v >= this.cutoff ? v : this.cutoff;
          this.hasSolution = true; // HiGHS keeps the (dual feasible) iterate
          break;
        }
        case MS_ITERATION_LIMIT:
          status = 'iteration-limit';
          objective = raw.getObjectiveValue();
          this.hasSolution = true;
          break;
        case MS_TIME_LIMIT:
          status = 'time-limit';
          objective = raw.getObjectiveValue();
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
    return this.fetch('read primal values').colValue;
  }

  rowActivity(): Float64Array {
    return this.fetch('read row activities').rowValue;
  }

  rowDual(): Float64Array {
    return this.fetch('read row duals').rowDual;
  }

  reducedCosts(): Float64Array {
    return this.fetch('read reduced costs').colDual;
  }

  getBasis(): LpBasis | undefined {
    const raw = this.loaded('get basis');
    const validity = raw.getInfoValue('basis_validity');
    if (validity.status === -1 || Number(validity.value) !== BASIS_VALID) return undefined;
    const b = raw.getBasis();
    if (b.status === -1) return undefined;
    return { colStatus: b.value.colStatus, rowStatus: b.value.rowStatus };
  }

  setBasis(basis: LpBasis): void {
    const raw = this.loaded('set basis');
    if (basis.colStatus.length !== this.numCols || basis.rowStatus.length !== this.numRows) {
      throw new LpBackendError(
        'set basis',
        `basis has ${basis.colStatus.length} column and ${basis.rowStatus.length} row statuses, model has ${this.numCols} columns and ${this.numRows} rows`,
      );
    }
    // HiGHS checks a basis against the bounds it holds: push pending bound changes first
    if (this.crossed === 0) this.pushBounds(raw);
    let status: number;
    try {
      status = raw.setBasis({
        colStatus: basis.colStatus as Int32Array,
        rowStatus: basis.rowStatus as Int32Array,
      }).status;
    } catch (e) {
      throw new LpBackendError('set basis', (e as Error).message);
    }
    if (status === -1) throw new LpBackendError('set basis', 'HiGHS rejected the basis');
  }

  stats(): { solves: number; iterations: number; seconds: number; boundChangesPushed: number } {
    return {
      solves: this.solves,
      iterations: this.iterations,
      seconds: this.seconds,
      boundChangesPushed: this.boundChangesPushed,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const m = this.model;
    this.model = undefined;
    this.raw = undefined;
    this.solution = undefined;
    m?.dispose();
  }

  /** Pushes the columns whose bounds differ from HiGHS's copy, in one changeColsBounds call. */
  private pushBounds(raw: RawModelApi): void {
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
    if (k <= SINGLE_PUSH_MAX) {
      for (let i = 0; i < k; i++) {
        const j = idx[i]!;
        this.checkStatus(raw.changeColBounds(j, lo[j]!, up[j]!).status, 'push column bounds');
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
        raw.changeColsBounds({ kind: 'set', indices: sel }, pl.subarray(0, k), pu.subarray(0, k)).status,
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
    const raw = this.raw!;
    this.checkStatus(raw.setOptionValue(name, value).status, `set HiGHS option ${name}`);
    this.options.set(name, value);
  }

  private iterationCount(raw: RawModelApi): number {
    const r = raw.getInfoValue('simplex_iteration_count');
    return r.status === -1 ? 0 : Number(r.value);
  }

  private fetch(operation: string): Solution {
    const raw = this.loaded(operation);
    if (this.solution) return this.solution;
    if (!this.hasSolution) {
      throw new LpBackendError(operation, `no solution available (last LP status: ${this.lastStatus ?? 'not solved'})`);
    }
    let s;
    try {
      s = raw.getSolution();
    } catch (e) {
      throw new LpBackendError(operation, `HiGHS returned no solution: ${(e as Error).message}`);
    }
    if (s.status === -1) throw new LpBackendError(operation, 'HiGHS returned no solution');
    this.solution = s.value;
    return s.value;
  }

  private checkStatus(status: number, operation: string): void {
    if (status === -1) throw new LpBackendError(operation, 'HiGHS returned an error status');
  }

  private check(operation: string): void {
    if (this.disposed) throw new LpBackendError(operation, 'the LP solver has been disposed');
  }

  private loaded(operation: string): RawModelApi {
    if (this.disposed) throw new LpBackendError(operation, 'the LP solver has been disposed');
    if (!this.raw) throw new LpBackendError(operation, 'no model loaded (call load first)');
    return this.raw;
  }
}

/** Creates a HiGHS LP solver on an already loaded runtime. */
export function createHighsLpSolver(highs: Highs): LpSolver {
  return new HighsLpSolver(highs);
}

/** Loads the HiGHS runtime (once per thread) and returns a factory of HiGHS LP solvers. */
export async function highsLpFactory(): Promise<LpSolverFactory> {
  const highs = await getHighs();
  return () => new HighsLpSolver(highs);
}
