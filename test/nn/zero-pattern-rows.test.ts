import { describe, expect, it } from 'vitest';
import { createHighsLpSolver } from '../../src/lp/highs-lp.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { completeSolution } from '../../src/nn/completion.js';
import type { NetworkJson } from '../../src/nn/network.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { buildTrainingModel, networkHeader, type TrainingModel } from '../../src/nn/training-model.js';
import { randomDataset, trainBoth } from './nn-helpers.js';

const zpRows = (tm: TrainingModel): number => tm.model.rowNames.filter((r) => r.startsWith('zp')).length;

async function rootLpBound(tm: TrainingModel): Promise<number> {
  const lp = createHighsLpSolver(await getHighs());
  try {
    lp.load(tm.model);
    const r = lp.optimize();
    expect(r.status).toBe('optimal');
    return r.objective;
  } finally {
    lp.dispose();
  }
}

describe('zero-pattern rows (step layers on binary inputs)', () => {
  it('are on by default only with an activation penalty, two per sample and neuron of each step layer fed by a step layer', async () => {
    const ds = randomDataset(21, 10, 3);
    const base: TrainOptions = { dataset: ds, hidden: [2, 2], lpTightening: false };
    expect(zpRows(await buildTrainingModel(base))).toBe(0);
    expect(zpRows(await buildTrainingModel({ ...base, sparsity: { weights: 0.1 } }))).toBe(0);
    const on = await buildTrainingModel({ ...base, sparsity: { activations: 0.1 } });
    // layer 2 (2 neurons) and the output layer (2 classes), 10 samples; none has an input fixed to 1
    // here unless the interval bounds fix it, which only removes rows
    const n = zpRows(on);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(2 * 10 * (2 + 2));
    expect(on.model.colNames.filter((c) => /^o_\d+_\d+$/.test(c)).sort()).toEqual(['o_2_0', 'o_2_1', 'o_3_0', 'o_3_1']);
    expect(zpRows(await buildTrainingModel({ ...base, sparsity: { activations: 0.1 }, zeroPatternRows: false }))).toBe(0);
    expect(zpRows(await buildTrainingModel({ ...base, zeroPatternRows: true }))).toBe(n);
  });

  it('lift the root LP bound when activations are penalised (about λ × the smaller class)', async () => {
    const ds = randomDataset(22, 24, 3);
    const opts: TrainOptions = { dataset: ds, hidden: [2], lpTightening: false, sparsity: { activations: 0.1 } };
    const off = await rootLpBound(await buildTrainingModel({ ...opts, zeroPatternRows: false }));
    const on = await rootLpBound(await buildTrainingModel(opts));
    let ones = 0;
    for (let i = 0; i < ds.n; i++) ones += ds.y[i]!;
    const minority = Math.min(ones, ds.n - ones);
    expect(off).toBeLessThan(0.05);
    expect(on).toBeGreaterThanOrEqual(0.1 * minority - 1e-6);
  });

  it('keep the optimum (engine and HiGHS agree, with and without the rows) and completion fills o', async () => {
    for (const seed of [23, 24]) {
      const ds = randomDataset(seed, 8, 2);
      const base: TrainOptions = { dataset: ds, hidden: [2], lpTightening: false, sparsity: { activations: 0.2, weights: 0.05, neurons: 0.1 } };
      const on = await trainBoth(base);
      const off = await trainBoth({ ...base, zeroPatternRows: false });
      expect(Math.abs(on.certificate.objective! - off.certificate.objective!)).toBeLessThanOrEqual(1e-6);
      // the network trained without the rows, completed into the model with them, is feasible there
      const tm = await buildTrainingModel(base);
      expect(zpRows(tm)).toBeGreaterThan(0);
      const net = off.network as NetworkJson;
      const x = completeSolution(tm, { ...networkHeader(tm.problem), layers: net.layers });
      expect(tm.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
      expect(tm.model.objectiveOf(x)).toBeCloseTo(off.certificate.objective!, 6);
    }
  });
});
