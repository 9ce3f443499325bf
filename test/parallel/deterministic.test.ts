import { describe, it, expect, afterAll } from 'vitest';
import { ParallelSolver, solveParallel } from '../../src/parallel/solve-parallel.js';
import { knapsack } from './fixtures.js';

const solver = new ParallelSolver(2);
afterAll(async () => {
  await solver.close();
});

describe('deterministic parallel mode', () => {
  it('gives the same objective, solution, node count and LP iterations on every run (2 threads)', async () => {
    const params = { 'parallel/subtree-nodes': 16 };
    for (const m of [knapsack(1, 30, 2), knapsack(4, 40, 2, 0.3)]) {
      const a = await solver.solve(m, { deterministic: true, params });
      const b = await solver.solve(m, { deterministic: true, params });
      const what = m.name;
      expect(a.status, what).toBe('optimal');
      expect(a.parallel.rounds, what).toBeGreaterThan(1);
      expect(a.parallel.tasks, what).toBeGreaterThan(2); // really spread over both workers
      expect(b.status, what).toBe(a.status);
      expect(b.objective, what).toBe(a.objective);
      expect(b.nodes, what).toBe(a.nodes);
      expect(b.lpIterations, what).toBe(a.lpIterations);
      expect(b.bound, what).toBe(a.bound);
      expect(Array.from(b.solution!), what).toEqual(Array.from(a.solution!));
    }
  });

  it('is repeatable with a node limit, and a fresh pool repeats a warm one', async () => {
    const m = knapsack(24, 40, 4);
    const a = await solver.solve(m, { deterministic: true, nodeLimit: 300 });
    const b = await solveParallel(m, { threads: 2, deterministic: true, nodeLimit: 300 });
    expect(a.status).toBe('node-limit');
    expect(a.nodes).toBeLessThanOrEqual(300);
    expect(b.status).toBe(a.status);
    expect(b.nodes).toBe(a.nodes);
    expect(b.objective).toBe(a.objective);
    expect(b.bound).toBe(a.bound);
  });
});
