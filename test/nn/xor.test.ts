import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { predict } from '../../src/nn/network.js';
import { trainBoth, XOR } from './nn-helpers.js';

describe('hand-checked optima of step networks', () => {
  it('XOR with 2 hidden step neurons: 0 errors', async () => {
    const r = await trainBoth({ dataset: XOR, hidden: [2] });
    expect(r.certificate.objective).toBe(0);
    expect(r.certificate.bound).toBeCloseTo(0, 9);
    expect(r.train!.accuracy).toBe(1);
    expect(Array.from(predict(r.network!, XOR.X, 4))).toEqual([0, 1, 1, 0]);
  });

  it('XOR with 1 hidden step neuron: optimum xor error exactly 2', async () => {
    // By hand: the outputs depend on the points only through the single hidden bit h, and a
    // threshold unit splits the 4 XOR points by a line. A group with a class-0 and b class-1
    // points costs min(2a, 2b, a + b) = 2·min(a, b) xor errors under its best output vector.
    // Splits: {} | all (cost 4), one point | three (0 + 2 = 2), an axis pair | the other pair
    // (2 + 2 = 4); the diagonal pairs are not linearly separable. Optimum = 2 (3 of 4 right).
    const r = await trainBoth({ dataset: XOR, hidden: [1] });
    expect(r.certificate.objective).toBe(2);
    expect(r.certificate.bound).toBeGreaterThan(2 - 1e-6);
    expect(r.loss).toBe(2);
    expect(r.train!.accuracy).toBe(0.75);
  });

  it('a linearly separable set: 0 errors, also with score outputs (0-1 and hinge losses) and ReLU', async () => {
    const ds = datasetFromArrays([[0, 0.1], [0.2, 0.3], [0.1, 0.9], [0.9, 0.2], [0.8, 0.7], [1, 1]], [0, 0, 0, 1, 1, 1]);
    const step = await trainBoth({ dataset: ds, hidden: [1] });
    expect(step.certificate.objective).toBe(0);
    expect(step.train!.accuracy).toBe(1);
    const zeroOne = await trainBoth({ dataset: ds, hidden: [1], loss: 'zero-one' });
    expect(zeroOne.certificate.objective).toBe(0);
    expect(zeroOne.train!.accuracy).toBe(1);
    const hinge = await trainBoth({ dataset: ds, hidden: [1], loss: 'hinge', margin: 0.01 });
    expect(hinge.certificate.objective).toBeCloseTo(0, 9);
    expect(hinge.train!.accuracy).toBe(1);
    const relu = await trainBoth({ dataset: ds, hidden: [1], activation: 'relu' });
    expect(relu.certificate.objective).toBe(0);
    expect(relu.train!.accuracy).toBe(1);
  });
});
