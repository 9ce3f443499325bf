import { describe, it, expect } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import { ModelBuilder } from '../../src/model/model-builder.js';

function model() {
  const b = new ModelBuilder('d');
  b.addBinary('a');
  b.addColumn({ name: 'n', lower: -5, upper: 5, integer: true });
  b.addColumn({ name: 'c', lower: 0, upper: 10 });
  return b.build();
}

describe('Domain', () => {
  it('tightens, rounds integer bounds inward and refuses empty domains', () => {
    const d = new Domain(model());
    expect(d.tightenLower(1, -2.3, BoundReason.PROPAGATION, 3)).toBe(1);
    expect(d.lower[1]).toBe(-2);
    expect(d.tightenUpper(1, 1.9999999, BoundReason.PROPAGATION, 3)).toBe(1);
    expect(d.upper[1]).toBe(2); // within integrality tolerance of 2
    expect(d.tightenUpper(1, 1.5, BoundReason.BRANCHING, -1)).toBe(1);
    expect(d.upper[1]).toBe(1);
    expect(d.tightenLower(1, -3, BoundReason.PROPAGATION, 3)).toBe(0); // looser: no change
    expect(d.tightenLower(1, 1.5, BoundReason.PROPAGATION, 3)).toBe(-1); // ceil 2 > upper 1
    expect(d.lower[1]).toBe(-2);
    expect(d.tightenLower(2, 3.25, BoundReason.PROPAGATION, 3)).toBe(1);
    expect(d.lower[2]).toBe(3.25); // continuous: not rounded
    expect(d.tighten(2, 4, 3.9, BoundReason.BRANCHING, -1)).toBe(-1);
  });

  it('undo to a mark restores the bounds of that moment', () => {
    const d = new Domain(model());
    d.tightenUpper(0, 0, BoundReason.BRANCHING, -1);
    const m = d.mark();
    d.tightenLower(1, 0, BoundReason.PROPAGATION, 1);
    d.tightenUpper(1, 3, BoundReason.PROPAGATION, 1);
    d.tighten(2, 1, 2, BoundReason.REDUCED_COST, 2);
    expect(d.trailLength).toBe(4);
    d.undo(m);
    expect(d.trailLength).toBe(1);
    expect([d.lower[1], d.upper[1], d.lower[2], d.upper[2]]).toEqual([-5, 5, 0, 10]);
    expect(d.upper[0]).toBe(0);
    d.undo(0);
    expect(d.upper[0]).toBe(1);
    expect(d.trailLength).toBe(0);
  });

  it('explain returns the chain of changes on a column with reasons and sources', () => {
    const d = new Domain(model());
    d.tightenLower(1, -1, BoundReason.BRANCHING, -1);
    d.tightenUpper(0, 0, BoundReason.PROPAGATION, 7);
    d.tightenUpper(1, 2, BoundReason.PROPAGATION, 4);
    d.tightenUpper(1, 0, BoundReason.REDUCED_COST, 5);
    const chain = d.explain(1);
    expect(chain.map((c) => c.reason)).toEqual([BoundReason.BRANCHING, BoundReason.PROPAGATION, BoundReason.REDUCED_COST]);
    expect(chain.map((c) => c.source)).toEqual([-1, 4, 5]);
    expect(chain[0]).toMatchObject({ oldLower: -5, oldUpper: 5, newLower: -1, newUpper: 5 });
    expect(chain[1]).toMatchObject({ oldLower: -1, oldUpper: 5, newLower: -1, newUpper: 2 });
    expect(chain[2]).toMatchObject({ oldUpper: 2, newUpper: 0 });
    expect(d.explain(2)).toEqual([]);
    expect(d.explain(0)[0]!.source).toBe(7);
  });

  it('diffFromModel lists each changed column once with its current bounds', () => {
    const d = new Domain(model());
    d.tightenLower(1, -1, BoundReason.BRANCHING, -1);
    d.tightenUpper(1, 2, BoundReason.PROPAGATION, 4);
    d.tighten(2, 1, 9, BoundReason.PROPAGATION, 4);
    d.tightenUpper(0, 0, BoundReason.BRANCHING, -1);
    const n = 3;
    const cols = new Int32Array(n);
    const lo = new Float64Array(n);
    const up = new Float64Array(n);
    const rs = new Uint8Array(n);
    const ss = new Int16Array(n);
    const seen = new Int32Array(n).fill(-1);
    const k = d.diffFromModel(cols, lo, up, rs, ss, seen, 0);
    expect(k).toBe(2);
    const got = new Map<number, [number, number, number]>();
    for (let i = 0; i < k; i++) got.set(cols[i]!, [lo[i]!, up[i]!, rs[i]!]);
    expect(got.get(1)).toEqual([-1, 2, BoundReason.PROPAGATION]);
    expect(got.get(2)).toEqual([1, 9, BoundReason.PROPAGATION]);
    expect(Array.from(seen)).toEqual([-1, -1, -1]);
  });

  it('grows the trail beyond its initial capacity and still undoes exactly', () => {
    const d = new Domain(model());
    const m = d.mark();
    for (let i = 0; i < 500; i++) d.tightenUpper(2, 10 - (i + 1) * 0.01, BoundReason.PROPAGATION, 1);
    expect(d.trailLength).toBe(500);
    expect(d.upper[2]).toBeCloseTo(5, 9);
    d.undo(m);
    expect(d.upper[2]).toBe(10);
  });

  it('records the explaining constraint of each change (-1 by default), through trail growth and undo', () => {
    const d = new Domain(model());
    for (let k = 0; k < 200; k++) expect(d.tightenUpper(2, 10 - 0.01 * (k + 1), BoundReason.PROPAGATION, 3, k % 7)).toBe(1);
    expect(d.tightenLower(1, -1, BoundReason.BRANCHING, -1)).toBe(1);
    expect(d.trailExplain(0)).toBe(0);
    expect(d.trailExplain(199)).toBe(199 % 7);
    expect(d.trailExplain(200)).toBe(-1);
    expect(d.trailOldUpper(1)).toBeCloseTo(9.99, 12);
    const chain = d.explain(2);
    expect(chain.length).toBe(200);
    expect(chain[13]!.explain).toBe(13 % 7);
    expect(d.explain(1)[0]!.explain).toBe(-1);
    d.undo(5);
    expect(d.tighten(2, 0, 1, BoundReason.PROPAGATION, 3, 42)).toBe(1);
    expect(d.trailExplain(5)).toBe(42);
    expect(d.globalUpper(2)).toBe(10);
  });
});
