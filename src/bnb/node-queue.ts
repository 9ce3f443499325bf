import type { OpenNode } from './open-node.js';

/** Orders open nodes: negative when `a` should be processed before `b`. */
export type NodeComparator = (a: OpenNode, b: OpenNode) => number;

/** Best bound first (ties: deeper first, then lower id). */
export const bestBoundOrder: NodeComparator = (a, b) =>
  a.lowerBound - b.lowerBound || b.depth - a.depth || a.id - b.id;

/** Best estimate first (ties: best bound). */
export const bestEstimateOrder: NodeComparator = (a, b) =>
  a.estimate - b.estimate || a.lowerBound - b.lowerBound || a.id - b.id;

/** Deepest first (ties: best bound, then newest). */
export const depthFirstOrder: NodeComparator = (a, b) =>
  b.depth - a.depth || a.lowerBound - b.lowerBound || b.id - a.id;

/**
 * The open nodes, as a binary heap under a pluggable order. Tracks the smallest lower bound of all
 * queued nodes (the global dual bound, together with the node in process) for any order: cheap
 * when the order is best-bound, otherwise recomputed lazily after the minimum node leaves.
 */
export class NodeQueue {
  private heap: OpenNode[] = [];
  private readonly cmp: NodeComparator;
  private readonly boundOrdered: boolean;
  private minBound = Infinity;
  private minDirty = false;

  constructor(order: NodeComparator = bestBoundOrder) {
    this.cmp = order;
    this.boundOrdered = order === bestBoundOrder;
  }

  get size(): number {
    return this.heap.length;
  }

  push(node: OpenNode): void {
    const h = this.heap;
    h.push(node);
    this.siftUp(h.length - 1);
    if (!this.minDirty && node.lowerBound < this.minBound) this.minBound = node.lowerBound;
  }

  /** Removes and returns the first node in the order, or undefined when empty. */
  pop(): OpenNode | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    if (h.length === 0) {
      this.minBound = Infinity;
      this.minDirty = false;
    } else if (top.lowerBound <= this.minBound) {
      this.minDirty = true;
    }
    return top;
  }

  peek(): OpenNode | undefined {
    return this.heap[0];
  }

  /** Smallest lower bound over the queued nodes (Infinity when empty). */
  minLowerBound(): number {
    const h = this.heap;
    if (h.length === 0) return Infinity;
    if (this.boundOrdered) return h[0]!.lowerBound;
    if (this.minDirty) {
      let m = Infinity;
      for (let i = 0; i < h.length; i++) if (h[i]!.lowerBound < m) m = h[i]!.lowerBound;
      this.minBound = m;
      this.minDirty = false;
    }
    return this.minBound;
  }

  /**
   * Removes every node whose lower bound is >= cutoff. Returns how many were removed; `onPruned`
   * (optional) sees each removed node.
   */
  prune(cutoff: number, onPruned?: (node: OpenNode) => void): number {
    const h = this.heap;
    let w = 0;
    for (let i = 0; i < h.length; i++) {
      const node = h[i]!;
      if (node.lowerBound >= cutoff) {
        onPruned?.(node);
      } else {
        h[w++] = node;
      }
    }
    const removed = h.length - w;
    if (removed > 0) {
      h.length = w;
      for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i);
      this.minDirty = true;
    }
    return removed;
  }

  /** Removes all nodes and returns them (e.g. to hand them to workers). */
  drain(): OpenNode[] {
    const out = this.heap;
    this.heap = [];
    this.minBound = Infinity;
    this.minDirty = false;
    return out;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const node = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (this.cmp(node, parent) >= 0) break;
      h[i] = parent;
      i = p;
    }
    h[i] = node;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const node = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.cmp(h[c + 1]!, h[c]!) < 0) c++;
      if (this.cmp(h[c]!, node) >= 0) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = node;
  }
}
