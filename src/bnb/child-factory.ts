import { BoundReason } from './bound-reason.js';
import type { Domain } from './domain.js';
import { nodeBytes, type OpenNode } from './open-node.js';

/** What the two children of a branching get besides their bound changes (filled in by the caller, reused). */
export interface ChildSpec {
  /** fractional part of the branched value (pseudocost learning), NaN: the children learn nothing */
  frac: number;
  /** LP objective of the parent (pseudocost learning), NaN when none */
  parentObjective: number;
  downBound: number;
  upBound: number;
  downEstimate: number;
  upEstimate: number;
}

/**
 * Makes the children of the node in process: each child is the current domain's difference from
 * the model's bounds plus the branching change, appended last, in one ArrayBuffer for both
 * children. Also remembers the node branched last and its children, so that the node processor
 * can apply only the branching change to a direct child processed next (by identity: a node that
 * came from another thread is never taken for one). Node ids start at `idStart` and step by
 * `idStride` (disjoint ranges for different searches).
 */
export class ChildFactory {
  /** reused by the caller to describe the next split */
  readonly spec: ChildSpec = { frac: NaN, parentObjective: NaN, downBound: -Infinity, upBound: -Infinity, downEstimate: -Infinity, upEstimate: -Infinity };
  private nextId: number;
  private readonly stride: number;
  private readonly cols: Int32Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly reasons: Uint8Array;
  private readonly sources: Int16Array;
  private readonly seen: Int32Array;
  private lastParent = -1;
  private childA: OpenNode | undefined;
  private childB: OpenNode | undefined;

  constructor(numCols: number, idStart = 1, idStride = 1) {
    this.nextId = idStart;
    this.stride = idStride;
    this.cols = new Int32Array(numCols);
    this.lower = new Float64Array(numCols);
    this.upper = new Float64Array(numCols);
    this.reasons = new Uint8Array(numCols);
    this.sources = new Int16Array(numCols);
    this.seen = new Int32Array(numCols).fill(-1);
  }

  /** Restarts node ids at `nextId` (a deterministic worker task). */
  restartIds(nextId: number): void {
    this.nextId = nextId;
  }

  /** Whether `node` is one of the two children made last (its domain is the current one plus its branching change). */
  isChildOfLast(node: OpenNode): boolean {
    return node.parentId === this.lastParent && (node === this.childA || node === this.childB) && node.count > 0;
  }

  /** Forgets the children made last (the domain no longer is their parent's). */
  forget(): void {
    this.lastParent = -1;
    this.childA = undefined;
    this.childB = undefined;
  }

  /**
   * The children of `parent` splitting integer column `col` of `domain` at `split`: down
   * x ≤ split, up x ≥ split + 1, with bounds and estimates from `spec`. Returns [down, up].
   */
  split(domain: Domain, parent: OpenNode, col: number, split: number): [OpenNode, OpenNode] {
    const cnt = domain.diffFromModel(this.cols, this.lower, this.upper, this.reasons, this.sources, this.seen, col);
    const s = this.spec;
    const learn = Number.isFinite(s.frac);
    const bytes = nodeBytes(cnt + 1);
    const buffer = new ArrayBuffer(2 * bytes);
    const down = this.child(parent, cnt, buffer, 0, col, domain.lower[col]!, split, learn ? -1 : 0, learn ? s.frac : 0, s.downBound, s.downEstimate);
    const up = this.child(parent, cnt, buffer, bytes, col, split + 1, domain.upper[col]!, learn ? 1 : 0, learn ? 1 - s.frac : 0, s.upBound, s.upEstimate);
    this.lastParent = parent.id;
    this.childA = down;
    this.childB = up;
    return [down, up];
  }

  private child(
    parent: OpenNode,
    count: number,
    buffer: ArrayBuffer,
    offset: number,
    col: number,
    lo: number,
    up: number,
    dir: number,
    distance: number,
    bound: number,
    estimate: number,
  ): OpenNode {
    const n = count + 1;
    const lower = new Float64Array(buffer, offset, n);
    const upper = new Float64Array(buffer, offset + 8 * n, n);
    const cols = new Int32Array(buffer, offset + 16 * n, n);
    const sources = new Int16Array(buffer, offset + 20 * n, n);
    const reasons = new Uint8Array(buffer, offset + 22 * n, n);
    cols.set(this.cols.subarray(0, count));
    lower.set(this.lower.subarray(0, count));
    upper.set(this.upper.subarray(0, count));
    reasons.set(this.reasons.subarray(0, count));
    sources.set(this.sources.subarray(0, count));
    cols[count] = col;
    lower[count] = lo;
    upper[count] = up;
    reasons[count] = BoundReason.BRANCHING;
    sources[count] = -1;
    const id = this.nextId;
    this.nextId += this.stride;
    return {
      id,
      parentId: parent.id,
      depth: parent.depth + 1,
      lowerBound: bound,
      estimate,
      count: n,
      cols,
      lower,
      upper,
      reasons,
      sources,
      branchCol: col,
      branchDir: dir,
      branchDistance: distance,
      parentObjective: this.spec.parentObjective,
    };
  }
}
