import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { randomLp, seededRandom, smallLp } from './lp-models.js';

/** 0/1 knapsack, maximise profit: brute-force optimum for checking. */
function knapsack(n: number, seed: number): { model: Model; best: number } {
  const rnd = seededRandom(seed);
  const w: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    w.push(1 + Math.floor(rnd() * 20));
    p.push(1 + Math.floor(rnd() * 30));
  }
  const cap = Math.floor(w.reduce((a, b) => a + b, 0) / 2);
  const b = new ModelBuilder(`knapsack-${n}`);
  b.sense = 'maximize';
  const cols = p.map((pi, i) => b.addBinary(`b${i}`, pi));
  b.addRow({ name: 'cap', upper: cap }, cols, w);
  let best = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let ww = 0;
    let pp = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) { ww += w[i]!; pp += p[i]!; }
    if (ww <= cap && pp > best) best = pp;
  }
  return { model: b.build(), best };
}

describe('solveWithHighsMip', () => {
  it('solves a knapsack (maximisation) to its brute-force optimum', async () => {
    const { model, best } = knapsack(14, 3);
    const r = await solveWithHighsMip(model);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(best, 6);
    expect(r.bound).toBeGreaterThanOrEqual(best - 1e-6); // max: bound >= optimum
    expect(r.bound).toBeLessThanOrEqual(best * (1 + 1e-6) + 1e-6);
    expect(r.solution).not.toBeNull();
    expect(model.maxViolation(r.solution!).value).toBeLessThan(1e-6);
    expect(model.objectiveOf(r.solution!)).toBeCloseTo(best, 6);
    expect(r.nodes).toBeGreaterThanOrEqual(0);
    expect(r.rawStatus).toBe('optimal');
  });

  it('solves a minimisation MIP with offset, bound <= objective', async () => {
    const model = randomLp(12, 16, 9, 0.3, true); // min -c'x + 1.5, integer x in [0, 10]
    const r = await solveWithHighsMip(model, { gap: 0 });
    expect(r.status).toBe('optimal');
    expect(r.objective).not.toBeNull();
    expect(r.bound).toBeLessThanOrEqual(r.objective! + 1e-6);
    expect(r.objective! - r.bound).toBeLessThan(1e-6 * Math.abs(r.objective!) + 1e-6);
    expect(model.maxViolation(r.solution!).value).toBeLessThan(1e-6);
    expect(model.objectiveOf(r.solution!)).toBeCloseTo(r.objective!, 6);
  });

  it('proves an integer-infeasible MIP infeasible', async () => {
    // 2x + 2y = 3 has no integer solution
    const b = new ModelBuilder('parity');
    const x = b.addColumn({ name: 'x', upper: 5, integer: true, cost: 1 });
    const y = b.addColumn({ name: 'y', upper: 5, integer: true, cost: 1 });
    b.addRow({ name: 'odd', lower: 3, upper: 3 }, [x, y], [2, 2]);
    const r = await solveWithHighsMip(b.build());
    expect(r.status).toBe('infeasible');
    expect(r.objective).toBeNull();
    expect(r.solution).toBeNull();
    expect(r.bound).toBe(Infinity);
  });

  it('reports unbounded (or infeasible-or-unbounded) for an unbounded MIP', async () => {
    const b = new ModelBuilder('unbounded');
    const x = b.addColumn({ name: 'x', integer: true, cost: -1 });
    const y = b.addColumn({ name: 'y', integer: true });
    b.addRow({ lower: 0 }, [x, y], [1, -1]);
    const r = await solveWithHighsMip(b.build());
    expect(['unbounded', 'infeasible-or-unbounded']).toContain(r.status);
    expect(r.bound).toBe(-Infinity);
  });

  it('solves a pure LP: nodes 0, bound equals objective', async () => {
    const r = await solveWithHighsMip(smallLp());
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(0.2, 9);
    expect(r.bound).toBeCloseTo(0.2, 9);
    expect(r.nodes).toBe(0);
    expect(Array.from(r.solution!)).toEqual([expect.closeTo(1.6, 9), expect.closeTo(1.2, 9)]);
  });

  it('handles models with no columns or no rows', async () => {
    const empty = new ModelBuilder('empty');
    empty.objectiveOffset = 2;
    const e = await solveWithHighsMip(empty.build());
    expect(e).toMatchObject({ status: 'optimal', objective: 2, bound: 2, nodes: 0 });
    expect(e.solution!.length).toBe(0);

    const bad = new ModelBuilder('empty-infeasible');
    bad.addRow({ name: 'r', lower: 1 }, [], []);
    expect((await solveWithHighsMip(bad.build())).status).toBe('infeasible');

    const noRows = new ModelBuilder('no-rows');
    noRows.sense = 'maximize';
    noRows.addColumn({ name: 'z', lower: 1, upper: 7, cost: 2, integer: true });
    const r = await solveWithHighsMip(noRows.build());
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(14, 9);
    expect(r.solution![0]).toBeCloseTo(7, 9);
  });

  it('stops at a time limit or finishes, never reporting a wrong objective', async () => {
    const { model, best } = knapsack(16, 11);
    const r = await solveWithHighsMip(model, { timeLimit: 0.001 });
    expect(['optimal', 'time-limit']).toContain(r.status);
    if (r.objective !== null) expect(r.objective).toBeLessThanOrEqual(best + 1e-6);
    expect(r.bound).toBeGreaterThanOrEqual(best - 1e-6);
  });

  it('rejects bad options', async () => {
    const m = smallLp();
    await expect(solveWithHighsMip(m, { gap: -1 })).rejects.toThrow(OptionError);
    await expect(solveWithHighsMip(m, { timeLimit: 0 })).rejects.toThrow(/timeLimit/);
    await expect(solveWithHighsMip(m, { threads: 2 as 1 })).rejects.toThrow(OptionError);
  });
});
