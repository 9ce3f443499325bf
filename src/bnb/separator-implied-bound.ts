import type { Model } from '../model/model.js';
import { ConflictGraph, isBinary } from './conflict-graph.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator, SolveContext } from './plugins.js';

/**
 * Implied bound cuts. A side of a row, sum_k a_k x_k <= b with minimum activity L under the global
 * bounds, and a binary y_k in it: the binary's literal λ that raises the activity (y_k = 1 when
 * a_k > 0, y_k = 0 when a_k < 0) implies for each other, non-binary column x_j of the row
 * a_j x_j <= b - (L - min(a_j l_j, a_j u_j) + |a_k|), i.e. x_j <= u' when a_j > 0 (x_j >= l' when
 * a_j < 0; rounded for integer x_j). With U the best bound of x_j without λ (its global bound or
 * the row's own activity bound), x_j <= U - (U - u') λ holds on every feasible point (λ = 0 or 1),
 * and x_j >= L_j + (l' - L_j) λ likewise: on fixed-charge rows x_j - M y_j <= 0 with a weak M, or
 * aggregated capacities sum_c x_c <= C y, these are the strong variable upper bounds. Binary
 * targets come from the conflict graph instead: a conflict of literals p, q gives p + q <= 1
 * (the clique table's pairs and the pairwise edges; model packing rows skipped). Implications are
 * found once at initSolve under global bounds: global cuts.
 */
export class ImpliedBoundSeparator implements Separator {
  readonly name = 'implied-bound';
  readonly frequency: number;
  private readonly model: Model;
  private readonly maxCuts: number;
  private readonly minViolation: number;
  private readonly maxRowLength: number;
  private readonly maxImplications: number;
  private readonly binary: boolean;
  private graph: ConflictGraph | undefined;
  // implications: literal ⇒ x_col <= bound (upper = 1) or >= bound (upper = 0); `other` is the bound without the literal
  private implLit = new Int32Array(0);
  private implCol = new Int32Array(0);
  private implBound = new Float64Array(0);
  private implOther = new Float64Array(0);
  private implUpper = new Uint8Array(0);
  private readonly cutCols = new Int32Array(2);
  private readonly cutVals = new Float64Array(2);

  constructor(model: Model, frequency: number, maxCuts: number, minViolation: number, maxRowLength: number, maxImplications: number, binary: boolean) {
    this.model = model;
    this.frequency = frequency;
    this.maxCuts = maxCuts;
    this.minViolation = minViolation;
    this.maxRowLength = maxRowLength;
    this.maxImplications = maxImplications;
    this.binary = binary;
  }

  get implicationCount(): number {
    return this.implLit.length;
  }

  /** Inactive when the rows imply no bound and (with binary implications) no literals conflict. */
  initSolve(ctx: SolveContext): boolean {
    this.findImplications();
    if (this.binary) {
      const g = ConflictGraph.shared(ctx);
      if (!g.isEmpty) this.graph = g;
    }
    return this.implLit.length > 0 || this.graph !== undefined;
  }

  /** Scans the rows for implied bounds of non-binary columns; keeps the tightest per (literal, column, direction). */
  private findImplications(): void {
    const m = this.model;
    const rm = m.rowMatrix();
    const best = new Map<number, number>();
    const lit: number[] = [];
    const col: number[] = [];
    const bound: number[] = [];
    const other: number[] = [];
    const upper: number[] = [];
    const record = (l: number, j: number, b: number, o: number, up: boolean): void => {
      const key = (l * m.numCols + j) * 2 + (up ? 1 : 0);
      const at = best.get(key);
      if (at === undefined) {
        if (lit.length >= this.maxImplications) return;
        best.set(key, lit.length);
        lit.push(l);
        col.push(j);
        bound.push(b);
        other.push(o);
        upper.push(up ? 1 : 0);
        return;
      }
      if (up ? b < bound[at]! : b > bound[at]!) bound[at] = b;
      if (up ? o < other[at]! : o > other[at]!) other[at] = o;
    };
    const side = (a: number, b: number, sign: number, rhs: number): void => {
      let minAct = 0;
      let infinite = 0;
      let hasBinary = false;
      let hasOther = false;
      for (let k = a; k < b; k++) {
        const j = rm.colIndex[k]!;
        const v = sign * rm.value[k]!;
        const c = v > 0 ? v * m.colLower[j]! : v * m.colUpper[j]!;
        if (Number.isFinite(c)) minAct += c;
        else infinite++;
        if (isBinary(m, j)) hasBinary = true;
        else if (v !== 0) hasOther = true;
      }
      if (!hasBinary || !hasOther || infinite > 1) return;
      const tol = 1e-6 * Math.max(1, Math.abs(rhs));
      for (let kj = a; kj < b; kj++) {
        const j = rm.colIndex[kj]!;
        const aj = sign * rm.value[kj]!;
        if (isBinary(m, j) || Math.abs(aj) < 1e-9) continue;
        const cj = aj > 0 ? aj * m.colLower[j]! : aj * m.colUpper[j]!;
        // the activity of the rest must be bounded below without x_j's own term
        if (Number.isFinite(cj) && infinite > 0) continue;
        const rest = Number.isFinite(cj) ? minAct - cj : minAct;
        const integer = m.integrality[j] === 1;
        const up = aj > 0;
        const global = up ? m.colUpper[j]! : m.colLower[j]!;
        // the row's own bound on x_j (no literal fixed), and the best bound without the literal
        const own = this.round((rhs - rest + tol) / aj, up, integer);
        const without = up ? Math.min(global, own) : Math.max(global, own);
        if (!Number.isFinite(without)) continue;
        for (let kk = a; kk < b; kk++) {
          const k = rm.colIndex[kk]!;
          const ak = sign * rm.value[kk]!;
          if (k === j || ak === 0 || !isBinary(m, k)) continue;
          const implied = this.round((rhs - rest - Math.abs(ak) + tol) / aj, up, integer);
          if (!Number.isFinite(implied)) continue;
          const gap = up ? without - implied : implied - without;
          if (!(gap > 1e-6 * Math.max(1, Math.abs(without)))) continue;
          record(ak > 0 ? 2 * k : 2 * k + 1, j, implied, without, up);
        }
      }
    };
    for (let i = 0; i < m.numRows; i++) {
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      if (b - a < 2 || b - a > this.maxRowLength) continue;
      if (m.rowUpper[i]! < Infinity) side(a, b, 1, m.rowUpper[i]!);
      if (m.rowLower[i]! > -Infinity) side(a, b, -1, -m.rowLower[i]!);
    }
    this.implLit = Int32Array.from(lit);
    this.implCol = Int32Array.from(col);
    this.implBound = Float64Array.from(bound);
    this.implOther = Float64Array.from(other);
    this.implUpper = Uint8Array.from(upper);
  }

  /** A bound of x_j from a x_j <= r (divided out): rounded inwards for an integer column (with a margin). */
  private round(v: number, up: boolean, integer: boolean): number {
    if (!integer || !Number.isFinite(v)) return v;
    return up ? Math.floor(v + 1e-6) : Math.ceil(v - 1e-6);
  }

  separate(ctx: SeparationContext): void {
    const x = ctx.primal;
    let made = 0;
    const n = this.implLit.length;
    for (let t = 0; t < n && made < this.maxCuts; t++) {
      const p = this.implLit[t]!;
      const y = p >> 1;
      const lam = p & 1 ? 1 - x[y]! : x[y]!;
      const j = this.implCol[t]!;
      const b = this.implBound[t]!;
      const o = this.implOther[t]!;
      // upper: x_j <= o - (o - b) λ; lower: x_j >= o + (b - o) λ; d is the coefficient of λ moved left
      const d = o - b;
      const up = this.implUpper[t] === 1;
      const lhs = x[j]! + d * lam;
      if (up ? lhs <= o + this.minViolation * Math.max(1, Math.abs(o)) : lhs >= o - this.minViolation * Math.max(1, Math.abs(o))) continue;
      // λ = y: x_j + d y (<= | >=) o;  λ = 1 - y: x_j - d y (<= | >=) o - d
      this.cutCols[0] = j;
      this.cutVals[0] = 1;
      this.cutCols[1] = y;
      this.cutVals[1] = p & 1 ? -d : d;
      const rhs = p & 1 ? o - d : o;
      if (ctx.addCut(this.cutCols, this.cutVals, 2, up ? -Infinity : rhs, up ? rhs : Infinity, false)) made++;
    }
    const g = this.graph;
    if (g && made < this.maxCuts) this.binaryPairs(ctx, g, made);
  }

  /** Violated pairs p + q <= 1 of the conflict graph (the two largest of each clique, the pairwise edges). */
  private binaryPairs(ctx: SeparationContext, g: ConflictGraph, made: number): void {
    const x = ctx.primal;
    const val = (p: number): number => (p & 1 ? 1 - x[p >> 1]! : x[p >> 1]!);
    const limit = 1 + this.minViolation;
    for (let c = 0; c < g.numCliques && made < this.maxCuts; c++) {
      if (g.cliqueIsRow[c]) continue; // a model row holds the pair already
      let p1 = -1;
      let p2 = -1;
      for (let r = g.cliqueStart[c]!; r < g.cliqueStart[c + 1]!; r++) {
        const q = g.cliqueLits[r]!;
        if (p1 < 0 || val(q) > val(p1)) {
          p2 = p1;
          p1 = q;
        } else if (p2 < 0 || val(q) > val(p2)) p2 = q;
      }
      if (p2 >= 0 && val(p1) + val(p2) > limit && this.pairCut(ctx, p1, p2)) made++;
    }
    for (let p = 0; p < g.numLiterals && made < this.maxCuts; p++) {
      const vp = val(p);
      if (vp <= this.minViolation) continue;
      for (let k = g.adjStart[p]!; k < g.adjStart[p + 1]! && made < this.maxCuts; k++) {
        const q = g.adj[k]!;
        if (q > p && vp + val(q) > limit && this.pairCut(ctx, p, q)) made++;
      }
    }
  }

  /** p + q <= 1 over literals. */
  private pairCut(ctx: SeparationContext, p: number, q: number): boolean {
    let rhs = 1;
    this.cutCols[0] = p >> 1;
    this.cutVals[0] = p & 1 ? -1 : 1;
    if (p & 1) rhs -= 1;
    this.cutCols[1] = q >> 1;
    this.cutVals[1] = q & 1 ? -1 : 1;
    if (q & 1) rhs -= 1;
    return ctx.addCut(this.cutCols, this.cutVals, 2, -Infinity, rhs, false);
  }
}

export const impliedBoundDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'implied-bound',
  description: 'implied bound cuts from variable-bound relations in the rows and conflicts between binaries',
  priority: 40,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-cuts', type: 'integer', default: 200, min: 1, max: 100000, description: 'cuts proposed per round at most' },
    { name: 'min-violation', type: 'real', default: 1e-4, min: 1e-9, max: 1, description: 'a cut is proposed when the LP point violates it by more than this (relative)' },
    { name: 'max-row-length', type: 'integer', default: 500, min: 2, max: 100000000, description: 'rows longer than this are not scanned for implications' },
    { name: 'max-implications', type: 'integer', default: 100000, min: 1, max: 100000000, description: 'implications kept at most' },
    { name: 'binary', type: 'boolean', default: true, description: 'also separate conflicts between binaries (p + q <= 1) from the conflict graph' },
  ],
  create: (env) =>
    new ImpliedBoundSeparator(env.model, env.num('frequency'), env.num('max-cuts'), env.num('min-violation'), env.num('max-row-length'), env.num('max-implications'), env.bool('binary')),
};
