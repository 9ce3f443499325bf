import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { registerPlugin } from '../../src/bnb/plugin-registry.js';
import { solveModel } from '../../src/bnb/solve.js';
import { OptionError } from '../../src/errors.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { unboundedRay } from '../../src/gen/index.js';
import { ParallelSolver, solveParallel } from '../../src/parallel/solve-parallel.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';
import { integerProgram, knapsack, setCover } from './fixtures.js';

/** ~10 seeded small MILPs: knapsacks (max), set covers (min), general integer programs (min). */
const instances: Model[] = [
  knapsack(1, 30, 2),
  knapsack(2, 35, 1),
  knapsack(3, 25, 3),
  knapsack(4, 40, 2, 0.3),
  setCover(5, 40, 30),
  setCover(6, 60, 40, 0.08),
  setCover(7, 30, 25, 0.2),
  integerProgram(8, 8, 5),
  integerProgram(9, 10, 6),
  integerProgram(10, 12, 4),
];

const optimum = new Map<string, number>();
const solvers = new Map<number, ParallelSolver>();

beforeAll(async () => {
  for (const m of instances) {
    const ref = await solveWithHighsMip(m, { gap: 0 });
    expect(ref.status, m.name).toBe('optimal');
    optimum.set(m.name, ref.objective!);
  }
  for (const t of [1, 2, 3]) solvers.set(t, new ParallelSolver(t));
});

afterAll(async () => {
  for (const s of solvers.values()) await s.close();
});

describe('parallel branch and bound', () => {
  for (const t of [1, 2, 3]) {
    it(`with ${t} thread(s) reaches the HiGHS optimum on 10 seeded MILPs`, async () => {
      const solver = solvers.get(t)!;
      for (const m of instances) {
        const r = await solver.solve(m, { timeLimit: 30 });
        const what = `${m.name} threads ${t} (${r.status})`;
        const opt = optimum.get(m.name)!;
        expect(r.status, what).toBe('optimal');
        expect(r.threads, what).toBe(t);
        expectClose(r.objective!, opt, what);
        expectFeasibleSolution(m, r.solution!, r.objective!, what);
        expectValidBound(m, r.bound, opt, what);
        expect(r.gap, what).toBeLessThanOrEqual(1e-6);
        expect(r.nodes, what).toBeGreaterThanOrEqual(1);
        expect(r.parallel.requeued, what).toBe(0);
        if (t > 1 && r.parallel.tasks > t) {
          // work was spread: more than one worker processed nodes
          expect(Object.keys(r.parallel.nodesPerThread).length, what).toBeGreaterThan(1);
        }
      }
    });
  }

  it('solveParallel matches the serial engine on the same model and disposes every worker', async () => {
    const m = knapsack(11, 30, 2);
    const serial = await solveModel(m, {});
    const r = await solveParallel(m, { threads: 2 });
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, serial.objective!, 'parallel vs serial');
    expect(r.parallel.disposedAtShutdown).toBe(2);
    expect(r.stats.some((s) => s.name.startsWith('branching/'))).toBe(true);
  });

  it('honours the node selector in the workers and the coordinator (depth-first reaches the optimum too)', async () => {
    const m = knapsack(12, 25, 2);
    const r = await solvers.get(2)!.solve(m, { nodeSelection: 'depth-first', params: { 'parallel/subtree-nodes': 8 } });
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, (await solveWithHighsMip(m, { gap: 0 })).objective!, 'depth-first');
    // a selector that does not exist is refused before any worker starts
    await expect(solvers.get(2)!.solve(m, { nodeSelection: 'no-such-selector' })).rejects.toThrow(/unknown node-selection plugin "no-such-selector"/);
  });

  it('proves infeasibility', async () => {
    const b = new ModelBuilder('infeasible');
    const x = b.addColumn({ name: 'x', lower: 0, upper: 10, integer: true, cost: 1 });
    const y = b.addColumn({ name: 'y', lower: 0, upper: 10, integer: true, cost: 1 });
    b.addRow({ lower: 1, upper: 1 }, [x, y], [2, 2]); // 2x + 2y = 1 has no integer solution
    const r = await solvers.get(2)!.solve(b.build());
    expect(r.status).toBe('infeasible');
    expect(r.objective).toBeNull();
    expect(r.bound).toBe(Infinity);
  });

  it('reports an unbounded MILP as unbounded with a feasible point (as the serial engine)', async () => {
    const m = unboundedRay(2, 4);
    const r = await solvers.get(2)!.solve(m, { timeLimit: 20 });
    expect(r.status).toBe('unbounded');
    expect(r.solution).not.toBeNull();
    expect(m.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
    expect(r.bound).toBe(m.sense === 'maximize' ? Infinity : -Infinity);
  });

  it('stops at the node limit with a valid bound and the open nodes kept', async () => {
    const m = instances[3]!; // knapsack-4-40x2: several hundred nodes
    const opt = optimum.get(m.name)!;
    const r = await solvers.get(2)!.solve(m, { nodeLimit: 40, params: { 'parallel/subtree-nodes': 8 } });
    expect(r.status).toBe('node-limit');
    expect(r.nodes).toBeGreaterThanOrEqual(40);
    expect(r.nodes).toBeLessThanOrEqual(40 + 2);
    expectValidBound(m, r.bound, opt, 'node-limit bound');
    if (r.objective !== null) expect(r.objective).toBeLessThanOrEqual(opt + 1e-6);
  });

  it('stops at the solution limit', async () => {
    const m = knapsack(14, 50, 2);
    const r = await solvers.get(2)!.solve(m, { solutionLimit: 1 });
    expect(r.status === 'solution-limit' || r.status === 'optimal').toBe(true);
    expect(r.solutions).toBeGreaterThanOrEqual(1);
    expect(r.objective).not.toBeNull();
  });

  it('uses a feasible initial solution as first incumbent', async () => {
    const m = setCover(15, 30, 20);
    const all = new Float64Array(m.numCols).fill(1); // every set chosen covers everything
    const r = await solvers.get(2)!.solve(m, { initialSolution: all, nodeLimit: 1 });
    expect(r.objective).not.toBeNull();
    expect(r.objective!).toBeLessThanOrEqual(m.objectiveOf(all));
  });

  it('reports progress and log lines', async () => {
    const m = instances[2]!; // knapsack-3-25x3
    const progress: number[] = [];
    const lines: string[] = [];
    const r = await solvers.get(2)!.solve(m, { onProgress: (p) => progress.push(p.nodes), log: (l) => lines.push(l) });
    expect(r.status).toBe('optimal');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[progress.length - 1]).toBe(r.nodes);
    expect(lines.some((l) => l.includes('workers ready'))).toBe(true);
    expect(lines.some((l) => /^\*\s+\d+/.test(l))).toBe(true); // an improvement line of the search log
    expect(lines.some((l) => l.includes('Nodes') && l.includes('Incumbent'))).toBe(true); // the log header
  });

  it('refuses a plugin registered only in this thread, naming it and the way to reach the workers', async () => {
    registerPlugin({
      kind: 'branching',
      name: 'main-thread-only',
      description: 'test plugin unknown to the worker threads',
      create: () => ({ name: 'main-thread-only', score: () => {} }),
    });
    const m = knapsack(1, 10);
    await expect(solveParallel(m, { threads: 2, branching: 'main-thread-only' })).rejects.toThrow(
      /solve in parallel: branching plugin "main-thread-only" is registered by registerPlugin in this thread only.*plugin module.*--plugin/,
    );
    // serially it runs
    expect((await solveModel(m, { branching: 'main-thread-only' })).status).toBe('optimal');
  });

  it('rejects bad options with OptionError before starting threads', async () => {
    const m = knapsack(1, 5);
    await expect(solveParallel(m, { threads: 0 })).rejects.toThrow(OptionError);
    await expect(solveParallel(m, { threads: 2, params: { 'parallel/bogus': 1 } })).rejects.toThrow(/unknown parameter "parallel\/bogus"/);
    await expect(solveParallel(m, { threads: 2, params: { 'branching/bogus/x': 1 } })).rejects.toThrow(OptionError);
    await expect(solveParallel(m, { threads: 2, branching: 'no-such-rule' })).rejects.toThrow(OptionError);
    await expect(solvers.get(2)!.solve(m, { threads: 3 })).rejects.toThrow(/this solver has 2 workers/);
  });
});
