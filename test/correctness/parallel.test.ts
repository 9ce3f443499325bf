/**
 * The suite with threads: 2 — the same answers as the serial engine, and with deterministic: true
 * two runs must agree exactly (status, objective, node count, solution). While solveModel runs
 * serially for any thread count this holds trivially; it guards the parallel engine once wired.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { correctnessSuite } from '../../src/gen/index.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';

const instances = correctnessSuite().filter((s) => s.expected.status !== 'unbounded');
const optimum = new Map<string, number>();

beforeAll(async () => {
  for (const inst of instances.filter((_, i) => i % 2 === 0)) {
    if (inst.expected.status !== 'optimal') continue;
    const ref = await solveWithHighsMip(inst.model, { gap: 0 });
    optimum.set(inst.name, inst.expected.objective ?? ref.objective!);
  }
});

describe('two threads', () => {
  it('reach the reference optimum and prove infeasibility', async () => {
    for (const inst of instances.filter((_, i) => i % 2 === 0)) {
      const r = await solveModel(inst.model, { threads: 2, timeLimit: 20 });
      const what = `${inst.name} threads 2 (${r.status})`;
      expect(r.threads, what).toBeGreaterThanOrEqual(1);
      expect(r.threads, what).toBeLessThanOrEqual(2);
      if (inst.expected.status === 'infeasible') {
        expect(r.status, what).toBe('infeasible');
        continue;
      }
      const opt = optimum.get(inst.name)!;
      expect(r.status, what).toBe('optimal');
      expectClose(r.objective!, opt, what);
      expectFeasibleSolution(inst.model, r.solution!, r.objective!, what);
      expectValidBound(inst.model, r.bound, opt, what);
    }
  });

  it('deterministic mode repeats itself exactly', async () => {
    const picked = instances.filter((_, i) => i % 4 === 0);
    expect(picked.length).toBeGreaterThanOrEqual(5);
    for (const inst of picked) {
      const a = await solveModel(inst.model, { threads: 2, deterministic: true, timeLimit: 20 });
      const b = await solveModel(inst.model, { threads: 2, deterministic: true, timeLimit: 20 });
      const what = `${inst.name} deterministic`;
      expect(b.status, what).toBe(a.status);
      expect(b.objective, what).toBe(a.objective);
      expect(b.nodes, what).toBe(a.nodes);
      expect(b.solution === null ? null : Array.from(b.solution), what).toEqual(a.solution === null ? null : Array.from(a.solution));
    }
  });
});
