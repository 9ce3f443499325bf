import { describe, it, expect } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { correctnessSuite, generate, generators, stepPerceptron, xorPoints, STEP_MARGIN, rowFreeOptimum } from '../../src/gen/index.js';
import { mulberry32 } from '../helpers/rng.js';
import type { Model } from '../../src/model/model.js';

function fingerprint(m: Model): string {
  return JSON.stringify({
    sense: m.sense,
    offset: m.objectiveOffset,
    cost: Array.from(m.colCost),
    lo: Array.from(m.colLower, String),
    up: Array.from(m.colUpper, String),
    int: Array.from(m.integrality),
    rlo: Array.from(m.rowLower, String),
    rup: Array.from(m.rowUpper, String),
    start: Array.from(m.colStart),
    idx: Array.from(m.rowIndex),
    val: Array.from(m.value),
    cols: m.colNames,
    rows: m.rowNames,
  });
}

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and seed-dependent', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
});

describe('generators', () => {
  for (const [name, gen] of Object.entries(generators)) {
    it(`${name} is deterministic in the seed and builds a valid model`, () => {
      const a = gen(7);
      const b = gen(7);
      expect(fingerprint(a)).toBe(fingerprint(b));
      if (name !== 'empty') {
        expect(a.numCols).toBeGreaterThan(0);
        expect(fingerprint(gen(8))).not.toBe(fingerprint(a));
      }
      for (let j = 0; j < a.numCols; j++) {
        expect(a.colLower[j]!).toBeLessThanOrEqual(a.colUpper[j]!);
        if (a.integrality[j] && Number.isFinite(a.colLower[j]!)) expect(Number.isInteger(a.colLower[j]!)).toBe(true);
      }
    });
  }

  it('generate() checks its arguments', () => {
    expect(generate('knapsack', 3, 10).numCols).toBe(10);
    expect(() => generate('no-such-generator', 1)).toThrow(OptionError);
    expect(() => generate('no-such-generator', 1)).toThrow(/knapsack/);
    expect(() => generate('toString', 1)).toThrow(OptionError);
    expect(() => generate('knapsack', 1.5)).toThrow(/seed/);
    expect(() => generate('knapsack', 1, 0)).toThrow(/size/);
    expect(() => generate('knapsack', 1, 2.5)).toThrow(/size/);
  });

  it('size parameters scale the instances', () => {
    expect(generators.knapsack!(1, 12).numCols).toBe(12);
    expect(generators.knapsack!(1, 30).numCols).toBe(30);
    expect(generators['set-cover']!(1, 25).numIntegers).toBe(25);
  });

  it('suite instances are small (at most 40 integer columns) and every non-empty one has integers', () => {
    for (const inst of correctnessSuite()) {
      expect(inst.model.numIntegers, inst.name).toBeLessThanOrEqual(40);
      if (inst.model.numCols > 0) expect(inst.model.numIntegers, inst.name).toBeGreaterThan(0);
    }
  });

  it('the suite covers maximisation, free / negative integer columns, equalities, empty and row-free models', () => {
    const models = correctnessSuite().map((s) => s.model);
    expect(models.some((m) => m.sense === 'maximize')).toBe(true);
    expect(models.some((m) => m.numCols === 0)).toBe(true);
    expect(models.some((m) => m.numCols > 0 && m.numRows === 0)).toBe(true);
    const hasCol = (pred: (m: Model, j: number) => boolean) => models.some((m) => Array.from({ length: m.numCols }, (_, j) => j).some((j) => pred(m, j)));
    expect(hasCol((m, j) => m.integrality[j] === 1 && m.colLower[j] === -Infinity && m.colUpper[j] === Infinity)).toBe(true);
    expect(hasCol((m, j) => m.integrality[j] === 1 && m.colUpper[j]! < 0)).toBe(true);
    expect(models.some((m) => Array.from(m.rowLower).some((lo, i) => lo === m.rowUpper[i]))).toBe(true);
    const statuses = new Set(correctnessSuite().map((s) => s.expected.status));
    expect([...statuses].sort()).toEqual(['infeasible', 'optimal', 'unbounded']);
  });

  it('rowFreeOptimum puts each column at its preferred bound', () => {
    const m = generators['no-rows']!(3, 5);
    let x = Array.from({ length: m.numCols }, (_, j) => (m.colCost[j]! > 0 ? m.colLower[j]! : m.colUpper[j]!));
    expect(m.objectiveOf(x)).toBeCloseTo(rowFreeOptimum(m), 12);
    // any other vertex is no better
    x = Array.from({ length: m.numCols }, (_, j) => m.colUpper[j]!);
    expect(m.objectiveOf(x)).toBeGreaterThanOrEqual(rowFreeOptimum(m));
  });
});

describe('step perceptron MILP', () => {
  it('a hand-built network is feasible with matching activations, and its error is the objective', () => {
    const size = 6;
    const m = stepPerceptron(5, size, 1);
    const { x, y } = xorPoints(5, size);
    // network: h = step(x1 >= 0) via w = (1, 0), b = 0; output o = h via v = 1, c = -0.5
    const col = (name: string) => m.colNames.indexOf(name);
    const sol = new Float64Array(m.numCols);
    sol[col('w_0_0')] = 1;
    sol[col('w_0_1')] = 0;
    sol[col('b_0')] = 0;
    sol[col('v_0')] = 1;
    sol[col('c')] = -0.5;
    let errors = 0;
    for (let n = 0; n < size; n++) {
      const z = x[n]![0]!;
      const h = z >= 0 ? 1 : 0;
      sol[col(`h_${n}_0`)] = h;
      sol[col(`u_${n}_0`)] = h; // v * h with v = 1
      sol[col(`o_${n}`)] = h;
      if (h !== y[n]) errors++;
      if (h === 0) expect(z).toBeLessThanOrEqual(-STEP_MARGIN);
    }
    expect(m.maxViolation(sol).value).toBeLessThanOrEqual(1e-9);
    expect(m.objectiveOf(sol)).toBe(errors);
    // flipping one activation away from its pre-activation's sign violates a big-M row
    const bad = Float64Array.from(sol);
    bad[col('h_0_0')] = 1 - bad[col('h_0_0')]!;
    expect(m.maxViolation(bad).value).toBeGreaterThan(1e-6);
  });
});
