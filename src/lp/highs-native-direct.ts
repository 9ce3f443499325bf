import type { ModelData } from 'highs';
import type { Model } from '../model/model.js';
import { BASIS_VALID, FORMAT_COLWISE, INFO_BASIS_VALIDITY, INFO_ITERATIONS, MS_EMPTY, MS_NOT_SET } from './highs-codes.js';
import type { NativeLp, OptionValue } from './highs-native-lp.js';
import type { WasmExports, WasmHeap } from './highs-wasm-port.js';
import type { LpBasis } from './lp-solver.js';

/**
 * Direct Wasm calls: ~0.4 us per changeColBounds, ~0.5 us + ~0.05 us per column for one
 * changeColsBoundsBySet (measured on 50- and 499-column LPs), so a set wins from 2 columns.
 */
const SINGLE_PUSH_MAX_DIRECT = 1;

/**
 * NativeLp calling the Wasm exports directly; scratch buffers live in Wasm memory. The row-sized
 * blocks (solution, basis) are allocated for a row capacity that grows (doubling) when rows are
 * added; one more growable block carries the inputs of addRows / deleteRows and the outputs of the
 * tableau calls, so no call allocates once the capacities suffice.
 */
export class DirectHighs implements NativeLp {
  readonly singlePushMax = SINGLE_PUSH_MAX_DIRECT;
  private readonly heap: WasmHeap;
  private readonly fn: WasmExports;
  private h: number;
  private readonly n: number;
  /** HiGHS' current row count */
  private m: number;
  /** rows the solution and basis blocks have room for (>= m) */
  private rowCap: number;
  /** one block: colValue, colDual (n doubles each), rowValue, rowDual (rowCap doubles each) */
  private solPtr: number;
  /** one block: colStatus (n ints), rowStatus (rowCap ints), reused for set-index pushes */
  private basisPtr: number;
  /** one block: lower, upper (doubles) for changeColsBounds */
  private readonly boundsPtr: number;
  private readonly outPtr: number;
  /** growable scratch block (addRows / deleteRows inputs, tableau and ray outputs) */
  private scratchPtr = 0;
  private scratchBytes = 0;
  private readonly iterName: number;
  private readonly validityName: number;

  private constructor(heap: WasmHeap, h: number, n: number, m: number) {
    this.heap = heap;
    this.fn = heap.fn;
    this.h = h;
    this.n = n;
    this.m = m;
    this.rowCap = m;
    this.solPtr = heap.malloc(8 * (2 * n + 2 * m));
    this.basisPtr = heap.malloc(4 * (n + m));
    this.boundsPtr = heap.malloc(16 * n);
    this.outPtr = heap.malloc(8);
    this.iterName = heap.cstring(INFO_ITERATIONS);
    this.validityName = heap.cstring(INFO_BASIS_VALIDITY);
  }

  /**
   * A HiGHS instance holding the LP `data` of `model` (as highs-js would: threads 1, parallel off);
   * the error message when HiGHS rejects it.
   */
  static create(heap: WasmHeap, data: ModelData, model: Model): DirectHighs | string {
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
    return this.fn._Highs_getSolution(this.h, p, p + 8 * n, p + 16 * n, p + 16 * n + 8 * this.rowCap) !== -1;
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
    return this.slice(2 * this.n + this.rowCap, this.m);
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
  numRows(): number {
    return this.fn._Highs_getNumRow(this.h);
  }
  addRows(count: number, lower: Float64Array, upper: Float64Array, starts: Int32Array, indices: Int32Array, values: Float64Array): number {
    const nz = starts[count]!;
    // layout: lower, upper (count doubles each), values (nz doubles), starts (count ints), indices (nz ints)
    const p = this.scratch(8 * (2 * count + nz) + 4 * (count + nz));
    const f64 = this.heap.f64;
    const f = p >> 3;
    f64.set(lower.subarray(0, count), f);
    f64.set(upper.subarray(0, count), f + count);
    f64.set(values.subarray(0, nz), f + 2 * count);
    const ip = p + 8 * (2 * count + nz);
    const i32 = this.heap.i32;
    i32.set(starts.subarray(0, count), ip >> 2);
    i32.set(indices.subarray(0, nz), (ip >> 2) + count);
    const st = this.fn._Highs_addRows(this.h, count, p, p + 8 * count, nz, ip, ip + 4 * count, p + 16 * count);
    if (st === -1) return st;
    return this.rowsChanged(this.m + count) ? st : -1;
  }
  deleteRows(k: number, rows: Int32Array): number {
    const p = this.scratch(4 * k);
    this.heap.i32.set(rows.subarray(0, k), p >> 2);
    const st = this.fn._Highs_deleteRowsBySet(this.h, k, p);
    if (st === -1) return st;
    return this.rowsChanged(this.m - k) ? st : -1;
  }
  /** Records HiGHS' new row count (the blocks grow for it); false when HiGHS does not hold `expected` rows. */
  private rowsChanged(expected: number): boolean {
    const m = this.fn._Highs_getNumRow(this.h);
    if (m > this.rowCap) {
      const cap = Math.max(m, 2 * this.rowCap, 8);
      const fn = this.fn;
      // a new solution block: fetchSolution() writes it before anything reads it
      fn._free(this.solPtr);
      this.solPtr = this.heap.malloc(8 * (2 * this.n + 2 * cap));
      fn._free(this.basisPtr);
      this.basisPtr = this.heap.malloc(4 * (this.n + cap));
      this.rowCap = cap;
    }
    this.m = m;
    return m === expected;
  }
  basicVariables(out: Int32Array): number {
    const p = this.scratch(4 * this.m);
    const st = this.fn._Highs_getBasicVariables(this.h, p);
    if (st !== -1) out.set(this.heap.i32.subarray(p >> 2, (p >> 2) + this.m));
    return st;
  }
  reducedRow(position: number, out: Float64Array): number {
    const p = this.scratch(8 * this.n);
    const st = this.fn._Highs_getReducedRow(this.h, position, p, 0, 0);
    if (st !== -1) out.set(this.heap.f64.subarray(p >> 3, (p >> 3) + this.n));
    return st;
  }
  basisInverseRow(position: number, out: Float64Array): number {
    const p = this.scratch(8 * this.m);
    const st = this.fn._Highs_getBasisInverseRow(this.h, position, p, 0, 0);
    if (st !== -1) out.set(this.heap.f64.subarray(p >> 3, (p >> 3) + this.m));
    return st;
  }
  dualRay(out: Float64Array): number {
    const p = this.scratch(8 * this.m);
    const has = this.outPtr;
    this.heap.i32[has >> 2] = 0;
    const st = this.fn._Highs_getDualRay(this.h, has, p);
    if (st === -1) return -1;
    if (this.heap.i32[has >> 2] === 0) return 0;
    out.set(this.heap.f64.subarray(p >> 3, (p >> 3) + this.m));
    return 1;
  }
  /** The scratch block, grown (not preserved) to at least `bytes`. */
  private scratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratchPtr) this.fn._free(this.scratchPtr);
      this.scratchPtr = 0;
      const size = Math.max(bytes, 2 * this.scratchBytes, 256);
      this.scratchPtr = this.heap.malloc(size);
      this.scratchBytes = size;
    }
    return this.scratchPtr;
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
    if (this.scratchPtr) fn._free(this.scratchPtr);
    this.scratchPtr = 0;
  }
}
