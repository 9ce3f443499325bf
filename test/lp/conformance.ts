import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { Model } from '../../src/model/model.js';
import type { LpSolver } from '../../src/lp/lp-solver.js';
import { dualResidual, randomLp, smallLp, smallMaxLp, unboundedLp } from './lp-models.js';

export interface LpConformanceOptions {
  /**
   * Memory probe for the create/solve/dispose cycle test (bytes). Default: process RSS, which is
   * noisy; backends with native memory should pass a precise probe (e.g. highs.memoryBytes).
   */
  memoryBytes?: () => number;
  /** allowed growth over 200 cycles after warm-up, bytes (default 8 MB for a custom probe, 64 MB for RSS) */
  memoryGrowthLimit?: number;
}

/** The constructor arguments of a model (shared arrays), to build a changed copy. */
function modelArrays(m: Model): ConstructorParameters<typeof Model>[0] {
  return {
    name: `${m.name} (changed)`, sense: m.sense, objectiveOffset: m.objectiveOffset, colCost: m.colCost, colLower: m.colLower,
    colUpper: m.colUpper, integrality: m.integrality, rowLower: m.rowLower, rowUpper: m.rowUpper, colStart: m.colStart,
    rowIndex: m.rowIndex, value: m.value, colNames: m.colNames, rowNames: m.rowNames,
  };
}

/**
 * The LpSolver contract (src/lp/lp-solver.ts), checked for one backend. Call inside a test file:
 *   runLpConformance('highs', async () => createHighsLpSolver(await getHighs()));
 */
export function runLpConformance(
  name: string,
  makeSolver: () => Promise<LpSolver>,
  options: LpConformanceOptions = {},
): void {
  async function loaded(model: Model): Promise<LpSolver> {
    const s = await makeSolver();
    s.load(model);
    return s;
  }

  describe(`LpSolver conformance: ${name}`, () => {
    it('solves a small minimisation LP with offset to the known optimum', async () => {
      const s = await loaded(smallLp());
      try {
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(0.2, 9);
        expect(r.iterations).toBeGreaterThanOrEqual(1);
        expect(r.seconds).toBeGreaterThanOrEqual(0);
        expect(Array.from(s.primal())).toEqual([expect.closeTo(1.6, 9), expect.closeTo(1.2, 9)]);
        expect(Array.from(s.rowActivity())).toEqual([expect.closeTo(4, 9), expect.closeTo(6, 9)]);
        expect(Array.from(s.rowDual())).toEqual([expect.closeTo(-0.4, 9), expect.closeTo(-0.2, 9)]);
        expect(Array.from(s.reducedCosts())).toEqual([expect.closeTo(0, 9), expect.closeTo(0, 9)]);
        expect(s.stats().solves).toBe(1);
      } finally {
        s.dispose();
      }
    });

    it('reports a maximisation model in minimisation sense (negated objective, offset included)', async () => {
      const model = smallMaxLp();
      const s = await loaded(model);
      try {
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(-3.8, 9);
        expect(-r.objective).toBeCloseTo(model.objectiveOf(s.primal()), 9);
        // duals in minimisation sense: c_min - A'y = d with c_min = -c
        expect(Array.from(s.rowDual())).toEqual([expect.closeTo(-0.4, 9), expect.closeTo(-0.2, 9)]);
        expect(dualResidual(model, s.rowDual(), s.reducedCosts())).toBeLessThan(1e-9);
      } finally {
        s.dispose();
      }
    });

    it('bound change + warm re-solve moves the optimum as expected, in few iterations', async () => {
      const s = await loaded(smallLp());
      try {
        expect(s.optimize().objective).toBeCloseTo(0.2, 9);
        s.changeColBounds(0, 0, 1); // x <= 1: y = 1.5, objective -2.5 + 3
        expect(Array.from(s.colUpper())).toEqual([1, 10]);
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(0.5, 9);
        expect(r.iterations).toBeLessThanOrEqual(2);
        expect(s.primal()[0]).toBeCloseTo(1, 9);
        expect(s.primal()[1]).toBeCloseTo(1.5, 9);
        s.changeColBounds(0, 0, 10);
        const back = s.optimize();
        expect(back.objective).toBeCloseTo(0.2, 9);
        expect(back.iterations).toBeLessThanOrEqual(2);
      } finally {
        s.dispose();
      }
    });

    it('warm re-solves on a 60x80 LP agree with cold solves and need far fewer iterations', async () => {
      const model = randomLp(60, 80, 7);
      const warm = await loaded(model);
      try {
        const root = warm.optimize();
        expect(root.status).toBe('optimal');
        expect(root.iterations).toBeGreaterThan(10);
        const x = warm.primal().slice();
        let warmIterations = 0;
        let changes = 0;
        for (let j = 0; j < model.numCols && changes < 8; j++) {
          const v = x[j]!;
          if (v < 1e-6 || v > 10 - 1e-6) continue; // branch on basic columns strictly inside
          changes++;
          warm.changeColBounds(j, 0, Math.floor(v));
          const r = warm.optimize();
          warmIterations += r.iterations;
          const cold = await loaded(model);
          try {
            cold.setColBounds(warm.colLower(), warm.colUpper());
            const c = cold.optimize();
            expect(r.status).toBe(c.status);
            expect(r.objective).toBeCloseTo(c.objective, 6);
            expect(r.objective).toBeGreaterThanOrEqual(root.objective - 1e-9);
          } finally {
            cold.dispose();
          }
          warm.changeColBounds(j, 0, 10);
          const restored = warm.optimize();
          expect(restored.objective).toBeCloseTo(root.objective, 7);
          warmIterations += restored.iterations;
        }
        expect(changes).toBeGreaterThan(0);
        expect(warmIterations / (2 * changes)).toBeLessThan(root.iterations / 2);
      } finally {
        warm.dispose();
      }
    });

    it('pushes only bounds that differ from the backend copy', async () => {
      const model = randomLp(20, 30, 3);
      const s = await loaded(model);
      try {
        s.optimize();
        const before = s.stats().boundChangesPushed;
        s.setColBounds(model.colLower, model.colUpper); // unchanged
        s.changeColBounds(4, 0, 10); // unchanged
        s.optimize();
        expect(s.stats().boundChangesPushed).toBe(before);
        const lo = Float64Array.from(model.colLower);
        const up = Float64Array.from(model.colUpper);
        up[3] = 2;
        lo[17] = 1;
        up[29] = 5;
        s.setColBounds(lo, up);
        s.optimize();
        expect(s.stats().boundChangesPushed).toBe(before + 3);
        expect(s.colLower()[17]).toBe(1);
        expect(s.colUpper()[29]).toBe(5);
        // changed and changed back before the next solve: nothing differs from the backend copy
        s.changeColBounds(5, 0, 1);
        s.changeColBounds(5, 0, 10);
        s.optimize();
        expect(s.stats().boundChangesPushed).toBe(before + 3);
        expect(s.stats().solves).toBe(4);
      } finally {
        s.dispose();
      }
    });

    it('reports infeasible after a bound change and recovers when it is undone', async () => {
      const s = await loaded(smallLp());
      try {
        expect(s.optimize().status).toBe('optimal');
        s.changeColBounds(0, 5, 10); // x >= 5 violates 3x + y <= 6
        expect(s.optimize().status).toBe('infeasible');
        s.changeColBounds(0, 0, 10);
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(0.2, 9);
      } finally {
        s.dispose();
      }
    });

    it('reports infeasible for crossed bounds (lower > upper)', async () => {
      const s = await loaded(smallLp());
      try {
        s.changeColBounds(1, 3, 2);
        expect(s.optimize().status).toBe('infeasible');
        s.changeColBounds(1, 0, 10);
        expect(s.optimize().status).toBe('optimal');
      } finally {
        s.dispose();
      }
    });

    it('reports unbounded', async () => {
      const s = await loaded(unboundedLp());
      try {
        const r = s.optimize();
        expect(r.status).toBe('unbounded');
        expect(r.objective).toBe(-Infinity);
      } finally {
        s.dispose();
      }
    });

    it('reports cutoff when the cutoff is below the optimum, optimal when above', async () => {
      const model = randomLp(40, 50, 11);
      const ref = await loaded(model);
      let optimum: number;
      try {
        optimum = ref.optimize().objective;
      } finally {
        ref.dispose();
      }
      const s = await loaded(model);
      try {
        s.setCutoff(optimum - 1);
        const r = s.optimize();
        expect(r.status).toBe('cutoff');
        expect(r.objective).toBeGreaterThanOrEqual(optimum - 1);
        s.setCutoff(optimum + 1);
        const o = s.optimize();
        expect(o.status).toBe('optimal');
        expect(o.objective).toBeCloseTo(optimum, 7);
        s.setCutoff(Infinity);
        expect(s.optimize().status).toBe('optimal');
      } finally {
        s.dispose();
      }
    });

    it('stops at the iteration limit and finishes once it is lifted', async () => {
      const s = await loaded(randomLp(60, 80, 5));
      try {
        s.setLimits({ iterations: 2 });
        const r = s.optimize();
        expect(r.status).toBe('iteration-limit');
        expect(r.iterations).toBeLessThanOrEqual(2);
        s.setLimits({ iterations: Infinity });
        expect(s.optimize().status).toBe('optimal');
      } finally {
        s.dispose();
      }
    });

    it('duals and reduced costs satisfy c - A\'y = d and strong duality', async () => {
      for (const model of [smallLp(), smallMaxLp(), randomLp(30, 40, 21)]) {
        const s = await loaded(model);
        try {
          const r = s.optimize();
          expect(r.status).toBe('optimal');
          const y = s.rowDual();
          const d = s.reducedCosts();
          expect(dualResidual(model, y, d)).toBeLessThan(1e-7);
          // strong duality: c'x = sum_i y_i (A x)_i + sum_j d_j x_j (active bounds)
          const x = s.primal();
          const ax = s.rowActivity();
          const sign = model.sense === 'maximize' ? -1 : 1;
          let primalObj = 0;
          let dualObj = 0;
          for (let j = 0; j < model.numCols; j++) {
            primalObj += sign * model.colCost[j]! * x[j]!;
            dualObj += d[j]! * x[j]!;
          }
          for (let i = 0; i < model.numRows; i++) dualObj += y[i]! * ax[i]!;
          expect(dualObj).toBeCloseTo(primalObj, 6);
          expect(r.objective).toBeCloseTo(primalObj + sign * model.objectiveOffset, 7);
        } finally {
          s.dispose();
        }
      }
    });

    it('restores a saved basis so the re-solve needs no iterations', async () => {
      const model = randomLp(30, 40, 8);
      const s = await loaded(model);
      try {
        const root = s.optimize();
        const basis = s.getBasis();
        expect(basis).toBeDefined();
        expect(basis!.colStatus.length).toBe(40);
        expect(basis!.rowStatus.length).toBe(30);
        const x = s.primal();
        let j = 0;
        while (j < 40 && (x[j]! < 1e-6 || x[j]! > 10 - 1e-6)) j++;
        expect(j).toBeLessThan(40);
        s.changeColBounds(j, 0, 0);
        expect(s.optimize().iterations).toBeGreaterThan(0);
        s.changeColBounds(j, 0, 10);
        s.setBasis(basis!);
        const again = s.optimize();
        expect(again.status).toBe('optimal');
        expect(again.objective).toBeCloseTo(root.objective, 9);
        expect(again.iterations).toBe(0);
      } finally {
        s.dispose();
      }
    });

    it('handles models without columns or without rows', async () => {
      const empty = new ModelBuilder('empty');
      empty.sense = 'maximize';
      empty.objectiveOffset = 2;
      const e = await loaded(empty.build());
      try {
        const r = e.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBe(-2);
        expect(e.primal().length).toBe(0);
      } finally {
        e.dispose();
      }
      const bad = new ModelBuilder('no-columns-infeasible');
      bad.addRow({ name: 'r', lower: 1 }, [], []);
      const b = await loaded(bad.build());
      try {
        expect(b.optimize().status).toBe('infeasible');
      } finally {
        b.dispose();
      }
      const noRows = new ModelBuilder('no-rows');
      noRows.addColumn({ name: 'z', lower: 2, upper: 3, cost: 1 });
      noRows.addColumn({ name: 'w', lower: -1, upper: 4, cost: -2 });
      const n = await loaded(noRows.build());
      try {
        const r = n.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(2 - 8, 9);
        expect(Array.from(n.primal())).toEqual([expect.closeTo(2, 9), expect.closeTo(4, 9)]);
        expect(Array.from(n.reducedCosts())).toEqual([expect.closeTo(1, 9), expect.closeTo(-2, 9)]);
      } finally {
        n.dispose();
      }
    });

    it('dispose is idempotent and any later call throws LpBackendError naming the operation', async () => {
      const s = await loaded(smallLp());
      s.optimize();
      s.dispose();
      s.dispose();
      expect(() => s.optimize()).toThrow(LpBackendError);
      expect(() => s.optimize()).toThrow(/optimize/);
      expect(() => s.changeColBounds(0, 0, 1)).toThrow(LpBackendError);
      expect(() => s.primal()).toThrow(LpBackendError);
      expect(() => s.setCutoff(1)).toThrow(/cutoff/);
      expect(() => s.getBasis()).toThrow(LpBackendError);
    });

    it('coefficient and row bound changes: the warm re-solve equals a cold solve of the changed LP', async () => {
      const model = randomLp(40, 50, 11);
      const s = await loaded(model);
      try {
        expect(s.optimize().status).toBe('optimal');
        // change every 7th nonzero (scaled) and the bounds of every 5th row (loosened), twice
        const value = Float64Array.from(model.value);
        const rowLower = Float64Array.from(model.rowLower);
        const rowUpper = Float64Array.from(model.rowUpper);
        for (let round = 1; round <= 2; round++) {
          for (let j = 0; j < model.numCols; j++) {
            for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) {
              if ((k + round) % 7 !== 0) continue;
              value[k] = model.value[k]! * (1 + 0.25 * round);
              s.changeCoefficient(model.rowIndex[k]!, j, value[k]!);
            }
          }
          for (let i = round; i < model.numRows; i += 5) {
            rowLower[i] = Number.isFinite(model.rowLower[i]!) ? model.rowLower[i]! - round : -Infinity;
            rowUpper[i] = Number.isFinite(model.rowUpper[i]!) ? model.rowUpper[i]! + round : Infinity;
            s.changeRowBounds(i, rowLower[i]!, rowUpper[i]!);
          }
          const warm = s.optimize();
          const changed = new Model({ ...modelArrays(model), value: Float64Array.from(value), rowLower: Float64Array.from(rowLower), rowUpper: Float64Array.from(rowUpper) });
          const cold = await loaded(changed);
          try {
            const ref = cold.optimize();
            expect(warm.status).toBe(ref.status);
            expect(warm.objective).toBeCloseTo(ref.objective, 6);
            // the warm solution satisfies the changed rows
            expect(changed.maxViolation(s.primal()).value).toBeLessThan(1e-6);
          } finally {
            cold.dispose();
          }
        }
        expect(s.stats().rowChangesPushed).toBeGreaterThan(0);
        // an unchanged row bound is not pushed again
        const before = s.stats().rowChangesPushed;
        s.changeRowBounds(1, rowLower[1]!, rowUpper[1]!);
        expect(s.stats().rowChangesPushed).toBe(before);
      } finally {
        s.dispose();
      }
    });

    it('a changed coefficient moves the optimum; setting it back restores it', async () => {
      const s = await loaded(smallLp());
      try {
        // smallLp: row 0 is x + 2y <= 4 (see lp-models.ts); making it x + 4y <= 4 moves the optimum
        const base = s.optimize().objective;
        const coefY = smallLp().rowMatrix();
        let y0 = 0;
        for (let q = coefY.rowStart[0]!; q < coefY.rowStart[1]!; q++) if (coefY.colIndex[q] === 1) y0 = coefY.value[q]!;
        s.changeCoefficient(0, 1, 2 * y0);
        const moved = s.optimize();
        expect(moved.status).toBe('optimal');
        expect(Math.abs(moved.objective - base)).toBeGreaterThan(1e-6);
        s.changeCoefficient(0, 1, y0);
        expect(s.optimize().objective).toBeCloseTo(base, 9);
      } finally {
        s.dispose();
      }
    });

    it('rejects misuse of row changes: out-of-range row or column, NaN, crossed or infinite values', async () => {
      const s = await loaded(smallLp());
      try {
        expect(() => s.changeCoefficient(2, 0, 1)).toThrow(/row index 2/);
        expect(() => s.changeCoefficient(0, 5, 1)).toThrow(/column index 5/);
        expect(() => s.changeCoefficient(0, 0, NaN)).toThrow(/finite/);
        expect(() => s.changeCoefficient(0, 0, Infinity)).toThrow(LpBackendError);
        expect(() => s.changeRowBounds(-1, 0, 1)).toThrow(/row index -1/);
        expect(() => s.changeRowBounds(0, NaN, 1)).toThrow(/NaN/);
        expect(() => s.changeRowBounds(0, 2, 1)).toThrow(/lower bound 2 > upper bound 1/);
      } finally {
        s.dispose();
      }
    });

    it('rejects misuse: out-of-range column, NaN bound, wrong lengths, second load', async () => {
      const model = smallLp();
      const s = await loaded(model);
      try {
        expect(() => s.changeColBounds(2, 0, 1)).toThrow(LpBackendError);
        expect(() => s.changeColBounds(0, NaN, 1)).toThrow(/NaN/);
        expect(() => s.setColBounds([0], [1])).toThrow(LpBackendError);
        expect(() => s.load(model)).toThrow(LpBackendError);
      } finally {
        s.dispose();
      }
    });

    it('200 create/solve/dispose cycles do not grow memory unboundedly', async () => {
      const probe = options.memoryBytes ?? (() => process.memoryUsage().rss);
      const limit = options.memoryGrowthLimit ?? (options.memoryBytes ? 8e6 : 64e6);
      const model = randomLp(80, 100, 13);
      const cycle = async (): Promise<void> => {
        const s = await loaded(model);
        try {
          expect(s.optimize().status).toBe('optimal');
        } finally {
          s.dispose();
        }
      };
      for (let k = 0; k < 20; k++) await cycle();
      const before = probe();
      for (let k = 0; k < 200; k++) await cycle();
      expect(probe() - before).toBeLessThan(limit);
    });
  });
}
