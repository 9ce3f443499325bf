/** Options, limits, statistics and misuse of presolve / postsolve. */
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { presolve } from '../../src/presolve/presolve.js';
import { REDUCTION_NAMES } from '../../src/presolve/stats.js';
import { buildModel, expectReduced, expectSameOptimum } from './presolve-helpers.js';

/** A chain: each round's singleton row only appears after the previous column is fixed. */
function chain(k: number) {
  const cols = Array.from({ length: k }, (_, j) => ({ cost: 1, upper: 10, integer: true }));
  const rows = [{ lower: 3, upper: 3, terms: [[0, 1]] as [number, number][] }];
  for (let j = 1; j < k; j++) rows.push({ lower: 1, upper: 1, terms: [[j - 1, -1], [j, 1]] });
  return buildModel(cols, rows);
}

describe('presolve options', () => {
  const m = chain(5);

  it('rejects bad options with OptionError naming presolve', () => {
    for (const bad of [{ timeLimit: 0 }, { timeLimit: -1 }, { timeLimit: NaN }, { maxRounds: -1 }, { maxRounds: 1.5 }, { reductions: ['no-such'] as never }]) {
      expect(() => presolve(m, bad), JSON.stringify(bad)).toThrow(OptionError);
      expect(() => presolve(m, bad)).toThrow(/^presolve: /);
    }
  });

  it('solves a chain completely at the fixpoint, with consistent statistics', async () => {
    const r = expectReduced(presolve(m), 'chain');
    expect(r.stats.stoppedBy).toBe('fixpoint');
    expect(r.model.numCols).toBe(0);
    expect(r.model.numRows).toBe(0);
    expect(r.model.objectiveOffset).toBe(3 + 4 + 5 + 6 + 7);
    expect(Array.from(r.postsolve([]))).toEqual([3, 4, 5, 6, 7]);
    expect(r.stats.reductions.map((s) => s.name)).toEqual([...REDUCTION_NAMES]);
    const sum = (k: 'rowsRemoved' | 'colsRemoved' | 'nonzerosRemoved' | 'boundsTightened') => r.stats.reductions.reduce((a, s) => a + s[k], 0);
    expect([r.stats.rowsRemoved, r.stats.colsRemoved, r.stats.nonzerosRemoved, r.stats.boundsTightened]).toEqual([sum('rowsRemoved'), sum('colsRemoved'), sum('nonzerosRemoved'), sum('boundsTightened')]);
    expect(r.stats.rowsRemoved).toBe(5);
    expect(r.stats.colsRemoved).toBe(5);
    expect(r.stats.nonzerosRemoved).toBe(9);
    expect(r.stats.seconds).toBeGreaterThanOrEqual(0);
    for (const s of r.stats.reductions) expect(s.calls).toBe(r.stats.rounds);
    await expectSameOptimum(m, r, 'chain');
  });

  it('stops after maxRounds with a valid, partial reduction', async () => {
    const none = expectReduced(presolve(m, { maxRounds: 0 }), 'no rounds');
    expect(none.stats.rounds).toBe(0);
    expect(none.stats.stoppedBy).toBe('max-rounds');
    expect(none.stats.reduced).toEqual(none.stats.original);
    expect(Array.from(none.postsolve([3, 4, 5, 6, 7]))).toEqual([3, 4, 5, 6, 7]);
    const one = expectReduced(presolve(m, { maxRounds: 1, reductions: ['singleton-rows', 'fixed-columns'] }), 'one round');
    expect(one.stats.rounds).toBe(1);
    expect(one.stats.stoppedBy).toBe('max-rounds');
    expect(one.model.numCols).toBe(4);
    await expectSameOptimum(m, one, 'one round');
  });

  it('stops at the time limit and on an aborted signal (checked between reductions)', async () => {
    const timed = expectReduced(presolve(m, { timeLimit: 1e-12 }), 'time limit');
    expect(timed.stats.stoppedBy).toBe('time-limit');
    expect(timed.stats.reduced).toEqual(timed.stats.original);
    const ac = new AbortController();
    ac.abort();
    const stopped = expectReduced(presolve(m, { signal: ac.signal }), 'aborted');
    expect(stopped.stats.stoppedBy).toBe('interrupted');
    await expectSameOptimum(m, stopped, 'aborted');
    const live = expectReduced(presolve(m, { signal: new AbortController().signal, timeLimit: 60 }), 'live signal');
    expect(live.stats.stoppedBy).toBe('fixpoint');
  });

  it('postsolve rejects a point of the wrong length or with non-finite values', () => {
    const r = expectReduced(presolve(m, { maxRounds: 0 }), 'identity');
    expect(() => r.postsolve([1, 2])).toThrow(OptionError);
    expect(() => r.postsolve([1, 2])).toThrow(/^postsolve: the point has 2 values, the reduced model has 5 columns/);
    expect(() => r.postsolve([3, 4, NaN, 6, 7])).toThrow(/not finite/);
  });

  it('reports infeasibility as a value naming the reduction and the row', () => {
    const bad = buildModel([{ upper: 2, integer: true }, { upper: 2, integer: true }], [{ name: 'sum', lower: 5, terms: [[0, 1], [1, 1]] }]);
    const r = presolve(bad);
    expect(r.status).toBe('infeasible');
    if (r.status !== 'infeasible') return;
    expect(r.reason).toMatch(/sum/);
    expect(r.stats.stoppedBy).toBe('infeasible');
  });
});
