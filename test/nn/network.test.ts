import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { accuracy, confusionMatrix } from '../../src/nn/metrics.js';
import { classify, predict, type NetworkJson } from '../../src/nn/network.js';
import { loadNetwork, parseNetwork, saveNetwork } from '../../src/nn/network-io.js';

function net(output: 'step' | 'score', last: { weights: number[][]; bias: number[] }): NetworkJson {
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: 2,
    classes: ['a', 'b'],
    scaling: { kind: 'minmax', offset: [0, 0], scale: [2, 2] },
    epsilon: 1e-3,
    stepThreshold: -5e-4,
    output,
    layers: [{ type: 'dense', activation: output === 'step' ? 'step' : 'linear', inputs: 2, outputs: 2, ...last }],
  };
}

describe('network JSON, forward pass and prediction', () => {
  it('predicts the single active step output; none or several active is no class (-1)', () => {
    // outputs: o0 = [x0' >= x1'], o1 = [x1' >= x0' + 0.25] (x' = x / 2)
    const n = net('step', { weights: [[1, -1], [-1, 1]], bias: [0, -0.25] });
    const X = [2, 0, 0, 2, 1, 1, 1, 1.2];
    // (1,0): o=(1,0)->0 ; (0,1): (0,1)->1 ; (.5,.5): (1,0)->0 ; (.5,.6): o0 = [-.1 >= -5e-4] = 0, o1 = [.1-.25 >= ...] = 0 -> -1
    expect(Array.from(predict(n, X))).toEqual([0, 1, 0, -1]);
    const both = net('step', { weights: [[0, 0], [0, 0]], bias: [1, 1] });
    expect(Array.from(predict(both, [0, 0]))).toEqual([-1]);
  });

  it('arg-max of scores breaks ties by the lowest index', () => {
    const n = net('score', { weights: [[1, 0], [0, 1]], bias: [0, 0] });
    expect(Array.from(classify(n, Float64Array.from([0.3, 0.3, 0.1, 0.2]), 2))).toEqual([0, 1]);
    expect(Array.from(predict(n, [2, 2, 0, 2]))).toEqual([0, 1]);
  });

  it('the step threshold sits in the middle of the margin', () => {
    const n = net('step', { weights: [[0, 0], [0, 0]], bias: [-4e-4, -6e-4] });
    expect(Array.from(predict(n, [0, 0]))).toEqual([0]);
  });

  it('accuracy and confusion matrix count no-class predictions as errors', () => {
    expect(accuracy([0, 1, -1, 1], [0, 1, 1, 0])).toBe(0.5);
    const c = confusionMatrix([0, 1, -1, 1], [0, 1, 1, 0], 2);
    expect(c.matrix).toEqual([[1, 1], [0, 1]]);
    expect(c.noClass).toEqual([0, 1]);
  });

  it('saves and loads a network, validating on load with clear errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mipnet-net-'));
    const p = join(dir, 'n.json');
    const n = net('score', { weights: [[1, 0], [0, 1]], bias: [0, 0.5] });
    saveNetwork(n, p);
    expect(loadNetwork(p)).toEqual(n);
    const bad = structuredClone(n) as unknown as { layers: { weights: number[][] }[] };
    bad.layers[0]!.weights[1] = [1];
    writeFileSync(p, JSON.stringify(bad));
    expect(() => loadNetwork(p)).toThrow(/layers\[0\]\.weights\[1\] must be 2 finite numbers/);
    expect(() => parseNetwork('{\n "format": "mipnet-network",\n oops }', 'x.json')).toThrow(ParseError);
    try {
      parseNetwork('{\n "format": "mipnet-network",\n oops }', 'x.json');
    } catch (e) {
      expect((e as ParseError).line).toBe(3);
    }
    expect(() => parseNetwork(JSON.stringify({ ...n, classes: ['a', 'b', 'c'] }))).toThrow(/2 outputs but there are 3 classes/);
    expect(() => parseNetwork(JSON.stringify({ ...n, format: 'other' }))).toThrow(/"format" must be "mipnet-network"/);
  });
});
