import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { Model } from '../../src/model/model.js';
import type { LpOutcome, LpSolver } from '../../src/lp/lp-solver.js';
import { dualResidual, randomLp, smallLp, smallMaxLp, unboundedLp } from './lp-models.js';

export interface LpConformanceOptions {
  /**
   * Memory probe for the create/solve/dispose cycle test (bytes). Default: process RSS, which is
   * noisy; backends with native memory should pass a precise probe (e.g. highs.memoryBytes).
   */
  memoryBytes?: () => number;
  /** allowed growth over 200 cycles after warm-up, bytes (default 8 MB for a custom probe, 64 MB for RSS) */
  memoryGrowthLimit?: number;
  /**
   * The surface the backend implements (default 'solver'):
   * - 'solver': it solves any LP, with a simplex method. Every check runs; the contract checks
   *   that need more than the small LPs of lp-models.ts run on random LPs of up to 80 x 100.
   * - 'reference-lps': it answers correctly only LPs of a few columns (a scripted mock whose script
   *   solves the LP it holds: reference-lp.ts). The contract checks run with the same assertions on
   *   random LPs of at most 6 columns in place of the large ones; the checks of simplex behaviour
   *   (iteration counts, warm start cheaper than cold, the iteration limit, a restored basis needing
   *   no iterations) are registered for 'solver' only.
   */
  surface?: 'solver' | 'reference-lps';
}

/** The LPs the contract checks run on, by surface. */
interface ContractLps {
  /** all column bounds [0, 10]; `cols`: a column re-set unchanged, one changed and changed back, three changed */
  pushes: { model: Model; cols: readonly [unchanged: number, flipped: number, a: number, b: number, c: number] };
  cutoff: Model;
  duals: Model[];
  basis: Model;
  rowChanges: Model;
  cycles: Model;
}

/** For 'solver' backends: the LPs these checks have always run on. */
function solverLps(): ContractLps {
  return {
    pushes: { model: randomLp(20, 30, 3), cols: [4, 5, 3, 17, 29] },
    cutoff: randomLp(40, 50, 11),
    duals: [smallLp(), smallMaxLp(), randomLp(30, 40, 21)],
    basis: randomLp(30, 40, 8),
    rowChanges: randomLp(40, 50, 11),
    cycles: randomLp(80, 100, 13),
  };
}

/** For 'reference-lps' backends: LPs of at most 6 columns. */
function referenceLps(): ContractLps {
  return {
    pushes: { model: randomLp(4, 6, 3), cols: [4, 5, 0, 2, 3] },
    cutoff: randomLp(4, 4, 11, 0.9),
    duals: [smallLp(), smallMaxLp(), randomLp(4, 5, 21)],
    basis: randomLp(4, 5, 8),
    rowChanges: randomLp(4, 4, 11, 0.9),
    cycles: randomLp(4, 4, 13),
  };
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
 * A backend that answers only small LPs passes `surface: 'reference-lps'` (see LpConformanceOptions).
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
  const simplex = (options.surface ?? 'solver') === 'solver';
  const lps = simplex ? solverLps() : referenceLps();

  /** smallLp solved, then with x <= 1, then with the bound undone: the three outcomes and the primal of the second. */
  async function smallLpBoundRoundTrip(): Promise<{ cold: LpOutcome; moved: LpOutcome; movedX: number[]; back: LpOutcome; upper: number[] }> {
    const s = await loaded(smallLp());
    try {
      const cold = s.optimize();
      s.changeColBounds(0, 0, 1); // x <= 1: y = 1.5, objective -2.5 + 3
      const upper = Array.from(s.colUpper());
      const moved = s.optimize();
      const movedX = Array.from(s.primal());
      s.changeColBounds(0, 0, 10);
      const back = s.optimize();
      return { cold, moved, movedX, back, upper };
    } finally {
      s.dispose();
    }
  }

  /**
   * Solves `model`, saves the basis (checked: one status per column and row), fixes a column
   * strictly inside its bounds to 0 and solves, undoes that, restores the basis and solves again.
   */
  async function basisRoundTrip(model: Model): Promise<{ root: LpOutcome; changed: LpOutcome; again: LpOutcome }> {
    const s = await loaded(model);
    try {
      const root = s.optimize();
      const basis = s.getBasis();
      expect(basis).toBeDefined();
      expect(basis!.colStatus.length).toBe(model.numCols);
      expect(basis!.rowStatus.length).toBe(model.numRows);
      const x = s.primal();
      let j = 0;
      while (j < model.numCols && (x[j]! < 1e-6 || x[j]! > 10 - 1e-6)) j++;
      expect(j).toBeLessThan(model.numCols);
      s.changeColBounds(j, 0, 0);
      const changed = s.optimize();
      s.changeColBounds(j, 0, 10);
      s.setBasis(basis!);
      const again = s.optimize();
      expect(() => s.setBasis({ colStatus: new Int32Array(model.numCols + 1), rowStatus: new Int32Array(model.numRows) })).toThrow(LpBackendError);
      return { root, changed, again };
    } finally {
      s.dispose();
    }
  }

  describe(`LpSolver conformance: ${name}`, () => {
    it('solves a small minimisation LP with offset to the known optimum', async () => {
      const s = await loaded(smallLp());
      try {
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(0.2, 9);
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

    it('bound change + re-solve moves the optimum as expected, undoing it moves it back', async () => {
      const { cold, moved, movedX, back, upper } = await smallLpBoundRoundTrip();
      expect(cold.objective).toBeCloseTo(0.2, 9);
      expect(upper).toEqual([1, 10]);
      expect(moved.status).toBe('optimal');
      expect(moved.objective).toBeCloseTo(0.5, 9);
      expect(movedX[0]).toBeCloseTo(1, 9);
      expect(movedX[1]).toBeCloseTo(1.5, 9);
      expect(back.objective).toBeCloseTo(0.2, 9);
    });

    it('pushes only bounds that differ from the backend copy', async () => {
      const { model, cols: [unchanged, flipped, a, b, c] } = lps.pushes;
      const s = await loaded(model);
      try {
        s.optimize();
        const before = s.stats().boundChangesPushed;
        s.setColBounds(model.colLower, model.colUpper); // unchanged
        s.changeColBounds(unchanged, 0, 10); // unchanged
        s.optimize();
        expect(s.stats().boundChangesPushed).toBe(before);
        const lo = Float64Array.from(model.colLower);
        const up = Float64Array.from(model.colUpper);
        up[a] = 2;
        lo[b] = 1;
        up[c] = 5;
        s.setColBounds(lo, up);
        s.optimize();
        expect(s.stats().boundChangesPushed).toBe(before + 3);
        expect(s.colLower()[b]).toBe(1);
        expect(s.colUpper()[c]).toBe(5);
        // changed and changed back before the next solve: nothing differs from the backend copy
        s.changeColBounds(flipped, 0, 1);
        s.changeColBounds(flipped, 0, 10);
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
      const model = lps.cutoff;
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

    it('duals and reduced costs satisfy c - A\'y = d and strong duality', async () => {
      for (const model of lps.duals) {
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

    it('a saved basis has one status per column and row; restored, the re-solve returns the same optimum', async () => {
      const { root, again } = await basisRoundTrip(lps.basis);
      expect(root.status).toBe('optimal');
      expect(again.status).toBe('optimal');
      expect(again.objective).toBeCloseTo(root.objective, 9);
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
      const model = lps.rowChanges;
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
      const model = lps.cycles;
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

  // simplex behaviour: registered for backends that solve any LP with a simplex method
  if (simplex) {
    describe(`LpSolver conformance: ${name}: simplex behaviour`, () => {
      it('a cold solve takes simplex iterations, a warm re-solve after one bound change (or undoing it) at most two', async () => {
        const { cold, moved, back } = await smallLpBoundRoundTrip();
        expect(cold.iterations).toBeGreaterThanOrEqual(1);
        expect(moved.objective).toBeCloseTo(0.5, 9);
        expect(moved.iterations).toBeLessThanOrEqual(2);
        expect(back.objective).toBeCloseTo(0.2, 9);
        expect(back.iterations).toBeLessThanOrEqual(2);
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

      it('restores a saved basis so the re-solve needs no iterations', async () => {
        const { root, changed, again } = await basisRoundTrip(randomLp(30, 40, 8));
        expect(changed.iterations).toBeGreaterThan(0);
        expect(again.status).toBe('optimal');
        expect(again.objective).toBeCloseTo(root.objective, 9);
        expect(again.iterations).toBe(0);
      });
    });
  }
}
