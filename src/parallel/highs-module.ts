import { workerData } from 'node:worker_threads';
import type { Highs } from 'highs';
import { compiledHighsWasm, instantiateHighs, type CompiledWasm } from '../lp/highs-wasm-port.js';

/**
 * HiGHS for worker threads without compiling the 3.5 MB Wasm binary once per thread: the main
 * thread compiles it once per process into a WebAssembly.Module, which is posted to every worker
 * (structured clone shares the compiled code, including code V8 has already optimised), and each
 * worker instantiates its own runtime from it through the Wasm port (highs-wasm-port.ts: the
 * Emscripten `instantiateWasm` hook, so the LP adapter's direct path reaches the worker's memory).
 */
export type { CompiledWasm };

/** The compiled HiGHS Wasm module (compiled once per process; getHighs() on the main thread shares it). */
export function compiledHighsModule(): Promise<CompiledWasm> {
  return compiledHighsWasm();
}

/** The compiled module the pool handed to this worker thread (piscina workerData), if any. */
export function pooledHighsModule(): CompiledWasm | undefined {
  const data = workerData as { highsModule?: CompiledWasm } | null | undefined;
  return data?.highsModule;
}

let instance: Promise<Highs> | undefined;

/** The HiGHS runtime of this (worker) thread, instantiated from `module` when given. Loaded once per thread. */
export function workerHighs(module: CompiledWasm | undefined): Promise<Highs> {
  if (!instance) instance = module ? instantiateHighs(module) : compiledHighsWasm().then(instantiateHighs);
  return instance;
}
