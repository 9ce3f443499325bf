import { describe, it, expect, beforeAll } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { OptionError } from '../../src/errors.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import type { LpSolverFactory } from '../../src/lp/lp-solver.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { knapsack } from './helpers.js';

let lpFactory: LpSolverFactory;
beforeAll(async () => {
  lpFactory = await highsLpFactory();
});

/** 2 x0 + 2 x1 + 2 x2 = 3 over binaries: LP feasible, integer infeasible (needs branching). */
function parityInfeasible() {
  const b = new ModelBuilder('parity');
  for (let j = 0; j < 3; j++) b.addBinary(`x${j}`, 1);
  b.addRow({ name: 'odd', lower: 3, upper: 3 }, [0, 1, 2], [2, 2, 2]);
  return b.build();
}

/** min -y, y integer >= x0 (binary), no upper bound: unbounded. */
function unbounded() {
  const b = new ModelBuilder('unbounded');
  b.addBinary('x0');
  b.addColumn({ name: 'y', lower: 0, cost: -1, integer: true });
  b.addRow({ name: 'r', lower: 0 }, [1, 0], [1, -1]);
  return b.build();
}

describe('solveModel outcomes', () => {
  it('proves integer infeasibility (LP feasible, no integer point)', async () => {
    // without cuts the tree proves it (with cuts a Gomory cut can close the root: also infeasible)
    for (const cuts of [false, true]) {
      const r = await solveModel(parityInfeasible(), { cuts, presolve: false, params: { 'propagator/row-activity/enabled': false } }, { lpFactory });
      expect(r.status).toBe('infeasible');
      expect(r.objective).toBeNull();
      expect(r.solution).toBeNull();
      expect(r.bound).toBe(Infinity);
      if (!cuts) expect(r.nodes).toBeGreaterThan(1);
    }
  });

  it('reports an infeasible root (propagation or LP) as infeasible', async () => {
    const b = new ModelBuilder('inf');
    b.addBinary('a');
    b.addBinary('b');
    b.addRow({ lower: 3 }, [0, 1], [1, 1]);
    for (const on of [true, false]) {
      const r = await solveModel(b.build(), { params: { 'propagator/row-activity/enabled': on } }, { lpFactory });
      expect(r.status).toBe('infeasible');
    }
  });

  it('unbounded LP: unbounded when a feasible point exists, infeasible when none, undecided at a limit', async () => {
    const m = unbounded();
    const r = await solveModel(m, {}, { lpFactory });
    expect(r.status).toBe('unbounded'); // the feasibility phase found a point
    expect(r.bound).toBe(-Infinity);
    expect(m.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
    expect(r.objective).toBe(m.objectiveOf(r.solution!));
    const r2 = await solveModel(m, { initialSolution: [1, 5] }, { lpFactory });
    expect(r2.status).toBe('unbounded');
    expect(r2.objective).toBe(-5);
    expect(Array.from(r2.solution!)).toEqual([1, 5]);
    // the search alone cannot decide it in one node; presolve does (every row goes, a feasible point is known)
    const r3 = await solveModel(m, { nodeLimit: 1, presolve: false }, { lpFactory });
    expect(r3.status).toBe('infeasible-or-unbounded');
    expect(r3.solution).toBeNull();
    const r3p = await solveModel(m, { nodeLimit: 1 }, { lpFactory });
    expect(r3p.status).toBe('unbounded');
    expect(m.maxViolation(r3p.solution!).value).toBeLessThanOrEqual(1e-6);
    expect(r3p.stats.find((s) => s.name === 'presolve')!.calls).toBe(1);
    // parity rows make it integer infeasible although the relaxation is unbounded
    const b = new ModelBuilder('unbounded-infeasible');
    for (let j = 0; j < 3; j++) b.addBinary(`x${j}`);
    b.addColumn({ name: 'y', lower: 0, cost: -1 });
    b.addRow({ name: 'odd', lower: 3, upper: 3 }, [0, 1, 2], [2, 2, 2]);
    const r4 = await solveModel(b.build(), { params: { 'propagator/row-activity/enabled': false } }, { lpFactory });
    expect(r4.status).toBe('infeasible');
    expect(r4.solution).toBeNull();
  });

  it('solves models without columns or without rows', async () => {
    const e = new ModelBuilder('empty');
    e.objectiveOffset = 2.5;
    const r = await solveModel(e.build(), {}, { lpFactory });
    expect(r).toMatchObject({ status: 'optimal', objective: 2.5, bound: 2.5, gap: 0, nodes: 0 });
    expect(r.solution!.length).toBe(0);

    const bad = new ModelBuilder('empty-infeasible');
    bad.addRow({ name: 'one', lower: 1 }, [], []);
    expect((await solveModel(bad.build(), {}, { lpFactory })).status).toBe('infeasible');

    const norows = new ModelBuilder('no-rows');
    norows.sense = 'maximize';
    norows.addBinary('a', 3);
    norows.addColumn({ name: 'n', lower: -2, upper: 4, cost: -1, integer: true });
    norows.addColumn({ name: 'c', lower: 0, upper: 1.5, cost: 1 });
    const r3 = await solveModel(norows.build(), {}, { lpFactory });
    expect(r3.status).toBe('optimal');
    expect(r3.objective).toBeCloseTo(3 + 2 + 1.5, 9);
  });

  it('validates options with OptionError naming the option', async () => {
    const m = knapsack(1, 6);
    const cases: Array<[object, RegExp]> = [
      [{ timeLimit: 0 }, /timeLimit/],
      [{ timeLimit: -1 }, /timeLimit/],
      [{ timeLimit: Number.NaN }, /timeLimit/],
      [{ nodeLimit: 0 }, /nodeLimit/],
      [{ nodeLimit: 2.5 }, /nodeLimit/],
      [{ solutionLimit: -3 }, /solutionLimit/],
      [{ gap: -0.1 }, /gap/],
      [{ absGap: Number.NaN }, /absGap/],
      [{ threads: 0 }, /threads/],
      [{ branching: 'best-guess' }, /unknown branching plugin "best-guess"/],
      [{ nodeSelection: 'random' }, /unknown node-selection plugin "random"/],
      [{ params: { 'branching/strong/candidates': 0 } }, /out of range/],
      [{ params: { 'nonsense/x': 1 } }, /unknown parameter/],
      [{ initialSolution: [1, 2] }, /initialSolution/],
    ];
    for (const [opts, re] of cases) {
      await expect(solveModel(m, opts, { lpFactory }), JSON.stringify(opts)).rejects.toThrow(OptionError);
      await expect(solveModel(m, opts, { lpFactory })).rejects.toThrow(re);
    }
  });

  it('node limit returns a valid bound and a feasible incumbent', async () => {
    const m = knapsack(102, 25, 2); // maximisation
    const full = await solveModel(m, {}, { lpFactory });
    expect(full.status).toBe('optimal');
    const r = await solveModel(m, { nodeLimit: 3, branching: 'most-fractional', cuts: false }, { lpFactory });
    expect(r.status).toBe('node-limit');
    expect(r.nodes).toBe(3);
    expect(r.bound).toBeGreaterThanOrEqual(full.objective! - 1e-9); // max: bound >= optimum
    if (r.solution) {
      expect(m.maxViolation(r.solution).value).toBeLessThanOrEqual(1e-6);
      expect(r.objective).toBe(m.objectiveOf(r.solution));
      expect(r.objective!).toBeLessThanOrEqual(full.objective!);
    }
  });

  it('an AbortSignal aborted mid-run returns the incumbent with status interrupted', async () => {
    const m = knapsack(7, 40, 3);
    const ac = new AbortController();
    const r = await solveModel(
      m,
      {
        signal: ac.signal,
        branching: 'most-fractional',
        nodeSelection: 'depth-first',
        log: (line) => {
          if (/^[HL]/.test(line)) ac.abort(); // first incumbent found
        },
      },
      { lpFactory },
    );
    expect(r.status).toBe('interrupted');
    expect(r.solution).not.toBeNull();
    expect(m.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
    expect(r.objective).toBe(m.objectiveOf(r.solution!));
    expect(r.bound).toBeGreaterThanOrEqual(r.objective!);
    const pre = new AbortController();
    pre.abort();
    const r2 = await solveModel(m, { signal: pre.signal }, { lpFactory });
    expect(r2.status).toBe('interrupted');
    expect(r2.nodes).toBe(0);
  });

  it('uses a feasible initial solution, ignores an infeasible one, and honours the solution limit', async () => {
    const m = knapsack(3, 15);
    const zeros = new Float64Array(m.numCols);
    // the initial solution is a starting point: not counted, neither in `solutions` nor by the
    // solution limit (as in parallel solves); a node limit of 1 keeps it when nothing better is found
    const start = await solveModel(m, { initialSolution: zeros, nodeLimit: 1, params: { 'heuristic/rounding/enabled': false, 'heuristic/fix-lp/enabled': false, 'heuristic/diving/enabled': false } }, { lpFactory });
    expect(start.objective).not.toBeNull();
    expect(m.sense === 'maximize' ? start.objective! >= 0 : start.objective! <= 0).toBe(true);
    // (the limit is checked between nodes; without cuts the root finds one solution here)
    const r = await solveModel(m, { initialSolution: zeros, solutionLimit: 1, cuts: false }, { lpFactory });
    expect(['solution-limit', 'optimal']).toContain(r.status);
    expect(r.solutions).toBe(1);
    expect(r.objective).not.toBe(0); // the one solution counted is one the search found
    const ones = new Float64Array(m.numCols).fill(1); // violates the capacity
    const r2 = await solveModel(m, { initialSolution: ones }, { lpFactory });
    expect(r2.status).toBe('optimal');
    expect(m.maxViolation(r2.solution!).value).toBeLessThanOrEqual(1e-6);
  });

  it('stops at a user gap with a valid bound', async () => {
    const m = knapsack(102, 25, 2);
    const full = await solveModel(m, {}, { lpFactory });
    const r = await solveModel(m, { gap: 0.05, branching: 'most-fractional' }, { lpFactory });
    expect(['gap-limit', 'optimal']).toContain(r.status);
    expect(r.gap).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(r.bound).toBeGreaterThanOrEqual(full.objective! - 1e-9);
    expect(r.objective!).toBeGreaterThanOrEqual((1 - 0.05) * full.objective! - 1e-9);
  });

  it('a short time limit returns time-limit with a valid bound', async () => {
    const m = knapsack(9, 60, 4);
    const r = await solveModel(m, { timeLimit: 0.05, branching: 'most-fractional', params: { 'heuristic/rounding/enabled': false } }, { lpFactory });
    expect(['time-limit', 'optimal']).toContain(r.status);
    expect(r.seconds).toBeLessThan(2);
    if (r.status === 'time-limit' && r.objective !== null) expect(r.bound).toBeGreaterThanOrEqual(r.objective);
  });

  it('writes a log with a header, progress lines and a summary with plugin statistics', async () => {
    const lines: string[] = [];
    const progress: number[] = [];
    await solveModel(knapsack(102, 25, 2), { log: (l) => lines.push(l), onProgress: (p) => progress.push(p.nodes) }, { lpFactory });
    const text = lines.join('\n');
    expect(text).toMatch(/mipnet branch-and-bound: model "knapsack-102"/);
    expect(text).toMatch(/Nodes\s+Open\s+Incumbent\s+Bound\s+Gap/);
    expect(text).toMatch(/Status\s+optimal/);
    expect(text).toMatch(/nodes\/s/);
    expect(text).toMatch(/branching\/pseudocost/);
    expect(progress.length).toBeGreaterThanOrEqual(1);
  });

  it('diving finds an incumbent at the root and leaves the node LP intact', async () => {
    const m = knapsack(102, 25, 2);
    const full = await solveModel(m, {}, { lpFactory });
    const r = await solveModel(
      m,
      // cuts off: with them the root LP of this knapsack is integral and no heuristic runs
      { nodeLimit: 1, cuts: false, params: { 'heuristic/rounding/enabled': false, 'heuristic/fix-lp/enabled': false } },
      { lpFactory },
    );
    const diving = r.stats.find((s) => s.name === 'heuristic/diving')!;
    expect(diving.calls).toBe(1);
    expect(diving.solutions).toBe(1);
    expect(r.solution).not.toBeNull();
    expect(m.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
    expect(r.bound).toBeGreaterThanOrEqual(full.objective! - 1e-9);
    const off = await solveModel(m, { params: { 'heuristic/diving/enabled': false, 'heuristic/rounding/enabled': false } }, { lpFactory });
    expect(off.objective).toBe(full.objective);
    expect(off.stats.some((s) => s.name === 'heuristic/diving')).toBe(false);
  });
});

