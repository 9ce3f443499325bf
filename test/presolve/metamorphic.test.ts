/**
 * Metamorphic properties on random small MILPs (seeded mulberry32): adding a redundant row, a
 * duplicate row, a fixed column or an empty column does not change the optimum (HiGHS on both),
 * presolve removes what was added (the reduced models have the same size and one more row or
 * column is counted as removed), and the augmented model's presolve round trip is exact.
 * 30 seeds by default; PRESOLVE_SEEDS=400 runs more.
 */
import { describe, expect, it } from 'vitest';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { ColumnSpec } from '../../src/model/model-builder.js';
import type { ObjectiveSense } from '../../src/model/model.js';
import { presolve } from '../../src/presolve/presolve.js';
import { expectClose } from '../helpers/solution-checks.js';
import { mulberry32, randInt, type Rng } from '../helpers/rng.js';
import { buildModel, expectSameOptimum, type RowDef } from './presolve-helpers.js';

interface Spec {
  cols: ColumnSpec[];
  rows: RowDef[];
  sense: ObjectiveSense;
  offset: number;
}

/** A feasible, bounded MILP: 4-7 bounded columns (mixed), 2-4 rows through a random point. */
function randomMilp(rng: Rng): Spec {
  const n = randInt(rng, 4, 7);
  const cols: ColumnSpec[] = [];
  const x0: number[] = [];
  for (let j = 0; j < n; j++) {
    const integer = rng() < 0.6;
    const lower = randInt(rng, -3, 0);
    const upper = lower + randInt(rng, 1, 6);
    cols.push({ integer, lower, upper, cost: randInt(rng, -5, 5) });
    x0.push(integer ? randInt(rng, lower, upper) : lower + (upper - lower) * Math.round(rng() * 8) / 8);
  }
  const rows: RowDef[] = [];
  const m = randInt(rng, 2, 4);
  for (let i = 0; i < m; i++) {
    const terms: [number, number][] = [];
    for (let j = 0; j < n; j++) if (rng() < 0.6) terms.push([j, nonzero(rng)]);
    while (terms.length < 2) {
      const j = randInt(rng, 0, n - 1);
      if (!terms.some((t) => t[0] === j)) terms.push([j, nonzero(rng)]);
    }
    terms.sort((a, b) => a[0] - b[0]);
    const act = terms.reduce((s, [j, a]) => s + a * x0[j]!, 0);
    const kind = randInt(rng, 0, 3);
    rows.push({
      lower: kind === 1 ? -Infinity : act - (kind === 3 ? 0 : randInt(rng, 0, 3)),
      upper: kind === 0 ? Infinity : act + (kind === 3 ? 0 : randInt(rng, 0, 3)),
      terms,
    });
  }
  return { cols, rows, sense: rng() < 0.5 ? 'minimize' : 'maximize', offset: randInt(rng, -3, 3) };
}

function nonzero(rng: Rng): number {
  const a = randInt(rng, -5, 4);
  return a >= 0 ? a + 1 : a;
}

function activityRange(spec: Spec, terms: [number, number][]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const [j, a] of terms) {
    const l = spec.cols[j]!.lower!;
    const u = spec.cols[j]!.upper!;
    lo += Math.min(a * l, a * u);
    hi += Math.max(a * l, a * u);
  }
  return [lo, hi];
}

type Augmentation = 'redundant row' | 'duplicate row' | 'fixed column' | 'empty column';

function augment(spec: Spec, what: Augmentation, rng: Rng): Spec {
  const cols = spec.cols.slice();
  const rows = spec.rows.map((r) => ({ ...r, terms: r.terms.slice() }));
  let offset = spec.offset;
  const n = cols.length;
  if (what === 'redundant row') {
    const terms: [number, number][] = [[randInt(rng, 0, n - 1), nonzero(rng)]];
    const k = randInt(rng, 0, n - 1);
    if (k !== terms[0]![0]) terms.push([k, nonzero(rng)]);
    terms.sort((a, b) => a[0] - b[0]);
    const [lo, hi] = activityRange(spec, terms);
    rows.push({ lower: rng() < 0.5 ? lo - randInt(rng, 0, 2) : -Infinity, upper: hi + randInt(rng, 0, 2), terms });
  } else if (what === 'duplicate row') {
    const src = spec.rows[randInt(rng, 0, spec.rows.length - 1)]!;
    const lambda = [2, -3, 0.5, -1][randInt(rng, 0, 3)]!;
    const loosen = (v: number): number => (Number.isFinite(v) ? randInt(rng, 0, 1) : 0);
    const lo = lambda > 0 ? lambda * src.lower! - loosen(src.lower!) : lambda * src.upper! - loosen(src.upper!);
    const up = lambda > 0 ? lambda * src.upper! + loosen(src.upper!) : lambda * src.lower! + loosen(src.lower!);
    rows.splice(randInt(rng, 0, rows.length), 0, { lower: lo, upper: up, terms: src.terms.map(([j, a]) => [j, lambda * a]) });
  } else if (what === 'fixed column') {
    const v = randInt(rng, -2, 3);
    const c = randInt(rng, -4, 4);
    cols.push({ lower: v, upper: v, cost: c, integer: rng() < 0.5 });
    offset -= c * v;
    for (const r of rows) {
      if (rng() < 0.5) continue;
      const a = nonzero(rng);
      r.terms.push([n, a]);
      r.lower = r.lower! + a * v;
      r.upper = r.upper! + a * v;
    }
  } else {
    const c = randInt(rng, 1, 4) * (spec.sense === 'minimize' ? 1 : -1);
    cols.push({ lower: 0, upper: randInt(rng, 1, 5), cost: c, integer: rng() < 0.5 });
  }
  return { cols, rows, sense: spec.sense, offset };
}

const build = (s: Spec) => buildModel(s.cols, s.rows, s.sense, s.offset);
const AUGMENTATIONS: Augmentation[] = ['redundant row', 'duplicate row', 'fixed column', 'empty column'];

describe('metamorphic: what presolve must remove does not change the optimum', () => {
  for (let seed = 1; seed <= Number(process.env.PRESOLVE_SEEDS ?? 30); seed++) {
    it(`random MILP seed ${seed}`, async () => {
      const rng = mulberry32(seed);
      const spec = randomMilp(rng);
      const base = build(spec);
      const baseRef = await solveWithHighsMip(base, { gap: 0 });
      expect(baseRef.status, `seed ${seed}: base`).toBe('optimal');
      const basePre = presolve(base);
      await expectSameOptimum(base, basePre, `seed ${seed}: base`);
      for (const what of AUGMENTATIONS) {
        const aug = build(augment(spec, what, rng));
        const w = `seed ${seed}, ${what}`;
        const ref = await expectSameOptimum(aug, presolve(aug), w);
        expect(ref.status, w).toBe('optimal');
        expectClose(ref.objective!, baseRef.objective!, `${w}: optimum with vs without`);
        const augPre = presolve(aug);
        expect(augPre.status, w).toBe(basePre.status);
        const rowsAdded = what.endsWith('row') ? 1 : 0;
        expect(augPre.stats.reduced, `${w}: reduced size`).toEqual(basePre.stats.reduced);
        expect(augPre.stats.rowsRemoved, `${w}: rows removed`).toBe(basePre.stats.rowsRemoved + rowsAdded);
        expect(augPre.stats.colsRemoved, `${w}: columns removed`).toBe(basePre.stats.colsRemoved + 1 - rowsAdded);
      }
    });
  }
});
