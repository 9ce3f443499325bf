import type { Model } from '../model/model.js';
import { ConflictGraph, isBinary } from './conflict-graph.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator, SolveContext } from './plugins.js';

/** Literals with an LP value at most this are left out of the weighted search. */
const ZERO = 1e-6;

/**
 * Clique cuts from the conflict graph (conflict-graph.ts) over the binary literals: for a clique
 * K of pairwise conflicting literals, at most one is true, sum_{K} lit <= 1 (a literal x_j = 0
 * reads 1 - x_j). Seeds are the literals with a fractional LP value, largest first; from each, a
 * greedy search adds the common neighbour of largest LP value (only positive values) while one
 * is left, then extends the clique to a maximal one with literals of value zero. A clique is
 * proposed when its LP weight exceeds 1 + min-violation and it is not a model row (a set-packing
 * row of the model, or a subset of one). The graph uses global bounds only: global cuts.
 */
export class CliqueSeparator implements Separator {
  readonly name = 'clique';
  readonly frequency: number;
  private readonly model: Model;
  private readonly maxCuts: number;
  private readonly minViolation: number;
  private readonly maxWork: number;
  private graph: ConflictGraph | undefined;
  // buffers (over literals)
  private readonly value: Float64Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  /** the clique in growth: size, touched literals, neighbour entries scanned this round */
  private size = 0;
  private nt = 0;
  private work = 0;
  private readonly count: Int32Array;
  private readonly touched: Int32Array;
  private readonly inClique: Uint8Array;
  private readonly used: Uint8Array;
  private readonly nb: Int32Array;
  private readonly cand: Int32Array;
  private readonly seeds: Int32Array;
  private readonly members: Int32Array;
  private readonly cutCols: Int32Array;
  private readonly cutVals: Float64Array;

  constructor(model: Model, frequency: number, maxCuts: number, minViolation: number, maxWork: number) {
    this.model = model;
    this.frequency = frequency;
    this.maxCuts = maxCuts;
    this.minViolation = minViolation;
    this.maxWork = maxWork;
    const n = model.numCols;
    const L = 2 * n;
    this.value = new Float64Array(L);
    this.seen = new Int32Array(L);
    this.count = new Int32Array(L);
    this.touched = new Int32Array(L);
    this.inClique = new Uint8Array(L);
    this.used = new Uint8Array(L);
    this.nb = new Int32Array(L);
    this.cand = new Int32Array(L);
    this.seeds = new Int32Array(L);
    this.members = new Int32Array(L);
    this.cutCols = new Int32Array(L);
    this.cutVals = new Float64Array(L);
  }

  /** Inactive when no two binary literals conflict. */
  initSolve(ctx: SolveContext): boolean {
    this.graph = ConflictGraph.shared(ctx);
    return !this.graph.isEmpty;
  }

  separate(ctx: SeparationContext): void {
    const g = this.graph;
    if (!g) return;
    const m = this.model;
    const x = ctx.primal;
    const { value, used, seeds } = this;
    let ns = 0;
    for (let j = 0; j < m.numCols; j++) {
      if (!isBinary(m, j)) continue;
      const v = Math.min(1, Math.max(0, x[j]!));
      value[2 * j] = v;
      value[2 * j + 1] = 1 - v;
      used[2 * j] = used[2 * j + 1] = 0;
      if (v > ZERO && v < 1 - ZERO) {
        if (g.hasConflicts(2 * j)) seeds[ns++] = 2 * j;
        if (g.hasConflicts(2 * j + 1)) seeds[ns++] = 2 * j + 1;
      }
    }
    const order = seeds.subarray(0, ns).sort((p, q) => value[q]! - value[p]! || p - q);
    this.work = 0;
    let made = 0;
    for (let s = 0; s < order.length && made < this.maxCuts && this.work < this.maxWork; s++) {
      const seed = order[s]!;
      if (used[seed]) continue;
      const size = this.grow(g, seed);
      if (size > 0 && this.propose(ctx, g, size)) made++;
    }
  }

  /** Greedy clique from `seed` into this.members; returns its size, 0 when not violated (work counted in this.work). */
  private grow(g: ConflictGraph, seed: number): number {
    const { value, count, inClique, nb, cand, members } = this;
    this.size = 0;
    this.nt = 0;
    this.add(g, seed);
    // candidates: the positive-valued neighbours of the seed
    let nc = 0;
    const k0 = g.neighbours(seed, nb, this.seen, this.nextStamp());
    for (let t = 0; t < k0; t++) if (value[nb[t]!]! > ZERO) cand[nc++] = nb[t]!;
    let weight = value[seed]!;
    for (;;) {
      let best = -1;
      let kept = 0;
      for (let t = 0; t < nc; t++) {
        const q = cand[t]!;
        if (inClique[q] || count[q] !== this.size) continue;
        cand[kept++] = q;
        if (best < 0 || value[q]! > value[best]! || (value[q] === value[best] && q < best)) best = q;
      }
      nc = kept;
      if (best < 0) break;
      this.add(g, best);
      weight += value[best]!;
    }
    const violated = weight > 1 + this.minViolation;
    if (violated) {
      // extend to a maximal clique with the remaining (zero-valued) common neighbours
      const k = g.neighbours(seed, cand, this.seen, this.nextStamp());
      this.work += k;
      for (let t = 0; t < k; t++) {
        const q = cand[t]!;
        if (!inClique[q] && count[q] === this.size) this.add(g, q);
      }
    }
    for (let t = 0; t < this.nt; t++) count[this.touched[t]!] = 0;
    for (let t = 0; t < this.size; t++) {
      inClique[members[t]!] = 0;
      if (violated) this.used[members[t]!] = 1;
    }
    return violated ? this.size : 0;
  }

  /** Adds literal p to the clique: counts it at each of its neighbours. */
  private add(g: ConflictGraph, p: number): void {
    const { count, touched, nb } = this;
    this.members[this.size++] = p;
    this.inClique[p] = 1;
    const k = g.neighbours(p, nb, this.seen, this.nextStamp());
    this.work += k;
    for (let t = 0; t < k; t++) {
      const q = nb[t]!;
      if (count[q] === 0) touched[this.nt++] = q;
      count[q]!++;
    }
  }

  /** Proposes sum lit <= 1 over this.members[0 .. size-1] unless a model row has it. */
  private propose(ctx: SeparationContext, g: ConflictGraph, size: number): boolean {
    const { members, seen } = this;
    // a set-packing row of the model that holds every member: its inequality is in the LP already
    const first = members[0]!;
    for (let k = g.litCliqueStart[first]!; k < g.litCliqueStart[first + 1]!; k++) {
      const c = g.litCliques[k]!;
      if (!g.cliqueIsRow[c] || g.cliqueStart[c + 1]! - g.cliqueStart[c]! < size) continue;
      const stamp = this.nextStamp();
      for (let r = g.cliqueStart[c]!; r < g.cliqueStart[c + 1]!; r++) seen[g.cliqueLits[r]!] = stamp;
      let all = true;
      for (let t = 1; t < size && all; t++) all = seen[members[t]!] === stamp;
      if (all) return false;
    }
    let rhs = 1;
    for (let t = 0; t < size; t++) {
      const p = members[t]!;
      this.cutCols[t] = p >> 1;
      if (p & 1) {
        this.cutVals[t] = -1;
        rhs -= 1;
      } else this.cutVals[t] = 1;
    }
    return ctx.addCut(this.cutCols, this.cutVals, size, -Infinity, rhs, false);
  }

  private nextStamp(): number {
    if (this.stamp >= 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

export const cliqueDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'clique',
  description: 'clique cuts from the conflict graph of the binary literals',
  priority: 60,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-cuts', type: 'integer', default: 100, min: 1, max: 100000, description: 'cliques proposed per round at most' },
    { name: 'min-violation', type: 'real', default: 1e-4, min: 1e-9, max: 1, description: 'a clique is proposed when its LP weight exceeds 1 by more than this' },
    { name: 'max-work', type: 'integer', default: 1000000, min: 1, max: 1000000000, description: 'neighbour entries scanned per round at most' },
  ],
  create: (env) => new CliqueSeparator(env.model, env.num('frequency'), env.num('max-cuts'), env.num('min-violation'), env.num('max-work')),
};
