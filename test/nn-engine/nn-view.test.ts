import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { buildNnView, getNnView } from '../../src/nn-engine/nn-view.js';
import { blobs, tinyModel } from './nn-fixtures.js';

describe('NnView', () => {
  it('recovers data, labels, epsilon and the loss of a step/xor model', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 12, hidden: [2], seed: 2, epsilon: 0.002 });
    const v = getNnView(tm.model)!;
    expect(v).not.toBeNull();
    expect(v.samples).toBe(12);
    expect(v.features).toBe(4);
    expect(Array.from(v.X)).toEqual(Array.from(tm.problem.X));
    expect(Array.from(v.labels)).toEqual(Array.from(tm.problem.y));
    expect(v.epsilon).toBeCloseTo(0.002, 12);
    expect(v.loss).toBe('xor');
    expect(v.layers.map((l) => [l.activation, l.width, l.permutable])).toEqual([
      ['step', 2, true],
      ['step', 3, false],
    ]);
    // default symmetry breaking orders biases: orbitopal fixing must stay off there
    expect(v.layers[0]!.orbitopeCompatible).toBe(false);
    expect(getNnView(tm.model)).toBe(v);
  });

  it('reads zero-one labels from the margin rows and flags layers without bias rows', async () => {
    const tm = await tinyModel({ dataset: blobs(3, 9, 3), hidden: [2], loss: 'zero-one', symmetryBreaking: false });
    const v = buildNnView(tm.model)!;
    expect(v.loss).toBe('zero-one');
    expect(Array.from(v.labels)).toEqual(Array.from(tm.problem.y));
    expect(v.margin).toBeCloseTo(tm.problem.margin, 12);
    expect(v.layers[0]!.orbitopeCompatible).toBe(true);
    expect(v.patternCols.length).toBe(2 * 9 + 9);
  });

  it('is null for a model without structure', () => {
    const b = new ModelBuilder('plain');
    b.addBinary('x', 1);
    expect(getNnView(b.build())).toBeNull();
  });
});
