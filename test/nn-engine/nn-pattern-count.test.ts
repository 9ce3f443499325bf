import { describe, expect, it } from 'vitest';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { hullLines, patternCountRows } from '../../src/nn-engine/nn-pattern-count-separator.js';
import { forcedErrors } from '../../src/nn-engine/nn-pattern-layers.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { solve } from '../../src/solve.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { rootCuts } from '../helpers/root-cuts.js';
import { mulberry32 } from '../helpers/rng.js';
import { blobs, tinyModel } from './nn-fixtures.js';

const SPARSE = { weights: 0.1, neurons: 0.1 };

describe('architecture rows (nn-pattern-count)', () => {
  it('forcedErrors: h binary units tell at most 2^h classes apart; the rest of the classes, smallest first, are wrong', () => {
    expect(forcedErrors([5, 3, 7], 0)).toBe(8); // one output for everyone: all but the largest class
    expect(forcedErrors([5, 3, 7], 1)).toBe(3);
    expect(forcedErrors([5, 3, 7], 2)).toBe(0);
    const seven = [10, 12, 9, 15, 11, 20, 8];
    expect(forcedErrors(seven, 2)).toBe(8 + 9 + 10);
    expect(forcedErrors(seven, 3)).toBe(0);
    expect(forcedErrors(new Array(10).fill(10), 3)).toBe(20);
  });

  it('hullLines: every line lies on or below f at every integer point, and touches f at the hull points', () => {
    const rng = mulberry32(3);
    for (let t = 0; t < 50; t++) {
      const counts = Array.from({ length: 2 + Math.floor(rng() * 12) }, () => 1 + Math.floor(rng() * 20));
      const f = (h: number): number => forcedErrors(counts, h);
      const lo = Math.floor(rng() * 2);
      const hi = lo + 1 + Math.floor(rng() * 5);
      const lines = hullLines(f, lo, hi);
      for (let h = lo; h <= hi; h++) {
        let best = 0;
        for (const { a, b } of lines) {
          expect(a + b * h).toBeLessThanOrEqual(f(h) + 1e-9);
          best = Math.max(best, a + b * h);
        }
        // the lines' maximum is the convex envelope: exact where f is convex-hull tight, at the ends always
        if (h === lo || h === hi) expect(best).toBeCloseTo(Math.max(0, f(h)), 9);
      }
    }
  });

  const CASES: { name: string; options: TrainOptions; rows: boolean }[] = [
    { name: '2 classes, 2 hidden with kill-switches', options: { dataset: blobs(3, 8, 2), hidden: [2], sparsity: SPARSE }, rows: true },
    { name: '3 classes, 2 hidden with kill-switches', options: { dataset: blobs(3, 6, 3), hidden: [2], sparsity: SPARSE }, rows: true },
    { name: '3 classes, 2 hidden without kill-switches (2 live neurons always: nothing forced)', options: { dataset: blobs(4, 6, 3), hidden: [2], sparsity: { weights: 0.1 } }, rows: false },
    { name: '3 classes, two hidden layers', options: { dataset: blobs(9, 6, 3), hidden: [2, 2], sparsity: SPARSE }, rows: true },
    { name: '3 classes, relu, zero-one loss (not binary units: nothing claimed)', options: { dataset: blobs(7, 6, 3), activation: 'relu', hidden: [2], sparsity: SPARSE }, rows: false },
  ];

  for (const c of CASES) {
    it(`rows (where any) hold at the HiGHS optimum, and the optimum is unchanged with the separator on and off: ${c.name}`, async () => {
      const tm = await tinyModel(c.options);
      const m = tm.model;
      const rows = patternCountRows(m, getNnView(m)!);
      expect(rows.length > 0).toBe(c.rows);
      if (!c.rows) return; // nothing claimed, nothing changes
      const ref = await solveWithHighsMip(m, { timeLimit: 60 });
      expect(ref.status).toBe('optimal');
      const x = ref.solution!;
      for (const r of rows) {
        let act = 0;
        for (let k = 0; k < r.cols.length; k++) act += r.vals[k]! * x[r.cols[k]!]!;
        expect(act, 'row at the optimum').toBeGreaterThanOrEqual(r.lower - 1e-6);
      }
      for (const enabled of [true, false]) {
        const r = await solve(m, { threads: 1, timeLimit: 60, params: { 'separator/nn-pattern-count/enabled': enabled, 'heuristic/nn-neuron-ladder/enabled': false } });
        expect(r.status).toBe('optimal');
        expect(r.objective!).toBeCloseTo(ref.objective!, 5);
      }
    });
  }

  it('raises the root bound where the architecture forces live neurons: 4 classes need 2 live step neurons', async () => {
    const tm = await tinyModel({ dataset: blobs(11, 16, 4), hidden: [3], sparsity: SPARSE });
    // the LP bound alone (no heuristic may set a cutoff that ends the root)
    const quiet: Record<string, boolean> = {};
    for (const name of globalRegistry.paramSpecs().keys()) if (name.startsWith('heuristic/') && name.endsWith('/enabled')) quiet[name] = false;
    quiet['propagator/nn-live-count/enabled'] = false; // the bound hook says the same before the LP (its own test)
    const on = await rootCuts(tm.model, { ...quiet, 'separator/nn-pattern-count/enabled': true });
    const off = await rootCuts(tm.model, { ...quiet, 'separator/nn-pattern-count/enabled': false });
    const bound = (r: typeof on): number => (r.result.kind === 'branched' ? r.result.bound : r.result.kind === 'integral' ? r.result.objective : NaN);
    expect(Number.isFinite(bound(on)) && Number.isFinite(bound(off)), `root results ${on.result.kind}, ${off.result.kind}`).toBe(true);
    // one live neuron leaves 2 classes (8 samples) wrong: the LP pays for the second neuron (0.1) rather than for errors
    expect(bound(on)).toBeGreaterThanOrEqual(0.2 - 1e-6);
    expect(bound(on)).toBeGreaterThan(bound(off) + 0.05);
    expect(on.stats.find((s) => s.name === 'separator/nn-pattern-count')?.calls ?? 0).toBeGreaterThan(0);
  });
});
