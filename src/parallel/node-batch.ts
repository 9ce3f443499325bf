import type { OpenNode } from '../bnb/open-node.js';

/**
 * Many open nodes (src/bnb/open-node.ts) packed into flat typed arrays, so a reply with hundreds of
 * children crosses the thread boundary as a dozen typed arrays instead of hundreds of objects.
 * Node k's bound changes are entries start[k] .. start[k+1]-1 of cols/lower/upper/reasons/sources.
 */
export interface NodeBatch {
  count: number;
  start: Int32Array;
  cols: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  reasons: Uint8Array;
  sources: Int16Array;
  id: Float64Array;
  parentId: Float64Array;
  depth: Int32Array;
  lowerBound: Float64Array;
  estimate: Float64Array;
  branchCol: Int32Array;
  branchDir: Int8Array;
  branchDistance: Float64Array;
  parentObjective: Float64Array;
}

/** Packs nodes into flat arrays (order kept). */
export function packNodes(nodes: readonly OpenNode[]): NodeBatch {
  const count = nodes.length;
  let total = 0;
  for (const nd of nodes) total += nd.count;
  const b: NodeBatch = {
    count,
    start: new Int32Array(count + 1),
    cols: new Int32Array(total),
    lower: new Float64Array(total),
    upper: new Float64Array(total),
    reasons: new Uint8Array(total),
    sources: new Int16Array(total),
    id: new Float64Array(count),
    parentId: new Float64Array(count),
    depth: new Int32Array(count),
    lowerBound: new Float64Array(count),
    estimate: new Float64Array(count),
    branchCol: new Int32Array(count),
    branchDir: new Int8Array(count),
    branchDistance: new Float64Array(count),
    parentObjective: new Float64Array(count),
  };
  let p = 0;
  for (let k = 0; k < count; k++) {
    const nd = nodes[k]!;
    const c = nd.count;
    b.start[k] = p;
    b.cols.set(nd.cols.subarray(0, c), p);
    b.lower.set(nd.lower.subarray(0, c), p);
    b.upper.set(nd.upper.subarray(0, c), p);
    b.reasons.set(nd.reasons.subarray(0, c), p);
    b.sources.set(nd.sources.subarray(0, c), p);
    p += c;
    b.id[k] = nd.id;
    b.parentId[k] = nd.parentId;
    b.depth[k] = nd.depth;
    b.lowerBound[k] = nd.lowerBound;
    b.estimate[k] = nd.estimate;
    b.branchCol[k] = nd.branchCol;
    b.branchDir[k] = nd.branchDir;
    b.branchDistance[k] = nd.branchDistance;
    b.parentObjective[k] = nd.parentObjective;
  }
  b.start[count] = p;
  return b;
}

/** Node k of a batch, its arrays copied out (so the batch can be dropped). */
export function unpackNodeAt(b: NodeBatch, k: number): OpenNode {
  const s = b.start[k]!;
  const e = b.start[k + 1]!;
  return {
    id: b.id[k]!,
    parentId: b.parentId[k]!,
    depth: b.depth[k]!,
    lowerBound: b.lowerBound[k]!,
    estimate: b.estimate[k]!,
    count: e - s,
    cols: b.cols.slice(s, e),
    lower: b.lower.slice(s, e),
    upper: b.upper.slice(s, e),
    reasons: b.reasons.slice(s, e),
    sources: b.sources.slice(s, e),
    branchCol: b.branchCol[k]!,
    branchDir: b.branchDir[k]!,
    branchDistance: b.branchDistance[k]!,
    parentObjective: b.parentObjective[k]!,
  };
}

/** All nodes of a batch, in order. */
export function unpackNodes(b: NodeBatch): OpenNode[] {
  const out: OpenNode[] = [];
  for (let k = 0; k < b.count; k++) out.push(unpackNodeAt(b, k));
  return out;
}

/**
 * All nodes of a batch as views onto the batch's arrays (no copy; order kept): for the coordinator,
 * which only reads a node's bound changes (to pack them into a task again). Saves five typed-array
 * allocations per node, whose garbage collection on the main thread would otherwise take CPU from
 * the workers; a batch stays alive while one of its nodes is open. Callers must not write into the
 * arrays (a node that is changed in place needs unpackNodes).
 */
export function viewNodes(b: NodeBatch): OpenNode[] {
  const out: OpenNode[] = new Array<OpenNode>(b.count);
  for (let k = 0; k < b.count; k++) {
    const s = b.start[k]!;
    const e = b.start[k + 1]!;
    out[k] = {
      id: b.id[k]!,
      parentId: b.parentId[k]!,
      depth: b.depth[k]!,
      lowerBound: b.lowerBound[k]!,
      estimate: b.estimate[k]!,
      count: e - s,
      cols: b.cols.subarray(s, e),
      lower: b.lower.subarray(s, e),
      upper: b.upper.subarray(s, e),
      reasons: b.reasons.subarray(s, e),
      sources: b.sources.subarray(s, e),
      branchCol: b.branchCol[k]!,
      branchDir: b.branchDir[k]!,
      branchDistance: b.branchDistance[k]!,
      parentObjective: b.parentObjective[k]!,
    };
  }
  return out;
}
