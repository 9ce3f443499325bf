import { BoundReason } from './bound-reason.js';
/**
 * An open (unprocessed) node of the search tree: its bound changes from the model's bounds plus a
 * few numbers. Everything is typed arrays or numbers, so a node is cheap to queue and prune and can be
 * posted to a worker thread as is (structured clone) or packed with `packNode` / `unpackNode`.
 *
 * The LAST entry of the change list is the branching decision that created the node (when
 * `branchCol >= 0`); the earlier entries are the parent's domain (branchings, propagation and
 * reduced-cost fixings of its ancestors). All objective values are in minimisation sense.
 */
export interface OpenNode {
  /** serial number, unique within one search (root = 0) */
  id: number;
  /** id of the parent node (-1 for the root) */
  parentId: number;
  depth: number;
  /** valid lower bound of every solution in the subtree (parent LP, strong-branching probe, …) */
  lowerBound: number;
  /** estimated objective of the best solution in the subtree (best-estimate selection) */
  estimate: number;
  /** number of bound changes */
  count: number;
  cols: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  reasons: Uint8Array;
  sources: Int16Array;
  /** branching column (-1 for the root) */
  branchCol: number;
  /** -1 = down child (x <= floor), +1 = up child (x >= ceil), 0 = root */
  branchDir: number;
  /** distance the branching moved the parent's LP value (f for down, 1 - f for up) */
  branchDistance: number;
  /** the parent's LP objective (for pseudocost updates) */
  parentObjective: number;
}

/**
 * The root node: no changes, or room for `capacity` of them (a sub-MIP's root whose fixings the
 * caller writes into cols / lower / upper and sets `count`; reasons BRANCHING, sources −1).
 */
export function rootNode(lowerBound = -Infinity, capacity = 0): OpenNode {
  return {
    id: 0,
    parentId: -1,
    depth: 0,
    lowerBound,
    estimate: lowerBound,
    count: 0,
    cols: new Int32Array(capacity),
    lower: new Float64Array(capacity),
    upper: new Float64Array(capacity),
    reasons: new Uint8Array(capacity).fill(BoundReason.BRANCHING),
    sources: new Int16Array(capacity).fill(-1),
    branchCol: -1,
    branchDir: 0,
    branchDistance: 0,
    parentObjective: lowerBound,
  };
}

/** Bytes of one node's change arrays in a shared buffer (rounded up to a multiple of 8). */
export function nodeBytes(count: number): number {
  return (23 * count + 7) & ~7;
}

const HEADER = 10;

/**
 * Packs a node into one Float64Array (header of 10 numbers, then per change: col, lower, upper,
 * reason, source) for transfer to a worker thread.
 */
export function packNode(node: OpenNode): Float64Array {
  const out = new Float64Array(HEADER + 5 * node.count);
  out[0] = node.id;
  out[1] = node.parentId;
  out[2] = node.depth;
  out[3] = node.lowerBound;
  out[4] = node.estimate;
  out[5] = node.count;
  out[6] = node.branchCol;
  out[7] = node.branchDir;
  out[8] = node.branchDistance;
  out[9] = node.parentObjective;
  let p = HEADER;
  for (let k = 0; k < node.count; k++) {
    out[p++] = node.cols[k]!;
    out[p++] = node.lower[k]!;
    out[p++] = node.upper[k]!;
    out[p++] = node.reasons[k]!;
    out[p++] = node.sources[k]!;
  }
  return out;
}

/** Inverse of packNode. */
export function unpackNode(data: Float64Array): OpenNode {
  const count = data[5]!;
  const cols = new Int32Array(count);
  const lower = new Float64Array(count);
  const upper = new Float64Array(count);
  const reasons = new Uint8Array(count);
  const sources = new Int16Array(count);
  let p = HEADER;
  for (let k = 0; k < count; k++) {
    cols[k] = data[p++]!;
    lower[k] = data[p++]!;
    upper[k] = data[p++]!;
    reasons[k] = data[p++]!;
    sources[k] = data[p++]!;
  }
  return {
    id: data[0]!,
    parentId: data[1]!,
    depth: data[2]!,
    lowerBound: data[3]!,
    estimate: data[4]!,
    count,
    cols,
    lower,
    upper,
    reasons,
    sources,
    branchCol: data[6]!,
    branchDir: data[7]!,
    branchDistance: data[8]!,
    parentObjective: data[9]!,
  };
}
