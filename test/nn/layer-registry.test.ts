import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionError, ParseError } from '../../src/errors.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { completeSolution } from '../../src/nn/completion.js';
import type { TrainableLayer } from '../../src/nn/layer.js';
import { createLayer, findLayerType, layerTypeNames, registerLayerType, unregisterLayerType } from '../../src/nn/layer-registry.js';
import { evaluateLoss } from '../../src/nn/loss.js';
import { forward, forwardLayer, type NetworkJson, type NetworkLayer } from '../../src/nn/network.js';
import { parseNetwork, validateNetwork } from '../../src/nn/network-io.js';
import { solveWithHighsAsResult } from '../../src/nn/solve-backend.js';
import { recheckSolution } from '../../src/nn/train.js';
import { encodeTrainingProblem, networkHeader, resolveTrainingProblem } from '../../src/nn/training-model.js';
import { ScaleLayer, scaleLayerType } from './scale-layer.js';

/** A 2-input network whose first layer is a scale layer (raw JSON, as read from a file). */
function scaleNetwork(scale: unknown): Record<string, unknown> {
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: 2,
    classes: ['a', 'b'],
    scaling: { kind: 'none', offset: [0, 0], scale: [1, 1] },
    epsilon: 1e-3,
    stepThreshold: -5e-4,
    output: 'step',
    layers: [
      { type: 'scale', inputs: 2, outputs: 2, scale },
      { type: 'dense', activation: 'step', inputs: 2, outputs: 2, weights: [[1, -1], [-1, 1]], bias: [0, -0.5] },
    ],
  };
}

describe('layer registry', () => {
  it('knows the built-in types, and names the type and the known ones for an unknown type', () => {
    expect(layerTypeNames()).toEqual(['dense', 'conv']);
    expect(findLayerType('dense')?.type).toBe('dense');
    expect(findLayerType('lstm')).toBeUndefined();
    expect(() => validateNetwork(scaleNetwork([1, 1]))).toThrow(ParseError);
    expect(() => validateNetwork(scaleNetwork([1, 1]))).toThrow('layers[0].type "scale" is not a known layer type (dense, conv)');
    expect(() => createLayer({ type: 'scale' })).toThrow(OptionError);
    expect(() => createLayer({ type: 'scale' })).toThrow('build model: layer type "scale" is not registered (known: dense, conv)');
    const layer = { type: 'lstm', inputs: 1, outputs: 1 } as unknown as NetworkLayer;
    expect(() => forwardLayer(layer, new Float64Array(1), 1, 0)).toThrow('forward pass: layer type "lstm" is not registered (known: dense, conv)');
    expect(() => registerLayerType(findLayerType('dense')!)).toThrow('layer type "dense" is already registered');
    expect(() => unregisterLayerType('conv')).toThrow(OptionError);
  });

  it('creates the built-in trainable layers from specs', () => {
    const dense = createLayer({ type: 'dense', inputs: 3, outputs: 2, activation: 'relu' });
    expect(dense.label).toBe('layer ? (dense 3→2, relu)');
    const bin = createLayer({ type: 'dense', inputs: 3, outputs: 2, activation: 'sign', weights: 'ternary' });
    expect(bin.label).toBe('layer ? (dense 3→2, ternary weights, sign)');
    const conv = createLayer({ type: 'conv', imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step' });
    expect([conv.type, conv.inputWidth, conv.width]).toEqual(['conv', 16, 8]);
    // sign activations are the binarized encoding's: a real-weight dense layer refuses them
    expect(() => createLayer({ type: 'dense', inputs: 3, outputs: 2, activation: 'sign' })).toThrow('sign activations need binarized weights');
  });
});

describe('a new layer type is one file (test/nn/scale-layer.ts)', () => {
  beforeAll(() => registerLayerType(scaleLayerType));
  afterAll(() => {
    expect(unregisterLayerType('scale')).toBe(true);
    expect(layerTypeNames()).toEqual(['dense', 'conv']);
  });

  it('loads: the registry validates its JSON, with its own messages', () => {
    expect(layerTypeNames()).toEqual(['dense', 'conv', 'scale']);
    const net = parseNetwork(JSON.stringify(scaleNetwork([2, 0.5])), 'scale.json');
    expect(net.layers.map((l) => l.type)).toEqual(['scale', 'dense']);
    expect(() => parseNetwork(JSON.stringify(scaleNetwork([2])), 'bad.json')).toThrow('load network: bad.json: layers[0].scale must be 2 finite numbers');
    expect(() => validateNetwork(scaleNetwork([2, 'x']))).toThrow(ParseError);
  });

  it('runs forward through the registry', () => {
    const net = validateNetwork(scaleNetwork([2, 0.5]));
    // x = (1, 1) → s·x = (2, 0.5) → z = (1.5, −2) → (1, 0);  x = (0.2, 2) → (0.4, 1) → z = (−0.6, 0.1) → (0, 1)
    const fw = forward(net, [1, 1, 0.2, 2], 2);
    expect(Array.from(fw.layers[0]!.post)).toEqual([2, 0.5, 0.4, 1]);
    expect(Array.from(fw.layers[1]!.pre).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1.5, -2, -0.6, 0.1]);
    expect(Array.from(fw.outputs)).toEqual([1, 0, 0, 1]);
  });

  it('encodes through the registry: the model trains, decodes, completes feasibly and re-verifies', async () => {
    // iris, a learnable scaling of the 4 features, then an integer-weight step network (the scaled
    // features are continuous variables, so the next layer writes its weights in bits)
    const p = resolveTrainingProblem({ dataset: 'iris', hidden: [2], integerWeights: true, trainSamples: 9 });
    const scale = createLayer({ type: 'scale', width: p.features, bound: 2 });
    expect(scale).toBeInstanceOf(ScaleLayer);
    const layers: TrainableLayer[] = [scale, ...p.layers];
    layers.forEach((l, i) => (l.index = i + 1));
    const problem = { ...p, layers };
    const tm = encodeTrainingProblem(problem);
    const m = tm.model;
    expect(m.colNames.filter((n) => n.startsWith('sc_1_'))).toEqual(['sc_1_0', 'sc_1_1', 'sc_1_2', 'sc_1_3']);
    expect(m.rowNames.filter((n) => n.startsWith('sdef_1_')).length).toBe(9 * 4);
    expect(m.colNames.some((n) => n.startsWith('beta_2_'))).toBe(true); // bits of the layer after it
    expect(m.structure!.layers.map((l) => l.neurons.length)).toEqual([0, 2, 3]);
    expect(getNnView(m)).toBeNull(); // a layer without neurons: the NN plugins stay out

    // a hand-set network: the completion is feasible and the model objective is the forward loss
    const header = networkHeader(problem);
    const start: NetworkJson = { ...header, layers: layers.map((l, i) => l.startParams(i === layers.length - 1)) };
    const x0 = completeSolution(tm, start);
    expect(m.maxViolation(x0).value).toBeLessThanOrEqual(1e-9);
    const loss0 = evaluateLoss(tm.loss, forward(start, p.data.train.X, p.samples).outputs, p.y, p.classes).total;
    expect(m.objectiveOf(x0)).toBeCloseTo(loss0, 9);

    const r = await solveWithHighsAsResult(m, { timeLimit: 60 });
    expect(r.status).toBe('optimal');
    const { network, evaluation, maxViolation } = recheckSolution(tm, r.solution!, r.objective!, r.bound);
    expect(maxViolation).toBeLessThanOrEqual(1e-5);
    expect(evaluation.objective).toBeCloseTo(r.objective!, 6);
    expect(evaluation.objective).toBeLessThanOrEqual(loss0 + 1e-9);
    // the decoded network is valid JSON for the registry and predicts with the forward pass
    const scaled = (network.layers[0] as unknown as { scale: number[] }).scale;
    expect(scaled.length).toBe(4);
    expect(scaled.every((v) => v >= -1e-9 && v <= 2 + 1e-9)).toBe(true);
    validateNetwork(JSON.parse(JSON.stringify(network)));
  });
});
