import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { createHighsLpSolver, highsLpFactory, HighsLpSolver } from '../../src/lp/highs-lp.js';
import { toHighsModelData } from '../../src/lp/highs-model-data.js';
import { runLpConformance } from './conformance.js';
import { csrRows, randomLp, rowsOf, smallLp, smallMaxLp, violatedCuts, type LpRow } from './lp-models.js';

const highs = await getHighs();

runLpConformance('HighsLpSolver (direct Wasm calls)', async () => createHighsLpSolver(highs), {
  memoryBytes: () => highs.memoryBytes,
});

// the fallback path through the highs-js API, used when the direct path's self-test fails
runLpConformance('HighsLpSolver (highs-js API)', async () => createHighsLpSolver(highs, { direct: false }), {
  memoryBytes: () => highs.memoryBytes,
});

describe('HighsLpSolver specifics', () => {
  it('highsLpFactory returns fresh, independent solvers', async () => {
    const factory = await highsLpFactory();
    const a = factory();
    const b = factory();
    try {
      expect(a).toBeInstanceOf(HighsLpSolver);
      expect(a).not.toBe(b);
      a.load(smallLp());
      b.load(smallLp());
      a.changeColBounds(0, 0, 1);
      expect(a.optimize().objective).toBeCloseTo(0.5, 9);
      expect(b.optimize().objective).toBeCloseTo(0.2, 9);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('fetches the solution once per optimize and returns the same buffer until the next one', () => {
    const s = createHighsLpSolver(highs);
    try {
      s.load(smallLp());
      s.optimize();
      const x1 = s.primal();
      expect(s.primal()).toBe(x1);
      s.changeColBounds(0, 0, 1);
      s.optimize();
      expect(s.primal()).not.toBe(x1);
      expect(s.primal()[0]).toBeCloseTo(1, 9);
    } finally {
      s.dispose();
    }
  });

  it('throws LpBackendError when asked for a solution of an infeasible LP', () => {
    const s = createHighsLpSolver(highs);
    try {
      s.load(smallLp());
      s.changeColBounds(0, 5, 10);
      expect(s.optimize().status).toBe('infeasible');
      expect(() => s.primal()).toThrow(/no solution available.*infeasible/);
    } finally {
      s.dispose();
    }
  });

  it('throws LpBackendError before load', () => {
    const s = createHighsLpSolver(highs);
    expect(() => s.optimize()).toThrow(LpBackendError);
    expect(() => s.optimize()).toThrow(/no model loaded/);
    s.dispose();
  });

  it('per-solve time limit: a tiny limit stops, a generous one does not (clocks are per solve)', () => {
    const s = createHighsLpSolver(highs);
    try {
      s.load(randomLp(60, 80, 2));
      s.setLimits({ seconds: 1e-9 });
      expect(s.optimize().status).toBe('time-limit');
      s.setLimits({ seconds: 30 });
      for (let k = 0; k < 3; k++) expect(s.optimize().status).toBe('optimal');
      s.setLimits({ seconds: Infinity });
      expect(s.optimize().status).toBe('optimal');
    } finally {
      s.dispose();
    }
  });

  it('the time limit applies to each solve, not to the sum of all solves', () => {
    const model = randomLp(60, 80, 6);
    const s = createHighsLpSolver(highs);
    try {
      s.load(model);
      s.setLimits({ seconds: 0.05 });
      const root = s.optimize();
      expect(root.status).toBe('optimal');
      const x = s.primal().slice();
      let solves = 0;
      // keep re-solving until the cumulative LP time is well past the per-solve limit
      while (s.stats().seconds < 0.25 && solves < 20000) {
        const j = solves % model.numCols;
        s.changeColBounds(j, 0, Math.floor(x[j]!));
        expect(s.optimize().status).toBe('optimal');
        s.changeColBounds(j, 0, 10);
        expect(s.optimize().status).toBe('optimal');
        solves += 2;
      }
      expect(s.stats().seconds).toBeGreaterThanOrEqual(0.25);
    } finally {
      s.dispose();
    }
  });

  it('rejects non-positive limits', () => {
    const s = createHighsLpSolver(highs);
    try {
      expect(() => s.setLimits({ seconds: 0 })).toThrow(LpBackendError);
      expect(() => s.setLimits({ iterations: -1 })).toThrow(LpBackendError);
    } finally {
      s.dispose();
    }
  });

  it('stats accumulate solves, iterations and seconds', () => {
    const s = createHighsLpSolver(highs);
    try {
      s.load(randomLp(30, 40, 4));
      const a = s.optimize();
      s.changeColBounds(0, 1, 10);
      const b = s.optimize();
      const st = s.stats();
      expect(st.solves).toBe(2);
      expect(st.iterations).toBe(a.iterations + b.iterations);
      expect(st.seconds).toBeCloseTo(a.seconds + b.seconds, 9);
      expect(st.boundChangesPushed).toBe(1);
    } finally {
      s.dispose();
    }
  });
});

describe('HighsLpSolver rows at run time: direct Wasm calls and highs-js API', () => {
  /**
   * One script of row changes, solves and tableau / ray reads on `s`: everything it saw, as plain
   * numbers (identical on both native paths, which make the same HiGHS calls).
   */
  function rowScript(s: HighsLpSolver): number[][] {
    const model = randomLp(12, 16, 9, 0.5);
    const n = model.numCols;
    const seen: number[][] = [];
    const look = (): void => {
      const r = s.optimize();
      seen.push([r.objective, r.iterations, s.rowCount()], Array.from(s.primal()), Array.from(s.rowActivity()), Array.from(s.rowDual()));
      const basic = new Int32Array(s.rowCount());
      expect(s.basicVariables(basic)).toBe(true);
      seen.push(Array.from(basic));
      const out = new Float64Array(n);
      const slack = new Float64Array(s.rowCount());
      for (let p = 0; p < s.rowCount(); p += 3) {
        expect(s.tableauRow(p, out, slack)).toBe(true);
        seen.push(Array.from(out), Array.from(slack));
      }
      seen.push(Array.from(s.getBasis()!.rowStatus));
    };
    s.load(model);
    look();
    const added: LpRow[] = [];
    // batches of 9 rows: the direct path's row blocks grow past their capacity (12 -> 24 -> 48)
    for (let round = 0; round < 4; round++) {
      const x = s.primal();
      const batch: LpRow[] = violatedCuts([...rowsOf(model), ...added], x, 3);
      while (batch.length < 9) {
        const k = batch.length + 9 * round;
        batch.push({ lower: -Infinity, upper: 20 + k, indices: [k % n, (k + 5) % n, (k + 11) % n], values: [1, 2, 1 + (k % 3)] });
      }
      s.addRows(...csrRows(batch));
      added.push(...batch);
      s.changeColBounds(round, 0, 9 - round);
      look();
      if (round % 2 === 1) {
        const rows = [model.numRows + 1, model.numRows + added.length - 2, model.numRows + 4];
        s.deleteRows(rows);
        for (const i of [...rows].sort((a, b) => b - a)) added.splice(i - model.numRows, 1);
        look();
      }
    }
    s.addRows(1, [1000], [Infinity], [0, n], Array.from({ length: n }, (_, j) => j), new Array(n).fill(1));
    expect(s.optimize().status).toBe('infeasible');
    const y = new Float64Array(s.rowCount());
    expect(s.dualRay(y)).toBe(true);
    seen.push(Array.from(y));
    return seen;
  }

  it('give identical results for added and deleted rows, tableau rows and dual rays', () => {
    const direct = new HighsLpSolver(highs, { direct: true });
    const wrapped = new HighsLpSolver(highs, { direct: false });
    try {
      const a = rowScript(direct);
      const b = rowScript(wrapped);
      expect(direct.directCalls).toBe(true);
      expect(wrapped.directCalls).toBe(false);
      expect(a.length).toBeGreaterThan(40);
      expect(a).toEqual(b);
    } finally {
      direct.dispose();
      wrapped.dispose();
    }
  });

  it('reports a HiGHS rejection of rows as LpBackendError naming the operation (nothing added)', () => {
    const s = new HighsLpSolver(highs);
    try {
      s.load(smallLp());
      s.optimize();
      // a coefficient HiGHS refuses (above its large_matrix_value, 1e15) passes the JS checks
      expect(() => s.addRows(1, [0], [1], [0, 1], [0], [1e300])).toThrow(/add rows.*HiGHS.*no row changed/);
      expect(s.rowCount()).toBe(2);
      expect(s.optimize().objective).toBeCloseTo(0.2, 9);
      expect(s.rowActivity().length).toBe(2);
    } finally {
      s.dispose();
    }
  });
});

describe('toHighsModelData', () => {
  it('passes CSC arrays and integrality, relaxes on request', () => {
    const model = randomLp(5, 6, 1, 0.5, true);
    const d = toHighsModelData(model);
    expect(d.numCols).toBe(6);
    expect(d.numRows).toBe(5);
    expect(d.matrix.format).toBe('csc');
    expect(d.matrix.starts).toBe(model.colStart);
    expect(Array.from(d.integrality as Int32Array)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(toHighsModelData(model, { relax: true }).integrality).toBeUndefined();
    expect(d.offset).toBe(1.5);
  });

  it('negates costs and offset of a maximisation model only when asked', () => {
    const model = smallMaxLp();
    const keep = toHighsModelData(model);
    expect(Number(keep.sense)).toBe(-1);
    expect(Array.from(keep.colCost)).toEqual([1, 1]);
    const neg = toHighsModelData(model, { negateForMax: true });
    expect(Number(neg.sense)).toBe(1);
    expect(Array.from(neg.colCost)).toEqual([-1, -1]);
    expect(neg.offset).toBe(-1);
    expect(model.colCost[0]).toBe(1); // the model is untouched
  });
});
