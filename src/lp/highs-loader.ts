import type { Highs } from 'highs';
import { compiledHighsWasm, instantiateHighs } from './highs-wasm-port.js';

export type { Highs };

let instance: Promise<Highs> | undefined;

/**
 * Loads the HiGHS wasm runtime once per thread. It is instantiated through its Wasm port
 * (highs-wasm-port.ts), so the LP adapter can call the Wasm exports and reach the memory directly.
 */
export function getHighs(): Promise<Highs> {
  if (!instance) instance = compiledHighsWasm().then(instantiateHighs);
  return instance;
}
