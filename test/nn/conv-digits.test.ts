import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { DenseLayer } from '../../src/nn/dense-layer.js';
import { ConvLayer } from '../../src/nn/layers/conv-layer.js';
import { classify, forwardScaled } from '../../src/nn/network.js';
import { buildStack, completeStack, decodeStack, forwardLoss } from './conv-helpers.js';

/** First `per` samples of digits 0 and 1 (8×8, pixels 0..16 scaled to [0, 1]). */
function zerosAndOnes(per: number): { X: Float64Array; y: Int32Array } {
  const ds = loadDataset('digits');
  const rows: number[] = [];
  const y: number[] = [];
  const seen = [0, 0];
  for (let n = 0; n < ds.n && (seen[0]! < per || seen[1]! < per); n++) {
    const c = ds.y[n]!;
    if (c > 1 || seen[c]! >= per) continue;
    seen[c]!++;
    for (let j = 0; j < 64; j++) rows.push(ds.X[n * 64 + j]! / 16);
    y.push(c);
  }
  return { X: Float64Array.from(rows), y: Int32Array.from(y) };
}

describe('convolution on 8×8 digits', () => {
  it('0 vs 1 with a step filter 3×3 + 2×2 max pool + step output: HiGHS finds 0 errors; every incumbent re-verifies', async () => {
    const { X, y } = zerosAndOnes(3);
    const conv = new ConvLayer({ imageHeight: 8, imageWidth: 8, kernel: 3, channels: 1, activation: 'step', pool: { kind: 'max', size: 2 } });
    expect(conv.width).toBe(3 * 3);
    const out = new DenseLayer({ inputs: conv.width, outputs: 2, activation: 'step' });
    const s = buildStack([conv, out], X, y, 2, 'xor');
    const h = await solveWithHighsMip(s.model, { timeLimit: 15 });
    expect(h.objective).toBe(0);
    const e = await solveModel(s.model, { timeLimit: 8 });
    expect(e.bound).toBeLessThanOrEqual(1e-9); // the optimum is 0
    for (const sol of [h.solution!, e.solution].filter((v) => v !== null)) {
      const net = decodeStack(s, sol);
      const x = completeStack(s, net);
      expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
      expect(s.model.objectiveOf(x)).toBe(forwardLoss(s, net));
    }
    const net = decodeStack(s, h.solution!);
    expect(Array.from(classify(net, forwardScaled(net, X, y.length).outputs, y.length))).toEqual(Array.from(y));
  });
});
