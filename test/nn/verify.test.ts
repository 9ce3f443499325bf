import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/data/rng.js';
import { ModelError, OptionError } from '../../src/errors.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { forward, forwardScaled, type NetworkJson } from '../../src/nn/network.js';
import { buildVerificationModel, verifyRobustness } from '../../src/nn/verify.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { train } from '../../src/nn/train.js';

/**
 * Hand-built 2-2-2 ReLU net: h1 = relu(x1 − x2), h2 = relu(x2 − x1), z0 = h1, z1 = h2 + 0.1.
 * At x = (0.6, 0.4): z0 = 0.2, z1 = 0.1, class 0. Over the ball of radius r (inside [0,1]²),
 * z1 − z0 = 0.1 + relu(−t) − relu(t) with t = x1 − x2 ≥ 0.2 − 2r, which is decreasing in t, so
 * max (z1 − z0) = 0.1 − (0.2 − 2r) = 2r − 0.1: a counterexample exists iff r > 0.05.
 */
function handNet(scaling?: Partial<NetworkJson['scaling']>): NetworkJson {
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: 2,
    classes: ['a', 'b'],
    scaling: { kind: 'minmax', offset: [0, 0], scale: [1, 1], ...scaling },
    epsilon: 1e-3,
    stepThreshold: -5e-4,
    output: 'score',
    layers: [
      { type: 'dense', activation: 'relu', inputs: 2, outputs: 2, weights: [[1, -1], [-1, 1]], bias: [0, 0] },
      { type: 'dense', activation: 'linear', inputs: 2, outputs: 2, weights: [[1, 0], [0, 1]], bias: [0, 0.1] },
    ],
  };
}

function randomNet(seed: number, widths: number[]): NetworkJson {
  const rng = new Rng(seed);
  const layers: NetworkJson['layers'] = [];
  for (let l = 1; l < widths.length; l++) {
    const nin = widths[l - 1]!;
    const nout = widths[l]!;
    layers.push({
      type: 'dense',
      activation: l === widths.length - 1 ? 'linear' : 'relu',
      inputs: nin,
      outputs: nout,
      weights: Array.from({ length: nout }, () => Array.from({ length: nin }, () => rng.uniform(-1, 1))),
      bias: Array.from({ length: nout }, () => rng.uniform(-0.3, 0.3)),
    });
  }
  const d = widths[0]!;
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: d,
    classes: Array.from({ length: widths[widths.length - 1]! }, (_, k) => `c${k}`),
    scaling: { kind: 'minmax', offset: new Array(d).fill(0), scale: new Array(d).fill(1) },
    epsilon: 1e-3,
    stepThreshold: -5e-4,
    output: 'score',
    layers,
  };
}

describe('verification MIP of a trained ReLU network', () => {
  it('hand-built 2-2-2 net: robust at r0 = 0.04, counterexample at r1 = 0.1 (max = 2r − 0.1)', async () => {
    const net = handNet();
    for (const backend of ['engine', 'highs'] as const) {
      for (const boundTightening of ['interval', 'lp'] as const) {
        const robust = await verifyRobustness(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.04, boundTightening }, { backend, timeLimit: 20 });
        expect(robust.status).toBe('robust');
        expect(robust.objective).toBeCloseTo(-0.02, 7);
        expect(robust.bound).toBeLessThanOrEqual(1e-9);
        expect(robust.counterexample).toBeUndefined();

        const cex = await verifyRobustness(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.1, boundTightening }, { backend, timeLimit: 20 });
        expect(cex.status).toBe('counterexample');
        expect(cex.objective).toBeCloseTo(0.1, 7);
        const x = cex.counterexample!;
        expect(Math.abs(x[0]! - 0.6)).toBeLessThanOrEqual(0.1 + 1e-9);
        expect(Math.abs(x[1]! - 0.4)).toBeLessThanOrEqual(0.1 + 1e-9);
        const out = forward(net, x, 1).outputs;
        expect(out[1]! - out[0]!).toBeCloseTo(0.1, 7);
        expect(cex.margin).toBeCloseTo(0.1, 7);
      }
    }
  });

  it('interval bounds decide both phases at r = 0.04 and 0.1 (no binaries), not at r = 0.2', async () => {
    const net = handNet();
    const a = await buildVerificationModel(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.04 });
    expect(a.unstable).toBe(0);
    expect(a.model.numIntegers).toBe(0);
    const b = await buildVerificationModel(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.1 });
    expect(b.unstable).toBe(0);
    const c = await buildVerificationModel(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.2 });
    expect(c.unstable).toBe(2);
    expect(c.model.numIntegers).toBe(2);
    const tags = Array.from(c.model.tagKind);
    expect(tags.filter((t) => t === ColumnKind.INPUT).length).toBe(2);
    expect(tags.filter((t) => t === ColumnKind.ACTIVATION).length).toBe(2);
    expect(tags.every((t) => t !== ColumnKind.NONE)).toBe(true);
    const r = await solveWithHighsMip(c.model, { timeLimit: 10 });
    expect(r.objective).toBeCloseTo(0.3, 7); // 2·0.2 − 0.1
  });

  it('the radius is in scaled space: the raw sample is scaled and the counterexample unscaled', async () => {
    const net = handNet({ offset: [1, 1], scale: [2, 2] }); // raw = 2·scaled + 1
    const r = await verifyRobustness(net, { sample: [2.2, 1.8], label: 0, target: 1, epsilon: 0.1 }, { timeLimit: 10 });
    expect(r.status).toBe('counterexample');
    const out = forward(net, r.counterexample!, 1).outputs;
    expect(out[1]! - out[0]!).toBeCloseTo(0.1, 7);
    expect(r.counterexampleScaled![0]!).toBeCloseTo(0.5, 7);
    expect(r.counterexample![0]!).toBeCloseTo(2, 7);
  });

  it('integer inputs: the ball only holds integer points (radius 0.9 robust, 1 not)', async () => {
    // Levels 10: the sample (0.6, 0.4) is (6, 4). With r = 0.9 the only integer point is (6, 4):
    // t = 2, z1 − z0 = −1.9. With r = 1, (5, 5) gives t = 0 and z1 − z0 = 0.1.
    const net = handNet({ integerLevels: 10 });
    const a = await verifyRobustness(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.9 }, { timeLimit: 10 });
    expect(a.status).toBe('robust');
    expect(a.objective).toBeCloseTo(-1.9, 7);
    const b = await verifyRobustness(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 1 }, { timeLimit: 10 });
    expect(b.status).toBe('counterexample');
    expect(b.counterexampleScaled).toEqual([5, 5]);
    expect(b.objective).toBeCloseTo(0.1, 7);
  });

  it('random 3-5-4-3 nets: engine = HiGHS, LP bounds no looser than interval ones, the MIP dominates sampled points', async () => {
    const rng = new Rng(99);
    for (let seed = 1; seed <= 3; seed++) {
      const net = randomNet(seed, [3, 5, 4, 3]);
      const sample = [rng.next(), rng.next(), rng.next()];
      const pred = forwardScaled(net, Float64Array.from(sample), 1).outputs;
      let label = 0;
      for (let k = 1; k < 3; k++) if (pred[k]! > pred[label]!) label = k;
      const target = (label + 1) % 3;
      const opts = { sample, label, target, epsilon: 0.15 };
      const iv = await buildVerificationModel(net, { ...opts, boundTightening: 'interval' });
      const lp = await buildVerificationModel(net, { ...opts, boundTightening: 'lp' });
      expect(lp.unstable).toBeLessThanOrEqual(iv.unstable);
      for (let l = 0; l < iv.preBounds.length; l++) {
        for (let i = 0; i < iv.preBounds[l]!.lo.length; i++) {
          expect(lp.preBounds[l]!.lo[i]!).toBeGreaterThanOrEqual(iv.preBounds[l]!.lo[i]! - 1e-9);
          expect(lp.preBounds[l]!.hi[i]!).toBeLessThanOrEqual(iv.preBounds[l]!.hi[i]! + 1e-9);
        }
      }
      const e = await verifyRobustness(net, { ...opts, boundTightening: 'lp' }, { timeLimit: 20 });
      const h = await verifyRobustness(net, { ...opts, boundTightening: 'interval' }, { backend: 'highs', timeLimit: 20 });
      expect(e.status).not.toBe('unknown');
      expect(e.status).toBe(h.status);
      expect(e.objective!).toBeCloseTo(h.objective!, 6);
      // no sampled point of the ball beats the proven optimum
      let best = -Infinity;
      const xs = new Float64Array(3);
      for (let s = 0; s < 2000; s++) {
        for (let j = 0; j < 3; j++) xs[j] = Math.min(1, Math.max(0, sample[j]! + rng.uniform(-0.15, 0.15)));
        const o = forwardScaled(net, xs, 1).outputs;
        best = Math.max(best, o[target]! - o[label]!);
      }
      expect(best).toBeLessThanOrEqual(e.bound + 1e-6);
    }
  });

  it('LP tightening decides phases interval arithmetic leaves open (8-16-16-3 net), same verdicts', async () => {
    const net = randomNet(11, [8, 16, 16, 3]);
    const rng = new Rng(4);
    let ivUnstable = 0;
    let lpUnstable = 0;
    for (let s = 0; s < 3; s++) {
      const sample = Array.from({ length: 8 }, () => rng.next());
      const o = forwardScaled(net, Float64Array.from(sample), 1).outputs;
      let label = 0;
      for (let k = 1; k < 3; k++) if (o[k]! > o[label]!) label = k;
      const opts = { sample, label, target: (label + 1) % 3, epsilon: 0.1 };
      const a = await verifyRobustness(net, { ...opts, boundTightening: 'interval' }, { timeLimit: 20 });
      const b = await verifyRobustness(net, { ...opts, boundTightening: 'lp' }, { timeLimit: 20 });
      expect(b.status).toBe(a.status);
      expect(b.objective!).toBeCloseTo(a.objective!, 6);
      ivUnstable += a.unstable;
      lpUnstable += b.unstable;
    }
    expect(lpUnstable).toBeLessThan(ivUnstable);
  });

  it('end to end: a ReLU net trained by train() is robust at radius 0 on its training points, with the trained margin', async () => {
    const ds = datasetFromArrays([[0, 0.1], [0.2, 0.3], [0.1, 0.9], [0.9, 0.2], [0.8, 0.7], [1, 1]], [0, 0, 0, 1, 1, 1]);
    const r = await train({ dataset: ds, hidden: [2], activation: 'relu', backend: 'highs', solver: { timeLimit: 20 } });
    expect(r.certificate.objective).toBe(0);
    const net = r.network!;
    for (let n = 0; n < ds.n; n++) {
      const sample = Array.from(ds.X.slice(n * 2, n * 2 + 2));
      const label = ds.y[n]!;
      const out = forward(net, sample, 1).outputs;
      const v = await verifyRobustness(net, { sample, label, target: 1 - label, epsilon: 0 }, { timeLimit: 10 });
      expect(v.status).toBe('robust');
      expect(v.objective!).toBeCloseTo(out[1 - label]! - out[label]!, 6);
      expect(v.objective!).toBeLessThanOrEqual(-net.epsilon + 1e-6); // zero-one margin γ = ε
    }
  });

  it('refuses step networks, bad classes and radii with typed errors', async () => {
    const net = handNet();
    await expect(buildVerificationModel({ ...net, output: 'step' }, { sample: [0.5, 0.5], label: 0, target: 1, epsilon: 0.1 })).rejects.toThrow(ModelError);
    await expect(buildVerificationModel(net, { sample: [0.5, 0.5], label: 0, target: 0, epsilon: 0.1 })).rejects.toThrow(OptionError);
    await expect(buildVerificationModel(net, { sample: [0.5, 0.5], label: 0, target: 1, epsilon: -1 })).rejects.toThrow(OptionError);
    await expect(buildVerificationModel({ ...net, scaling: { kind: 'standard', offset: [0, 0], scale: [1, 1] } }, { sample: [0.5, 0.5], label: 0, target: 1, epsilon: 0.1 }))
      .resolves.toBeDefined();
    const stepNet: NetworkJson = { ...net, layers: [{ ...net.layers[0]!, activation: 'step' }, net.layers[1]!] };
    await expect(buildVerificationModel(stepNet, { sample: [0.5, 0.5], label: 0, target: 1, epsilon: 0.1 })).rejects.toThrow(/layer 1.*step/);
  });
});
