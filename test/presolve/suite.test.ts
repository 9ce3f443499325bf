/**
 * Presolve on the correctness suite: for each instance, presolve, solve the reduced model with
 * HiGHS's MIP solver and with mipnet's engine, postsolve both points and check them on the
 * original model (bounds, rows, integrality within 1e-6; objective = HiGHS's optimum on the
 * original within 1e-6 relative). Infeasible instances must stay infeasible (presolve may say so
 * itself), unbounded ones unbounded (or "infeasible or unbounded").
 */
import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite } from '../../src/gen/index.js';
import { presolve } from '../../src/presolve/presolve.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';
import { expectSameOptimum } from './presolve-helpers.js';

const suite = correctnessSuite();

describe('presolve on the correctness suite', () => {
  for (const inst of suite) {
    it(`${inst.name}: the reduced model has the original's optimum, postsolve gives feasible points`, async () => {
      const { model, expected } = inst;
      const before = { lower: Float64Array.from(model.colLower), rowUpper: Float64Array.from(model.rowUpper), value: Float64Array.from(model.value) };
      const result = presolve(model);
      // presolve never changes its input
      expect(model.colLower).toEqual(before.lower);
      expect(model.rowUpper).toEqual(before.rowUpper);
      expect(model.value).toEqual(before.value);
      const ref = await expectSameOptimum(model, result, inst.name);
      if (expected.status === 'infeasible') {
        expect(['infeasible', 'reduced'], inst.name).toContain(result.status);
      } else if (expected.status === 'unbounded') {
        expect(['unbounded', 'reduced'], inst.name).toContain(result.status);
      } else {
        expect(result.status, inst.name).toBe('reduced');
        if (expected.objective !== undefined) expectClose(ref.objective!, expected.objective, `${inst.name}: HiGHS vs analytic optimum`);
      }
      if (result.status !== 'reduced') return;
      expect(result.stats.reduced).toEqual({ rows: result.model.numRows, cols: result.model.numCols, nonzeros: result.model.numNonzeros });
      // the engine on the reduced model
      const ours = await solveModel(result.model);
      const what = `${inst.name}: engine on the reduced model (${ours.status})`;
      if (expected.status === 'optimal') {
        expect(ours.status, what).toBe('optimal');
        const x = result.postsolve(ours.solution!);
        expectFeasibleSolution(model, x, ref.objective!, what);
      } else if (expected.status === 'infeasible') {
        expect(ours.status, what).toBe('infeasible');
      } else {
        expect(['unbounded', 'infeasible-or-unbounded'], what).toContain(ours.status);
        if (ours.solution) expect(model.maxViolation(result.postsolve(ours.solution)).value, what).toBeLessThanOrEqual(1e-6);
      }
    });
  }

  it('removes rows and columns on the general instances, none on the structured ones', () => {
    let removed = 0;
    let structured = 0;
    for (const inst of suite) {
      const r = presolve(inst.model);
      removed += r.stats.rowsRemoved + r.stats.colsRemoved;
      expect(r.stats.boundsOnly, inst.name).toBe(inst.model.hasStructure);
      if (r.stats.boundsOnly) {
        structured++;
        expect(r.stats.rowsRemoved + r.stats.colsRemoved + r.stats.nonzerosRemoved, inst.name).toBe(0);
        expect(r.stats.reduced, inst.name).toEqual(r.stats.original);
      }
    }
    expect(removed).toBeGreaterThan(10);
    expect(structured).toBeGreaterThanOrEqual(5);
  });
});
