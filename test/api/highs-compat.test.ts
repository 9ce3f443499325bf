/**
 * solveLpText must return what highs-js's highs.solve returns for the same LP text: the same
 * Status strings, the same keys (in the same order) on the result, each column and each row, and
 * the same numbers (objective and primal values to 1e-6; duals and basis labels for pure LPs).
 * The MIPs below have unique optima, so primal values are comparable.
 */
import { describe, it, expect } from 'vitest';
import { solveLpText } from '../../src/api/highs-compat.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { OptionError, ParseError } from '../../src/errors.js';
import { mulberry32, randInt } from '../helpers/rng.js';

type AnyRecord = Record<string, unknown>;

const TOL = 1e-6;

function closeOrEqual(a: unknown, b: unknown, path: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Number.isFinite(b)) {
      expect(a, path).toBe(b);
      return;
    }
    expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(b)));
    return;
  }
  expect(a, path).toEqual(b);
}

/** Deep comparison: identical key lists (order included), numbers to 1e-6, everything else equal. */
function expectSameSolution(ours: unknown, theirs: unknown, path = 'result'): void {
  if (theirs !== null && typeof theirs === 'object') {
    expect(ours !== null && typeof ours === 'object', `${path} is an object`).toBe(true);
    expect(Array.isArray(ours), `${path} array-ness`).toBe(Array.isArray(theirs));
    const ko = Object.keys(ours as AnyRecord);
    const kt = Object.keys(theirs as AnyRecord);
    expect(ko, `${path} keys`).toEqual(kt);
    for (const k of kt) expectSameSolution((ours as AnyRecord)[k], (theirs as AnyRecord)[k], `${path}.${k}`);
    return;
  }
  closeOrEqual(ours, theirs, path);
}

async function compare(text: string, options: AnyRecord = {}) {
  const highs = await getHighs();
  const theirs = highs.solve(text, { output_flag: false, mip_rel_gap: 0, ...options } as never);
  const ours = await solveLpText(text, { mip_rel_gap: 0, ...options });
  return { ours, theirs };
}

const MIP = `\\ a small MIP with a unique optimum
Maximize
 obj: 3 x + 2 y + 4 z + 0.5 w + 1.25
Subject To
 c1: x + y + z + w <= 9.5
 c2: x - y >= -2
 c3: 2 x + 3 z <= 11
 c4: y + w <= 4.25
Bounds
 0 <= x <= 4
 -1 <= w <= 1
General
 x z
Binary
 y
End`;

const LP = `Minimize
 cost: 3 x + 2 y + 4 z + 4
Subject To
 demand: x + y + z >= 5
 mix: x - y <= 1
 cap: y + 2 z <= 6
 fix: x + z = 3
Bounds
 y <= 2.5
End`;

const LP_MAX = `Maximize
 obj: 2 x + 3 y - 1
Subject To
 c1: x + y <= 4
 c2: x + 3 y <= 6
Bounds
 x <= 3
End`;

const MIP_INFEASIBLE = `Minimize
 obj: x + y
Subject To
 c1: 2 x + 2 y = 3
Bounds
 x <= 5
 y <= 5
General
 x y
End`;

const LP_INFEASIBLE = `Minimize
 obj: x
Subject To
 c1: x + y >= 5
 c2: x + y <= 3
End`;

const NO_ROWS_MIP = `Minimize
 obj: x - 2 y + z
Bounds
 1 <= x <= 3
 -2 <= y <= 5
 -4 <= z <= 0
General
 x y
End`;

/** Seeded knapsack with unique optimum (distinct value/weight ratios), maximisation. */
function knapsackText(seed: number, n: number): string {
  const rng = mulberry32(seed);
  const obj: string[] = [];
  const w: string[] = [];
  const w2: string[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = randInt(rng, 10, 60);
    total += wi;
    obj.push(`${wi + randInt(rng, -5, 12) + i / 1000} x${i}`);
    w.push(`${wi} x${i}`);
    w2.push(`${randInt(rng, 5, 40)} x${i}`);
  }
  return [
    'Maximize', ` obj: ${obj.join(' + ')}`, 'Subject To', ` cap: ${w.join(' + ')} <= ${Math.floor(total / 2)}`,
    ` cap2: ${w2.join(' + ')} <= ${10 * n}`, 'Binary', ...Array.from({ length: n }, (_, i) => ` x${i}`), 'End',
  ].join('\n');
}

describe('solveLpText mirrors highs.solve', () => {
  it('MIP (maximise, general + binary + continuous, objective constant)', async () => {
    const { ours, theirs } = await compare(MIP);
    expect(theirs.Status).toBe('Optimal');
    expectSameSolution(ours, theirs);
    expect(Object.keys(ours.Columns.x!)).toEqual(['Index', 'Lower', 'Upper', 'Type', 'Primal', 'Name']);
    expect(Object.keys(ours.Rows[0]!)).toEqual(['Index', 'Name', 'Lower', 'Upper', 'Primal']);
    const type = (c: unknown) => (c as { Type: string }).Type;
    expect(type(ours.Columns.z)).toBe('Integer');
    expect(type(ours.Columns.w)).toBe('Continuous');
  });

  it('seeded knapsack MIPs', async () => {
    for (const seed of [1, 2, 3]) {
      const { ours, theirs } = await compare(knapsackText(seed, 18));
      expect(theirs.Status).toBe('Optimal');
      expectSameSolution(ours, theirs, `knapsack ${seed}`);
    }
  });

  it('pure LP: duals and basis labels too', async () => {
    const { ours, theirs } = await compare(LP);
    expect(theirs.Status).toBe('Optimal');
    expectSameSolution(ours, theirs);
    expect(Object.keys(ours.Columns.x!)).toEqual(['Index', 'Lower', 'Upper', 'Type', 'Primal', 'Status', 'Dual', 'Name']);
    expect(Object.keys(ours.Rows[0]!)).toEqual(['Index', 'Name', 'Lower', 'Upper', 'Primal', 'Status', 'Dual']);
  });

  it('maximisation LP', async () => {
    const { ours, theirs } = await compare(LP_MAX);
    expect(theirs.Status).toBe('Optimal');
    expectSameSolution(ours, theirs);
  });

  it('infeasible MIP (LP relaxation feasible) and infeasible LP', async () => {
    for (const text of [MIP_INFEASIBLE, LP_INFEASIBLE]) {
      const { ours, theirs } = await compare(text);
      expect(theirs.Status).toBe('Infeasible');
      expectSameSolution(ours, theirs);
      expect('Primal' in ours.Columns.x!).toBe(false);
    }
  });

  it('MIP without rows', async () => {
    const { ours, theirs } = await compare(NO_ROWS_MIP);
    expect(theirs.Status).toBe('Optimal');
    expectSameSolution(ours, theirs);
    expect(ours.Rows).toEqual([]);
  });

  it('empty model', async () => {
    const { ours, theirs } = await compare('Minimize\n obj:\nSubject To\nEnd');
    expect(theirs.Status).toBe('Empty');
    expectSameSolution(ours, theirs);
  });

  it('node limit: Status "Unknown" without primal values, like HiGHS', async () => {
    const text = knapsackText(11, 60);
    const { ours, theirs } = await compare(text, { mip_max_nodes: 1 });
    expect(theirs.Status).toBe('Unknown');
    expect(ours.Status).toBe('Unknown');
    expect(Object.keys(ours.Columns)).toEqual(Object.keys(theirs.Columns));
    expect(Object.keys(ours.Columns.x0!)).toEqual(Object.keys(theirs.Columns.x0!));
    expect(Object.keys(ours.Rows[0]!)).toEqual(Object.keys(theirs.Rows[0]!));
  });

  it('unbounded: the same Status family as HiGHS', async () => {
    const lp = 'Maximize\n obj: x\nSubject To\n c1: x - y <= 1\nEnd';
    const r = await compare(lp);
    expect(r.theirs.Status).toBe('Unbounded');
    expect(r.ours.Status).toBe('Unbounded');
    const mip = 'Maximize\n obj: x\nSubject To\n c1: x - y <= 1\nGeneral\n x y\nEnd';
    const m = await compare(mip);
    // HiGHS's presolve says "Primal infeasible or unbounded"; mipnet finds x = 0 feasible and may
    // prove 'Unbounded' — both are correct, and both carry Primal fields.
    expect(['Unbounded', 'Primal infeasible or unbounded']).toContain(m.theirs.Status);
    expect(['Unbounded', 'Primal infeasible or unbounded']).toContain(m.ours.Status);
    expect(Object.keys(m.ours.Columns.x!)).toEqual(Object.keys(m.theirs.Columns.x!));
  });
});

describe('solveLpText options', () => {
  it('rejects unknown options, like highs-js', async () => {
    const highs = await getHighs();
    expect(() => highs.solve(LP, { no_such_option: 1 } as never)).toThrow();
    await expect(solveLpText(LP, { no_such_option: 1 } as never)).rejects.toThrow(OptionError);
    await expect(solveLpText(LP, { no_such_option: 1 } as never)).rejects.toThrow(/no_such_option/);
  });

  it('rejects wrong types and out-of-range values, like highs-js', async () => {
    const highs = await getHighs();
    const bad: AnyRecord[] = [{ mip_rel_gap: -1 }, { mip_max_nodes: 1.5 }, { output_flag: 1 }, { presolve: 'maybe' }, { time_limit: 'x' }];
    for (const options of bad) {
      expect(() => highs.solve(LP, { output_flag: false, ...options } as never), JSON.stringify(options)).toThrow();
      await expect(solveLpText(MIP, options as never), JSON.stringify(options)).rejects.toThrow(OptionError);
    }
  });

  it('accepts the meaningful highs-js options and mipnet options', async () => {
    const r = await solveLpText(MIP, { time_limit: 30, mip_rel_gap: 0, mip_abs_gap: 1e-9, presolve: 'on', random_seed: 3, output_flag: false, log_to_console: false, threads: 0 });
    expect(r.Status).toBe('Optimal');
    const s = await solveLpText(MIP, { gap: 0, nodeLimit: 1000 });
    expect(s.Status).toBe('Optimal');
    expect(s.ObjectiveValue).toBeCloseTo(r.ObjectiveValue, 9);
    const lp = await solveLpText(LP, { time_limit: 10, presolve: 'off', solver: 'simplex' });
    expect(lp.Status).toBe('Optimal');
  });

  it('malformed LP text is a ParseError with the line', async () => {
    await expect(solveLpText('Minimize\n obj: x\nSubject To\n c1: x >= >= 1\nEnd')).rejects.toThrow(ParseError);
    await expect(solveLpText('Minimize\n obj: x\nSubject To\n c1: x >= >= 1\nEnd')).rejects.toThrow(/line 4/);
  });
});

describe('solveLpText limits', () => {
  it('time_limit 0 on a MIP: "Time limit reached", Primal 0, ObjectiveValue +Infinity, like HiGHS', async () => {
    const { ours, theirs } = await compare(MIP, { time_limit: 0 });
    expect(theirs.Status).toBe('Time limit reached');
    expectSameSolution(ours, theirs);
  });

  it('time_limit 0 on an LP goes to HiGHS as it is', async () => {
    const { ours, theirs } = await compare(LP, { time_limit: 0 });
    expect(ours.Status).toBe(theirs.Status);
    expect(Object.keys(ours.Columns.x!)).toEqual(Object.keys(theirs.Columns.x!));
  });
});
