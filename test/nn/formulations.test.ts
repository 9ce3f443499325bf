import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { ModelError, OptionError } from '../../src/errors.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { formatCertificate } from '../../src/nn/certificate.js';
import { DenseLayer } from '../../src/nn/dense-layer.js';
import { buildTrainingModel } from '../../src/nn/training-model.js';
import { randomDataset, trainBoth, XOR } from './nn-helpers.js';

describe('formulations', () => {
  it('refuses continuous × continuous products, naming the layer', async () => {
    await expect(buildTrainingModel({ dataset: XOR, hidden: [2, 2], activation: 'relu' })).rejects.toThrow(/layer 2 .*continuous × continuous/);
    await expect(buildTrainingModel({ dataset: XOR, hidden: [2, 2], activation: 'relu' })).rejects.toBeInstanceOf(ModelError);
  });

  it('refuses a big-M from an infinite bound', () => {
    const layer = new DenseLayer({ inputs: 1, outputs: 1, activation: 'step' });
    expect(() => layer.propagate({ lo: Float64Array.of(-Infinity), hi: Float64Array.of(1) }, 1)).toThrow(/layer .* infinite input bounds/);
  });

  it('rejects bad options with OptionError', async () => {
    await expect(buildTrainingModel({ dataset: XOR, hidden: [0] })).rejects.toBeInstanceOf(OptionError);
    await expect(buildTrainingModel({ dataset: XOR, loss: 'xor', activation: 'relu' })).rejects.toThrow(/xor loss needs step outputs/);
    await expect(buildTrainingModel({ dataset: XOR, sparsity: { weights: -1 } })).rejects.toThrow(/sparsity.weights/);
  });

  it('tags every column and fills the network structure', async () => {
    const tm = await buildTrainingModel({ dataset: XOR, hidden: [2, 2], sparsity: { weights: 0.1, weightNorm: 'l0', neurons: 0.1 }, lpTightening: false });
    const m = tm.model;
    for (let j = 0; j < m.numCols; j++) expect(m.tagKind[j], m.colNames[j]).not.toBe(ColumnKind.NONE);
    const s = m.structure!;
    expect(s.layers.map((l) => l.neurons.length)).toEqual([2, 2, 2]);
    expect(s.layers.map((l) => l.permutable)).toEqual([true, true, false]);
    const n = s.layers[1]!.neurons[1]!;
    expect(n.weightCols.length).toBe(2);
    expect(m.colNames[n.weightCols[0]!]).toBe('w_2_1_0');
    expect(m.colNames[n.killCol]).toBe('k_2_1');
    expect(m.colNames[n.activationCols[3]!]).toBe('a_2_1_3');
    expect(m.colNames[n.preActivationCols[3]!]).toBe('z_2_1_3');
    expect(s.layers[0]!.orderingRows!.length).toBe(2); // k1 >= k2 and the bias order
    expect(s.samples).toBe(4);
  });

  it('LP tightening never loosens the interval big-M bounds, and narrows them under a feature cap', async () => {
    // With free weights the interval bounds of layer 1 are attained by the LP (and the MILP); a
    // feature cap (at most 1 nonzero first-layer weight) makes them loose, and the LP sees it.
    const ds = randomDataset(31, 8, 2);
    const loose = await buildTrainingModel({ dataset: ds, hidden: [2], featureCap: 1, lpTightening: false });
    const tight = await buildTrainingModel({ dataset: ds, hidden: [2], featureCap: 1, lpTightening: true });
    expect(tight.tightening!.completed).toBe(tight.tightening!.columns);
    expect(tight.tightening!.fixedAfter).toBeGreaterThanOrEqual(tight.tightening!.fixedBefore);
    let narrower = 0;
    tight.encodings.forEach((e, l) => {
      const a = loose.encodings[l]!.preActivationBounds;
      const b = e.preActivationBounds;
      for (let t = 0; t < b.lo.length; t++) {
        expect(b.lo[t]!).toBeGreaterThanOrEqual(a.lo[t]! - 1e-12);
        expect(b.hi[t]!).toBeLessThanOrEqual(a.hi[t]! + 1e-12);
        if (b.hi[t]! - b.lo[t]! < a.hi[t]! - a.lo[t]! - 1e-9) narrower++;
      }
    });
    expect(narrower).toBeGreaterThan(0);
  });

  it('a deeper step network (2 hidden layers) with products reaches 0 on XOR', async () => {
    const r = await trainBoth({ dataset: XOR, hidden: [2, 2] });
    expect(r.certificate.objective).toBe(0);
  });

  it('integer weights and integer inputs (Rosenhahn "int"): engine = HiGHS', async () => {
    const ds = randomDataset(21, 6, 2);
    const r = await trainBoth({ dataset: ds, hidden: [2], integerWeights: true, weightBound: 2, integerInputs: 10 });
    for (const layer of r.network!.layers) {
      for (const row of layer.weights) for (const w of row) expect(Number.isInteger(w)).toBe(true);
      for (const b of layer.bias) expect(Number.isInteger(b)).toBe(true);
    }
  });

  it('a ReLU network with ternary output weights: engine = HiGHS, output weights in {-1,0,1}', async () => {
    const ds = randomDataset(22, 6, 2);
    const r = await trainBoth({ dataset: ds, hidden: [2], activation: 'relu', loss: 'hinge', margin: 0.1 });
    for (const row of r.network!.layers[1]!.weights) for (const w of row) expect([-1, 0, 1]).toContain(w);
  });

  it('the feature cap selects features, and the neuron penalty kills useless neurons', async () => {
    // only feature 0 matters
    const ds = datasetFromArrays([[0.1, 0.5], [0.2, 0.1], [0.3, 0.9], [0.7, 0.4], [0.8, 0.8], [0.9, 0.2]], [0, 0, 0, 1, 1, 1]);
    const r = await trainBoth({ dataset: ds, hidden: [3], featureCap: 1, sparsity: { neurons: 0.1 } });
    expect(r.loss).toBe(0);
    const first = r.network!.layers[0]!;
    const used = new Set<number>();
    first.weights.forEach((row) => row.forEach((w, j) => w !== 0 && used.add(j)));
    expect([...used]).toEqual([0]);
    expect(r.counts!.neurons).toBe(1);
    expect(first.live).toEqual([true, false, false]); // live neurons first (symmetry breaking)
    expect(r.certificate.objective).toBeCloseTo(0.1, 9);
    expect(formatCertificate(r.certificate, { loss: r.loss!, penalty: r.penalty! })).toMatch(/status +optimal/);
  });
});
