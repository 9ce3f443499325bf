import { describe, expect, it } from 'vitest';
import { getHighs } from '../../src/lp/highs-loader.js';
import { createHighsLpSolver } from '../../src/lp/highs-lp.js';
import { ScriptedLpSolver } from '../../src/lp/mock-lp.js';
import { runLpConformance } from './conformance.js';
import { dualResidual, randomLp, seededRandom } from './lp-models.js';
import { referenceLpSolver } from './reference-lp.js';

// the scripted mock, its script solving the LP it holds exactly (vertex enumeration): the contract
// checks on LPs of at most 6 columns; no simplex behaviour (it has no simplex)
runLpConformance('ScriptedLpSolver (reference-LP script)', async () => referenceLpSolver(), { surface: 'reference-lps' });

describe('reference-LP script', () => {
  it('is a ScriptedLpSolver and agrees with HiGHS on small random LPs with random bounds and row changes', async () => {
    const highs = await getHighs();
    const rnd = seededRandom(17);
    const statuses = new Set<string>();
    for (let t = 0; t < 30; t++) {
      const model = randomLp(3 + (t % 3), 3 + (t % 4), 100 + t, 0.7);
      const ref = referenceLpSolver();
      const lp = createHighsLpSolver(highs);
      expect(ref).toBeInstanceOf(ScriptedLpSolver);
      try {
        ref.load(model);
        lp.load(model);
        for (let j = 0; j < model.numCols; j++) {
          const lo = rnd() < 0.3 ? Math.floor(4 * rnd()) : 0;
          const up = rnd() < 0.3 ? Math.floor(6 * rnd()) : 10;
          ref.changeColBounds(j, lo, up);
          lp.changeColBounds(j, lo, up);
        }
        // a >= row makes some of these LPs infeasible
        const row = t % model.numRows;
        const lower = t % 2 === 0 ? 4 + 8 * rnd() : -Infinity;
        ref.changeRowBounds(row, lower, Infinity);
        lp.changeRowBounds(row, lower, Infinity);
        const a = ref.optimize();
        const b = lp.optimize();
        statuses.add(a.status);
        expect(a.status).toBe(b.status);
        if (b.status !== 'optimal') continue;
        expect(a.objective).toBeCloseTo(b.objective, 8);
        expect(dualResidual(model, ref.rowDual(), ref.reducedCosts())).toBeLessThan(1e-9);
        // the reference duals are dual feasible: row duals <= 0 on <= rows at their upper bound, etc. (same objective via duality)
        const x = ref.primal();
        const y = ref.rowDual();
        const d = ref.reducedCosts();
        let dualObj = 0;
        for (let j = 0; j < model.numCols; j++) dualObj += d[j]! * x[j]!;
        for (let i = 0; i < model.numRows; i++) dualObj += y[i]! * ref.rowActivity()[i]!;
        expect(dualObj + model.objectiveOffset).toBeCloseTo(b.objective, 8);
      } finally {
        ref.dispose();
        lp.dispose();
      }
    }
    expect(statuses).toEqual(new Set(['optimal', 'infeasible']));
  });
});
