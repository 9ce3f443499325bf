import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Pseudocosts } from '../../src/bnb/pseudocosts.js';
import { solveModel, validateSolveOptions } from '../../src/bnb/solve.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { OptionError } from '../../src/errors.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { Model } from '../../src/model/model.js';
import { parallelSettings } from '../../src/parallel/parallel-options.js';
import { syncPseudocosts } from '../../src/parallel/pseudocost-exchange.js';
import { SharedPseudocosts } from '../../src/parallel/shared-pseudocosts.js';
import { ParallelSolver, type ParallelSolveResult } from '../../src/parallel/solve-parallel.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';
import { knapsack, setCover } from './fixtures.js';

/**
 * The non-deterministic dispatch: subtree affinity (seeds kept back from a reply for the next task,
 * outside the global queue), double buffering (queued tasks) and the counters that diagnose it.
 */

function expectLedgerBalanced(r: ParallelSolveResult, what: string): void {
  const l = r.parallel.ledger;
  // every node that reached the coordinator went out, was pruned or dropped, or is still open
  expect(l.received, what).toBe(l.dispatched + l.pruned + l.dropped + l.left);
  expect(l.dispatched, what).toBeGreaterThanOrEqual(1);
  // every processed node is counted on exactly one thread
  const perThread = Object.values(r.parallel.nodesPerThread).reduce((a, b) => a + b, 0);
  expect(perThread, what).toBe(r.nodes);
}

function expectCounters(r: ParallelSolveResult, threads: number, what: string): void {
  const p = r.parallel;
  expect(p.searchSeconds, what).toBeGreaterThan(0);
  expect(p.searchSeconds, what).toBeLessThanOrEqual(r.seconds + 1e-6);
  expect(p.mainBusySeconds, what).toBeGreaterThanOrEqual(0);
  expect(p.mainBusySeconds, what).toBeLessThanOrEqual(p.searchSeconds + 0.05);
  expect(p.queueWaitSeconds, what).toBeGreaterThanOrEqual(0);
  const busy = Object.values(p.busyPerThread);
  expect(busy.length, what).toBeGreaterThanOrEqual(1);
  expect(busy.length, what).toBeLessThanOrEqual(threads);
  for (const b of busy) expect(b, what).toBeGreaterThan(0);
  expect(p.affinityHits, what).toBeLessThanOrEqual(p.affinityTasks);
}

const cases: Model[] = [knapsack(24, 40, 4), knapsack(4, 40, 2, 0.3), setCover(6, 60, 40, 0.08)];
const optimum = new Map<string, number>();
let solver: ParallelSolver;

beforeAll(async () => {
  for (const m of cases) {
    const ref = await solveWithHighsMip(m, { gap: 0 });
    optimum.set(m.name, ref.objective!);
  }
  solver = new ParallelSolver(2);
});

afterAll(async () => {
  await solver.close();
});

describe('parallel dispatch', () => {
  for (const queued of [0, 1]) {
    it(`with affinity and ${queued} queued task(s) reaches the optimum and loses no node`, async () => {
      for (const m of cases) {
        const what = `${m.name} queued ${queued}`;
        const r = await solver.solve(m, { params: { 'parallel/queued-tasks': queued } });
        const opt = optimum.get(m.name)!;
        expect(r.status, what).toBe('optimal');
        expectClose(r.objective!, opt, what);
        expectFeasibleSolution(m, r.solution!, r.objective!, what);
        expectValidBound(m, r.bound, opt, what);
        expectLedgerBalanced(r, what);
        expectCounters(r, 2, what);
        if (r.parallel.tasks > 8) expect(r.parallel.affinityTasks, what).toBeGreaterThan(0);
      }
    });
  }

  it('with affinity one worker that is alone idle gets its own seeds back (hits)', async () => {
    // knapsack-24-40x4: thousands of nodes, dozens of tasks; with no queued task the affinity task
    // goes to the worker that replied, unless the other one finished in the same instant
    const m = cases[0]!;
    const r = await solver.solve(m, { params: { 'parallel/queued-tasks': 0, 'parallel/subtree-nodes': 100 } });
    expect(r.status).toBe('optimal');
    expect(r.parallel.affinityTasks).toBeGreaterThan(10);
    // collisions (both workers idle at once) send some elsewhere; never all of them
    expect(r.parallel.affinityHits).toBeGreaterThan(0);
    expectLedgerBalanced(r, 'subtree-nodes 100');
  });

  it('affinity 0 turns it off and still solves to the optimum', async () => {
    const m = cases[1]!;
    const r = await solver.solve(m, { params: { 'parallel/affinity': 0 } });
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, optimum.get(m.name)!, 'affinity 0');
    expect(r.parallel.affinityTasks).toBe(0);
    expect(r.parallel.affinityHits).toBe(0);
    expectLedgerBalanced(r, 'affinity 0');
  });

  it('at a node limit the held-back seeds are in the bound and the ledger (nothing open is lost)', async () => {
    for (const m of cases) {
      const opt = optimum.get(m.name)!;
      for (const nodeLimit of [30, 300]) {
        const what = `${m.name} node limit ${nodeLimit}`;
        const r = await solver.solve(m, { nodeLimit, params: { 'parallel/queued-tasks': 0 } });
        if (r.status === 'optimal') continue; // solved within the budget
        expect(r.status, what).toBe('node-limit');
        expect(r.nodes, what).toBeLessThanOrEqual(nodeLimit + 2);
        expectValidBound(m, r.bound, opt, what);
        expectLedgerBalanced(r, what);
        // the run stopped with open work: it is all back in the queue
        expect(r.parallel.ledger.left, what).toBeGreaterThan(0);
      }
    }
  });

  it('a single thread skips affinity and keeps the ledger too', async () => {
    const one = new ParallelSolver(1);
    try {
      const m = cases[1]!;
      const r = await one.solve(m, {});
      expect(r.status).toBe('optimal');
      expect(r.parallel.affinityTasks).toBe(0);
      expectLedgerBalanced(r, '1 thread');
      expectCounters(r, 1, '1 thread');
      const serial = await solveModel(m, {});
      expectClose(r.objective!, serial.objective!, '1 thread vs serial');
    } finally {
      await one.close();
    }
  });

  it('parallel/affinity is a registered parameter in [0, 1]', () => {
    const m = knapsack(1, 5, 1);
    const settings = (params?: Record<string, number>) => {
      const v = validateSolveOptions(m, { threads: 2, params }, globalRegistry);
      return parallelSettings({ params }, v, globalRegistry.resolveParams(params));
    };
    for (const v of [-0.1, 1.5, 'x', Number.NaN]) {
      expect(() => settings({ 'parallel/affinity': v as number }), String(v)).toThrow(OptionError);
    }
    expect(settings({ 'parallel/affinity': 0.5 }).affinity).toBe(0.5);
    expect(settings().affinity).toBeGreaterThan(0);
    expect(globalRegistry.paramSpecs().get('parallel/affinity')).toMatchObject({ type: 'real', min: 0, max: 1 });
  });
});

describe('live pseudocost exchange', () => {
  const snapshot = (pc: Pseudocosts) => ({
    downSum: pc.downSum.slice(),
    downCount: pc.downCount.slice(),
    upSum: pc.upSum.slice(),
    upCount: pc.upCount.slice(),
  });

  it('two workers see each other’s observations, counted once however often they sync', () => {
    const shared = new SharedPseudocosts(3);
    const a = new Pseudocosts(3);
    const b = new Pseudocosts(3);
    const sa = snapshot(a);
    const sb = snapshot(b);
    a.update(0, -1, 0.5, 2); // down unit gain 4 on column 0
    b.update(0, -1, 1, 2); // down unit gain 2 on column 0
    b.update(2, 1, 0.5, 1); // up unit gain 2 on column 2
    syncPseudocosts(a, shared, sa);
    syncPseudocosts(b, shared, sb);
    syncPseudocosts(a, shared, sa);
    syncPseudocosts(a, shared, sa); // nothing new: no double counting
    expect(Array.from(shared.downCount)).toEqual([2, 0, 0]);
    expect(Array.from(shared.downSum)).toEqual([6, 0, 0]);
    expect(Array.from(shared.upCount)).toEqual([0, 0, 1]);
    for (const pc of [a, b]) {
      expect(pc.down(0)).toBe(3);
      expect(pc.up(2)).toBe(2);
      expect(pc.reliability(0)).toBe(0);
      // unobserved columns use the average of all observations (the running totals were rebuilt)
      expect(pc.down(1)).toBe(3);
      expect(pc.up(1)).toBe(2);
    }
    // an observation after the sync goes in once more
    b.update(0, 1, 1, 5);
    syncPseudocosts(b, shared, sb);
    syncPseudocosts(a, shared, sa);
    expect(shared.upCount[0]).toBe(1);
    expect(a.up(0)).toBe(5);
  });
});
