import { beforeAll, describe, expect, it } from 'vitest';
import { Domain } from '../../src/bnb/domain.js';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { undecided } from '../../src/nn-engine/nn-undecided-score.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { NN_BRANCHING_RULES } from '../../src/nn-engine/register-nn-plugins.js';
import type { TrainingModel } from '../../src/nn/training-model.js';
import { blobs, registries, tinyModel } from './nn-fixtures.js';

describe('NN branching rules', () => {
  let tm: TrainingModel;
  let optimum: number;
  beforeAll(async () => {
    tm = await tinyModel({ dataset: blobs(7, 7, 3), hidden: [1] });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    expect(ref.status).toBe('optimal');
    optimum = ref.objective!;
    expect(optimum).toBeGreaterThan(0); // a real search: the LP bound at the root is 0
  });

  for (const rule of NN_BRANCHING_RULES) {
    it(`${rule} reaches the HiGHS optimum`, async () => {
      const { nn } = registries();
      // without the warm start, so that the tree search itself has to find and prove the optimum
      const r = await solveModel(tm.model, { branching: rule, params: { 'heuristic/nn-ste/enabled': false } }, { registry: nn });
      expect(r.status).toBe('optimal');
      expect(r.objective!).toBeCloseTo(optimum, 6);
      expect(r.bound).toBeCloseTo(optimum, 6);
      const st = r.stats.find((s) => s.name === `branching/${rule}`)!;
      expect(st.calls).toBeGreaterThan(0);
    });
  }

  it('the undecided score follows the pre-activation interval', async () => {
    const m = tm.model;
    const v = getNnView(m)!;
    const h = v.layers[0]!.neurons[0]!;
    const a = h.activationCols[0]!;
    const z = h.preActivationCols[0]!;
    const d = new Domain(m);
    d.tighten(z, -1, 1, BoundReason.BRANCHING, -1);
    expect(undecided(v, d, a)).toBeCloseTo(1, 12);
    d.tighten(z, -1, 0.25, BoundReason.BRANCHING, -1);
    expect(undecided(v, d, a)).toBeCloseTo(0.4, 12);
    d.tighten(z, -1, -0.5, BoundReason.BRANCHING, -1);
    expect(undecided(v, d, a)).toBe(0);
    expect(undecided(v, d, h.weightCols[0]!)).toBe(-1);
  });
});
