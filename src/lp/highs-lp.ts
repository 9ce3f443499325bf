import type { Highs, Model as HighsModel, RawModelApi, Solution } from 'highs';
import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';
import { getHighs } from './highs-loader.js';
import { toHighsModelData } from './highs-model-data.js';
import type { LpBasis, LpLimits, LpOutcome, LpSolver, LpSolverFactory, LpStats, LpStatus } from './lp-solver.js';

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
 * Through highs-js, up to this many changed columns are pushed with one changeColBounds call each;
 * more go in one changeColsBounds call with an index set. Measured (benchmarks/lp-resolve.bench.ts,
 * Node 20): changeColBounds ~0.8 us per call, changeColsBounds ~2.7 us + ~0.1 us per column.
 */
const SINGLE_PUSH_MAX = 3;
/**
 * The same for direct Wasm calls: ~0.4 us per changeColBounds, ~0.5 us + ~0.05 us per column for
 * one changeColsBoundsBySet (measured on 50- and 499-column LPs), so a set wins from 2 columns.
 */
const SINGLE_PUSH_MAX_DIRECT = 1;

/** primal feasibility tolerance for rows of a model without columns (HiGHS' default) */
const PRIMAL_TOL = 1e-7;

/** basis_validity info value meaning "valid". */
const BASIS_VALID = 1;

type OptionValue = boolean | number | string;

/** HiGHS info value `basis_validity` and the iteration counter, read after each solve. */
const INFO_ITERATIONS = 'simplex_iteration_count';
const INFO_BASIS_VALIDITY = 'basis_validity';

/**
 * The few native operations the adapter uses per solve. Two implementations: `DirectHighs` calls
 * the Wasm exports of the highs-js module directly (persistent scratch buffers in Wasm memory, no
 * per-call marshalling), `WrappedHighs` goes through highs-js' RawModelApi (the fallback when the
 * direct path is unavailable). Both return HiGHS status codes (-1 = error) and never throw for a
 * HiGHS error status.
 */
interface NativeLp {
  /** up to this many changed columns are pushed one call each, more in one set call */
  readonly singlePushMax: number;
  run(): number;
  modelStatus(): number;
  objective(): number;
  /** simplex iterations of the last run (0 when unknown) */
  iterations(): number;
  basisValid(): boolean;
  changeColBounds(j: number, lower: number, upper: number): number;
  /** changes the bounds of the k (sorted) columns idx[0..k) to lower/upper[0..k) */
  changeColsBounds(k: number, idx: Int32Array, lower: Float64Array, upper: Float64Array): number;
  changeCoeff(row: number, col: number, value: number): number;
  changeRowBounds(row: number, lower: number, upper: number): number;
  setOption(name: string, value: OptionValue): number;
  zeroAllClocks(): void;
  /** fetches the solution; the getters below return fresh copies, valid until the next fetch */
  fetchSolution(): boolean;
  colValue(): Float64Array;
  colDual(): Float64Array;
  rowValue(): Float64Array;
  rowDual(): Float64Array;
  getBasis(): LpBasis | undefined;
  setBasis(colStatus: Int32Array, rowStatus: Int32Array): number;
  dispose(): void;
}

/** NativeLp over highs-js' RawModelApi (one marshalled call per operation). */
class WrappedHighs implements NativeLp {
  readonly singlePushMax = SINGLE_PUSH_MAX;
  private sol: Solution | undefined;
  constructor(private readonly model: HighsModel, private readonly raw: RawModelApi) {}
  run(): number {
    return this.raw.run().status;
  }
  modelStatus(): number {
    return this.raw.getModelStatus() as number;
  }
  objective(): number {
    return this.raw.getObjectiveValue();
  }
  iterations(): number {
    const r = this.raw.getInfoValue(INFO_ITERATIONS);
    return r.status === -1 ? 0 : Number(r.value);
  }
  basisValid(): boolean {
    const v = this.raw.getInfoValue(INFO_BASIS_VALIDITY);
    return v.status !== -1 && Number(v.value) === BASIS_VALID;
  }
  changeColBounds(j: number, lower: number, upper: number): number {
    return this.raw.changeColBounds(j, lower, upper).status;
  }
  changeColsBounds(k: number, idx: Int32Array, lower: Float64Array, upper: Float64Array): number {
    return this.raw.changeColsBounds({ kind: 'set', indices: idx.subarray(0, k) }, lower.subarray(0, k), upper.subarray(0, k)).status;
  }
  changeCoeff(row: number, col: number, value: number): number {
    return this.raw.changeCoeff(row, col, value).status;
  }
  changeRowBounds(row: number, lower: number, upper: number): number {
    return this.raw.changeRowBounds(row, lower, upper).status;
  }
  setOption(name: string, value: OptionValue): number {
    return this.raw.setOptionValue(name, value).status;
  }
  zeroAllClocks(): void {
    this.raw.zeroAllClocks();
  }
  fetchSolution(): boolean {
    this.sol = undefined;
    const s = this.raw.getSolution();
    if (s.status === -1) return false;
    this.sol = s.value;
    return true;
  }
  colValue(): Float64Array {
    return this.sol!.colValue;
  }
  colDual(): Float64Array {
    return this.sol!.colDual;
  }
  rowValue(): Float64Array {
    return this.sol!.rowValue;
  }
  rowDual(): Float64Array {
    return this.sol!.rowDual;
  }
  getBasis(): LpBasis | undefined {
    const b = this.raw.getBasis();
    if (b.status === -1) return undefined;
    return { colStatus: b.value.colStatus, rowStatus: b.value.rowStatus };
  }
  setBasis(colStatus: Int32Array, rowStatus: Int32Array): number {
    return this.raw.setBasis({ colStatus, rowStatus }).status;
  }
  dispose(): void {
    this.sol = undefined;
    this.model.dispose();
  }
}

/** The exports of the highs-js module the direct path calls (Emscripten `_`-prefixed C functions). */
interface WasmExports {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _Highs_create(): number;
  _Highs_destroy(h: number): void;
  _Highs_passLp(h: number, nc: number, nr: number, nz: number, format: number, sense: number, offset: number,
    cost: number, colLo: number, colUp: number, rowLo: number, rowUp: number, start: number, index: number, value: number): number;
  _Highs_run(h: number): number;
  _Highs_getModelStatus(h: number): number;
  _Highs_getObjectiveValue(h: number): number;
  _Highs_getIntInfoValue(h: number, name: number, out: number): number;
  _Highs_changeColBounds(h: number, j: number, lo: number, up: number): number;
  _Highs_changeColsBoundsBySet(h: number, k: number, set: number, lo: number, up: number): number;
  _Highs_changeCoeff(h: number, row: number, col: number, value: number): number;
  _Highs_changeRowBounds(h: number, row: number, lo: number, up: number): number;
  _Highs_setBoolOptionValue(h: number, name: number, v: number): number;
  _Highs_setIntOptionValue(h: number, name: number, v: number): number;
  _Highs_setDoubleOptionValue(h: number, name: number, v: number): number;
  _Highs_setStringOptionValue(h: number, name: number, v: number): number;
  _Highs_getDoubleOptionValue(h: number, name: number, out: number): number;
  _Highs_zeroAllClocks(h: number): number;
  _Highs_getSolution(h: number, colValue: number, colDual: number, rowValue: number, rowDual: number): number;
  _Highs_getBasis(h: number, col: number, row: number): number;
  _Highs_setBasis(h: number, col: number, row: number): number;
}

/** HiGHS' matrix format code for column-wise (CSC) storage. */
const FORMAT_COLWISE = 1;

const WASM_FUNCTIONS = [
  '_malloc', '_free', '_Highs_create', '_Highs_destroy', '_Highs_passLp', '_Highs_run', '_Highs_getModelStatus',
  '_Highs_getObjectiveValue', '_Highs_getIntInfoValue', '_Highs_changeColBounds', '_Highs_changeColsBoundsBySet',
  '_Highs_changeCoeff', '_Highs_changeRowBounds',
  '_Highs_setBoolOptionValue', '_Highs_setIntOptionValue', '_Highs_setDoubleOptionValue', '_Highs_setStringOptionValue',
  '_Highs_getDoubleOptionValue', '_Highs_zeroAllClocks', '_Highs_getSolution', '_Highs_getBasis', '_Highs_setBasis',
] as const;

/**
 * Access to the Wasm memory of one highs-js runtime. highs-js does not export its heap views, but
 * its `memoryBytes` getter reads `HEAPU8.buffer`: reading it once with the TypedArray `buffer`
 * getter observed yields the runtime's HEAPU8 view. After a memory growth that view is detached
 * (length 0) and is captured again the same way. A self-test (write a double option through the
 * heap, read it back through HiGHS) must pass before the direct path is used.
 */
class WasmHeap {
  readonly fn: WasmExports;
  private readonly highs: Highs;
  private u8: Uint8Array;
  private f64v: Float64Array;
  private i32v: Int32Array;
  private readonly strings = new Map<string, number>();

  private constructor(highs: Highs, fn: WasmExports, u8: Uint8Array) {
    this.highs = highs;
    this.fn = fn;
    this.u8 = u8;
    this.f64v = new Float64Array(u8.buffer);
    this.i32v = new Int32Array(u8.buffer);
  }

  static capture(highs: Highs): WasmHeap | undefined {
    const mod = highs as unknown as Record<string, unknown>;
    for (const f of WASM_FUNCTIONS) if (typeof mod[f] !== 'function') return undefined;
    const u8 = captureHeapView(highs);
    if (!u8) return undefined;
    const heap = new WasmHeap(highs, highs as unknown as WasmExports, u8);
    return heap.selfTest() ? heap : undefined;
  }

  get f64(): Float64Array {
    if (this.f64v.length === 0) this.refresh();
    return this.f64v;
  }

  get i32(): Int32Array {
    if (this.i32v.length === 0) this.refresh();
    return this.i32v;
  }

  /** A NUL-terminated copy of `s` in Wasm memory, kept for the runtime's lifetime (option names). */
  cstring(s: string): number {
    let p = this.strings.get(s);
    if (p !== undefined) return p;
    const bytes = new TextEncoder().encode(s);
    p = this.fn._malloc(bytes.length + 1);
    if (!p) throw new LpBackendError('allocate Wasm memory', `${bytes.length + 1} bytes`);
    if (this.u8.length === 0) this.refresh();
    this.u8.set(bytes, p);
    this.u8[p + bytes.length] = 0;
    this.strings.set(s, p);
    return p;
  }

  malloc(bytes: number): number {
    const p = this.fn._malloc(Math.max(8, bytes));
    if (!p) throw new LpBackendError('allocate Wasm memory', `${bytes} bytes`);
    return p;
  }

  private refresh(): void {
    const u8 = captureHeapView(this.highs);
    if (!u8) throw new LpBackendError('read Wasm memory', 'the HiGHS heap view could not be recaptured');
    this.u8 = u8;
    this.f64v = new Float64Array(u8.buffer);
    this.i32v = new Int32Array(u8.buffer);
  }

  private selfTest(): boolean {
    const fn = this.fn;
    let h = 0;
    let out = 0;
    try {
      h = fn._Highs_create();
      if (!h) return false;
      out = this.malloc(8);
      const name = this.cstring('objective_bound');
      const value = 12345.678;
      if (fn._Highs_setDoubleOptionValue(h, name, value) === -1) return false;
      this.f64[out >> 3] = 0;
      if (fn._Highs_getDoubleOptionValue(h, name, out) === -1) return false;
      return this.f64[out >> 3] === value;
    } catch {
      return false;
    } finally {
      if (out) fn._free(out);
      if (h) fn._Highs_destroy(h);
    }
  }
}

/** Reads `highs.memoryBytes` observing the TypedArray `buffer` getter: returns the HEAPU8 view it reads. */
function captureHeapView(highs: Highs): Uint8Array | undefined {
  const proto = Object.getPrototypeOf(Uint8Array.prototype) as object;
  const desc = Object.getOwnPropertyDescriptor(proto, 'buffer');
  if (!desc?.get || !desc.configurable) return undefined;
  const getter = desc.get;
  let seen: unknown;
  try {
    Object.defineProperty(proto, 'buffer', {
      ...desc,
      get(this: unknown) {
        if (seen === undefined) seen = this;
        return getter.call(this);
      },
    });
    void (highs as unknown as { memoryBytes: number }).memoryBytes;
  } catch {
    return undefined;
  } finally {
    Object.defineProperty(proto, 'buffer', desc);
  }
  if (!(seen instanceof Uint8Array) || seen.byteOffset !== 0 || seen.length !== highs.memoryBytes) return undefined;
  return seen;
}

/** Default of HighsLpOptions.direct: true unless the environment sets MIPNET_HIGHS_DIRECT=0 (to test the fallback). */
function directByDefault(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.['MIPNET_HIGHS_DIRECT'] !== '0';
}

const heaps = new WeakMap<Highs, WasmHeap | null>();

function heapOf(highs: Highs): WasmHeap | undefined {
  let h = heaps.get(highs);
  if (h === undefined) {
    h = WasmHeap.capture(highs) ?? null;
    heaps.set(highs, h);
  }
  return h ?? undefined;
}

/** NativeLp calling the Wasm exports directly; scratch buffers live in Wasm memory. */
class DirectHighs implements NativeLp {
  readonly singlePushMax = SINGLE_PUSH_MAX_DIRECT;
  private readonly heap: WasmHeap;
  private readonly fn: WasmExports;
  private h: number;
  private readonly n: number;
  private readonly m: number;
  /** one block: colValue, colDual, rowValue, rowDual (doubles) */
  private readonly solPtr: number;
  /** one block: colStatus, rowStatus (ints), reused for set-index pushes */
  private readonly basisPtr: number;
  /** one block: lower, upper (doubles) for changeColsBounds */
  private readonly boundsPtr: number;
  private readonly outPtr: number;
  private readonly iterName: number;
  private readonly validityName: number;

  constructor(heap: WasmHeap, h: number, n: number, m: number) {
    this.heap = heap;
    this.fn = heap.fn;
    this.h = h;
    this.n = n;
    this.m = m;
    this.solPtr = heap.malloc(8 * (2 * n + 2 * m));
    this.basisPtr = heap.malloc(4 * (n + m));
    this.boundsPtr = heap.malloc(16 * n);
    this.outPtr = heap.malloc(8);
    this.iterName = heap.cstring(INFO_ITERATIONS);
    this.validityName = heap.cstring(INFO_BASIS_VALIDITY);
  }

  /** Creates a HiGHS instance holding the LP (as highs-js would: threads 1, parallel off); undefined when HiGHS rejects it. */
  static create(heap: WasmHeap, data: ReturnType<typeof toHighsModelData>, model: Model): DirectHighs | string {
    const fn = heap.fn;
    const h = fn._Highs_create();
    if (!h) return 'Highs_create failed';
    const n = model.numCols;
    const m = model.numRows;
    const nz = model.colStart[n]!;
    const parts: [ArrayLike<number>, 'f' | 'i'][] = [
      [data.colCost, 'f'], [data.colLower, 'f'], [data.colUpper, 'f'], [data.rowLower, 'f'], [data.rowUpper, 'f'],
      [model.colStart.subarray(0, n), 'i'], [model.rowIndex.subarray(0, nz), 'i'], [model.value.subarray(0, nz), 'f'],
    ];
    const ptrs: number[] = [];
    try {
      for (const [values, kind] of parts) {
        const p = heap.malloc((kind === 'f' ? 8 : 4) * values.length);
        ptrs.push(p);
        if (kind === 'f') heap.f64.set(values, p >> 3);
        else heap.i32.set(values, p >> 2);
      }
      if (fn._Highs_setIntOptionValue(h, heap.cstring('threads'), 1) === -1) throw new Error('cannot set threads');
      if (fn._Highs_setStringOptionValue(h, heap.cstring('parallel'), heap.cstring('off')) === -1) throw new Error('cannot set parallel');
      const st = fn._Highs_passLp(h, n, m, nz, FORMAT_COLWISE, Number(data.sense), data.offset ?? 0, ptrs[0]!, ptrs[1]!, ptrs[2]!, ptrs[3]!, ptrs[4]!, ptrs[5]!, ptrs[6]!, ptrs[7]!);
      if (st === -1) throw new Error('HiGHS rejected the LP (Highs_passLp)');
    } catch (e) {
      fn._Highs_destroy(h);
      return (e as Error).message;
    } finally {
      for (const p of ptrs) fn._free(p);
    }
    return new DirectHighs(heap, h, n, m);
  }

  run(): number {
    return this.fn._Highs_run(this.h);
  }
  modelStatus(): number {
    return this.fn._Highs_getModelStatus(this.h);
  }
  objective(): number {
    return this.fn._Highs_getObjectiveValue(this.h);
  }
  /** An int info value; `fallback` when HiGHS does not deliver one (error, or info not valid: a warning). */
  private intInfo(name: number, fallback: number): number {
    const out = this.outPtr >> 2;
    this.heap.i32[out] = fallback;
    if (this.fn._Highs_getIntInfoValue(this.h, name, this.outPtr) !== 0) return fallback;
    return this.heap.i32[out]!;
  }
  iterations(): number {
    return this.intInfo(this.iterName, 0);
  }
  basisValid(): boolean {
    // HiGHS' info is not valid after setBasis (until the next run): the basis then counts as invalid
    return this.intInfo(this.validityName, 0) === BASIS_VALID;
  }
  changeColBounds(j: number, lower: number, upper: number): number {
    return this.fn._Highs_changeColBounds(this.h, j, lower, upper);
  }
  changeColsBounds(k: number, idx: Int32Array, lower: Float64Array, upper: Float64Array): number {
    const ip = this.basisPtr;
    const lp = this.boundsPtr;
    const up = lp + 8 * this.n;
    this.heap.i32.set(idx.subarray(0, k), ip >> 2);
    const f64 = this.heap.f64;
    f64.set(lower.subarray(0, k), lp >> 3);
    f64.set(upper.subarray(0, k), up >> 3);
    return this.fn._Highs_changeColsBoundsBySet(this.h, k, ip, lp, up);
  }
  changeCoeff(row: number, col: number, value: number): number {
    return this.fn._Highs_changeCoeff(this.h, row, col, value);
  }
  changeRowBounds(row: number, lower: number, upper: number): number {
    return this.fn._Highs_changeRowBounds(this.h, row, lower, upper);
  }
  setOption(name: string, value: OptionValue): number {
    const fn = this.fn;
    const h = this.h;
    const p = this.heap.cstring(name);
    if (typeof value === 'boolean') return fn._Highs_setBoolOptionValue(h, p, value ? 1 : 0);
    if (typeof value === 'string') return fn._Highs_setStringOptionValue(h, p, this.heap.cstring(value));
    if (Number.isSafeInteger(value) && value >= -2147483648 && value <= 2147483647) {
      const st = fn._Highs_setIntOptionValue(h, p, value);
      return st === -1 ? fn._Highs_setDoubleOptionValue(h, p, value) : st;
    }
    return fn._Highs_setDoubleOptionValue(h, p, value);
  }
  zeroAllClocks(): void {
    this.fn._Highs_zeroAllClocks(this.h);
  }
  fetchSolution(): boolean {
    // as highs-js: no solution while the model status is 'not set' (e.g. after a model change) or 'empty'
    const ms = this.fn._Highs_getModelStatus(this.h);
    if (ms === MS_NOT_SET || ms === MS_EMPTY) return false;
    const p = this.solPtr;
    const n = this.n;
    return this.fn._Highs_getSolution(this.h, p, p + 8 * n, p + 16 * n, p + 16 * n + 8 * this.m) !== -1;
  }
  private slice(offset: number, length: number): Float64Array {
    const start = (this.solPtr >> 3) + offset;
    return this.heap.f64.slice(start, start + length);
  }
  colValue(): Float64Array {
    return this.slice(0, this.n);
  }
  colDual(): Float64Array {
    return this.slice(this.n, this.n);
  }
  rowValue(): Float64Array {
    return this.slice(2 * this.n, this.m);
  }
  rowDual(): Float64Array {
    return this.slice(2 * this.n + this.m, this.m);
  }
  getBasis(): LpBasis | undefined {
    const p = this.basisPtr;
    if (this.fn._Highs_getBasis(this.h, p, p + 4 * this.n) === -1) return undefined;
    const i32 = this.heap.i32;
    const s = p >> 2;
    return { colStatus: i32.slice(s, s + this.n), rowStatus: i32.slice(s + this.n, s + this.n + this.m) };
  }
  setBasis(colStatus: Int32Array, rowStatus: Int32Array): number {
    const p = this.basisPtr;
    const i32 = this.heap.i32;
    i32.set(colStatus, p >> 2);
    i32.set(rowStatus, (p >> 2) + this.n);
    return this.fn._Highs_setBasis(this.h, p, p + 4 * this.n);
  }
  dispose(): void {
    const fn = this.fn;
    if (!this.h) return;
    fn._Highs_destroy(this.h);
    this.h = 0;
    fn._free(this.solPtr);
    fn._free(this.basisPtr);
    fn._free(this.boundsPtr);
    fn._free(this.outPtr);
  }
}

/** Options of HighsLpSolver. */
export interface HighsLpOptions {
  /**
   * Call the HiGHS Wasm exports directly (default true, or false when the environment variable
   * MIPNET_HIGHS_DIRECT=0): no per-call marshalling by highs-js, scratch buffers kept in Wasm
   * memory. Falls back to highs-js' RawModelApi when the runtime does not offer what the direct
   * path needs; false forces the fallback.
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
 *   (one changeColsBounds call with an index set when more than SINGLE_PUSH_MAX(_DIRECT) columns changed),
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
 * - Native calls go straight to the Wasm exports of the highs-js runtime (DirectHighs: persistent
 *   scratch buffers in Wasm memory, no per-call marshalling: ~9 us less per solve than through
 *   highs-js), or through highs-js' RawModelApi when that is unavailable or HighsLpOptions.direct
 *   is false (WrappedHighs). Both make the same HiGHS calls, so the search is identical.
 */
export class HighsLpSolver implements LpSolver {
  readonly name = 'highs';
  private readonly highs: Highs;
  private readonly direct: boolean;
  private nat: NativeLp | undefined;
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
  /** row bounds as HiGHS holds them (for answering models without columns) */
  private rowLo = new Float64Array(0);
  private rowUp = new Float64Array(0);

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
    const data = toHighsModelData(model, { relax: true, negateForMax: true });
    const heap = this.direct ? heapOf(this.highs) : undefined;
    if (heap) {
      const d = DirectHighs.create(heap, data, model);
      if (typeof d === 'string') throw new LpBackendError('load LP', `HiGHS rejected model "${model.name}": ${d}`);
      this.nat = d;
    } else {
      let hm: HighsModel;
      try {
        hm = this.highs.createModel(data);
      } catch (e) {
        throw new LpBackendError('load LP', `HiGHS rejected model "${model.name}": ${(e as Error).message}`);
      }
      this.nat = new WrappedHighs(hm, hm.raw);
    }
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
    this.clearSolution();
    this.hasSolution = false;
    this.basisKnownValid = false;
    this.rowChangesPushed++;
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
    const t0 = performance.now();
    this.solves++;
    if (this.crossed > 0 || this.noColumns) {
      // lower > upper on some column (HiGHS rejects such bounds), or nothing to optimise: answer here
      const status: LpStatus = this.crossed > 0 || !this.noColumnsFeasible ? 'infeasible' : this.offset > this.cutoff ? 'cutoff' : 'optimal';
      this.lastStatus = status;
      this.hasSolution = status !== 'infeasible';
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

/** Creates a HiGHS LP solver on an already loaded runtime. */
export function createHighsLpSolver(highs: Highs, options: HighsLpOptions = {}): LpSolver {
  return new HighsLpSolver(highs, options);
}

/** Loads the HiGHS runtime (once per thread) and returns a factory of HiGHS LP solvers. */
export async function highsLpFactory(options: HighsLpOptions = {}): Promise<LpSolverFactory> {
  const highs = await getHighs();
  return () => new HighsLpSolver(highs, options);
}
