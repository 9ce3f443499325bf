import { describe, it, expect } from 'vitest';
import { MipnetError } from '../../src/errors.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { NetworkStructure } from '../../src/model/structure.js';
import { decodeModelBuffer, encodeModelBuffer, readModelBufferHeader, MODEL_BUFFER_VERSION } from '../../src/parallel/model-buffer.js';
import { knapsack } from './fixtures.js';

function taggedModel() {
  const b = new ModelBuilder('tagged "model" ü');
  b.sense = 'maximize';
  b.objectiveOffset = -2.5;
  const w = b.addColumn({ name: 'w[0,0]', lower: -1, upper: 1, cost: 0.5, tag: { kind: ColumnKind.WEIGHT, layer: 1, neuron: 0, sample: 0 } });
  const a = b.addBinary('a[0]', 1, { kind: ColumnKind.ACTIVATION, layer: 1, neuron: 0, sample: 3 });
  const z = b.addColumn({ name: 'z', lower: -Infinity, upper: Infinity, cost: 0 });
  const y = b.addColumn({ name: 'y', lower: 0, upper: 7, integer: true, cost: -1 });
  b.addRow({ name: 'r0', lower: -Infinity, upper: 3 }, [w, a, y], [1, -2, 0.25]);
  b.addRow({ name: 'r1', lower: 1, upper: 1 }, [z, y], [1, 1]);
  b.addRow({ name: 'empty', lower: -1, upper: 1 }, [], []);
  const structure: NetworkStructure = {
    description: '1-1 step',
    samples: 4,
    layers: [
      {
        layer: 1,
        activation: 'step',
        permutable: false,
        orderingRows: Int32Array.from([0]),
        neurons: [
          {
            layer: 1,
            neuron: 0,
            weightCols: Int32Array.from([w]),
            biasCol: -1,
            killCol: -1,
            activationCols: Int32Array.from([-1, -1, -1, a]),
            preActivationCols: Int32Array.from([-1, -1, -1, -1]),
          },
        ],
      },
    ],
  };
  b.structure = structure;
  return b.build();
}

describe('model buffer', () => {
  it('round-trips every array, name, tag and the structure', () => {
    const m = taggedModel();
    const buf = encodeModelBuffer(m);
    expect(buf).toBeInstanceOf(SharedArrayBuffer);
    const d = decodeModelBuffer(buf);
    expect(d.name).toBe(m.name);
    expect(d.sense).toBe('maximize');
    expect(d.objectiveOffset).toBe(-2.5);
    expect(d.numCols).toBe(m.numCols);
    expect(d.numRows).toBe(m.numRows);
    for (const key of ['colCost', 'colLower', 'colUpper', 'integrality', 'rowLower', 'rowUpper', 'colStart', 'rowIndex', 'value', 'tagKind', 'tagLayer', 'tagNeuron', 'tagSample'] as const) {
      expect(Array.from(d[key]), key).toEqual(Array.from(m[key]));
      expect(d[key].constructor, key).toBe(m[key].constructor);
    }
    expect(d.colNames).toEqual(m.colNames);
    expect(d.rowNames).toEqual(m.rowNames);
    expect(d.colUpper[2]).toBe(Infinity);
    expect(d.colLower[2]).toBe(-Infinity);
    const s = d.structure!;
    expect(s.description).toBe('1-1 step');
    expect(s.layers[0]!.orderingRows).toBeInstanceOf(Int32Array);
    expect(Array.from(s.layers[0]!.neurons[0]!.activationCols)).toEqual([-1, -1, -1, 1]);
    expect(s.layers[0]!.neurons[0]!.weightCols).toBeInstanceOf(Int32Array);
    expect(d.tag(1)).toEqual(m.tag(1));
    // derived computations agree
    const x = [0.5, 1, 0, 1];
    expect(d.objectiveOf(x)).toBe(m.objectiveOf(x));
    expect(d.maxViolation(x)).toEqual(m.maxViolation(x));
  });

  it('decodes the numeric arrays as views onto the shared buffer (no copy)', () => {
    const m = knapsack(7, 40, 3);
    const buf = encodeModelBuffer(m);
    const d = decodeModelBuffer(buf);
    for (const arr of [d.colCost, d.colLower, d.colUpper, d.value, d.colStart, d.rowIndex, d.integrality, d.tagKind]) {
      expect(arr.buffer).toBe(buf);
    }
    // a write through the buffer is visible in the decoded model (same memory)
    const again = decodeModelBuffer(buf);
    again.colCost[0] = 12345;
    expect(d.colCost[0]).toBe(12345);
    expect(m.colCost[0]).not.toBe(12345);
  });

  it('handles a model without structure, rows or columns', () => {
    const empty = new ModelBuilder('empty').build();
    const d = decodeModelBuffer(encodeModelBuffer(empty));
    expect(d.numCols).toBe(0);
    expect(d.numRows).toBe(0);
    expect(d.structure).toBeUndefined();
    expect(Array.from(d.colStart)).toEqual([0]);
  });

  it('rejects bad magic, another version and truncated buffers with MipnetError', () => {
    const buf = encodeModelBuffer(knapsack(1, 5));
    expect(readModelBufferHeader(buf).version).toBe(MODEL_BUFFER_VERSION);

    const badMagic = new SharedArrayBuffer(buf.byteLength);
    new Uint8Array(badMagic).set(new Uint8Array(buf));
    new DataView(badMagic).setUint32(0, 0xdeadbeef, true);
    expect(() => decodeModelBuffer(badMagic)).toThrow(MipnetError);
    expect(() => decodeModelBuffer(badMagic)).toThrow(/bad magic/);

    const future = new SharedArrayBuffer(buf.byteLength);
    new Uint8Array(future).set(new Uint8Array(buf));
    new DataView(future).setUint32(4, MODEL_BUFFER_VERSION + 1, true);
    expect(() => decodeModelBuffer(future)).toThrow(/version 2 is not supported/);

    expect(() => decodeModelBuffer(new SharedArrayBuffer(16))).toThrow(/shorter than/);
    const cut = new ArrayBuffer(buf.byteLength - 24);
    new Uint8Array(cut).set(new Uint8Array(buf).subarray(0, cut.byteLength));
    expect(() => decodeModelBuffer(cut)).toThrow(MipnetError);
  });
});
