/**
 * The correctness suite: every instance of correctnessSuite() solved by mipnet's engine and by
 * HiGHS's own MIP solver (the reference, run with mip_rel_gap 0).
 *
 * Status agreement, by what the instance is known to be (SuiteInstance.expected):
 * - optimal:    both 'optimal', objectives equal to 1e-6 relative; when the optimum is known
 *               analytically (empty / row-free models) both must also match it (HiGHS itself
 *               reports 0 for a model without columns; solveWithHighsMip adds the offset back).
 * - infeasible: ours must say 'infeasible' (the LP relaxation is bounded, so "or unbounded" would
 *               be a weaker answer than we can give); HiGHS may say 'infeasible' or, from presolve,
 *               'infeasible-or-unbounded' (its model status 9, "Primal infeasible or unbounded").
 * - unbounded:  HiGHS and ours may each say 'unbounded' or 'infeasible-or-unbounded' (both are
 *               correct for a model with an improving integer ray: 'unbounded' additionally claims
 *               a feasible point, which is then checked).
 * Every returned solution must satisfy maxViolation <= 1e-6 and objectiveOf(x) = objective; every
 * reported dual bound must be valid for the true optimum. The same checks run with nodeLimit 5.
 */
import { describe, it, expect } from 'vitest';
import { correctnessSuite, type SuiteInstance } from '../../src/gen/index.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { SolveResult } from '../../src/bnb/solve-types.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';

const suite = correctnessSuite();

function checkIncumbent(inst: SuiteInstance, r: SolveResult, what: string): void {
  if (r.solution === null) {
    expect(r.objective, `${what}: objective without solution`).toBeNull();
    return;
  }
  expect(r.objective, `${what}: solution without objective`).not.toBeNull();
  expectFeasibleSolution(inst.model, r.solution, r.objective!, what);
}

describe('correctness suite', () => {
  it('has at least 30 instances with unique names', () => {
    expect(suite.length).toBeGreaterThanOrEqual(30);
    expect(new Set(suite.map((s) => s.name)).size).toBe(suite.length);
  });

  for (const inst of suite) {
    it(`${inst.name} agrees with HiGHS`, async () => {
      const { model, expected } = inst;
      const ref = await solveWithHighsMip(model, { gap: 0 });
      const ours = await solveModel(model);
      const what = `${inst.name} (ours ${ours.status}, HiGHS ${ref.status})`;
      checkIncumbent(inst, ours, what);

      if (expected.status === 'optimal') {
        expect(ref.status, what).toBe('optimal');
        expect(ours.status, what).toBe('optimal');
        const optimum = expected.objective ?? ref.objective!;
        if (expected.objective !== undefined) expectClose(ref.objective!, expected.objective, `${what}: HiGHS vs analytic optimum`);
        expectClose(ours.objective!, optimum, `${what}: our optimum vs reference`);
        expectValidBound(model, ours.bound, optimum, what);
      } else if (expected.status === 'infeasible') {
        expect(['infeasible', 'infeasible-or-unbounded'], what).toContain(ref.status);
        expect(ours.status, what).toBe('infeasible');
        expect(ours.solution, what).toBeNull();
      } else {
        expect(['unbounded', 'infeasible-or-unbounded'], what).toContain(ref.status);
        expect(['unbounded', 'infeasible-or-unbounded'], what).toContain(ours.status);
        // nothing finite can be a valid bound of an unbounded problem
        expect(ours.bound, what).toBe(model.sense === 'maximize' ? Infinity : -Infinity);
      }

      // Stopped early: whatever is reported must still be true.
      const early = await solveModel(model, { nodeLimit: 5 });
      const ew = `${inst.name} nodeLimit 5 (${early.status})`;
      expect(early.nodes, ew).toBeLessThanOrEqual(5);
      checkIncumbent(inst, early, ew);
      if (expected.status === 'optimal') {
        expect(['optimal', 'node-limit'], ew).toContain(early.status);
        const optimum = expected.objective ?? ref.objective!;
        expectValidBound(model, early.bound, optimum, ew);
        if (early.status === 'optimal') expectClose(early.objective!, optimum, ew);
        if (early.objective !== null) {
          // an incumbent can never beat the optimum
          if (model.sense === 'maximize') expect(early.objective, ew).toBeLessThanOrEqual(optimum + 1e-6 * Math.max(1, Math.abs(optimum)));
          else expect(early.objective, ew).toBeGreaterThanOrEqual(optimum - 1e-6 * Math.max(1, Math.abs(optimum)));
        }
      } else if (expected.status === 'infeasible') {
        expect(['infeasible', 'node-limit'], ew).toContain(early.status);
        expect(early.solution, ew).toBeNull();
      } else {
        expect(['unbounded', 'infeasible-or-unbounded', 'node-limit'], ew).toContain(early.status);
      }
    });
  }
});
