import { describe, it, expect } from 'vitest';
import { bestBoundOrder, bestEstimateOrder, depthFirstOrder, NodeQueue } from '../../src/bnb/node-queue.js';
import { makeChildNode, nodeBytes, packNode, rootNode, unpackNode, type OpenNode } from '../../src/bnb/open-node.js';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { mulberry32 } from './helpers.js';

function node(id: number, lowerBound: number, estimate: number, depth: number): OpenNode {
  return { ...rootNode(lowerBound), id, parentId: 0, estimate, depth };
}

function randomNodes(seed: number, n: number): OpenNode[] {
  const rng = mulberry32(seed);
  const out: OpenNode[] = [];
  for (let i = 0; i < n; i++) out.push(node(i + 1, Math.floor(rng() * 50), Math.floor(rng() * 80), Math.floor(rng() * 10)));
  return out;
}

describe('NodeQueue', () => {
  for (const [name, order] of [
    ['best-bound', bestBoundOrder],
    ['best-estimate', bestEstimateOrder],
    ['depth-first', depthFirstOrder],
  ] as const) {
    it(`pops in ${name} order and tracks the minimum lower bound`, () => {
      const nodes = randomNodes(11, 200);
      const q = new NodeQueue(order);
      for (const n of nodes) q.push(n);
      expect(q.size).toBe(200);
      const expected = nodes.slice().sort(order);
      const got: OpenNode[] = [];
      for (;;) {
        const remainingMin = Math.min(...expected.slice(got.length).map((n) => n.lowerBound));
        expect(q.minLowerBound()).toBe(got.length === expected.length ? Infinity : remainingMin);
        const n = q.pop();
        if (!n) break;
        got.push(n);
      }
      expect(got.map((n) => n.id)).toEqual(expected.map((n) => n.id));
    });
  }

  it('prune removes nodes with bound >= cutoff and keeps the heap valid', () => {
    const nodes = randomNodes(5, 100);
    const q = new NodeQueue(depthFirstOrder);
    for (const n of nodes) q.push(n);
    const pruned: number[] = [];
    const removed = q.prune(25, (n) => pruned.push(n.lowerBound));
    const keep = nodes.filter((n) => n.lowerBound < 25).sort(depthFirstOrder);
    expect(removed).toBe(100 - keep.length);
    expect(pruned.every((b) => b >= 25)).toBe(true);
    expect(q.minLowerBound()).toBe(Math.min(...keep.map((n) => n.lowerBound)));
    const got: number[] = [];
    for (let n = q.pop(); n; n = q.pop()) got.push(n.id);
    expect(got).toEqual(keep.map((n) => n.id));
  });
});

describe('OpenNode', () => {
  it('child nodes append the branching change last and pack/unpack losslessly', () => {
    const cols = Int32Array.of(4, 2);
    const lo = Float64Array.of(1, 0);
    const up = Float64Array.of(1, 3);
    const rs = Uint8Array.of(BoundReason.PROPAGATION, BoundReason.BRANCHING);
    const ss = Int16Array.of(2, -1);
    const c = makeChildNode(7, 3, 2, 2, cols, lo, up, rs, ss, 9, 0, 0, BoundReason.BRANCHING, -1, 0.4, 12.5, 13, 14);
    expect(c.count).toBe(3);
    expect(c.cols[2]).toBe(9);
    expect(c.upper[2]).toBe(0);
    const back = unpackNode(packNode(c));
    expect(back).toEqual(c);
  });

  it('two children can share one ArrayBuffer without overlapping', () => {
    const cols = Int32Array.of(4, 2, 7);
    const lo = Float64Array.of(1, 0, -2);
    const up = Float64Array.of(1, 3, 5);
    const rs = Uint8Array.of(2, 1, 4);
    const ss = Int16Array.of(2, -1, 5);
    const bytes = nodeBytes(4);
    expect(bytes % 8).toBe(0);
    const buf = new ArrayBuffer(2 * bytes);
    const a = makeChildNode(1, 0, 1, 3, cols, lo, up, rs, ss, 9, 0, 0, BoundReason.BRANCHING, -1, 0.5, 0, 0, 0, buf, 0);
    const b = makeChildNode(2, 0, 1, 3, cols, lo, up, rs, ss, 9, 1, 1, BoundReason.BRANCHING, 1, 0.5, 0, 0, 0, buf, bytes);
    expect(Array.from(a.cols)).toEqual([4, 2, 7, 9]);
    expect(Array.from(b.cols)).toEqual([4, 2, 7, 9]);
    expect(Array.from(a.upper)).toEqual([1, 3, 5, 0]);
    expect(Array.from(b.lower)).toEqual([1, 0, -2, 1]);
    expect(Array.from(a.sources)).toEqual([2, -1, 5, -1]);
    expect(Array.from(b.reasons)).toEqual([2, 1, 4, BoundReason.BRANCHING]);
    expect(unpackNode(packNode(b))).toEqual({ ...b, cols: b.cols.slice(), lower: b.lower.slice(), upper: b.upper.slice(), reasons: b.reasons.slice(), sources: b.sources.slice() });
  });
});

