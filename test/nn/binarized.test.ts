import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { Rng } from '../../src/data/rng.js';
import { applyScaling, fitScaling } from '../../src/data/scaling.js';
import { ModelError } from '../../src/errors.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { DenseLayer } from '../../src/nn/dense-layer.js';
import { BinarizedDenseLayer } from '../../src/nn/layers/binarized-dense-layer.js';
import { forwardScaled, predict, type DenseLayerJson, type NetworkJson } from '../../src/nn/network.js';
import { train } from '../../src/nn/train.js';
import { buildStack, completeStack, decodeStack, forwardLoss, header } from './conv-helpers.js';
import { trainBoth, XOR as XOR_DS } from './nn-helpers.js';

const XOR_X = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
const XOR_Y = Int32Array.from([0, 1, 1, 0]);

function randomParams(rng: Rng, layer: BinarizedDenseLayer, B: number): DenseLayerJson {
  return {
    type: 'dense',
    activation: layer.activation,
    inputs: layer.inputWidth,
    outputs: layer.width,
    weights: Array.from({ length: layer.width }, () =>
      Array.from({ length: layer.inputWidth }, () => (layer.weights === 'binary' ? 2 * rng.int(2) - 1 : rng.int(3) - 1)),
    ),
    bias: Array.from({ length: layer.width }, () => (layer.integerBias ? rng.int(2 * B + 1) - B : rng.uniform(-B, B))),
  };
}

describe('binarized layers: binary / ternary weights, sign activations, integer inputs', () => {
  it('forward rule of sign: +1 at z >= stepThreshold, else −1', () => {
    const net: NetworkJson = {
      format: 'mipnet-network', version: 1, inputs: 1, classes: ['a', 'b'], scaling: { kind: 'none', offset: [0], scale: [1] },
      epsilon: 1e-3, stepThreshold: -5e-4, output: 'score',
      layers: [{ type: 'dense', activation: 'sign', inputs: 1, outputs: 2, weights: [[1], [-1]], bias: [0, 0] }],
    };
    expect(Array.from(forwardScaled(net, Float64Array.from([0.3]), 1).outputs)).toEqual([1, -1]);
    expect(Array.from(forwardScaled(net, Float64Array.from([0]), 1).outputs)).toEqual([1, 1]);
  });

  it('XOR is learnt exactly with binary {−1,1} and with ternary weights (step), and with sign hidden units', async () => {
    for (const [weights, hidden] of [['binary', 'step'], ['ternary', 'step'], ['ternary', 'sign'], ['binary', 'sign']] as const) {
      const h = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights, activation: hidden });
      const o = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights, activation: 'step' });
      const s = buildStack([h, o], XOR_X, XOR_Y, 2, 'xor');
      for (let j = 0; j < s.model.numCols; j++) expect(s.model.tagKind[j]).not.toBe(ColumnKind.NONE);
      const e = await solveModel(s.model, { timeLimit: 20 });
      const r = await solveWithHighsMip(s.model, { timeLimit: 20 });
      expect(e.status, `${weights}/${hidden}`).toBe('optimal');
      expect(e.objective, `${weights}/${hidden}`).toBeCloseTo(0, 9);
      expect(r.objective).toBeCloseTo(0, 9);
      const net = decodeStack(s, e.solution!);
      for (const layer of net.layers) for (const row of layer.weights) for (const w of row) expect(weights === 'binary' ? [-1, 1] : [-1, 0, 1]).toContain(w);
      expect(net.layers[0]!.activation).toBe(hidden);
      expect(forwardLoss(s, net)).toBe(0);
      const x = completeStack(s, net);
      expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
      expect(s.model.objectiveOf(x)).toBeCloseTo(0, 9);
    }
  });

  it('one binary-weight step layer: AND-NOT exactly (0), XOR at best 2 xor errors (by hand); engine = HiGHS', async () => {
    // AND-NOT (class 1 only at (1,0)): unit 1 = step(x1 − x2 − 0.5) fires only at (1,0); unit 0 =
    // step(−x1 + x2 + 0.5) fires everywhere else: both weights are ±1, so the optimum is 0.
    // XOR: each output unit is a threshold on ±x1 ± x2 and XOR's classes are not linearly
    // separable, so each unit errs on ≥ 1 point; step(x1 + x2 − 0.5) and step(−x1 − x2 + 0.5) err on
    // exactly (1,1) each: optimum 2.
    const X = Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
    const y = Int32Array.from([0, 0, 1, 0]);
    const o = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'binary', activation: 'step' });
    const s = buildStack([o], X, y, 2, 'xor');
    const e = await solveModel(s.model, { timeLimit: 20 });
    expect(e.objective).toBeCloseTo(0, 9);
    const sx = buildStack([new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'binary', activation: 'step' })], XOR_X, XOR_Y, 2, 'xor');
    const ex = await solveModel(sx.model, { timeLimit: 20 });
    const hx = await solveWithHighsMip(sx.model, { timeLimit: 20 });
    expect(ex.objective).toBeCloseTo(2, 9);
    expect(hx.objective).toBeCloseTo(2, 9);
  });

  it('random parameters: completions feasible, objective = forward loss + penalties (sign, ReLU, ternary L1/L0)', () => {
    const rng = new Rng(21);
    const N = 6;
    const X = Float64Array.from({ length: N * 3 }, () => Math.round(rng.next() * 10) / 10);
    const y = Int32Array.from({ length: N }, (_, n) => n % 3);
    for (const [w1, a1, w2] of [['ternary', 'sign', 'binary'], ['binary', 'relu', 'ternary'], ['ternary', 'step', 'ternary']] as const) {
      const h = new BinarizedDenseLayer({ inputs: 3, outputs: 3, weights: w1, activation: a1 });
      const o = new BinarizedDenseLayer({ inputs: 3, outputs: 3, weights: w2, activation: 'linear' });
      for (const penalties of [{}, { l1: 0.1 }, { l0: 0.2 }, { activation: 0.05 }]) {
        const weightIndicators = 'l0' in penalties && w1 === 'ternary' && w2 === 'ternary';
        const s = buildStack([h, o], X, y, 3, 'hinge', { margin: 0.5, penalties, weightIndicators });
        let checked = 0;
        for (let t = 0; t < 6; t++) {
          const net: NetworkJson = { ...header(s), layers: [randomParams(rng, h, 2), randomParams(rng, o, 3)] };
          const fw = forwardScaled(net, X, N);
          if (fw.layers[0]!.pre.some((z) => z > -1e-3 && z < 0)) continue;
          const x = completeStack(s, net);
          const v = s.model.maxViolation(x);
          expect(v.value, v.where).toBeLessThanOrEqual(1e-6);
          const lam = ('l1' in penalties ? (penalties.l1 ?? 0) : 0) + ('l0' in penalties ? (penalties.l0 ?? 0) : 0);
          let nz = 0;
          for (const layer of net.layers) for (const row of layer.weights) for (const w of row) nz += w !== 0 ? 1 : 0;
          const lamA = 'activation' in penalties ? (penalties.activation ?? 0) : 0;
          const fired = fw.layers[0]!.post.filter((v) => v > 0).length; // hidden units firing (+1 for sign)
          expect(s.model.objectiveOf(x)).toBeCloseTo(forwardLoss(s, net) + lam * nz + lamA * fired, 9);
          checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('integer inputs (Rosenhahn: scaled ×10, rounded) with integer biases; engine = HiGHS; predict on raw data agrees', async () => {
    const rng = new Rng(3);
    const rows = Array.from({ length: 8 }, () => [rng.uniform(0, 5), rng.uniform(-1, 1)]);
    const labels = rows.map((r) => (r[0]! > 2.5 ? 1 : 0));
    const ds = datasetFromArrays(rows, labels);
    const scaling = fitScaling(ds, 'minmax', 10);
    const X = applyScaling(scaling, ds.X, 2);
    for (const v of X) expect(Number.isInteger(v) && v >= 0 && v <= 10).toBe(true);
    const h = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'ternary', activation: 'step', integerBias: true });
    const o = new DenseLayer({ inputs: 2, outputs: 2, activation: 'step' });
    const s = buildStack([h, o], X, ds.y, 2, 'xor');
    const e = await solveModel(s.model, { timeLimit: 20 });
    const r = await solveWithHighsMip(s.model, { timeLimit: 20 });
    expect(e.status).toBe('optimal');
    expect(e.objective!).toBeCloseTo(r.objective!, 9);
    const net = { ...decodeStack(s, e.solution!), scaling };
    for (const b of net.layers[0]!.bias) expect(Number.isInteger(b)).toBe(true);
    expect(forwardLoss(s, net)).toBeCloseTo(e.objective!, 9);
    const pred = predict(net, ds.X, ds.n);
    const errors = Array.from(pred).filter((p, n) => p !== ds.y[n]).length;
    expect(errors).toBeLessThanOrEqual(e.objective!); // each misclassified sample costs ≥ 1 xor error
  });

  it('startParams: feasible starts for binary and ternary layers (every unit off)', () => {
    for (const [w, act] of [['binary', 'step'], ['binary', 'sign'], ['ternary', 'relu'], ['binary', 'relu']] as const) {
      const h = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: w, activation: act });
      const o = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: w, activation: 'step' });
      const s = buildStack([h, o], XOR_X, XOR_Y, 2, 'xor');
      const net: NetworkJson = { ...header(s), layers: [h.startParams(), o.startParams()] };
      const x = completeStack(s, net);
      expect(s.model.maxViolation(x).value, `${w}/${act}`).toBeLessThanOrEqual(1e-9);
      expect(s.model.objectiveOf(x)).toBe(forwardLoss(s, net));
    }
  });

  it('refuses weight indicators on binary weights and bad options with ModelError', () => {
    const h = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'binary', activation: 'step' });
    const o = new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'binary', activation: 'step' });
    expect(() => buildStack([h, o], XOR_X, XOR_Y, 2, 'xor', { weightIndicators: true })).toThrow(/binary weights are never 0/);
    expect(() => new BinarizedDenseLayer({ inputs: 2, outputs: 2, weights: 'quaternary' as 'binary', activation: 'step' })).toThrow(ModelError);
  });
});

describe('train() with binarized weights', () => {
  it('XOR with binary and with ternary/sign hidden units: 0 errors on both backends, weights in the set', async () => {
    for (const [w, act] of [['binary', 'step'], ['ternary', 'sign']] as const) {
      const r = await trainBoth({ dataset: XOR_DS, hidden: [2], binarizedWeights: w, activation: act, lpTightening: false });
      expect(r.certificate.objective).toBe(0);
      expect(r.train!.accuracy).toBe(1);
      for (const layer of r.network!.layers) for (const row of layer.weights) for (const x of row) expect(w === 'binary' ? [-1, 1] : [-1, 0, 1]).toContain(x);
      expect(r.network!.layers[0]!.activation).toBe(act);
    }
    await expect(train({ dataset: XOR_DS, hidden: [2], activation: 'sign' })).rejects.toThrow(/binarized/);
  });
});
