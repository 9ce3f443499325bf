import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { grown, removeSorted, RowBatch, RowDeletion } from '../../src/lp/lp-rows.js';

describe('lp-rows helpers', () => {
  it('RowBatch copies a CSR batch rebased to start 0 and reuses its buffers', () => {
    const b = new RowBatch();
    // starts at offset 2 of the index/value arrays; a column may repeat across rows, not within one
    b.load('add rows', 4, 2, [-1, 0], [1, Infinity], [2, 4, 5], [9, 9, 0, 3, 0], [9, 9, 1.5, -2, 4]);
    expect(b.count).toBe(2);
    expect(b.nz).toBe(3);
    expect(Array.from(b.starts.subarray(0, 3))).toEqual([0, 2, 3]);
    expect(Array.from(b.indices.subarray(0, 3))).toEqual([0, 3, 0]);
    expect(Array.from(b.values.subarray(0, 3))).toEqual([1.5, -2, 4]);
    expect(Array.from(b.upper.subarray(0, 2))).toEqual([1, Infinity]);
    const indices = b.indices;
    b.load('add rows', 4, 1, [0], [1], [0, 1], [2], [1]);
    expect(b.indices).toBe(indices);
    expect(() => b.load('add rows', 4, 1, [0], [1], [0, 2], [1, 1], [1, 1])).toThrow(/column 1 appears twice/);
    expect(() => b.load('add rows', 4, 1, [0], [1], [-1, 0], [], [])).toThrow(LpBackendError);
  });

  it('RowDeletion sorts and checks; removeSorted compacts; grown keeps a prefix', () => {
    const d = new RowDeletion();
    d.load('delete rows', [6, 3, 4], 2, 8);
    expect(Array.from(d.rows.subarray(0, d.count))).toEqual([3, 4, 6]);
    expect(() => d.load('delete rows', [1], 2, 8)).toThrow(/row of the model/);
    const a = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(removeSorted(a, 8, Int32Array.from([3, 4, 6]), 3)).toBe(5);
    expect(Array.from(a.subarray(0, 5))).toEqual([0, 1, 2, 5, 7]);
    expect(removeSorted(a, 5, Int32Array.from([0]), 0)).toBe(5);
    const g = grown(Int32Array.from([4, 5]), 3, 2);
    expect(g.length).toBeGreaterThanOrEqual(3);
    expect(Array.from(g.subarray(0, 2))).toEqual([4, 5]);
  });
});
