import { describe, expect, it } from 'vitest';
import { Domain } from '../../src/bnb/domain.js';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { Model } from '../../src/model/model.js';
import { NnLiveCountBound } from '../../src/nn-engine/nn-live-count-bound.js';
import { patternLayers } from '../../src/nn-engine/nn-pattern-layers.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { solve } from '../../src/solve.js';
import { blobs, propagationContext, tinyModel } from './nn-fixtures.js';

const SPARSE = { weights: 0.1, neurons: 0.1 };

/** The model with columns `cols` fixed to `vals` (same rows, tags and structure). */
function fixed(m: Model, cols: number[], vals: number[]): Model {
  const lo = Float64Array.from(m.colLower);
  const up = Float64Array.from(m.colUpper);
  cols.forEach((j, k) => {
    lo[j] = vals[k]!;
    up[j] = vals[k]!;
  });
  return new Model({ ...m, colLower: lo, colUpper: up });
}

describe('bound hook nn-live-count', () => {
  it('never above the optimum: every kill-switch assignment (free, 0, 1) of a 3-class, 2-hidden model, checked by HiGHS', async () => {
    const tm = await tinyModel({ dataset: blobs(3, 6, 3), hidden: [2], sparsity: SPARSE });
    const m = tm.model;
    const kills = Array.from(patternLayers(m, getNnView(m)!)[0]!.kills);
    expect(kills.length).toBe(2);
    const hook = new NnLiveCountBound(m);
    expect(hook.initSolve()).toBe(true);
    let strong = 0;
    for (let a = 0; a < 9; a++) {
      const state = [a % 3, Math.floor(a / 3)]; // 0 free, 1 dead, 2 live
      const cols: number[] = [];
      const vals: number[] = [];
      const d = new Domain(m);
      state.forEach((s, i) => {
        if (s === 0) return;
        cols.push(kills[i]!);
        vals.push(s === 1 ? 0 : 1);
        d.tighten(kills[i]!, s === 1 ? 0 : 1, s === 1 ? 0 : 1, BoundReason.BRANCHING, -1);
      });
      const bound = hook.lowerBound(propagationContext(m, d));
      const ref = await solveWithHighsMip(fixed(m, cols, vals), { timeLimit: 60 });
      if (ref.status === 'infeasible') continue;
      expect(ref.status).toBe('optimal');
      expect(bound, `kill-switches ${state.join(',')}`).toBeLessThanOrEqual(ref.objective! + 1e-6);
      if (bound > 0.5) strong++;
    }
    // both neurons dead: one output for every sample, two classes wrong: the hook says so
    expect(strong).toBeGreaterThan(0);
  });

  it('4 classes with 3 kill-switched step neurons: the root bound pays for two live neurons (0.2) before any LP', async () => {
    const tm = await tinyModel({ dataset: blobs(11, 16, 4), hidden: [3], sparsity: SPARSE });
    const hook = new NnLiveCountBound(tm.model);
    expect(hook.initSolve()).toBe(true);
    expect(hook.lowerBound(propagationContext(tm.model))).toBeGreaterThanOrEqual(0.2 - 1e-9);
  });

  it('inactive on a model without kill-switches (nothing to count)', async () => {
    const noKill = await tinyModel({ dataset: blobs(4, 6, 3), hidden: [2], sparsity: { weights: 0.1 } });
    expect(new NnLiveCountBound(noKill.model).initSolve()).toBe(false);
  });

  it('the same optimum with the hook on and off (HiGHS agrees), and the statistics list it', async () => {
    const tm = await tinyModel({ dataset: blobs(5, 8, 3), hidden: [2], sparsity: SPARSE });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    expect(ref.status).toBe('optimal');
    for (const enabled of [true, false]) {
      const r = await solve(tm.model, { threads: 1, timeLimit: 60, params: { 'propagator/nn-live-count/enabled': enabled } });
      expect(r.status).toBe('optimal');
      expect(r.objective!).toBeCloseTo(ref.objective!, 5);
      expect(r.bound).toBeLessThanOrEqual(ref.objective! + 1e-6);
      expect(r.stats.some((s) => s.name === 'propagator/nn-live-count')).toBe(enabled);
    }
  });
});
