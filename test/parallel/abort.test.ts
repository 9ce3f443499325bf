import { describe, it, expect } from 'vitest';
import { solveParallel } from '../../src/parallel/solve-parallel.js';
import { knapsack } from './fixtures.js';

const hard = knapsack(21, 80, 5); // far more than a minute of search

describe('stopping a parallel run', () => {
  it('an AbortSignal stops it promptly with status interrupted and a valid state', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 1500);
    const r = await solveParallel(hard, { threads: 2, signal: ac.signal });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.status).toBe('interrupted');
    expect(seconds).toBeLessThan(6);
    expect(r.nodes).toBeGreaterThan(0);
    // maximisation: the bound is an upper bound, the incumbent below it
    if (r.objective !== null) expect(r.bound).toBeGreaterThanOrEqual(r.objective - 1e-6);
    expect(Number.isFinite(r.bound)).toBe(true);
  });

  it('an already aborted signal returns at once without processing nodes', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await solveParallel(hard, { threads: 2, signal: ac.signal });
    expect(r.status).toBe('interrupted');
    expect(r.nodes).toBe(0);
    expect(r.objective).toBeNull();
    expect(r.bound).toBe(Infinity); // nothing proven (maximisation)
  });

  it('the time limit stops it', async () => {
    const t0 = performance.now();
    const r = await solveParallel(hard, { threads: 2, timeLimit: 1.5 });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.status).toBe('time-limit');
    expect(seconds).toBeLessThan(6);
    expect(r.seconds).toBeGreaterThanOrEqual(1.4);
    expect(r.nodes).toBeGreaterThan(0);
  });
});
