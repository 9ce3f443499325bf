import type { Model } from '../model/model.js';
import type { SharedResource, SolveContext } from './plugins.js';

/** Limits of the conflict graph's construction. */
export interface ConflictGraphOptions {
  /** rows longer than this are skipped */
  maxRowLength: number;
  /** pairwise edges (beyond a row's clique) taken from one row at most, the largest-coefficient pairs first */
  maxEdgesPerRow: number;
  /** pairwise edges in all at most */
  maxEdges: number;
}

export const DEFAULT_CONFLICT_GRAPH_OPTIONS: ConflictGraphOptions = {
  maxRowLength: 100000,
  maxEdgesPerRow: 2000,
  maxEdges: 1000000,
};

/** Key of the graph among a solve's shared resources. */
const SHARED_KEY = 'bnb/conflict-graph';

/** A binary literal: 2j is x_j = 1, 2j + 1 is x_j = 0 (its value at a point x is x_j or 1 - x_j). */
export function literal(col: number, value: 0 | 1): number {
  return 2 * col + (value === 1 ? 0 : 1);
}

/** True when column j is binary in the model's global bounds. */
export function isBinary(model: Model, j: number): boolean {
  return model.integrality[j] === 1 && model.colLower[j] === 0 && model.colUpper[j] === 1;
}

/**
 * The conflict graph over the binary literals of a model: two literals conflict when no feasible
 * point has both true. Built once from the rows under the model's global bounds: a side of a row,
 * written sum_k w_k lit_k + (rest) <= c with w_k > 0 (a negative coefficient on x_k makes the
 * literal x_k = 0), makes literals p and q conflict when minact + w_p + w_q > c, minact being the
 * row's minimum activity. With the literals sorted by w, the first t of them (those with
 * w_{t-1} + w_t beyond the slack) form a clique, kept once in the clique table (a set-packing row
 * sum x <= 1 is one such clique and is flagged as a model row); every later literal conflicts
 * with a prefix of the clique only, and those pairs go, largest coefficients first and capped per
 * row, to the pairwise adjacency (CSR, sorted, deduplicated). Conflicts are claimed only with a
 * margin of 1e-6 (relative), so points that violate a row by the engine's tolerance keep them.
 */
export class ConflictGraph implements SharedResource {
  readonly numLiterals: number;
  /** clique table (CSR): clique c is cliqueLits[cliqueStart[c] .. cliqueStart[c+1]-1] */
  readonly cliqueStart: Int32Array;
  readonly cliqueLits: Int32Array;
  /** 1 when clique c is a set-packing row of the model itself (its inequality is a model row) */
  readonly cliqueIsRow: Uint8Array;
  /** the cliques of each literal (CSR over literals) */
  readonly litCliqueStart: Int32Array;
  readonly litCliques: Int32Array;
  /** pairwise adjacency (CSR over literals, sorted, no duplicates) */
  readonly adjStart: Int32Array;
  readonly adj: Int32Array;

  private constructor(numLiterals: number, cliqueStart: Int32Array, cliqueLits: Int32Array, cliqueIsRow: Uint8Array, adjStart: Int32Array, adj: Int32Array) {
    this.numLiterals = numLiterals;
    this.cliqueStart = cliqueStart;
    this.cliqueLits = cliqueLits;
    this.cliqueIsRow = cliqueIsRow;
    this.adjStart = adjStart;
    this.adj = adj;
    const count = new Int32Array(numLiterals + 1);
    for (let k = 0; k < cliqueLits.length; k++) count[cliqueLits[k]! + 1]!++;
    for (let p = 0; p < numLiterals; p++) count[p + 1]! += count[p]!;
    this.litCliqueStart = count;
    this.litCliques = new Int32Array(cliqueLits.length);
    const fill = count.slice(0, numLiterals);
    for (let c = 0; c + 1 < cliqueStart.length; c++) {
      for (let k = cliqueStart[c]!; k < cliqueStart[c + 1]!; k++) this.litCliques[fill[cliqueLits[k]!]!++] = c;
    }
  }

  /** The graph of this solve and thread, built by the first plugin that asks (shared by the separators). */
  static shared(ctx: SolveContext): ConflictGraph {
    return ctx.shared(SHARED_KEY, () => ConflictGraph.build(ctx.model));
  }

  /** Builds the graph from the model's rows and global bounds. */
  static build(model: Model, options: ConflictGraphOptions = DEFAULT_CONFLICT_GRAPH_OPTIONS): ConflictGraph {
    const n = model.numCols;
    const rm = model.rowMatrix();
    const lits = new Int32Array(n);
    const w = new Float64Array(n);
    const order = new Int32Array(n);
    const cliqueStart: number[] = [0];
    const cliqueLits: number[] = [];
    const cliqueIsRow: number[] = [];
    const edges: number[] = []; // pairs p, q
    const side = (a: number, b: number, sign: number, rhs: number): void => {
      let minAct = 0;
      let nb = 0;
      let allBinary = true;
      for (let k = a; k < b; k++) {
        const j = rm.colIndex[k]!;
        const v = sign * rm.value[k]!;
        if (v === 0) continue;
        if (isBinary(model, j)) {
          lits[nb] = v > 0 ? 2 * j : 2 * j + 1;
          w[nb] = Math.abs(v);
          if (v < 0) minAct += v;
          order[nb] = nb;
          nb++;
        } else {
          allBinary = false;
          minAct += v > 0 ? v * model.colLower[j]! : v * model.colUpper[j]!;
        }
      }
      if (nb < 2 || !Number.isFinite(minAct)) return;
      const slack = rhs - minAct;
      const threshold = slack + 1e-6 * Math.max(1, Math.abs(rhs), Math.abs(minAct));
      if (!(slack >= -1e-6 * Math.max(1, Math.abs(rhs)))) return; // the side cannot hold: not ours to decide
      const ord = order.subarray(0, nb);
      ord.sort((p, q) => w[q]! - w[p]! || p - q);
      let t = 0;
      while (t + 1 < nb && w[ord[t]!]! + w[ord[t + 1]!]! > threshold) t++;
      if (t === 0) return;
      const size = t + 1; // literals ord[0..t] pairwise conflict
      for (let r = 0; r < size; r++) cliqueLits.push(lits[ord[r]!]!);
      cliqueStart.push(cliqueLits.length);
      cliqueIsRow.push(allBinary && size === nb && w[ord[0]!] === w[ord[nb - 1]!] ? 1 : 0);
      // later literals conflict with a prefix of the clique
      let budget = options.maxEdgesPerRow;
      for (let p = size; p < nb && budget > 0 && edges.length < 2 * options.maxEdges; p++) {
        const wp = w[ord[p]!]!;
        if (wp + w[ord[0]!]! <= threshold) break;
        for (let q = 0; q < size && budget > 0 && wp + w[ord[q]!]! > threshold; q++, budget--) edges.push(lits[ord[p]!]!, lits[ord[q]!]!);
      }
    };
    for (let i = 0; i < model.numRows; i++) {
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      if (b - a < 2 || b - a > options.maxRowLength) continue;
      if (model.rowUpper[i]! < Infinity) side(a, b, 1, model.rowUpper[i]!);
      if (model.rowLower[i]! > -Infinity) side(a, b, -1, -model.rowLower[i]!);
    }
    // pairwise adjacency: both directions, sorted, deduplicated
    const numLiterals = 2 * n;
    const deg = new Int32Array(numLiterals + 1);
    for (let e = 0; e < edges.length; e++) deg[edges[e]! + 1]!++;
    for (let p = 0; p < numLiterals; p++) deg[p + 1]! += deg[p]!;
    const raw = new Int32Array(edges.length);
    const fill = deg.slice(0, numLiterals);
    for (let e = 0; e < edges.length; e += 2) {
      raw[fill[edges[e]!]!++] = edges[e + 1]!;
      raw[fill[edges[e + 1]!]!++] = edges[e]!;
    }
    const adjStart = new Int32Array(numLiterals + 1);
    let m = 0;
    for (let p = 0; p < numLiterals; p++) {
      const list = raw.subarray(deg[p]!, deg[p + 1]!).sort();
      adjStart[p] = m;
      for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[k - 1]) raw[m++] = list[k]!;
    }
    adjStart[numLiterals] = m;
    return new ConflictGraph(numLiterals, Int32Array.from(cliqueStart), Int32Array.from(cliqueLits), Uint8Array.from(cliqueIsRow), adjStart, raw.slice(0, m));
  }

  get numCliques(): number {
    return this.cliqueIsRow.length;
  }

  /** Pairwise edges (each counted once). */
  get numEdges(): number {
    return this.adj.length / 2;
  }

  /** True when the graph has no conflict at all. */
  get isEmpty(): boolean {
    return this.numCliques === 0 && this.adj.length === 0;
  }

  /** True when literal p has a conflict. */
  hasConflicts(p: number): boolean {
    return this.litCliqueStart[p + 1]! > this.litCliqueStart[p]! || this.adjStart[p + 1]! > this.adjStart[p]!;
  }

  /** True when literals p and q conflict (share a clique or an edge). */
  conflicts(p: number, q: number): boolean {
    if (p === q) return false;
    let lo = this.adjStart[p]!;
    let hi = this.adjStart[p + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.adj[mid]!;
      if (v === q) return true;
      if (v < q) lo = mid + 1;
      else hi = mid - 1;
    }
    for (let k = this.litCliqueStart[p]!; k < this.litCliqueStart[p + 1]!; k++) {
      const c = this.litCliques[k]!;
      for (let r = this.cliqueStart[c]!; r < this.cliqueStart[c + 1]!; r++) if (this.cliqueLits[r] === q) return true;
    }
    return false;
  }

  /**
   * Writes the literals that conflict with p into `out` (each once) and returns their number.
   * `seen` (length numLiterals, owned by the caller) gets `stamp` on them; pass a stamp not used
   * since seen was last cleared.
   */
  neighbours(p: number, out: Int32Array, seen: Int32Array, stamp: number): number {
    let count = 0;
    seen[p] = stamp;
    for (let k = this.adjStart[p]!; k < this.adjStart[p + 1]!; k++) {
      const q = this.adj[k]!;
      if (seen[q] !== stamp) {
        seen[q] = stamp;
        out[count++] = q;
      }
    }
    for (let k = this.litCliqueStart[p]!; k < this.litCliqueStart[p + 1]!; k++) {
      const c = this.litCliques[k]!;
      for (let r = this.cliqueStart[c]!; r < this.cliqueStart[c + 1]!; r++) {
        const q = this.cliqueLits[r]!;
        if (seen[q] !== stamp) {
          seen[q] = stamp;
          out[count++] = q;
        }
      }
    }
    return count;
  }

  /** Nothing to release (typed arrays). */
  dispose(): void {}
}
