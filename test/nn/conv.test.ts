import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/data/rng.js';
import { ModelError } from '../../src/errors.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { DenseLayer } from '../../src/nn/dense-layer.js';
import { ConvLayer } from '../../src/nn/layers/conv-layer.js';
import { convLayerProblem, type ConvLayerJson } from '../../src/nn/layers/conv-forward.js';
import { classify, forwardScaled, type DenseLayerJson, type NetworkJson } from '../../src/nn/network.js';
import { buildStack, completeStack, decodeStack, forwardLoss, header, type Stack } from './conv-helpers.js';

/** 4×4 binary images: class 0 = a vertical bar (column 1 or 2), class 1 = a horizontal bar (row 1 or 2). */
function bars(): { X: Float64Array; y: Int32Array } {
  const imgs: number[][] = [];
  const y: number[] = [];
  for (const col of [1, 2]) {
    imgs.push(Array.from({ length: 16 }, (_, i) => (i % 4 === col ? 1 : 0)));
    y.push(0);
  }
  for (const row of [1, 2]) {
    imgs.push(Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) === row ? 1 : 0)));
    y.push(1);
  }
  return { X: Float64Array.from(imgs.flat()), y: Int32Array.from(y) };
}

function randomFilterLayer(rng: Rng, layer: ConvLayer, integer: boolean): ConvLayerJson {
  const g = layer.g;
  const r = () => (integer ? rng.int(2 * layer.weightBound + 1) - layer.weightBound : rng.uniform(-layer.weightBound, layer.weightBound));
  // a dead channel (live[0] = false) has zero filter and a bias ≤ −ε, as the kill-switch rows force
  const dead = (c: number) => layer.killSwitches && c === 0;
  return {
    type: 'conv',
    activation: layer.activation,
    inputs: layer.inputWidth,
    outputs: layer.width,
    imageHeight: g.H,
    imageWidth: g.W,
    kernel: g.k,
    weights: Array.from({ length: g.C }, (_, c) => Array.from({ length: g.k * g.k }, () => (dead(c) ? 0 : r()))),
    bias: Array.from({ length: g.C }, (_, c) => (dead(c) ? -1 : integer ? rng.int(3) - 1 : rng.uniform(-0.5, 0.5))),
    ...(layer.killSwitches ? { live: Array.from({ length: g.C }, (_, c) => c !== 0) } : {}),
    ...(layer.pool ? { pool: { ...layer.pool } } : {}),
  };
}

function randomDense(rng: Rng, layer: DenseLayer): DenseLayerJson {
  const W = layer.weightBound;
  const r = () => (layer.integerWeights ? rng.int(2 * W + 1) - W : rng.uniform(-W, W));
  return {
    type: 'dense',
    activation: layer.activation,
    inputs: layer.inputWidth,
    outputs: layer.width,
    weights: Array.from({ length: layer.width }, () => Array.from({ length: layer.inputWidth }, r)),
    bias: Array.from({ length: layer.width }, () => (layer.integerWeights ? rng.int(3) - 1 : rng.uniform(-0.3, 0.3))),
  };
}

/** Random parameters → canonical point: feasible, and its objective is the forward-pass loss. */
function checkRandomCompletions(s: Stack, seed: number, integerConv: boolean, tries = 5, l1 = 0): void {
  const rng = new Rng(seed);
  let checked = 0;
  for (let t = 0; t < tries; t++) {
    const conv = randomFilterLayer(rng, s.layers[0] as ConvLayer, integerConv);
    const dense = randomDense(rng, s.layers[1] as DenseLayer);
    const net: NetworkJson = { ...header(s), layers: [conv, dense] };
    // keep pre-activations off the step margin (−ε, 0) so the completion is well defined
    const fw = forwardScaled(net, s.X, s.y.length);
    if (fw.layers.some((l) => l.pre.some((z) => z > -1e-3 && z < 0))) continue;
    const x = completeStack(s, net);
    const v = s.model.maxViolation(x);
    expect(v.value, v.where).toBeLessThanOrEqual(1e-6);
    let penalty = 0;
    for (const layer of net.layers) for (const row of layer.weights) for (const w of row) penalty += l1 * Math.abs(w);
    expect(s.model.objectiveOf(x)).toBeCloseTo(forwardLoss(s, net) + penalty, 9);
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(tries - 2);
}

describe('convolution + pooling layers', () => {
  it('forward rule: a hand-set filter on a 3×3 image', () => {
    const layer: ConvLayerJson = {
      type: 'conv', activation: 'relu', inputs: 9, outputs: 1, imageHeight: 3, imageWidth: 3, kernel: 2,
      weights: [[1, -1, 0, 2]], bias: [0.5], pool: { kind: 'max', size: 2 },
    };
    const img = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const net: NetworkJson = {
      format: 'mipnet-network', version: 1, inputs: 9, classes: ['a', 'b'], scaling: { kind: 'none', offset: new Array(9).fill(0), scale: new Array(9).fill(1) },
      epsilon: 1e-3, stepThreshold: -5e-4, output: 'score', layers: [layer],
    };
    // positions: (0,0): 1−2+0+2·5+.5 = 9.5; (0,1): 2−3+12+.5 = 11.5; (1,0): 4−5+16+.5 = 15.5; (1,1): 5−6+18+.5 = 17.5
    const r = forwardScaled(net, img, 1).layers[0]!;
    expect(Array.from(r.pre)).toEqual([9.5, 11.5, 15.5, 17.5]);
    expect(Array.from(r.post)).toEqual([17.5]);
    const avg = forwardScaled({ ...net, layers: [{ ...layer, pool: { kind: 'avg', size: 2 } }] }, img, 1).layers[0]!;
    expect(avg.post[0]).toBeCloseTo(13.5, 12);
    // JSON shape check for loading
    expect(convLayerProblem(layer as unknown as Record<string, unknown>, 9)).toBeUndefined();
    expect(convLayerProblem({ ...layer, outputs: 4 } as unknown as Record<string, unknown>, 9)).toMatch(/outputs must be .* = 1/);
    expect(convLayerProblem({ ...layer, weights: [[1, 2, 3]] } as unknown as Record<string, unknown>, 9)).toMatch(/4 finite numbers/);
    expect(convLayerProblem(layer as unknown as Record<string, unknown>, 8)).toMatch(/inputs/);
  });

  it('2-channel 3×3 step conv + 2×2 max pool + step output separates bars: 0 errors (engine = HiGHS)', async () => {
    const { X, y } = bars();
    const conv = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step', pool: { kind: 'max', size: 2 } });
    const out = new DenseLayer({ inputs: 2, outputs: 2, activation: 'step' });
    const s = buildStack([conv, out], X, y, 2, 'xor');
    const tags = s.model.tagKind;
    let selectors = 0;
    for (let j = 0; j < s.model.numCols; j++) {
      expect(tags[j]).not.toBe(ColumnKind.NONE);
      if (tags[j] === ColumnKind.POOL_SELECTOR) selectors++;
    }
    expect(selectors).toBe(4 * 2 * 4); // samples × channels × window
    const e = await solveModel(s.model, { timeLimit: 30 });
    const h = await solveWithHighsMip(s.model, { timeLimit: 30 });
    expect(e.status).toBe('optimal');
    expect(e.objective).toBeCloseTo(0, 9);
    expect(h.objective).toBeCloseTo(0, 9);
    const net = decodeStack(s, e.solution!);
    expect(Array.from(classify(net, forwardScaled(net, X, 4).outputs, 4))).toEqual([0, 0, 1, 1]);
    const x = completeStack(s, net);
    expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
    expect(s.model.objectiveOf(x)).toBe(forwardLoss(s, net));
    expect(forwardLoss(s, net)).toBe(0);
  });

  it('channel kill-switches: one filter suffices for the bars, the penalty kills the other', async () => {
    const { X, y } = bars();
    const conv = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step', killSwitches: true, pool: { kind: 'max', size: 2 } });
    const out = new DenseLayer({ inputs: 2, outputs: 2, activation: 'step' });
    const s = buildStack([conv, out], X, y, 2, 'xor', { penalties: { neuron: 0.1 } });
    const e = await solveModel(s.model, { timeLimit: 30 });
    expect(e.status).toBe('optimal');
    expect(e.objective).toBeCloseTo(0.1, 9);
    const h = await solveWithHighsMip(s.model, { timeLimit: 30 });
    expect(h.objective).toBeCloseTo(0.1, 9);
    const net = decodeStack(s, e.solution!);
    const live = (net.layers[0] as ConvLayerJson).live!;
    expect(live.filter((v) => v).length).toBe(1);
    expect(forwardLoss(s, net)).toBe(0);
    const x = completeStack(s, net);
    expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
    expect(s.model.objectiveOf(x)).toBeCloseTo(0.1, 12);
  });

  it('ReLU conv + max pool + ternary-weight score output (0-1 loss): random completions feasible, engine = HiGHS', async () => {
    const rng = new Rng(7);
    const N = 4;
    const X = Float64Array.from({ length: N * 9 }, () => Math.round(rng.next() * 4) / 4);
    const y = Int32Array.from({ length: N }, (_, n) => n % 2);
    const conv = new ConvLayer({ imageHeight: 3, imageWidth: 3, kernel: 2, channels: 2, activation: 'relu', integerWeights: true, pool: { kind: 'max', size: 2 } });
    const out = new DenseLayer({ inputs: conv.width, outputs: 2, activation: 'linear', integerWeights: true, weightBound: 1 });
    const s = buildStack([conv, out], X, y, 2, 'zero-one');
    checkRandomCompletions(s, 11, true);
    const e = await solveModel(s.model, { timeLimit: 30 });
    const h = await solveWithHighsMip(s.model, { timeLimit: 30 });
    expect(e.status).toBe('optimal');
    expect(e.objective!).toBeCloseTo(h.objective!, 6);
    const net = decodeStack(s, e.solution!);
    const x = completeStack(s, net);
    expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
    expect(forwardLoss(s, net)).toBeCloseTo(e.objective!, 6);
  });

  it('continuous step conv + avg pool + integer dense output: random completions feasible; no pool with kill-switches too', async () => {
    const rng = new Rng(8);
    const N = 4;
    const X = Float64Array.from({ length: N * 16 }, () => rng.next());
    const y = Int32Array.from({ length: N }, (_, n) => n % 2);
    const conv = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step', pool: { kind: 'avg', size: 2 } });
    expect(conv.binaryOutput).toBe(false);
    const out = new DenseLayer({ inputs: conv.width, outputs: 2, activation: 'linear', integerWeights: true, weightBound: 2 });
    const s = buildStack([conv, out], X, y, 2, 'hinge', { margin: 0.5, penalties: { l1: 0.1 } });
    checkRandomCompletions(s, 3, false, 8, 0.1);
    // step conv without pooling feeds binaries into continuous dense weights (exact products)
    const conv2 = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step', killSwitches: true });
    const out2 = new DenseLayer({ inputs: conv2.width, outputs: 2, activation: 'linear' });
    const s2 = buildStack([conv2, out2], X, y, 2, 'hinge', { margin: 0.5 });
    const r2 = new Rng(4);
    for (let t = 0; t < 5; t++) {
      const c = randomFilterLayer(r2, conv2, false);
      const d = randomDense(r2, out2);
      // channel 0 is dead: its outgoing weights must be 0 (the rows w ≤ W·k of the next layer)
      for (const row of d.weights) for (let u = 0; u < 4; u++) row[u] = 0;
      const net: NetworkJson = { ...header(s2), layers: [c, d] };
      const fw = forwardScaled(net, X, N);
      if (fw.layers[0]!.pre.some((z) => z > -1e-3 && z < 0)) continue;
      const x = completeStack(s2, net);
      expect(s2.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
      expect(s2.model.objectiveOf(x)).toBeCloseTo(forwardLoss(s2, net), 9);
    }
    const e = await solveModel(s2.model, { timeLimit: 30 });
    const h = await solveWithHighsMip(s2.model, { timeLimit: 30 });
    expect(e.status).toBe('optimal');
    expect(e.objective!).toBeCloseTo(h.objective!, 5);
  });

  it('startParams: a feasible start that fires nothing (zero filters, dead channels)', () => {
    const { X, y } = bars();
    for (const [activation, pool, killSwitches, integerWeights] of [
      ['step', { kind: 'max', size: 2 }, true, false],
      ['relu', { kind: 'avg', size: 2 }, false, true],
      ['step', undefined, false, true],
    ] as const) {
      const conv = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation, killSwitches, integerWeights, ...(pool ? { pool } : {}) });
      const out = new DenseLayer({ inputs: conv.width, outputs: 2, activation: 'linear', integerWeights: true });
      const s = buildStack([conv, out], X, y, 2, 'zero-one', { penalties: { neuron: 0.1 } });
      const dense: DenseLayerJson = { type: 'dense', activation: 'linear', inputs: conv.width, outputs: 2, weights: [new Array(conv.width).fill(0), new Array(conv.width).fill(0)], bias: [0, 0] };
      const net: NetworkJson = { ...header(s), layers: [conv.startParams(), dense] };
      const x = completeStack(s, net);
      expect(s.model.maxViolation(x).value).toBe(0);
      expect(s.model.objectiveOf(x)).toBe(forwardLoss(s, net)); // dead channels cost nothing
      expect(forwardScaled(net, X, 4).layers[0]!.post.every((v) => v === 0)).toBe(true);
    }
  });

  it('refuses non-MILP placements with ModelError naming the layer', () => {
    const { X, y } = bars();
    const conv = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'relu', pool: { kind: 'max', size: 2 } });
    // continuous dense weights on ReLU (continuous) pooled outputs: continuous × continuous
    expect(() => buildStack([conv, new DenseLayer({ inputs: 2, outputs: 2, activation: 'linear' })], X, y, 2, 'zero-one')).toThrow(/not a MILP/);
    // convolution after a dense layer: inputs are variables
    const c2 = new ConvLayer({ imageHeight: 2, imageWidth: 2, kernel: 2, channels: 1, activation: 'step' });
    expect(() => buildStack([new DenseLayer({ inputs: 16, outputs: 4, activation: 'step' }), c2, new DenseLayer({ inputs: 1, outputs: 2, activation: 'step' })], X, y, 2, 'xor')).toThrow(/conv 1×2×2.*first layer/);
    expect(() => new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 5, channels: 1, activation: 'step' })).toThrow(ModelError);
    // an infinite input value would give an infinite big-M
    const bad = X.slice();
    bad[5] = Infinity;
    const c3 = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 1, activation: 'step' });
    expect(() => buildStack([c3, new DenseLayer({ inputs: 4, outputs: 2, activation: 'step' })], bad, y, 2, 'xor')).toThrow(/layer 1 \(conv.*infinite/);
    expect(() => new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 1, activation: 'step', pool: { kind: 'max', size: 3 } })).toThrow(/does not fit/);
  });
});
