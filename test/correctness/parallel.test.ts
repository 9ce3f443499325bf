/**
 * The correctness suite with 1, 2 and 3 threads: every optimum agrees with HiGHS' (and so across
 * thread counts), every solution is feasible, every bound valid; with deterministic: true two runs
 * agree exactly (status, objective, node count, solution). Warm pools (ParallelSolver) keep the
 * worker start-up out of the loop; one solve goes through the public `solve` entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctnessSuite } from '../../src/gen/index.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ParallelSolver } from '../../src/parallel/solve-parallel.js';
import { solve } from '../../src/solve.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';

const instances = correctnessSuite();
const optimum = new Map<string, number>();
const pools = new Map<number, ParallelSolver>();

beforeAll(async () => {
  for (const inst of instances) {
    if (inst.expected.status !== 'optimal') continue;
    const ref = await solveWithHighsMip(inst.model, { gap: 0 });
    optimum.set(inst.name, inst.expected.objective ?? ref.objective!);
  }
  pools.set(2, new ParallelSolver(2));
  pools.set(3, new ParallelSolver(3));
});

afterAll(async () => {
  for (const p of pools.values()) await p.close();
});

describe.each([2, 3])('%i threads', (threads) => {
  it('reach the reference optimum, prove infeasibility and unboundedness', async () => {
    const pool = pools.get(threads)!;
    for (const inst of instances) {
      const r = await pool.solve(inst.model, { threads, timeLimit: 30 });
      const what = `${inst.name} threads ${threads} (${r.status})`;
      expect(r.threads, what).toBe(threads);
      if (inst.expected.status === 'infeasible') {
        expect(r.status, what).toBe('infeasible');
        continue;
      }
      if (inst.expected.status === 'unbounded') {
        expect(['unbounded', 'infeasible-or-unbounded'], what).toContain(r.status);
        continue;
      }
      const opt = optimum.get(inst.name)!;
      expect(r.status, what).toBe('optimal');
      expectClose(r.objective!, opt, what);
      expectFeasibleSolution(inst.model, r.solution!, r.objective!, what);
      expectValidBound(inst.model, r.bound, opt, what);
    }
  });
});

describe('deterministic mode', () => {
  it('repeats itself exactly with 2 threads', async () => {
    const pool = pools.get(2)!;
    const picked = instances.filter((s, i) => i % 3 === 0 && s.expected.status === 'optimal');
    expect(picked.length).toBeGreaterThanOrEqual(5);
    for (const inst of picked) {
      const a = await pool.solve(inst.model, { threads: 2, deterministic: true, timeLimit: 30 });
      const b = await pool.solve(inst.model, { threads: 2, deterministic: true, timeLimit: 30 });
      const what = `${inst.name} deterministic`;
      expect(a.status, what).toBe('optimal');
      expect(b.status, what).toBe(a.status);
      expect(b.objective, what).toBe(a.objective);
      expect(b.nodes, what).toBe(a.nodes);
      expect(Array.from(b.solution!), what).toEqual(Array.from(a.solution!));
    }
  });
});

describe('public entry', () => {
  it('solve() with threads: 2 runs the parallel engine', async () => {
    const inst = instances.find((s) => s.expected.status === 'optimal' && s.model.numIntegers >= 20)!;
    const r = await solve(inst.model, { threads: 2, timeLimit: 30 });
    expect(r.threads).toBe(2);
    expect(r.status).toBe('optimal');
    expectClose(r.objective!, optimum.get(inst.name)!, inst.name);
  });
});
