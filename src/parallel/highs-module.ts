import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import loadHighsModule from 'highs';
import type { Highs } from 'highs';

/**
 * HiGHS for worker threads without compiling the 3.5 MB Wasm binary once per thread: the main
 * thread compiles it once per process into a WebAssembly.Module, which is posted to every worker
 * (structured clone shares the compiled code, including code V8 has already optimised), and each
 * worker instantiates its own runtime from it.
 */
/** A compiled WebAssembly.Module (opaque: the project's TypeScript libs carry no WebAssembly types). */
export type CompiledWasm = object;

const loadHighs = loadHighsModule as unknown as (options?: { wasmModule?: CompiledWasm }) => Promise<Highs>;
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm> } }).WebAssembly;

let compiled: Promise<CompiledWasm> | undefined;

/** The compiled HiGHS Wasm module (compiled once per process). */
export function compiledHighsModule(): Promise<CompiledWasm> {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    const bytes = readFileSync(require.resolve('highs/runtime'));
    compiled = wasmApi.compile(bytes);
  }
  return compiled;
}

/** The compiled module the pool handed to this worker thread (piscina workerData), if any. */
export function pooledHighsModule(): CompiledWasm | undefined {
  const data = workerData as { highsModule?: CompiledWasm } | null | undefined;
  return data?.highsModule;
}

let instance: Promise<Highs> | undefined;

/** The HiGHS runtime of this (worker) thread, instantiated from `module` when given. Loaded once per thread. */
export function workerHighs(module: CompiledWasm | undefined): Promise<Highs> {
  if (!instance) instance = module ? loadHighs({ wasmModule: module }) : loadHighs();
  return instance;
}
