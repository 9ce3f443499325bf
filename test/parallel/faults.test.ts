import { describe, it, expect, beforeAll } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { solveParallel } from '../../src/parallel/solve-parallel.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';
import { knapsack } from './fixtures.js';

const model = knapsack(3, 25, 3); // ~1-2k nodes: many subtree tasks
let optimum = 0;

beforeAll(async () => {
  // the serial engine as reference (it is checked against HiGHS in test/bnb; HiGHS MIP is slow here)
  const ref = await solveModel(model, {});
  expect(ref.status).toBe('optimal');
  optimum = ref.objective!;
});

describe('worker faults', () => {
  it('a worker that exits mid-task is replaced and its subtree re-queued', async () => {
    const r = await solveParallel(
      model,
      { threads: 2, params: { 'parallel/subtree-nodes': 16, 'parallel/nodes-per-task': 1 } },
      { fault: { task: 4, kind: 'exit', afterNodes: 2 } },
    );
    expect(r.parallel.workerFailures).toBe(1);
    expect(r.parallel.requeued).toBe(1);
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, optimum, 'after a worker exit');
    expectFeasibleSolution(model, r.solution!, r.objective!, 'after a worker exit');
    // the replacement worker took part and every worker still disposed its model at the end
    expect(r.parallel.disposedAtShutdown).toBe(2);
  });

  it('a worker that throws mid-task has its subtree re-queued (deterministic mode too)', async () => {
    const params = { 'parallel/subtree-nodes': 16, 'parallel/nodes-per-task': 3 };
    const fault = { task: 3, kind: 'throw', afterNodes: 1 } as const;
    const a = await solveParallel(model, { threads: 2, deterministic: true, params }, { fault });
    const b = await solveParallel(model, { threads: 2, deterministic: true, params }, { fault });
    for (const r of [a, b]) {
      expect(r.parallel.workerFailures).toBe(1);
      // every open node the failed task held went back to the queue
      expect(r.parallel.requeued).toBeGreaterThanOrEqual(1);
      expect(r.parallel.requeued).toBeLessThanOrEqual(3);
      expect(r.status).toBe('optimal');
      expectClose(r.objective!, optimum, 'after a worker throw');
    }
    // the fault is part of the deterministic schedule: both runs agree exactly
    expect(b.nodes).toBe(a.nodes);
    expect(b.objective).toBe(a.objective);
  });

  it('a fault before any node (task start) loses nothing either', async () => {
    const r = await solveParallel(model, { threads: 3 }, { fault: { task: 0, kind: 'exit', afterNodes: 0 } });
    expect(r.parallel.requeued).toBe(1);
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, optimum, 'root task fault');
  });

  it('fault injection is not a user parameter', async () => {
    await expect(solveParallel(model, { threads: 2, params: { 'parallel/test-fault-task': 0 } })).rejects.toThrow(/unknown parameter "parallel\/test-fault-task"/);
  });
});
