import { describe, expect, it } from 'vitest';
import { BigMTightener } from '../../src/bnb/big-m-tightener.js';
import { ScriptedLpSolver } from '../../src/lp/mock-lp.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { mulberry32 } from '../helpers/rng.js';

const EPS = 0.001;

/** A step neuron's rows for z in [-10, 10]: z - (zU + eps) a <= -eps and z >= zL (1 - a), i.e. z - 10 a >= -10. */
function stepModel(): { model: Model; z: number; a: number } {
  const b = new ModelBuilder('step');
  const z = b.addColumn({ name: 'z', lower: -10, upper: 10 });
  const a = b.addBinary('a');
  b.addRow({ name: 'upper', upper: -EPS }, [z, a], [1, -(10 + EPS)]);
  b.addRow({ name: 'lower', lower: -10 }, [z, a], [1, -10]);
  return { model: b.build(), z, a };
}

function loadedMock(model: Model): ScriptedLpSolver {
  const lp = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 0 }));
  lp.load(model);
  return lp;
}

describe('BigMTightener', () => {
  it('re-tightens a step neuron\'s big-M rows to the node\'s z bounds, and loosens them back', () => {
    const { model, z, a } = stepModel();
    const t = new BigMTightener(model);
    expect(t.count).toBe(2);
    const lp = loadedMock(model);
    const lower = Float64Array.from(model.colLower);
    const upper = Float64Array.from(model.colUpper);
    // at the model's bounds nothing changes
    expect(t.apply(lp, lower, upper, 0)).toBe(0);
    lower[z] = -4;
    upper[z] = 3;
    expect(t.apply(lp, lower, upper, 0.1)).toBe(2);
    // z - (3 + eps) a <= -eps  and  z - 4 a >= -4  (up to the round-off margin)
    expect(lp.coefficient(0, a)).toBeCloseTo(-(3 + EPS), 6);
    expect(lp.coefficient(0, a)).toBeLessThanOrEqual(-(3 + EPS));
    expect(lp.coefficient(1, a)).toBeCloseTo(-4, 6);
    expect(lp.coefficient(1, a)).toBeLessThanOrEqual(-4);
    expect(lp.rowBounds(1).lower).toBeCloseTo(-4, 6);
    expect(lp.rowBounds(0)).toEqual({ lower: -Infinity, upper: -EPS }); // m < 0: right-hand side kept
    // a jump to a node with wider bounds must loosen the rows again (validity), even below the threshold
    upper[z] = 10;
    lower[z] = -10;
    expect(t.apply(lp, lower, upper, 0.9)).toBe(2);
    expect(lp.coefficient(0, a)).toBe(-(10 + EPS));
    expect(lp.coefficient(1, a)).toBe(-10);
    expect(lp.rowBounds(1).lower).toBe(-10);
    expect(t.stats()).toEqual({ changes: 4, calls: 3 });
  });

  it('pushes a tightening only when it gains more than min-improvement of |M|', () => {
    const { model, z, a } = stepModel();
    const t = new BigMTightener(model);
    const lp = loadedMock(model);
    const lower = Float64Array.from(model.colLower);
    const upper = Float64Array.from(model.colUpper);
    upper[z] = 9.5; // gains 0.5 of 10.001
    expect(t.apply(lp, lower, upper, 0.1)).toBe(0);
    expect(lp.coefficient(0, a)).toBe(-(10 + EPS));
    expect(t.apply(lp, lower, upper, 0.01)).toBe(1);
    expect(lp.coefficient(0, a)).toBeCloseTo(-(9.5 + EPS), 6);
  });

  it('leaves rows with an infinite bound among the other columns, two binaries, equalities and ranged rows alone', () => {
    const b = new ModelBuilder('others');
    const x = b.addColumn({ name: 'x', lower: 0, upper: Infinity });
    const y = b.addColumn({ name: 'y', lower: -1, upper: 1 });
    const a1 = b.addBinary('a1');
    const a2 = b.addBinary('a2');
    b.addRow({ name: 'inf', upper: 0 }, [x, a1], [1, -5]); // candidate, but x unbounded above
    b.addRow({ name: 'two', upper: 0 }, [y, a1, a2], [1, -5, -5]);
    b.addRow({ name: 'eq', lower: 0, upper: 0 }, [y, a1], [1, -5]);
    b.addRow({ name: 'ranged', lower: -3, upper: 0 }, [y, a1], [1, -5]);
    b.addRow({ name: 'single', upper: 1 }, [a1], [1]);
    const m = b.build();
    const t = new BigMTightener(m);
    expect(t.count).toBe(1);
    const lp = loadedMock(m);
    expect(t.apply(lp, m.colLower, m.colUpper, 0)).toBe(0);
    expect(lp.stats().rowChangesPushed).toBe(0);
  });

  it('property (seeded): at b in {0, 1} the tightened row admits exactly the node\'s points the original admits', () => {
    const rng = mulberry32(2026);
    const r = (lo: number, hi: number): number => lo + (hi - lo) * rng();
    for (let trial = 0; trial < 200; trial++) {
      const b = new ModelBuilder(`p${trial}`);
      const k = 1 + Math.floor(rng() * 3);
      const cols: number[] = [];
      const coefs: number[] = [];
      for (let j = 0; j < k; j++) {
        const lo = r(-5, 0);
        cols.push(b.addColumn({ name: `x${j}`, lower: lo, upper: lo + r(0.5, 6) }));
        coefs.push(r(-3, 3));
      }
      const a = b.addBinary('a');
      const mb = r(-20, 20);
      const le = rng() < 0.5;
      const rhs = r(-4, 4);
      b.addRow(le ? { name: 'row', upper: rhs } : { name: 'row', lower: rhs }, [...cols, a], [...coefs, mb]);
      const model = b.build();
      const t = new BigMTightener(model);
      expect(t.count).toBe(1);
      const lp = loadedMock(model);
      // a node: a random sub-box of the other columns
      const lower = Float64Array.from(model.colLower);
      const upper = Float64Array.from(model.colUpper);
      for (const j of cols) {
        const u = r(lower[j]!, upper[j]!);
        const l = r(lower[j]!, u);
        lower[j] = l;
        upper[j] = u;
      }
      t.apply(lp, lower, upper, 0);
      const lhsOf = (x: number[], bv: number, coefA: number): number => x.reduce((s, v, i) => s + coefs[i]! * v, 0) + coefA * bv;
      const newA = lp.coefficient(0, a);
      const nb = lp.rowBounds(0);
      for (let p = 0; p < 50; p++) {
        const x = cols.map((j) => (p < 2 ? (p === 0 ? lower[j]! : upper[j]!) : r(lower[j]!, upper[j]!)));
        for (const bv of [0, 1]) {
          const orig = lhsOf(x, bv, mb);
          const now = lhsOf(x, bv, newA);
          const okOrig = le ? orig <= rhs + 1e-9 : orig >= rhs - 1e-9;
          const okNow = le ? now <= nb.upper + 1e-7 : now >= nb.lower - 1e-7;
          const strictOrig = le ? orig <= rhs - 1e-6 : orig >= rhs + 1e-6;
          // no point of the node is cut off, and an accepted point satisfies the original row
          if (strictOrig) expect(okNow, `trial ${trial} point ${p} b=${bv}`).toBe(true);
          if (okNow && !okOrig) {
            const viol = le ? orig - rhs : rhs - orig;
            expect(viol, `trial ${trial} point ${p} b=${bv}`).toBeLessThan(1e-6);
          }
        }
      }
    }
  });
});
