/**
 * The MILP of every architecture is pinned: the MPS text (columns, rows, coefficients, bounds,
 * order, names), the column tags and the engine's network structure of a training or verification
 * model hash to the values the code had before the activation encodings and the layer registry
 * were shared (commit 2215a3c). A change to an encoding on purpose updates these hashes; anything
 * else that moves one changed a model by accident.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { writeMps } from '../../src/io/mps-writer.js';
import type { Model } from '../../src/model/model.js';
import type { NetworkJson } from '../../src/nn/network.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { buildTrainingModel } from '../../src/nn/training-model.js';
import { buildVerificationModel, type VerificationOptions } from '../../src/nn/verify.js';

const CASES: Record<string, TrainOptions> = {
  'step 3': { dataset: 'iris', hidden: [3], trainSamples: 15 },
  'step 3-3, sparsity (kill-switches, zero-pattern rows, symmetry)': { dataset: 'iris', hidden: [3, 3], trainSamples: 12, sparsity: { weights: 0.1, neurons: 0.1, activations: 0.1 } },
  'step, L0 + feature cap (LP tightening)': { dataset: 'iris', hidden: [2], trainSamples: 9, sparsity: { weights: 0.1, weightNorm: 'l0' }, featureCap: 2, lpTighteningTimeLimit: 60 },
  'relu 3, hinge, kill-switches': { dataset: 'iris', hidden: [3], activation: 'relu', loss: 'hinge', trainSamples: 12, sparsity: { neurons: 0.1, weights: 0.05 } },
  'relu 2-2, integer weights (bits)': { dataset: 'iris', hidden: [2, 2], activation: 'relu', integerWeights: true, weightBound: 3, trainSamples: 9 },
  'binarized sign 3-3, ternary': { dataset: 'iris', hidden: [3, 3], activation: 'sign', binarizedWeights: 'ternary', trainSamples: 9, sparsity: { weights: 0.1, activations: 0.1 } },
  'binarized step, binary, integer inputs': { dataset: 'iris', hidden: [2], binarizedWeights: 'binary', integerInputs: 10, trainSamples: 12 },
  'ternary relu, L0': { dataset: 'iris', hidden: [3], activation: 'relu', binarizedWeights: 'ternary', trainSamples: 9, sparsity: { weights: 0.1, weightNorm: 'l0' } },
  'layer pruning, step 3-3-3': { dataset: 'iris', hidden: [3, 3, 3], trainSamples: 9, layerPruning: { cost: 0.1 } },
  'layer pruning, relu integer 3-3': { dataset: 'iris', hidden: [3, 3], activation: 'relu', integerWeights: true, trainSamples: 9, layerPruning: {} },
  'conv 2:3 max 2, step, sparsity': { dataset: 'digits', conv: { channels: 2, kernel: 3, pool: { kind: 'max', size: 2 } }, hidden: [2], trainSamples: 6, sparsity: { neurons: 0.1, weights: 0.1 } },
  'conv 1:4 avg 2, relu, integer': { dataset: 'digits', conv: { channels: 1, kernel: 4, pool: { kind: 'avg', size: 2 } }, activation: 'relu', integerWeights: true, hidden: [2], trainSamples: 6, killSwitches: true },
};
const VERIFY_NET: NetworkJson = {
  format: 'mipnet-network',
  version: 1,
  inputs: 3,
  classes: ['a', 'b', 'c'],
  scaling: { kind: 'minmax', offset: [0, 0, 0], scale: [1, 1, 1] },
  epsilon: 1e-3,
  stepThreshold: -5e-4,
  output: 'score',
  layers: [
    { type: 'dense', activation: 'relu', inputs: 3, outputs: 4, weights: [[1, -1, 0.5], [-0.5, 1, 1], [0.25, 0.25, -1], [2, 0, -1]], bias: [0, -0.25, 0.5, -0.5], live: [true, true, true, false] },
    { type: 'dense', activation: 'relu', inputs: 4, outputs: 3, weights: [[1, 0, -1, 1], [-1, 1, 1, 0], [0.5, -0.5, 0, 1]], bias: [0.1, 0, -0.1] },
    { type: 'dense', activation: 'linear', inputs: 3, outputs: 3, weights: [[1, -1, 0], [0, 1, -1], [-1, 0, 1]], bias: [0, 0, 0] },
  ],
};
const VERIFY_OPTIONS: VerificationOptions[] = [
  { sample: [0.5, 0.5, 0.5], label: 0, target: 1, epsilon: 0.3 },
  { sample: [0.2, 0.8, 0.4], label: 2, target: 0, epsilon: 0.5, boundTightening: 'lp', lpTimeLimit: 60 },
];

/** sha256 prefixes of the models built by commit 2215a3c */
const EXPECTED: Record<string, string> = {
  'step 3': '9f79177f7e2b8e1b46fd',
  'step 3-3, sparsity (kill-switches, zero-pattern rows, symmetry)': '8f6daef948b5b0af4212',
  'step, L0 + feature cap (LP tightening)': 'b94d029f742ee21406d3',
  'relu 3, hinge, kill-switches': '6eb7c44d1b01ff90a783',
  'relu 2-2, integer weights (bits)': '99b06d46a0918c4e9769',
  'binarized sign 3-3, ternary': '75d8460b4dd997b8f217',
  'binarized step, binary, integer inputs': '70a1a7417a5dc7cd26af',
  'ternary relu, L0': '8196323b5adc3723631a',
  'layer pruning, step 3-3-3': 'b86d241ff5f52c184d51',
  'layer pruning, relu integer 3-3': 'a57b05449ef7c3556117',
  'conv 2:3 max 2, step, sparsity': '7417444a927e98f2eb63',
  'conv 1:4 avg 2, relu, integer': 'f9d76e3beca83accf560',
  'verify 0': '86bdce393602113bbc43',
  'verify 1': '1487bef9df2db67ce991',
};

function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = plain((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

function fingerprint(model: Model): string {
  const tags = [Array.from(model.tagKind), Array.from(model.tagLayer), Array.from(model.tagNeuron), Array.from(model.tagSample)];
  const text = [writeMps(model), JSON.stringify(tags), JSON.stringify(plain(model.structure) ?? null)].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

describe('model fingerprints: the same MILP for every architecture', () => {
  for (const [name, options] of Object.entries(CASES)) {
    it(`training model: ${name}`, async () => {
      const tm = await buildTrainingModel(options);
      expect(tm.model.numRows).toBeGreaterThan(0);
      expect(fingerprint(tm.model)).toBe(EXPECTED[name]);
    });
  }
  it('verification models of a ReLU network (interval and LP bounds, unstable neurons)', async () => {
    for (const [i, options] of VERIFY_OPTIONS.entries()) {
      const vm = await buildVerificationModel(VERIFY_NET, options);
      expect(vm.unstable).toBe(6);
      expect(fingerprint(vm.model)).toBe(EXPECTED[`verify ${i}`]);
    }
  });
});
