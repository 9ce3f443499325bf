import { describe, it, expect } from 'vitest';
import { bestBoundOrder, bestEstimateOrder, depthFirstOrder, NodeQueue } from '../../src/bnb/node-queue.js';
import { ChildFactory } from '../../src/bnb/child-factory.js';
import { Domain } from '../../src/bnb/domain.js';
import { nodeBytes, packNode, rootNode, unpackNode, type OpenNode } from '../../src/bnb/open-node.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
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

describe('OpenNode and ChildFactory', () => {
  /** A model with 12 integer columns in [-5, 5] and no rows; a Domain with a few changes from its bounds. */
  function domainWithChanges(): Domain {
    const b = new ModelBuilder('box');
    for (let j = 0; j < 12; j++) b.addColumn({ name: `x${j}`, lower: -5, upper: 5, integer: true, cost: 1 });
    const d = new Domain(b.build());
    d.tighten(4, 1, 1, BoundReason.PROPAGATION, 2);
    d.tighten(2, 1, 3, BoundReason.BRANCHING, -1);
    d.tighten(7, -2, 5, BoundReason.REDUCED_COST, 5);
    return d;
  }

  it('children carry the domain diff, append the branching change last and pack/unpack losslessly', () => {
    const d = domainWithChanges();
    const f = new ChildFactory(12, 7, 2);
    Object.assign(f.spec, { frac: 0.4, parentObjective: 12.5, downBound: 13, upBound: 14, downEstimate: 15, upEstimate: 16 });
    const parent = { ...rootNode(), id: 3, depth: 2 };
    const [down, up] = f.split(d, parent, 9, 0);
    expect([down.id, up.id]).toEqual([7, 9]); // ids start at 7, step 2
    expect([down.parentId, down.depth, up.depth]).toEqual([3, 3, 3]);
    expect(down.count).toBe(4);
    // the diff, newest change first, then the branching change
    expect(Array.from(down.cols)).toEqual([7, 2, 4, 9]);
    expect(Array.from(down.lower)).toEqual([-2, 1, 1, -5]);
    expect(Array.from(down.upper)).toEqual([5, 3, 1, 0]);
    expect(Array.from(up.lower)).toEqual([-2, 1, 1, 1]);
    expect(Array.from(up.upper)).toEqual([5, 3, 1, 5]);
    expect(Array.from(down.sources)).toEqual([5, -1, 2, -1]);
    expect(Array.from(up.reasons)).toEqual([BoundReason.REDUCED_COST, BoundReason.BRANCHING, BoundReason.PROPAGATION, BoundReason.BRANCHING]);
    expect([down.branchDir, down.branchDistance, up.branchDir, up.branchDistance]).toEqual([-1, 0.4, 1, 1 - 0.4]);
    expect([down.lowerBound, up.lowerBound, down.estimate, up.estimate, down.parentObjective]).toEqual([13, 14, 15, 16, 12.5]);
    // both children's arrays live in one buffer without overlapping
    expect(down.cols.buffer).toBe(up.cols.buffer);
    expect(nodeBytes(4) % 8).toBe(0);
    const copy = (n: OpenNode): OpenNode => ({ ...n, cols: n.cols.slice(), lower: n.lower.slice(), upper: n.upper.slice(), reasons: n.reasons.slice(), sources: n.sources.slice() });
    expect(unpackNode(packNode(up))).toEqual(copy(up));
    expect(unpackNode(packNode(down))).toEqual(copy(down));
    // the factory knows its last two children by identity only
    expect(f.isChildOfLast(down)).toBe(true);
    expect(f.isChildOfLast(copy(down))).toBe(false);
    f.forget();
    expect(f.isChildOfLast(up)).toBe(false);
  });

  it('a split without a fractional value gives children that learn no pseudocosts', () => {
    const f = new ChildFactory(12);
    Object.assign(f.spec, { frac: NaN, parentObjective: NaN, downBound: -3, upBound: -3, downEstimate: -3, upEstimate: -3 });
    const [a, b] = f.split(domainWithChanges(), rootNode(), 0, -1);
    expect([a.branchDir, a.branchDistance, b.branchDir]).toEqual([0, 0, 0]);
    expect([a.upper[a.count - 1], b.lower[b.count - 1]]).toEqual([-1, 0]);
  });
});
