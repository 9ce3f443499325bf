import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { Model } from '../../src/model/model.js';
import type { LpOutcome, LpSolver } from '../../src/lp/lp-solver.js';
import {
  csrRows, dualResidual, randomLp, rowActivity, rowsOf, smallLp, smallMaxLp, unboundedLp, violatedCuts, withRows, type LpRow,
} from './lp-models.js';

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
  /** rows at run time: a packing LP whose optimum a Chvatal-Gomory cut cuts off */
  cuts: Model;
  /** several rounds of cuts, bound changes and deletions */
  rounds: Model;
  /** tableau identity */
  tableau: Model[];
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
    cuts: randomLp(40, 50, 17),
    rounds: randomLp(30, 40, 23),
    tableau: [smallLp(), smallMaxLp(), randomLp(12, 15, 5, 0.5), randomLp(30, 40, 31)],
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
    cuts: randomLp(4, 5, 17, 0.7),
    rounds: randomLp(4, 5, 23, 0.7),
    tableau: [smallLp(), smallMaxLp(), randomLp(4, 5, 5, 0.6), randomLp(3, 6, 31, 0.7)],
  };
}

/** sum_j x_j <= 0.9 sum_j x*_j over the columns `on` takes: a row that cuts off x* when that sum is > 0. */
function cutBelow(x: ArrayLike<number>, on: (j: number) => boolean = () => true): LpRow {
  const indices = Array.from(x, (_, j) => j).filter(on);
  let t = 0;
  for (const j of indices) t += x[j]!;
  return { lower: -Infinity, upper: 0.9 * t, indices, values: indices.map(() => 1) };
}

/** sum_j x_j >= -1: a row no point of the column box [0, 10]^n violates (its slack stays basic). */
function looseRow(n: number): LpRow {
  return { lower: -1, upper: Infinity, indices: Array.from({ length: n }, (_, j) => j), values: Array.from({ length: n }, () => 1) };
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
   * Solves `model` (with `withAdded`: then adds two rows, one cutting off the optimum, one loose,
   * and solves again), saves the basis (checked: one status per column and current row), fixes a
   * column strictly inside its bounds to 0 and solves, undoes that, restores the basis and solves
   * again. With added rows, a basis of another row count is refused, also after a deletion.
   */
  async function basisRoundTrip(model: Model, withAdded = false): Promise<{ root: LpOutcome; changed: LpOutcome; again: LpOutcome }> {
    const s = await loaded(model);
    try {
      let root = s.optimize();
      if (withAdded) {
        s.addRows(...csrRows([cutBelow(s.primal()), looseRow(model.numCols)]));
        root = s.optimize();
        expect(root.status).toBe('optimal');
      }
      const basis = s.getBasis();
      expect(basis).toBeDefined();
      expect(basis!.colStatus.length).toBe(model.numCols);
      expect(basis!.rowStatus.length).toBe(s.rowCount());
      expect(s.rowCount()).toBe(model.numRows + (withAdded ? 2 : 0));
      const x = s.primal();
      let j = 0;
      while (j < model.numCols && (x[j]! < 1e-6 || x[j]! > 10 - 1e-6)) j++;
      expect(j).toBeLessThan(model.numCols);
      s.changeColBounds(j, 0, 0);
      const changed = s.optimize();
      s.changeColBounds(j, 0, 10);
      s.setBasis(basis!);
      const again = s.optimize();
      expect(() => s.setBasis({ colStatus: new Int32Array(model.numCols + 1), rowStatus: new Int32Array(s.rowCount()) })).toThrow(LpBackendError);
      if (withAdded) {
        expect(() => s.setBasis({ colStatus: basis!.colStatus, rowStatus: basis!.rowStatus.subarray(0, model.numRows) })).toThrow(LpBackendError);
        s.deleteRows([model.numRows + 1]);
        expect(() => s.setBasis(basis!)).toThrow(LpBackendError);
        expect(s.optimize().objective).toBeCloseTo(root.objective, 7);
        expect(s.getBasis()!.rowStatus.length).toBe(model.numRows + 1);
      }
      return { root, changed, again };
    } finally {
      s.dispose();
    }
  }

  /** A cold solve of `model` with the rows `extra` appended, under the column bounds lower/upper. */
  async function coldSolve(model: Model, extra: readonly LpRow[], lower: ArrayLike<number>, upper: ArrayLike<number>): Promise<LpOutcome> {
    const c = await loaded(withRows(model, extra));
    try {
      c.setColBounds(lower, upper);
      return c.optimize();
    } finally {
      c.dispose();
    }
  }

  /**
   * The warm outcome of `s` (holding `model` with the rows `extra` added) agrees with a cold solve
   * of that LP under the same column bounds; its solution has one entry per row and satisfies every
   * row, the activities of the added rows included.
   */
  async function expectCold(s: LpSolver, warm: LpOutcome, model: Model, extra: readonly LpRow[]): Promise<void> {
    const m = model.numRows + extra.length;
    expect(s.rowCount()).toBe(m);
    const ref = await coldSolve(model, extra, s.colLower(), s.colUpper());
    expect(warm.status).toBe(ref.status);
    if (ref.status !== 'optimal') return;
    expect(warm.objective).toBeCloseTo(ref.objective, 6);
    const x = s.primal();
    expect(s.rowActivity().length).toBe(m);
    expect(s.rowDual().length).toBe(m);
    const extended = withRows(model, extra);
    expect(extended.maxViolation(x).value).toBeLessThan(1e-6);
    expect(dualResidual(extended, s.rowDual(), s.reducedCosts())).toBeLessThan(1e-7);
    extra.forEach((r, k) => expect(s.rowActivity()[model.numRows + k]).toBeCloseTo(rowActivity(r, x), 7));
  }

  /**
   * The LpSolver.tableauRow identity at the last solution of `s` (n columns, the rows `rows`), for
   * every basis position: coefficient +1 at its basic variable and 0 at the other basic ones; the
   * basic variable's value (column value or row activity) equals -(sum over the nonbasic columns of
   * out[j] x_j + sum over the nonbasic rows of slackOut[i] r_i); and the row is a combination of
   * the rows of [A, -I] (out = -A^T slackOut), so the identity holds for every x, not only there.
   */
  function expectTableauIdentity(s: LpSolver, n: number, rows: readonly LpRow[]): void {
    const m = s.rowCount();
    expect(rows.length).toBe(m);
    const basic = new Int32Array(m);
    expect(s.basicVariables(basic)).toBe(true);
    const colBasic = new Uint8Array(n);
    const rowBasic = new Uint8Array(m);
    for (const v of basic) {
      if (v >= 0) colBasic[v]!++;
      else rowBasic[-1 - v]!++;
    }
    expect(Math.max(0, ...colBasic, ...rowBasic)).toBeLessThanOrEqual(1); // each variable in one position at most
    const x = s.primal();
    const r = s.rowActivity();
    const out = new Float64Array(n);
    const slack = new Float64Array(m);
    const colsOnly = new Float64Array(n);
    for (let p = 0; p < m; p++) {
      expect(s.tableauRow(p, out, slack)).toBe(true);
      for (let q = 0; q < m; q++) {
        const v = basic[q]!;
        expect(v >= 0 ? out[v]! : slack[-1 - v]!).toBeCloseTo(q === p ? 1 : 0, 9);
      }
      let value = 0;
      let scale = 1;
      for (let j = 0; j < n; j++) {
        if (colBasic[j]) continue;
        value -= out[j]! * x[j]!;
        scale += Math.abs(out[j]! * x[j]!);
      }
      for (let i = 0; i < m; i++) {
        if (rowBasic[i]) continue;
        value -= slack[i]! * r[i]!;
        scale += Math.abs(slack[i]! * r[i]!);
      }
      const v = basic[p]!;
      expect(Math.abs((v >= 0 ? x[v]! : r[-1 - v]!) - value)).toBeLessThan(1e-8 * scale);
      const combination = Float64Array.from(out);
      let size = 1;
      rows.forEach((row, i) => row.indices.forEach((j, k) => {
        combination[j]! += slack[i]! * row.values[k]!;
        size += Math.abs(slack[i]! * row.values[k]!);
      }));
      for (let j = 0; j < n; j++) expect(Math.abs(combination[j]!)).toBeLessThan(1e-9 * size);
      expect(s.tableauRow(p, colsOnly)).toBe(true);
      expect(Array.from(colsOnly)).toEqual(Array.from(out));
    }
  }

  /**
   * y is a Farkas proof for the rows `rows` within the column box lower/upper (the LpSolver.dualRay
   * convention): each needed row bound finite, and max over the box of y^T A x < y^T b.
   */
  function expectFarkasProof(rows: readonly LpRow[], lower: ArrayLike<number>, upper: ArrayLike<number>, y: Float64Array): void {
    expect(y.length).toBe(rows.length);
    const c = new Float64Array(lower.length);
    let yb = 0;
    let scale = 0;
    rows.forEach((row, i) => {
      const yi = y[i]!;
      if (yi === 0) return;
      const b = yi > 0 ? row.lower : row.upper;
      expect(Number.isFinite(b)).toBe(true);
      yb += yi * b;
      scale += Math.abs(yi) * Math.max(1, Math.abs(b));
      row.indices.forEach((j, k) => (c[j]! += yi * row.values[k]!));
    });
    expect(scale).toBeGreaterThan(0);
    let max = 0;
    c.forEach((cj, j) => {
      if (Math.abs(cj) <= 1e-12 * scale) return;
      const bound = cj > 0 ? upper[j]! : lower[j]!;
      expect(Number.isFinite(bound)).toBe(true);
      max += cj * bound;
    });
    expect(max).toBeLessThan(yb - 1e-6 * scale);
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

  describe(`LpSolver conformance: ${name}: rows at run time`, () => {
    it('a cut that cuts off the LP optimum moves it to the cold optimum of the extended LP; deleting it restores the optimum', async () => {
      const model = lps.cuts;
      const m = model.numRows;
      const s = await loaded(model);
      try {
        const root = s.optimize();
        expect(root.status).toBe('optimal');
        expect(s.rowCount()).toBe(m);
        const x = s.primal().slice();
        const cuts = violatedCuts(rowsOf(model), x, 1);
        expect(cuts.length).toBe(1);
        const cut = cuts[0]!;
        expect(rowActivity(cut, x)).toBeGreaterThan(cut.upper + 1e-3);
        s.addRows(...csrRows(cuts));
        expect(s.rowCount()).toBe(m + 1);
        // a model change: the last solution and tableau are void
        expect(() => s.primal()).toThrow(LpBackendError);
        expect(s.basicVariables(new Int32Array(m + 1))).toBe(false);
        expect(s.tableauRow(0, new Float64Array(model.numCols))).toBe(false);
        const warm = s.optimize();
        expect(warm.status).toBe('optimal');
        expect(warm.objective).toBeGreaterThanOrEqual(root.objective - 1e-9);
        await expectCold(s, warm, model, cuts);
        expect(rowActivity(cut, s.primal())).toBeLessThanOrEqual(cut.upper + 1e-7);
        s.deleteRows([m]);
        expect(s.rowCount()).toBe(m);
        const back = s.optimize();
        expect(back.objective).toBeCloseTo(root.objective, 7);
        await expectCold(s, back, model, []);
        expect(s.getBasis()!.rowStatus.length).toBe(m);
      } finally {
        s.dispose();
      }
    });

    it('a row added, deleted and added again; deleting the first of two added rows moves the second up', async () => {
      const model = lps.cuts;
      const m = model.numRows;
      const s = await loaded(model);
      try {
        const root = s.optimize();
        const x = s.primal().slice();
        const a = violatedCuts(rowsOf(model), x, 1)[0]!;
        const b = cutBelow(x);
        s.addRows(...csrRows([a]));
        const first = s.optimize();
        await expectCold(s, first, model, [a]);
        s.deleteRows([m]);
        expect(s.optimize().objective).toBeCloseTo(root.objective, 7);
        s.addRows(...csrRows([a]));
        expect(s.rowCount()).toBe(m + 1);
        const again = s.optimize();
        expect(again.objective).toBeCloseTo(first.objective, 7);
        await expectCold(s, again, model, [a]);
        s.addRows(...csrRows([b]));
        await expectCold(s, s.optimize(), model, [a, b]);
        s.deleteRows([m]);
        expect(s.rowCount()).toBe(m + 1);
        await expectCold(s, s.optimize(), model, [b]);
        // row m is b now: changing its bounds changes b
        const looser = { ...b, upper: b.upper + 1 };
        s.changeRowBounds(m, looser.lower, looser.upper);
        await expectCold(s, s.optimize(), model, [looser]);
      } finally {
        s.dispose();
      }
    });

    it('rounds of cuts interleaved with bound changes and deletions agree with cold solves', async () => {
      const model = lps.rounds;
      const n = model.numCols;
      const m = model.numRows;
      const s = await loaded(model);
      try {
        const added: LpRow[] = [];
        await expectCold(s, s.optimize(), model, added);
        for (let round = 0; round < 4; round++) {
          s.changeColBounds((5 * round + 1) % n, round % 2, 10 - round);
          await expectCold(s, s.optimize(), model, added);
          // a Chvatal-Gomory cut where one is violated, and a row cutting off the optimum on some columns
          const x = s.primal();
          const cuts = [...violatedCuts([...rowsOf(model), ...added], x, 1), cutBelow(x, (j) => (j + round) % 3 !== 0)];
          expect(rowActivity(cuts[cuts.length - 1]!, x)).toBeGreaterThan(cuts[cuts.length - 1]!.upper);
          s.addRows(...csrRows(cuts));
          added.push(...cuts);
          expect(s.rowCount()).toBe(m + added.length);
          await expectCold(s, s.optimize(), model, added);
          if (round % 2 === 1) {
            // the newest and the oldest added row, in that order
            s.deleteRows([m + added.length - 1, m]);
            added.pop();
            added.shift();
            await expectCold(s, s.optimize(), model, added);
          }
        }
        expect(s.rowCount()).toBe(m + added.length);
      } finally {
        s.dispose();
      }
    });

    it('refuses to delete model rows and rejects bad rows with LpBackendError, changing nothing', async () => {
      const s = await loaded(smallLp());
      try {
        s.optimize();
        expect(() => s.deleteRows([0])).toThrow(LpBackendError);
        expect(() => s.deleteRows([1])).toThrow(/delete rows.*model/);
        s.addRows(1, [-Infinity], [2.5], [0, 2], [0, 1], [1, 1]); // x + y <= 2.5
        expect(s.rowCount()).toBe(3);
        expect(() => s.deleteRows([2, 1])).toThrow(/model/);
        expect(() => s.deleteRows([2, 2])).toThrow(/twice/);
        expect(() => s.deleteRows([3])).toThrow(/out of range/);
        expect(() => s.deleteRows([2.5])).toThrow(LpBackendError);
        const bad: Array<Parameters<LpSolver['addRows']>> = [
          [1, [NaN], [1], [0, 1], [0], [1]],
          [1, [2], [1], [0, 1], [0], [1]],
          [1, [Infinity], [Infinity], [0, 1], [0], [1]],
          [1, [0], [1], [0, 1], [2], [1]],
          [1, [0], [1], [0, 2], [1, 1], [1, 1]],
          [1, [0], [1], [0, 1], [0], [Infinity]],
          [1, [0], [1], [0], [0], [1]],
          [2, [0, 0], [1, 1], [0, 2, 1], [0, 1], [1, 1]],
          [1, [0], [1], [0, 3], [0, 1], [1, 1]],
          [-1, [], [], [0], [], []],
        ];
        for (const args of bad) expect(() => s.addRows(...args), JSON.stringify(args)).toThrow(/add rows/);
        s.addRows(0, [], [], [0], [], []);
        s.deleteRows([]);
        expect(s.rowCount()).toBe(3);
        const r = s.optimize();
        expect(r.status).toBe('optimal');
        expect(r.objective).toBeCloseTo(0.5, 9); // min -x - y + 3 with x + y <= 2.5
        expect(s.rowActivity().length).toBe(3);
        expect(s.rowActivity()[2]).toBeCloseTo(2.5, 9);
      } finally {
        s.dispose();
      }
    });

    it('tableau rows satisfy sum_j out[j] x_j + sum_i slackOut[i] r_i = 0 at the solution, with ranged and added rows', async () => {
      for (const model of lps.tableau) {
        const s = await loaded(model);
        try {
          expect(s.basicVariables(new Int32Array(model.numRows))).toBe(false); // not solved yet
          expect(s.optimize().status).toBe('optimal');
          expectTableauIdentity(s, model.numCols, rowsOf(model));
          // a ranged model row, a column with a raised lower bound
          s.changeRowBounds(0, 0.5, model.rowUpper[0]!);
          s.changeColBounds(model.numCols - 1, 0.25, 10);
          expect(s.optimize().status).toBe('optimal');
          expectTableauIdentity(s, model.numCols, rowsOf(model));
          // a row cutting off the optimum (binding after the re-solve) and a loose one
          const added = [cutBelow(s.primal()), looseRow(model.numCols)];
          s.addRows(...csrRows(added));
          expect(s.optimize().status).toBe('optimal');
          expectTableauIdentity(s, model.numCols, [...rowsOf(model), ...added]);
          expect(() => s.tableauRow(s.rowCount(), new Float64Array(model.numCols))).toThrow(LpBackendError);
          expect(() => s.tableauRow(0, new Float64Array(model.numCols), new Float64Array(1))).toThrow(/tableau/);
          expect(() => s.basicVariables(new Int32Array(1))).toThrow(LpBackendError);
        } finally {
          s.dispose();
        }
      }
    });

    it('dualRay after an infeasible solve is a Farkas proof; false after an optimal one', async () => {
      const cases: Array<{ model: Model; change: (s: LpSolver) => void; rows: (model: Model) => LpRow[] }> = [
        // a column bound: x >= 5 violates 3x + y <= 6
        { model: smallLp(), change: (s) => s.changeColBounds(0, 5, 10), rows: (m) => rowsOf(m) },
        // two model rows: x + 2y >= 25 with 3x + y <= 6
        {
          model: smallLp(),
          change: (s) => s.changeRowBounds(0, 25, Infinity),
          rows: (m) => rowsOf(m).map((r, i) => (i === 0 ? { ...r, lower: 25, upper: Infinity } : r)),
        },
        // two added rows contradicting each other
        {
          model: lps.rounds,
          change: (s) => s.addRows(2, [6, -Infinity], [Infinity, 5], [0, 2, 4], [0, 1, 0, 1], [1, 1, 1, 1]),
          rows: (m) => [...rowsOf(m), { lower: 6, upper: Infinity, indices: [0, 1], values: [1, 1] }, { lower: -Infinity, upper: 5, indices: [0, 1], values: [1, 1] }],
        },
        // an added row beyond the column box
        {
          model: lps.cuts,
          change: (s) => s.addRows(...csrRows([{ ...looseRow(lps.cuts.numCols), lower: 10 * lps.cuts.numCols + 1, upper: Infinity }])),
          rows: (m) => [...rowsOf(m), { ...looseRow(m.numCols), lower: 10 * m.numCols + 1, upper: Infinity }],
        },
      ];
      for (const { model, change, rows } of cases) {
        const s = await loaded(model);
        try {
          expect(s.optimize().status).toBe('optimal');
          expect(s.dualRay(new Float64Array(s.rowCount()))).toBe(false);
          change(s);
          expect(s.optimize().status).toBe('infeasible');
          const y = new Float64Array(s.rowCount());
          expect(s.dualRay(y)).toBe(true);
          expectFarkasProof(rows(model), s.colLower(), s.colUpper(), y);
          expect(() => s.dualRay(new Float64Array(s.rowCount() - 1))).toThrow(LpBackendError);
        } finally {
          s.dispose();
        }
      }
    });

    it('rows added to a model without columns: empty rows, a Farkas proof, an all-slack tableau', async () => {
      const s = await loaded(new ModelBuilder('no-columns').build());
      try {
        s.addRows(2, [-1, 1], [1, Infinity], [0, 0, 0], [], []); // -1 <= 0 <= 1 and 0 >= 1
        expect(s.rowCount()).toBe(2);
        expect(s.optimize().status).toBe('infeasible');
        const y = new Float64Array(2);
        expect(s.dualRay(y)).toBe(true);
        expectFarkasProof([{ lower: -1, upper: 1, indices: [], values: [] }, { lower: 1, upper: Infinity, indices: [], values: [] }], [], [], y);
        s.deleteRows([1]);
        expect(s.optimize().status).toBe('optimal');
        expect(s.rowActivity().length).toBe(1);
        const basic = new Int32Array(1);
        expect(s.basicVariables(basic)).toBe(true);
        expect(Array.from(basic)).toEqual([-1]);
        const slack = new Float64Array(1);
        expect(s.tableauRow(0, new Float64Array(0), slack)).toBe(true);
        expect(Array.from(slack)).toEqual([1]);
      } finally {
        s.dispose();
      }
    });

    it('a saved basis with added rows has one status per current row; restored, the re-solve returns the same optimum', async () => {
      const { root, again } = await basisRoundTrip(lps.basis, true);
      expect(root.status).toBe('optimal');
      expect(again.status).toBe('optimal');
      expect(again.objective).toBeCloseTo(root.objective, 9);
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

      it('cuts warm-start: fewer iterations than a cold solve of the extended LP, and deleting them than the first solve', async () => {
        const model = randomLp(60, 80, 7);
        const s = await loaded(model);
        try {
          const root = s.optimize();
          const cuts = [...violatedCuts(rowsOf(model), s.primal(), 2), cutBelow(s.primal())];
          s.addRows(...csrRows(cuts));
          const warm = s.optimize();
          const cold = await coldSolve(model, cuts, model.colLower, model.colUpper);
          expect(warm.status).toBe('optimal');
          expect(warm.objective).toBeCloseTo(cold.objective, 7);
          expect(warm.iterations).toBeLessThan(cold.iterations);
          s.deleteRows(Array.from(cuts, (_, k) => model.numRows + k));
          const back = s.optimize();
          expect(back.objective).toBeCloseTo(root.objective, 7);
          expect(back.iterations).toBeLessThan(root.iterations);
        } finally {
          s.dispose();
        }
      });

      it('restores a saved basis with added rows so the re-solve needs no iterations', async () => {
        const { root, changed, again } = await basisRoundTrip(randomLp(30, 40, 8), true);
        expect(changed.iterations).toBeGreaterThan(0);
        expect(again.objective).toBeCloseTo(root.objective, 9);
        expect(again.iterations).toBe(0);
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
