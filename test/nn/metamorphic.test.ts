import { describe, expect, it } from 'vitest';
import { datasetFromArrays, type Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/data/rng.js';
import { completeSolution, decodeNetwork, evaluateNetwork } from '../../src/nn/completion.js';
import { evaluateLoss } from '../../src/nn/loss.js';
import { forwardScaled } from '../../src/nn/network.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { buildTrainingModel, networkHeader } from '../../src/nn/training-model.js';
import { randomDataset, solveWithHighsAsResult, trainBoth } from './nn-helpers.js';

/** Column name of `name` after permuting the neurons of hidden layer `l` by `perm`. */
function permutedName(name: string, l: number, perm: number[]): string {
  const t = name.split('_');
  const layer = Number(t[1]);
  const own = ['w', 'b', 'k', 'z', 'a', 'd', 'r', 'u', 's', 'beta', 'p', 'q', 'kb', 'st1', 'st0'];
  if (layer === l && own.includes(t[0]!) && t.length >= 3) t[2] = String(perm[Number(t[2])]);
  const incoming = ['w', 'u', 's', 'beta', 'p', 'q'];
  if (layer === l + 1 && incoming.includes(t[0]!) && t.length >= 4) t[3] = String(perm[Number(t[3])]);
  return t.join('_');
}

function withDuplicate(ds: Dataset, i: number): Dataset {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let n = 0; n < ds.n; n++) {
    rows.push(Array.from(ds.X.subarray(n * ds.d, (n + 1) * ds.d)));
    labels.push(ds.y[n]!);
  }
  rows.push(rows[i]!.slice());
  labels.push(labels[i]!);
  return datasetFromArrays(rows, labels, ds.classNames);
}

describe('metamorphic properties of the training MILP', () => {
  it('permuting the hidden neurons of a solution keeps it feasible with the same objective (symmetry breaking off)', async () => {
    const rng = new Rng(11);
    for (const seed of [1, 2]) {
      const ds = randomDataset(seed, 6, 2);
      const opts: TrainOptions = { dataset: ds, hidden: [3], symmetryBreaking: false, sparsity: { weights: 0.1, activations: 0.1, neurons: 0.1 }, lpTightening: false };
      const tm = await buildTrainingModel(opts);
      const r = await solveWithHighsAsResult(tm.model, { timeLimit: 30 });
      expect(r.status).toBe('optimal');
      const x = r.solution!;
      const m = tm.model;
      const index = new Map(m.colNames.map((n, j) => [n, j]));
      for (let trial = 0; trial < 3; trial++) {
        const perm = rng.shuffle([0, 1, 2]);
        const y = new Float64Array(m.numCols);
        for (let j = 0; j < m.numCols; j++) {
          const to = index.get(permutedName(m.colNames[j]!, 1, perm));
          expect(to, m.colNames[j]).toBeDefined();
          y[to!] = x[j]!;
        }
        expect(m.maxViolation(y).value).toBeLessThanOrEqual(1e-6);
        expect(Math.abs(m.objectiveOf(y) - r.objective!)).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('symmetry breaking on or off and LP tightening on or off give the same optimum', async () => {
    for (const seed of [3, 4]) {
      const ds = randomDataset(seed, 6, 2);
      const base: TrainOptions = { dataset: ds, hidden: [2], lpTightening: true, sparsity: seed === 3 ? { weights: 0.1, neurons: 0.1 } : { activations: 0.1, neurons: 0.1 } };
      const on = await trainBoth(base);
      const off = await trainBoth({ ...base, symmetryBreaking: false });
      const noLp = await trainBoth({ ...base, lpTightening: false });
      expect(Math.abs(on.certificate.objective! - off.certificate.objective!)).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(on.certificate.objective! - noLp.certificate.objective!)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('duplicating a sample doubles its loss term', async () => {
    const ds = randomDataset(5, 6, 2);
    const tm = await buildTrainingModel({ dataset: ds, hidden: [2], lpTightening: false });
    const r = await solveWithHighsAsResult(tm.model, { timeLimit: 30 });
    const net = decodeNetwork(tm, r.solution!, networkHeader(tm.problem));
    const per = evaluateLoss(tm.loss, forwardScaled(net, tm.problem.X, ds.n).outputs, ds.y, 2).perSample;
    for (let i = 0; i < ds.n; i++) {
      const dup = await buildTrainingModel({ dataset: withDuplicate(ds, i), hidden: [2], lpTightening: false });
      const base = tm.model.objectiveOf(completeSolution(tm, net));
      const twice = dup.model.objectiveOf(completeSolution(dup, net));
      expect(twice - base).toBeCloseTo(per[i]!, 9);
      expect(evaluateNetwork(dup, net).loss).toBeCloseTo(evaluateNetwork(tm, net).loss + per[i]!, 9);
    }
    // and the optimum moves by at most the duplicated sample's loss under the old optimum
    const wrong = per.findIndex((v) => v > 0);
    const i = wrong >= 0 ? wrong : 0;
    const d = await trainBoth({ dataset: withDuplicate(ds, i), hidden: [2] });
    expect(d.certificate.objective!).toBeGreaterThanOrEqual(r.objective! - 1e-6);
    expect(d.certificate.objective!).toBeLessThanOrEqual(r.objective! + per[i]! + 1e-6);
  });

  it('affine rescaling of the raw inputs does not change the optimum (min-max scaling)', async () => {
    const ds = randomDataset(6, 6, 2);
    const scaled = datasetFromArrays(
      Array.from({ length: ds.n }, (_, n) => [ds.X[2 * n]! * 7 + 3, ds.X[2 * n + 1]! * 0.01 - 5]),
      Array.from(ds.y),
      ds.classNames,
    );
    const a = await trainBoth({ dataset: ds, hidden: [2], sparsity: { activations: 0.1 } });
    const b = await trainBoth({ dataset: scaled, hidden: [2], sparsity: { activations: 0.1 } });
    expect(Math.abs(a.certificate.objective! - b.certificate.objective!)).toBeLessThanOrEqual(1e-6);
    expect(b.train!.accuracy).toBe(a.train!.accuracy);
  });

  it('the forward pass reproduces the MILP objective, and the completed point is feasible', async () => {
    const ds = randomDataset(8, 6, 3, 3);
    const tm = await buildTrainingModel({ dataset: ds, hidden: [2], sparsity: { weights: 0.1, weightNorm: 'l0', activations: 0.1, neurons: 0.1 } });
    const r = await solveWithHighsAsResult(tm.model, { timeLimit: 30 });
    expect(r.status).toBe('optimal');
    const net = decodeNetwork(tm, r.solution!, networkHeader(tm.problem));
    const point = completeSolution(tm, net);
    expect(tm.model.maxViolation(point).value).toBeLessThanOrEqual(1e-6);
    const ev = evaluateNetwork(tm, net);
    expect(ev.objective).toBeCloseTo(r.objective!, 6);
    expect(tm.model.objectiveOf(point)).toBeCloseTo(r.objective!, 6);
  });
});
