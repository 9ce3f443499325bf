import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { allocParams, canonicalizeParams, NnForwardPass } from '../../src/nn-engine/nn-forward-pass.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { tinyModel } from './nn-fixtures.js';

describe('NnForwardPass', () => {
  it('repairs a bias so that no sample sits inside the step margin (−ε, 0)', async () => {
    // scaled inputs 0, 0.5, 1
    const tm = await tinyModel({ dataset: datasetFromArrays([[0], [1], [2]], [0, 1, 1]), hidden: [1], epsilon: 0.01 });
    const v = getNnView(tm.model)!;
    const p = allocParams(v);
    p.W[0]![0] = 1;
    p.b[0]![0] = -0.504; // z = −0.504, −0.004 (inside the margin), 0.496
    const f = new NnForwardPass(v);
    expect(f.run(p, true)).toBe(true);
    const b = p.b[0]![0]!;
    expect(Math.abs(b + 0.504)).toBeLessThanOrEqual(0.01); // a small shift
    for (let n = 0; n < 3; n++) {
      const z = f.pre[0]![n]!;
      expect(z >= -1e-8 || z <= -0.01 + 1e-8).toBe(true);
    }
    // without repair the middle sample stays in the margin
    p.b[0]![0] = -0.504;
    f.run(p, false);
    expect(f.pre[0]![1]!).toBeCloseTo(-0.004, 12);
  });

  it('canonical order (live first, biases decreasing) computes the same outputs', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 12, hidden: [3], seed: 5 });
    const v = getNnView(tm.model)!;
    const p = allocParams(v);
    const vals = [0.3, -0.7, 0.9, 0.1, -0.2, 0.5, -0.8, 0.6, 0.4, -0.1, 0.2, -0.6];
    p.W[0]!.set(vals);
    p.b[0]!.set([-0.3, 0.4, 0.1]);
    p.W[1]!.set([1, -1, 0.5, -0.5, 0.25, 1, 0.75, -0.25, -1]);
    p.b[1]!.set([-0.2, 0.3, -0.6]);
    const f = new NnForwardPass(v);
    f.run(p, false);
    const before = Float64Array.from(f.outputs);
    canonicalizeParams(v, p, new Int32Array(8), new Float64Array(64));
    expect(Array.from(p.b[0]!)).toEqual([0.4, 0.1, -0.3]);
    f.run(p, false);
    expect(Array.from(f.outputs)).toEqual(Array.from(before));
  });
});
