/**
 * Each reduction on a hand-made model, run alone (option `reductions`) so its effect is exactly
 * known, then the whole presolve on the same model checked against HiGHS on the original.
 */
import { describe, expect, it } from 'vitest';
import { presolve } from '../../src/presolve/presolve.js';
import { buildModel, expectProvenInfeasible, expectReduced, expectSameOptimum, reductionStats } from './presolve-helpers.js';

const INT = { integer: true } as const;

describe('empty rows', () => {
  it('removes an empty row whose sides contain 0', async () => {
    const m = buildModel([{ cost: 1, upper: 3 }], [{ name: 'e', lower: -1, upper: 2, terms: [] }, { lower: 1, terms: [[0, 1]] }]);
    const r = expectReduced(presolve(m, { reductions: ['empty-rows'] }), 'empty row');
    expect(r.model.numRows).toBe(1);
    expect(r.model.rowNames).toEqual(['r1']);
    expect(reductionStats(r, 'empty-rows').rowsRemoved).toBe(1);
    await expectSameOptimum(m, presolve(m), 'empty row');
  });

  it('proves infeasibility when 0 is outside the sides (also after substituting a fixed column)', async () => {
    const direct = buildModel([{ upper: 1 }], [{ name: 'needs-one', lower: 1, upper: 2, terms: [] }]);
    await expectProvenInfeasible(direct, ['empty-rows'], 'empty row', /empty-rows: row needs-one/);
    // 2·x with x fixed at 1 in [3, 4]: empty after substitution, its sides become [1, 2]
    const m = buildModel([{ lower: 1, upper: 1 }, { upper: 5, cost: 1 }], [{ lower: 3, upper: 4, terms: [[0, 2]] }, { lower: 1, terms: [[1, 1]] }]);
    await expectProvenInfeasible(m, ['fixed-columns', 'empty-rows'], 'fixed then empty');
  });
});

describe('empty columns', () => {
  const cols = [
    { cost: 3, lower: -2, upper: 5 }, // → -2
    { cost: -1, lower: 0, upper: 4 }, // → 4
    { cost: 0, lower: -3, upper: 7 }, // → 0
    { cost: 0, lower: 2, upper: 9, integer: true }, // → 2
    { cost: -2, lower: 0, integer: true }, // improving ray: stays
    { cost: 1, upper: 6 }, // in the row
  ];
  const rows = [{ lower: 1, terms: [[5, 1]] as [number, number][] }];

  it('fixes each at the bound its cost prefers (0 cost: closest to 0) and keeps an improving ray', async () => {
    const m = buildModel(cols, rows, 'minimize', 0.5);
    const r = expectReduced(presolve(m, { reductions: ['empty-columns'] }), 'empty columns');
    expect(r.model.colNames).toEqual(['x4', 'x5']);
    expect(reductionStats(r, 'empty-columns').colsRemoved).toBe(4);
    expect(r.model.objectiveOffset).toBeCloseTo(0.5 + 3 * -2 + -1 * 4, 12);
    const x = r.postsolve([7, 1]);
    expect(Array.from(x)).toEqual([-2, 4, 0, 2, 7, 1]);
    expect(m.objectiveOf(x)).toBeCloseTo(r.model.objectiveOf([7, 1]), 12);
    await expectSameOptimum(m, presolve(m), 'empty columns with a ray');
  });

  it('flips the preferred bound when maximising', () => {
    const m = buildModel([{ cost: 3, lower: -2, upper: 5 }, { cost: -1, lower: 0, upper: 4 }, { cost: 1, upper: 1 }], [{ upper: 1, terms: [[2, 1]] }], 'maximize');
    const r = expectReduced(presolve(m, { reductions: ['empty-columns'] }), 'maximise');
    expect(Array.from(r.postsolve([0]))).toEqual([5, 0, 0]);
  });

  it("reports 'unbounded' with a feasible point once no row is left", async () => {
    // the row is a singleton: it becomes a bound, then x1 is an empty column improving without bound
    const m = buildModel([{ cost: 1, lower: -4, upper: 3, integer: true }, { cost: -2, lower: 1, integer: true }], [{ lower: -2, terms: [[0, 1]] }]);
    const r = presolve(m);
    expect(r.status).toBe('unbounded');
    if (r.status !== 'unbounded') return;
    expect(r.reason).toMatch(/x1/);
    expect(m.maxViolation(r.solution).value).toBe(0);
    await expectSameOptimum(m, r, 'unbounded');
  });
});

describe('fixed columns', () => {
  it('substitutes into row sides and the objective offset; postsolve restores the value', async () => {
    const m = buildModel(
      [{ cost: 4, lower: 2, upper: 2 }, { cost: -1, upper: 10 }, { cost: 1, lower: 0.5, upper: 0.5 }],
      [{ lower: -1, upper: 5, terms: [[0, 1], [1, 1]] }, { lower: 0, terms: [[2, 3], [1, -1]] }],
      'minimize',
      1,
    );
    const r = expectReduced(presolve(m, { reductions: ['fixed-columns'] }), 'fixed');
    expect(r.model.numCols).toBe(1);
    expect(r.model.objectiveOffset).toBeCloseTo(1 + 8 + 0.5, 12);
    expect(Array.from(r.model.rowLower)).toEqual([-3, -1.5]);
    expect(Array.from(r.model.rowUpper)).toEqual([3, Infinity]);
    const s = reductionStats(r, 'fixed-columns');
    expect([s.colsRemoved, s.nonzerosRemoved]).toEqual([2, 2]);
    expect(Array.from(r.postsolve([1.5]))).toEqual([2, 1.5, 0.5]);
    await expectSameOptimum(m, presolve(m), 'fixed');
  });
});

describe('singleton rows', () => {
  it('turns rows into bounds, rounding integer columns inward', async () => {
    const m = buildModel(
      [{ cost: 1, upper: 10, ...INT }, { cost: -1, lower: -10, upper: 10 }, { cost: 1, upper: 10, ...INT }, { cost: 1, upper: 5 }],
      [
        { lower: 1, terms: [[0, 2]] }, // x0 ≥ 0.5 → 1
        { lower: -6, upper: 3, terms: [[1, -3]] }, // -1 ≤ x1 ≤ 2
        { upper: 3, terms: [[2, 0.1]] }, // x2 ≤ 30 (no change: 10)
        { upper: 0.3, terms: [[2, 0.1]] }, // x2 ≤ 2.9999999999999996 → 3 with the 1e-9 tolerance
        { upper: 20, terms: [[0, 1], [1, 1], [2, 1], [3, 1]] },
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['singleton-rows'] }), 'singletons');
    expect(r.model.numRows).toBe(1);
    expect(Array.from(r.model.colLower)).toEqual([1, -1, 0, 0]);
    expect(Array.from(r.model.colUpper)).toEqual([10, 2, 3, 5]);
    expect(reductionStats(r, 'singleton-rows').rowsRemoved).toBe(4);
    await expectSameOptimum(m, presolve(m), 'singletons');
  });

  it('proves infeasibility when the bounds cross', async () => {
    const m = buildModel([{ cost: 1, upper: 10, ...INT }], [{ lower: 0.6, terms: [[0, 1]] }, { upper: 0.4, terms: [[0, 1]] }]);
    await expectProvenInfeasible(m, ['singleton-rows'], 'crossing singletons', /singleton row r1/);
  });
});

describe('bound tightening', () => {
  it('tightens from row activities, rounds integers, never uses an infinite contribution', async () => {
    const m = buildModel(
      [{ cost: -1, lower: 1, upper: 10, ...INT }, { cost: -1, lower: 1, upper: 10, ...INT }, { cost: -1, lower: -Infinity, upper: 5 }, { cost: -1, lower: 0, upper: 10, ...INT }],
      [
        { upper: 4, terms: [[0, 1], [1, 1]] }, // x0, x1 ≤ 3
        { upper: 4, terms: [[0, 1], [2, 1]] }, // x2 ≤ 3 (x2's own -∞ is allowed); x0 not from here
        { upper: 7, terms: [[3, 2], [1, 2]] }, // x3 ≤ 2.5 → 2
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['bound-tightening'], maxRounds: 1 }), 'activity');
    expect(Array.from(r.model.colUpper)).toEqual([3, 3, expect.closeTo(3, 6), 2] as unknown[]);
    expect(r.model.colUpper[2]!).toBeGreaterThanOrEqual(3);
    expect(r.model.colLower[2]).toBe(-Infinity);
    expect(reductionStats(r, 'bound-tightening').boundsTightened).toBe(4);
    await expectSameOptimum(m, presolve(m), 'activity');
  });

  it('ignores tiny continuous improvements and huge derived bounds', () => {
    const m = buildModel(
      [{ upper: 3 }, { upper: 1 }, { lower: -Infinity, upper: Infinity }, { upper: 1 }],
      [
        { upper: 3.0000001, terms: [[0, 1], [1, 1e-9]] }, // x0 ≤ 3.0000001: not worth it
        { lower: -1e12, terms: [[2, 1], [3, 1]] }, // x2 ≥ -1e12 - 1: beyond MAX_DERIVED_BOUND
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['bound-tightening'] }), 'no tightening');
    expect(Array.from(r.model.colUpper)).toEqual([3, 1, Infinity, 1]);
    expect(r.model.colLower[2]).toBe(-Infinity);
    expect(r.stats.boundsTightened).toBe(0);
  });

  it('proves infeasibility when a row cannot be met', async () => {
    const m = buildModel([{ upper: 1, ...INT }, { upper: 1, ...INT }], [{ lower: 3, terms: [[0, 1], [1, 1]] }]);
    await expectProvenInfeasible(m, ['bound-tightening'], 'activity conflict', /row r0: maximum activity 2/);
  });
});

describe('redundant and forcing rows', () => {
  const cols = [{ cost: 1, upper: 5 }, { cost: 2, upper: 5, ...INT }, { cost: -1, upper: 4 }];

  it('drops redundant sides and removes rows without sides', async () => {
    const m = buildModel(cols, [
      { name: 'always', upper: 20, terms: [[0, 1], [1, 1]] },
      { name: 'ranged', lower: 2, upper: 20, terms: [[0, 1], [1, 1]] },
      { name: 'free', terms: [[0, 1], [2, 1]] },
      { name: 'binding', upper: 3, terms: [[1, 1], [2, 1]] },
    ]);
    const r = expectReduced(presolve(m, { reductions: ['redundant-rows'] }), 'redundant');
    expect(r.model.rowNames).toEqual(['ranged', 'binding']);
    expect(Array.from(r.model.rowLower)).toEqual([2, -Infinity]);
    expect(Array.from(r.model.rowUpper)).toEqual([Infinity, 3]);
    const s = reductionStats(r, 'redundant-rows');
    expect([s.rowsRemoved, s.rowSidesChanged]).toEqual([2, 1]);
    await expectSameOptimum(m, presolve(m), 'redundant');
  });

  it('fixes the columns of a forcing row at their activity bounds', async () => {
    const m = buildModel(cols, [
      { name: 'force-min', upper: 0, terms: [[0, 1], [1, 2]] }, // x0 = x1 = 0
      { name: 'force-max', lower: 4, terms: [[2, 1]] }, // single, but forcing at max: x2 = 4
      { name: 'other', lower: 1, terms: [[0, 1], [2, 1]] },
    ]);
    const r = expectReduced(presolve(m, { reductions: ['forcing-rows'] }), 'forcing');
    expect(r.model.numCols).toBe(0);
    expect(r.model.rowNames).toEqual(['other']);
    expect(Array.from(r.postsolve([]))).toEqual([0, 0, 4]);
    const s = reductionStats(r, 'forcing-rows');
    expect([s.rowsRemoved, s.colsRemoved]).toEqual([2, 3]);
    await expectSameOptimum(m, presolve(m), 'forcing');
  });
});

describe('duplicate rows', () => {
  it('merges parallel rows with intersected sides (negative factors swap sides)', async () => {
    const cols = [{ cost: -1, upper: 10 }, { cost: -1, upper: 10, ...INT }, { cost: 1, upper: 3 }];
    const m = buildModel(cols, [
      { name: 'a', upper: 6, terms: [[0, 1], [1, 2]] },
      { name: 'b', lower: 4, upper: 20, terms: [[0, 2], [1, 4]] }, // 2 ≤ a ≤ 10
      { name: 'c', lower: -5, terms: [[0, -1], [1, -2]] }, // a ≤ 5
      { name: 'd', upper: 4, terms: [[0, 1], [2, 1]] },
    ]);
    const r = expectReduced(presolve(m, { reductions: ['duplicate-rows'] }), 'duplicate rows');
    expect(r.model.rowNames).toEqual(['a', 'd']);
    expect([r.model.rowLower[0], r.model.rowUpper[0]]).toEqual([2, 5]);
    expect(reductionStats(r, 'duplicate-rows').rowsRemoved).toBe(2);
    await expectSameOptimum(m, presolve(m), 'duplicate rows');
  });

  it('proves infeasibility when the intersected sides cross', async () => {
    const m = buildModel([{ upper: 10 }, { upper: 10 }], [{ upper: 1, terms: [[0, 1], [1, 2]] }, { upper: -4, terms: [[0, -2], [1, -4]] }]);
    await expectProvenInfeasible(m, ['duplicate-rows'], 'crossing duplicates', /rows r0 and r1 are parallel/);
  });
});

describe('duplicate and dominated columns', () => {
  it('merges identical columns of the same type and cost; postsolve splits within the bounds', async () => {
    const m = buildModel(
      [
        { cost: -3, lower: 1, upper: 4, ...INT },
        { cost: -3, lower: 0, upper: 2, ...INT },
        { cost: -3, lower: 0, upper: 2 }, // continuous: not merged with the integers
        { cost: 1, upper: 5 },
      ],
      [
        { upper: 6.5, terms: [[0, 1], [1, 1], [2, 1], [3, 1]] },
        { lower: 1, upper: 9, terms: [[0, 2], [1, 2], [2, 2], [3, -1]] },
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['duplicate-columns'] }), 'duplicate columns');
    expect(r.model.colNames).toEqual(['x0', 'x2', 'x3']);
    expect([r.model.colLower[0], r.model.colUpper[0], r.model.integrality[0]]).toEqual([1, 6, 1]);
    expect(reductionStats(r, 'duplicate-columns').colsRemoved).toBe(1);
    for (const [v, want] of [[6, [4, 2]], [3, [3, 0]], [1, [1, 0]]] as const) {
      const x = r.postsolve([v, 0, 0]);
      expect([x[0], x[1]]).toEqual(want);
    }
    await expectSameOptimum(m, presolve(m), 'duplicate columns');
  });

  it('fixes the dearer of two identical columns when the cheaper one is unbounded above', async () => {
    const m = buildModel(
      [{ cost: 1, lower: 0, ...INT }, { cost: 2, lower: 1, upper: 8, ...INT }, { cost: 2, upper: 3 }, { cost: 1, lower: -Infinity, upper: 3 }],
      [
        { lower: 5, terms: [[0, 1], [1, 1]] },
        { lower: 3, upper: 8, terms: [[2, 1], [3, 1]] },
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['dominated-columns'] }), 'dominated');
    // x1 dearer than x0 (x0 unbounded above) → x1 = 1; x2 dearer than x3 (x2 unbounded below? no: x3 cheaper, x2 lower 0 finite, x3 upper 3 finite) → nothing
    expect(r.model.colNames).toEqual(['x0', 'x2', 'x3']);
    expect(r.postsolve([4, 1, 2])[1]).toBe(1);
    expect(reductionStats(r, 'dominated-columns').colsRemoved).toBe(1);
    await expectSameOptimum(m, presolve(m), 'dominated');
  });

  it('fixes the cheaper column at its upper bound when the dearer one is unbounded below', () => {
    const m = buildModel([{ cost: 1, upper: 4 }, { cost: -1, lower: -Infinity, upper: 2 }], [{ lower: 1, upper: 5, terms: [[0, 1], [1, 1]] }], 'maximize');
    const r = expectReduced(presolve(m, { reductions: ['dominated-columns'] }), 'dominated below');
    expect(r.model.colNames).toEqual(['x1']);
    expect(r.postsolve([0])[0]).toBe(4);
  });
});

describe('dual fixing', () => {
  it('fixes columns no row locks in their cost direction, keeps one that would go to infinity', async () => {
    const m = buildModel(
      [{ cost: 2, lower: 1, upper: 9, ...INT }, { cost: -1, upper: 7 }, { cost: 0, lower: -2, upper: 3 }, { cost: 1, lower: -Infinity, upper: 3 }, { cost: 1, upper: 4 }],
      [
        { upper: 10, terms: [[0, 1], [1, -1], [4, 1]] }, // x0 and x4 only locked upwards, x1 downwards
        { lower: -20, terms: [[2, 1], [3, -1], [4, 1]] }, // x2: cost 0, locked down; x3 locked up (goes to -∞: stays)
        { upper: 50, terms: [[2, 1], [4, -1]] }, // x2 also locked up
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['dual-fixing'], maxRounds: 1 }), 'dual fixing');
    expect(r.model.colNames).toEqual(['x2', 'x3', 'x4']);
    const x = r.postsolve([0, 0, 0]);
    expect([x[0], x[1]]).toEqual([1, 7]);
    // with cost 0 and no locks at all: the value closest to 0
    // (a free row locks nothing; x1 is locked down by the second row; x2 has cost 0 and only a down lock: upper bound)
    const free = buildModel(
      [{ cost: 0, lower: -2, upper: 3 }, { cost: 1, upper: 1 }, { cost: 0, lower: -1, upper: 1 }],
      [{ terms: [[0, 1], [1, 1]] }, { lower: 0, terms: [[1, 1], [2, 1]] }],
    );
    const rf = expectReduced(presolve(free, { reductions: ['dual-fixing'], maxRounds: 1 }), 'dual fixing at 0');
    expect(rf.model.colNames).toEqual(['x1']);
    const xf = rf.postsolve([1]);
    expect([xf[0], xf[2]]).toEqual([0, 1]);
    await expectSameOptimum(m, presolve(m), 'dual fixing');
  });
});

describe('coefficient tightening', () => {
  it('tightens the big-M of the single binary of a one-sided row', async () => {
    const m = buildModel(
      [{ cost: -1, upper: 10 }, { cost: 3, lower: 0, upper: 1, ...INT }, { cost: -1, upper: 10 }, { cost: 2, lower: 0, upper: 1, ...INT }, { cost: -1, upper: 10 }, { cost: 1, lower: 0, upper: 1, ...INT }],
      [
        { name: 'm-neg', upper: 0, terms: [[0, 1], [1, -100]] }, // x0 ≤ 100 b  →  x0 ≤ 10 b
        { name: 'm-pos', upper: 105, terms: [[2, 1], [3, 100]] }, // x2 + 100 b ≤ 105  →  x2 + 5 b ≤ 10
        { name: 'ge', lower: 0, terms: [[4, -1], [5, 50]] }, // -x4 + 50 b ≥ 0  →  -x4 + 10 b ≥ 0
      ],
    );
    const r = expectReduced(presolve(m, { reductions: ['coefficient-tightening'], maxRounds: 1 }), 'big-M');
    const coef = (row: number, col: number): number => {
      const rm = r.model.rowMatrix();
      for (let q = rm.rowStart[row]!; q < rm.rowStart[row + 1]!; q++) if (rm.colIndex[q] === col) return rm.value[q]!;
      return 0;
    };
    expect(coef(0, 1)).toBeCloseTo(-10, 6);
    expect(coef(1, 3)).toBeCloseTo(5, 6);
    expect(r.model.rowUpper[1]!).toBeCloseTo(10, 6);
    expect(coef(2, 5)).toBeCloseTo(10, 6);
    expect(reductionStats(r, 'coefficient-tightening').coefficientsChanged).toBe(3);
    // the tightened rows keep every point with binary b: the original optimum survives
    await expectSameOptimum(m, r, 'big-M alone');
    await expectSameOptimum(m, presolve(m), 'big-M');
  });
});
