import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import loadHighsModule from 'highs';
import type { Highs } from 'highs';
import { LpBackendError } from '../errors.js';

/**
 * The Wasm port of a highs-js runtime: how the HiGHS Wasm binary is compiled and instantiated, and
 * access to the runtime's exports and linear memory for the direct LP path (highs-native-direct.ts).
 *
 * highs-js does not export its heap views. This module instantiates the runtime itself through
 * the documented Emscripten Module hook `instantiateWasm(imports, receiveInstance)` (the hook the
 * highs-js loader honours; its `wasmModule` / `wasmBinary` options are typed but ignored by the
 * 1.15 build), keeps the instance's exported `WebAssembly.Memory`, and builds typed-array views
 * on `memory.buffer`. A memory growth detaches those views (length 0); they are then rebuilt on
 * the memory's new buffer. Runtimes loaded any other way have no port: the LP adapter then goes
 * through highs-js' RawModelApi.
 */

/** A compiled WebAssembly.Module (opaque: the project's TypeScript libs carry no WebAssembly types). */
export type CompiledWasm = object;

/** The parts of the WebAssembly JS API used here. */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
  instantiate(module: CompiledWasm, imports: object): Promise<WasmInstance>;
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The Emscripten Module hook passed to the highs-js loader. */
interface EmscriptenInstantiation {
  /** Instantiates the Wasm module with Emscripten's imports and hands the instance back; returns {} (asynchronous). */
  instantiateWasm(imports: object, receiveInstance: (instance: WasmInstance) => unknown): object;
}
// highs ships ESM at runtime (build/highs.mjs, default export = loader) but its types.d.ts sits in
// a CommonJS package, so under NodeNext TypeScript sees the default import as the module object.
const loadHighs = loadHighsModule as unknown as (options: EmscriptenInstantiation) => Promise<Highs>;

const LOAD = 'load HiGHS runtime';

let compiled: Promise<CompiledWasm> | undefined;

/** The HiGHS Wasm binary (highs/runtime), compiled once per thread. */
export function compiledHighsWasm(): Promise<CompiledWasm> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve('highs/runtime'));
    compiled = wasmApi.compile(bytes);
  }
  return compiled;
}

/** The linear memory of each runtime instantiated by instantiateHighs. */
const memories = new WeakMap<Highs, WasmMemory>();

/**
 * A new highs-js runtime instantiated from `module` (a compiled HiGHS binary, e.g. one posted to a
 * worker thread). Its memory is recorded, so the direct LP path can reach it (wasmHeapOf).
 */
export async function instantiateHighs(module: CompiledWasm): Promise<Highs> {
  let memory: WasmMemory | undefined;
  let fail: (e: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const hooks: EmscriptenInstantiation = {
    instantiateWasm(imports, receiveInstance) {
      wasmApi
        .instantiate(module, imports)
        .then((instance) => {
          memory = exportedMemory(instance);
          if (!memory) throw new LpBackendError(LOAD, 'the Wasm module exports no memory (not a highs-js binary?)');
          receiveInstance(instance);
        })
        .catch(fail);
      return {};
    },
  };
  let highs: Highs;
  try {
    highs = await Promise.race([loadHighs(hooks), failed]);
  } catch (e) {
    throw e instanceof LpBackendError ? e : new LpBackendError(LOAD, (e as Error).message ?? String(e));
  }
  memories.set(highs, memory!);
  return highs;
}

function exportedMemory(instance: WasmInstance): WasmMemory | undefined {
  for (const value of Object.values(instance.exports)) if (value instanceof wasmApi.Memory) return value;
  return undefined;
}

/** The exports of the highs-js runtime the direct path calls (Emscripten `_`-prefixed C functions on the Module). */
export interface WasmExports {
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
  _Highs_getNumRow(h: number): number;
  _Highs_addRows(h: number, count: number, lower: number, upper: number, nz: number, starts: number, index: number, value: number): number;
  _Highs_deleteRowsBySet(h: number, k: number, set: number): number;
  _Highs_getBasicVariables(h: number, out: number): number;
  /** row `row` of B^-1 A into `vector` (dense); `numNz` / `index` may be 0 (no sparse output) */
  _Highs_getReducedRow(h: number, row: number, vector: number, numNz: number, index: number): number;
  /** row `row` of B^-1 into `vector` (dense); `numNz` / `index` may be 0 (no sparse output) */
  _Highs_getBasisInverseRow(h: number, row: number, vector: number, numNz: number, index: number): number;
  _Highs_getDualRay(h: number, hasRay: number, values: number): number;
}

const WASM_FUNCTIONS: readonly (keyof WasmExports)[] = [
  '_malloc', '_free', '_Highs_create', '_Highs_destroy', '_Highs_passLp', '_Highs_run', '_Highs_getModelStatus',
  '_Highs_getObjectiveValue', '_Highs_getIntInfoValue', '_Highs_changeColBounds', '_Highs_changeColsBoundsBySet',
  '_Highs_changeCoeff', '_Highs_changeRowBounds',
  '_Highs_setBoolOptionValue', '_Highs_setIntOptionValue', '_Highs_setDoubleOptionValue', '_Highs_setStringOptionValue',
  '_Highs_getDoubleOptionValue', '_Highs_zeroAllClocks', '_Highs_getSolution', '_Highs_getBasis', '_Highs_setBasis',
  '_Highs_getNumRow', '_Highs_addRows', '_Highs_deleteRowsBySet', '_Highs_getBasicVariables', '_Highs_getReducedRow',
  '_Highs_getBasisInverseRow', '_Highs_getDualRay',
];

/**
 * Typed views of one runtime's linear memory, plus the exports. The views are rebuilt on the
 * memory's current buffer when a growth has detached them. A self-test (write a double option
 * through the heap, read it back through HiGHS) must pass before the direct path is used.
 */
export class WasmHeap {
  readonly fn: WasmExports;
  private readonly memory: WasmMemory;
  /** views of the memory's current buffer (set by refresh) */
  private u8v!: Uint8Array;
  private f64v!: Float64Array;
  private i32v!: Int32Array;
  private readonly strings = new Map<string, number>();

  private constructor(fn: WasmExports, memory: WasmMemory) {
    this.fn = fn;
    this.memory = memory;
    this.refresh();
  }

  /** The heap of a runtime with a port (instantiateHighs), if it offers every export and passes the self-test. */
  static of(highs: Highs): WasmHeap | undefined {
    const memory = memories.get(highs);
    if (!memory) return undefined;
    const mod = highs as unknown as Record<string, unknown>;
    for (const f of WASM_FUNCTIONS) if (typeof mod[f] !== 'function') return undefined;
    const heap = new WasmHeap(highs as unknown as WasmExports, memory);
    return heap.selfTest() ? heap : undefined;
  }

  get u8(): Uint8Array {
    if (this.u8v.length === 0) this.refresh();
    return this.u8v;
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
    p = this.malloc(bytes.length + 1);
    const u8 = this.u8;
    u8.set(bytes, p);
    u8[p + bytes.length] = 0;
    this.strings.set(s, p);
    return p;
  }

  malloc(bytes: number): number {
    const p = this.fn._malloc(Math.max(8, bytes));
    if (!p) throw new LpBackendError('allocate Wasm memory', `${bytes} bytes`);
    return p;
  }

  /** Builds the views on the memory's current buffer (again after a growth detached the old one). */
  private refresh(): void {
    const b = this.memory.buffer;
    this.u8v = new Uint8Array(b);
    this.f64v = new Float64Array(b);
    this.i32v = new Int32Array(b);
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

const heaps = new WeakMap<Highs, WasmHeap | null>();

/** The (cached) Wasm heap of a runtime; undefined when the runtime has no usable port. */
export function wasmHeapOf(highs: Highs): WasmHeap | undefined {
  let h = heaps.get(highs);
  if (h === undefined) {
    h = WasmHeap.of(highs) ?? null;
    heaps.set(highs, h);
  }
  return h ?? undefined;
}
