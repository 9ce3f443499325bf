import loadHighsModule from 'highs';
import type { Highs } from 'highs';
import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { HighsLpSolver } from '../../src/lp/highs-lp.js';
import { compiledHighsWasm, instantiateHighs, wasmHeapOf } from '../../src/lp/highs-wasm-port.js';
import { compiledHighsModule, workerHighs } from '../../src/parallel/highs-module.js';
import { randomLp, smallLp } from './lp-models.js';

const highs = await getHighs();
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }).WebAssembly;

/** Loads smallLp into a solver on `runtime`, checks the optimum, returns the solver (caller disposes). */
function solvedSmallLp(runtime: Highs, direct: boolean): HighsLpSolver {
  const s = new HighsLpSolver(runtime, { direct });
  s.load(smallLp());
  const r = s.optimize();
  expect(r.status).toBe('optimal');
  expect(r.objective).toBeCloseTo(0.2, 9);
  return s;
}

describe('HiGHS Wasm port', () => {
  it('getHighs() runtimes have a port: the adapter calls the Wasm exports directly unless told not to', () => {
    expect(wasmHeapOf(highs)).toBeDefined();
    expect(wasmHeapOf(highs)).toBe(wasmHeapOf(highs));
    const direct = solvedSmallLp(highs, true);
    const wrapped = solvedSmallLp(highs, false);
    try {
      expect(direct.directCalls).toBe(true);
      expect(wrapped.directCalls).toBe(false);
      expect(Array.from(direct.primal())).toEqual(Array.from(wrapped.primal()));
    } finally {
      direct.dispose();
      wrapped.dispose();
    }
  });

  it('a runtime loaded by the plain highs-js loader has no port: the adapter falls back to the highs-js API', async () => {
    const plain = await (loadHighsModule as unknown as () => Promise<Highs>)();
    expect(wasmHeapOf(plain)).toBeUndefined();
    const s = solvedSmallLp(plain, true);
    try {
      expect(s.directCalls).toBe(false);
      expect(Array.from(s.primal())).toEqual([expect.closeTo(1.6, 9), expect.closeTo(1.2, 9)]);
    } finally {
      s.dispose();
    }
  });

  it('memory growth: the heap views are rebuilt on the grown memory and solves stay exact', () => {
    const heap = wasmHeapOf(highs)!;
    const s = solvedSmallLp(highs, true);
    let block = 0;
    try {
      const basis = s.getBasis()!;
      const before = heap.f64;
      const bytes = highs.memoryBytes;
      expect(before.length).toBe(bytes / 8);
      block = heap.malloc(bytes); // more than is free: the memory must grow
      expect(highs.memoryBytes).toBeGreaterThan(bytes);
      expect(before.length).toBe(0); // the old view is detached
      expect(heap.f64.length).toBe(highs.memoryBytes / 8);
      expect(heap.i32.length).toBe(highs.memoryBytes / 4);
      // the solver's scratch buffers are reached through the new views
      s.changeColBounds(0, 0, 1);
      const r = s.optimize();
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(0.5, 9);
      expect(Array.from(s.primal())).toEqual([expect.closeTo(1, 9), expect.closeTo(1.5, 9)]);
      s.changeColBounds(0, 0, 10);
      s.setBasis(basis);
      const back = s.optimize();
      expect(back.objective).toBeCloseTo(0.2, 9);
      expect(back.iterations).toBe(0);
      // a model loaded after the growth is written through the new views
      const model = randomLp(30, 40, 4);
      const fresh = new HighsLpSolver(highs, { direct: true });
      const ref = new HighsLpSolver(highs, { direct: false });
      try {
        fresh.load(model);
        ref.load(model);
        expect(fresh.directCalls).toBe(true);
        const a = fresh.optimize();
        const b = ref.optimize();
        expect(a.status).toBe('optimal');
        expect(a.objective).toBe(b.objective);
        expect(a.iterations).toBe(b.iterations);
      } finally {
        fresh.dispose();
        ref.dispose();
      }
    } finally {
      if (block) heap.fn._free(block);
      s.dispose();
    }
  });

  it('instantiates runtimes from the compiled module (shared with the worker pool) and rejects a foreign binary', async () => {
    const module = await compiledHighsWasm();
    expect(await compiledHighsModule()).toBe(module);
    const second = await instantiateHighs(module);
    expect(second).not.toBe(highs);
    expect(wasmHeapOf(second)).toBeDefined();
    const worker = await workerHighs(module);
    for (const runtime of [second, worker]) {
      const s = solvedSmallLp(runtime, true);
      try {
        expect(s.directCalls).toBe(true);
      } finally {
        s.dispose();
      }
    }
    // an empty Wasm module exports no memory: the module is really the one instantiated
    const empty = await wasm.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    await expect(instantiateHighs(empty)).rejects.toThrow(LpBackendError);
    await expect(instantiateHighs(empty)).rejects.toThrow(/exports no memory/);
  });
});
