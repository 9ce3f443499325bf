import type { Model } from '../model/model.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator } from './plugins.js';

/** Bound substitution of a continuous column: x = l + s, x = u − s, or x = u_k y_k − s (its VUB). */
export const LOWER = 0;
export const UPPER = 1;
export const VUB = 2;
/** A choice left to the closest-bound rule. */
export const AUTO = -1;
/** Rows whose largest / smallest coefficient exceeds this are skipped. */
const MAX_ROW_RANGE = 1e6;
/** Aggregated rows with a larger coefficient are given up. */
const MAX_COEF = 1e9;
/** MIR right-hand side fractions closer than this to 0 or 1 are not tried. */
const MIN_F0 = 0.01;
/** Divisors below this are not tried (coefficients left over by cancellation). */
const MIN_DELTA = 1e-6;
/** Relative safety margin added to every cut's right-hand side. */
const SAFETY = 1e-9;
/** A cut must be violated by this much per unit norm to be proposed. */
const MIN_EFFICACY = 1e-5;

/**
 * The c-MIR machinery shared by the cmir and flow-cover separators: variable upper bounds of the
 * model, one aggregated row Σ a_j x_j ≤ β (dense, with its support), and `cut` that turns it into
 * the most efficacious complemented MIR cut. Only the model's global bounds are used, so every cut
 * is global. Validity: each continuous x_j is replaced by a slack s_j ≥ 0 of a simple bound or of
 * its VUB row x_j ≤ u_k y_k (binary y_k); each integer column by z_j = x_j − l_j or u_j − x_j ≥ 0;
 * Σ ã_j z_j + Σ c_j s_j ≤ β̃ then holds for every feasible point, and for δ > 0 the MIR inequality
 *   Σ (⌊ã_j/δ⌋ + max(0, f_j − f0)/(1 − f0)) z_j + Σ_{c_j<0} c_j s_j / (δ (1 − f0)) ≤ ⌊β̃/δ⌋
 * (f0 = frac(β̃/δ), f_j = frac(ã_j/δ)) holds for every z ∈ Z+, s ≥ 0; substituting back gives the cut.
 */
export class MirWorkspace {
  readonly model: Model;
  /** per column: the binary k of a row x_j ≤ u y_k, or -1 */
  readonly vubCol: Int32Array;
  readonly vubCoef: Float64Array;
  /** per row: 1 when it is a VUB row of two entries */
  readonly isVubRow: Uint8Array;
  /** per row: 1 when its coefficient range is acceptable */
  readonly rowOk: Uint8Array;
  // the aggregated row
  readonly coef: Float64Array;
  readonly sup: Int32Array;
  private readonly inSup: Uint8Array;
  nsup = 0;
  beta = 0;
  /** per column of the aggregated row: forced bound choice (AUTO, LOWER/UPPER/VUB for continuous; LOWER/UPPER for integer) */
  private readonly choice: Int8Array;
  private readonly choiceList: number[] = [];
  // the transformed row
  private readonly ic: Float64Array;
  private readonly iMark: Uint8Array;
  private readonly isup: Int32Array;
  private nis = 0;
  private readonly zUp: Uint8Array;
  private readonly cc: Float64Array;
  private readonly bt: Uint8Array;
  // the cut
  private readonly cutDense: Float64Array;
  private readonly cutMark: Uint8Array;
  private readonly cutSup: Int32Array;
  private ncut = 0;
  private cutRhs = 0;
  readonly outCols: Int32Array;
  readonly outVals: Float64Array;
  outCount = 0;
  outRhs = 0;
  outEfficacy = 0;
  private readonly deltas: Float64Array;

  constructor(model: Model) {
    this.model = model;
    const n = model.numCols;
    this.vubCol = new Int32Array(n).fill(-1);
    this.vubCoef = new Float64Array(n);
    this.isVubRow = new Uint8Array(model.numRows);
    this.rowOk = new Uint8Array(model.numRows);
    this.coef = new Float64Array(n);
    this.sup = new Int32Array(n);
    this.inSup = new Uint8Array(n);
    this.choice = new Int8Array(n).fill(AUTO);
    this.ic = new Float64Array(n);
    this.iMark = new Uint8Array(n);
    this.isup = new Int32Array(n);
    this.zUp = new Uint8Array(n);
    this.cc = new Float64Array(n);
    this.bt = new Uint8Array(n);
    this.cutDense = new Float64Array(n);
    this.cutMark = new Uint8Array(n);
    this.cutSup = new Int32Array(n);
    this.outCols = new Int32Array(n);
    this.outVals = new Float64Array(n);
    this.deltas = new Float64Array(64);
    const rm = model.rowMatrix();
    for (let i = 0; i < model.numRows; i++) {
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      let lo = Infinity;
      let hi = 0;
      for (let k = a; k < b; k++) {
        const v = Math.abs(rm.value[k]!);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.rowOk[i] = b > a && Number.isFinite(hi) && hi <= MAX_ROW_RANGE * lo && hi < MAX_COEF ? 1 : 0;
      if (b - a !== 2) continue;
      // a x + b y <= 0 (or >= 0) with x continuous, y binary: x <= (-b/a) y
      for (let t = 0; t < 2; t++) {
        const kx = a + t;
        const ky = a + 1 - t;
        const jx = rm.colIndex[kx]!;
        const jy = rm.colIndex[ky]!;
        if (model.integrality[jx] || !this.binary(jy)) continue;
        let ax = rm.value[kx]!;
        let ay = rm.value[ky]!;
        if (model.rowUpper[i] === 0 && ax > 0) {
          // as is
        } else if (model.rowLower[i] === 0 && ax < 0) {
          ax = -ax;
          ay = -ay;
        } else continue;
        const u = -ay / ax;
        if (!(u > 0) || !Number.isFinite(u)) continue;
        this.isVubRow[i] = 1;
        if (this.vubCol[jx]! < 0 || u < this.vubCoef[jx]!) {
          this.vubCol[jx] = jy;
          this.vubCoef[jx] = u;
        }
      }
    }
  }

  /**
   * A workspace for the model and, appended to `out`, the model rows fit to start a base
   * inequality: acceptable coefficient range, not a VUB row, at most maxRowLength entries, and
   * `qualifies` on their range of the row matrix. Null without integer columns or such rows.
   */
  static withBaseRows(
    model: Model,
    maxRowLength: number,
    out: number[],
    qualifies: (ws: MirWorkspace, cols: Int32Array, start: number, end: number) => boolean,
  ): MirWorkspace | null {
    if (model.numIntegers === 0) return null;
    const ws = new MirWorkspace(model);
    const rm = model.rowMatrix();
    for (let i = 0; i < model.numRows; i++) {
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      if (ws.rowOk[i] && !ws.isVubRow[i] && b - a <= maxRowLength && qualifies(ws, rm.colIndex, a, b)) out.push(i);
    }
    return out.length > 0 ? ws : null;
  }

  binary(j: number): boolean {
    const m = this.model;
    return m.integrality[j] === 1 && m.colLower[j]! > -1e-9 && m.colUpper[j]! < 1 + 1e-9 && m.colUpper[j]! >= 1 - 1e-9;
  }

  /** Forces the bound choice of column j for the current aggregated row. */
  setChoice(j: number, c: number): void {
    if (this.choice[j] === AUTO) this.choiceList.push(j);
    this.choice[j] = c;
  }

  /** Empties the aggregated row (and the forced choices). */
  clear(): void {
    for (let t = 0; t < this.nsup; t++) {
      const j = this.sup[t]!;
      this.coef[j] = 0;
      this.inSup[j] = 0;
    }
    for (const j of this.choiceList) this.choice[j] = AUTO;
    this.choiceList.length = 0;
    this.nsup = 0;
    this.beta = 0;
  }

  /** Adds mult × (model row i) ≤ mult × side to the aggregated row (side: the row bound of the sense of mult). */
  addRow(i: number, mult: number, side: number): void {
    const rm = this.model.rowMatrix();
    for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) {
      const j = rm.colIndex[k]!;
      if (!this.inSup[j]) {
        this.inSup[j] = 1;
        this.sup[this.nsup++] = j;
      }
      this.coef[j]! += mult * rm.value[k]!;
    }
    this.beta += mult * side;
  }

  /**
   * The slack s* of the bound substitution the closest-bound rule (or the forced choice) picks for
   * continuous column j at the LP point, and the choice (in `bt`); -1 when no bound is finite.
   */
  private contBound(j: number, x: Float64Array): number {
    const m = this.model;
    const l = m.colLower[j]!;
    const u = m.colUpper[j]!;
    const v = x[j]!;
    const k = this.vubCol[j]!;
    const forced = this.choice[j]!;
    const dl = Number.isFinite(l) ? v - l : Infinity;
    const du = Number.isFinite(u) ? u - v : Infinity;
    const dv = k >= 0 ? this.vubCoef[j]! * x[k]! - v : Infinity;
    let best = -1;
    let dist = Infinity;
    if (forced === AUTO) {
      if (k >= 0) {
        best = VUB;
        dist = dv;
      }
      if (dl < dist - 1e-9) {
        best = LOWER;
        dist = dl;
      }
      if (du < dist - 1e-9) {
        best = UPPER;
        dist = du;
      }
    } else {
      best = forced;
      dist = forced === LOWER ? dl : forced === UPPER ? du : dv;
    }
    if (best < 0 || !Number.isFinite(dist)) return -1;
    this.bt[j] = best;
    return Math.max(0, dist);
  }

  /** The distance of continuous column j's LP value from the bound the rule picks (Infinity: none). */
  boundDistance(j: number, x: Float64Array): number {
    const d = this.contBound(j, x);
    return d < 0 ? Infinity : d;
  }

  /**
   * Transforms the aggregated row, tries the divisors (|ã_j| of integer columns strictly inside
   * their bounds, `extra` ones, then best/2, /4, /8) and keeps the most efficacious cut in out*.
   * True when one violated by at least the minimum efficacy was found.
   */
  cut(x: Float64Array, extra: ArrayLike<number> = [], maxDeltas = 8): boolean {
    const m = this.model;
    this.outCount = 0;
    this.outEfficacy = 0;
    let beta = this.beta;
    if (!Number.isFinite(beta)) return false;
    this.nis = 0;
    let ok = true;
    // continuous columns: bound substitution
    for (let t = 0; t < this.nsup && ok; t++) {
      const j = this.sup[t]!;
      const a = this.coef[j]!;
      if (a === 0) continue;
      if (Math.abs(a) > MAX_COEF) ok = false;
      else if (m.integrality[j]) this.addInt(j, a);
      else {
        if (this.contBound(j, x) < 0) {
          ok = false;
          break;
        }
        const b = this.bt[j]!;
        if (b === LOWER) {
          this.cc[j] = a;
          beta -= a * m.colLower[j]!;
        } else if (b === UPPER) {
          this.cc[j] = -a;
          beta -= a * m.colUpper[j]!;
        } else {
          this.cc[j] = -a;
          this.addInt(this.vubCol[j]!, a * this.vubCoef[j]!);
        }
      }
    }
    // integer columns: complement to the closer (or forced) bound
    let nd = 0;
    const deltas = this.deltas;
    for (let t = 0; t < this.nis && ok; t++) {
      const j = this.isup[t]!;
      const a = this.ic[j]!;
      if (a === 0) continue;
      const l = Math.ceil(m.colLower[j]! - 1e-9);
      const u = Math.floor(m.colUpper[j]! + 1e-9);
      const v = x[j]!;
      const f = this.choice[j]!;
      let up: boolean;
      if (f === AUTO) up = Number.isFinite(u) && (!Number.isFinite(l) || u - v < v - l);
      else up = f === UPPER;
      const bound = up ? u : l;
      if (!Number.isFinite(bound) || Math.abs(a) > MAX_COEF) {
        ok = false;
        break;
      }
      this.zUp[j] = up ? 1 : 0;
      beta -= a * bound;
      if (up) this.ic[j] = -a; // a x = a u − a z
      const z = up ? u - v : v - l;
      if (z > 1e-6 && z < u - l - 1e-6 && nd < maxDeltas && Math.abs(a) >= MIN_DELTA) {
        const d = Math.abs(a);
        let seen = false;
        for (let q = 0; q < nd && !seen; q++) seen = Math.abs(deltas[q]! - d) <= 1e-9 * d;
        if (!seen) deltas[nd++] = d;
      }
    }
    if (ok && Number.isFinite(beta)) {
      for (let q = 0; q < extra.length && nd < deltas.length - 3; q++) if (extra[q]! > 0) deltas[nd++] = extra[q]!;
      let bestDelta = 0;
      for (let q = 0; q < nd; q++) if (this.tryDelta(deltas[q]!, beta, x)) bestDelta = deltas[q]!;
      if (bestDelta > 0) {
        for (let div = 2; div <= 8; div *= 2) this.tryDelta(bestDelta / div, beta, x);
      }
    }
    // reset the transformed row
    for (let t = 0; t < this.nis; t++) {
      const j = this.isup[t]!;
      this.ic[j] = 0;
      this.iMark[j] = 0;
    }
    return this.outCount > 0;
  }

  private addInt(j: number, a: number): void {
    if (!this.iMark[j]) {
      this.iMark[j] = 1;
      this.isup[this.nis++] = j;
    }
    this.ic[j]! += a;
  }

  private addCut(j: number, v: number): void {
    if (!this.cutMark[j]) {
      this.cutMark[j] = 1;
      this.cutSup[this.ncut++] = j;
    }
    this.cutDense[j]! += v;
  }

  /** The MIR cut of divisor delta in the original columns; kept in out* when the best so far. */
  private tryDelta(delta: number, beta: number, x: Float64Array): boolean {
    if (!(delta >= MIN_DELTA) || !Number.isFinite(delta)) return false;
    const m = this.model;
    const bd = beta / delta;
    const fl = Math.floor(bd);
    const f0 = bd - fl;
    if (f0 < MIN_F0 || f0 > 1 - MIN_F0 || !Number.isFinite(bd)) return false;
    this.ncut = 0;
    let rhs = fl;
    let scale = 1; // Σ |terms| of the right-hand side, for the safety margin
    for (let t = 0; t < this.nis; t++) {
      const j = this.isup[t]!;
      const a = this.ic[j]! / delta;
      if (a === 0) continue;
      const fa = Math.floor(a);
      const g = fa + Math.max(0, a - fa - f0) / (1 - f0);
      if (g === 0) continue;
      if (this.zUp[j]) {
        const u = Math.floor(m.colUpper[j]! + 1e-9);
        this.addCut(j, -g);
        rhs -= g * u;
        scale += Math.abs(g * u);
      } else {
        const l = Math.ceil(m.colLower[j]! - 1e-9);
        this.addCut(j, g);
        rhs += g * l;
        scale += Math.abs(g * l);
      }
    }
    const hs = 1 / (delta * (1 - f0));
    for (let t = 0; t < this.nsup; t++) {
      const j = this.sup[t]!;
      if (m.integrality[j] || this.coef[j] === 0) continue;
      const c = this.cc[j]!;
      if (c >= 0) continue;
      const h = c * hs;
      const b = this.bt[j]!;
      if (b === LOWER) {
        this.addCut(j, h);
        rhs += h * m.colLower[j]!;
        scale += Math.abs(h * m.colLower[j]!);
      } else if (b === UPPER) {
        this.addCut(j, -h);
        rhs -= h * m.colUpper[j]!;
        scale += Math.abs(h * m.colUpper[j]!);
      } else {
        this.addCut(this.vubCol[j]!, h * this.vubCoef[j]!);
        this.addCut(j, -h);
      }
    }
    rhs += SAFETY * scale;
    let act = 0;
    let norm = 0;
    let finite = Number.isFinite(rhs);
    for (let t = 0; t < this.ncut; t++) {
      const j = this.cutSup[t]!;
      const v = this.cutDense[j]!;
      if (!Number.isFinite(v)) finite = false;
      act += v * x[j]!;
      norm += v * v;
    }
    const eff = norm > 0 ? (act - rhs) / Math.sqrt(norm) : 0;
    const better = finite && eff > MIN_EFFICACY && eff > this.outEfficacy;
    let count = 0;
    for (let t = 0; t < this.ncut; t++) {
      const j = this.cutSup[t]!;
      const v = this.cutDense[j]!;
      this.cutDense[j] = 0;
      this.cutMark[j] = 0;
      if (better && v !== 0) {
        this.outCols[count] = j;
        this.outVals[count] = v;
        count++;
      }
    }
    if (!better) return false;
    this.outCount = count;
    this.outRhs = rhs;
    this.outEfficacy = eff;
    return true;
  }
}

/**
 * Complemented mixed-integer rounding cuts (Marchand & Wolsey). Each side of every model row with
 * an integer column or a continuous column with a variable upper bound starts an aggregation; when
 * its c-MIR (MirWorkspace) is not violated, a continuous column whose LP value lies strictly inside
 * its substituted bound (the farthest) is eliminated by adding a multiple of another model row
 * containing it (the tightest one at the LP point, on the side the multiplier needs), up to
 * `max-aggregations` rows. The most efficacious cut of an aggregation is proposed. Global cuts.
 */
export class CmirSeparator implements Separator {
  readonly name = 'cmir';
  readonly frequency: number;
  private readonly model: Model;
  private readonly maxAggregations: number;
  private readonly maxRowLength: number;
  private readonly maxStarts: number;
  private ws: MirWorkspace | null = null;
  private readonly rows: number[] = [];
  private readonly used: Uint8Array;
  private readonly usedList: number[] = [];
  private readonly tried: Uint8Array;
  private readonly triedCols: number[] = [];

  constructor(model: Model, frequency: number, maxAggregations: number, maxRowLength: number, maxStarts: number) {
    this.model = model;
    this.frequency = frequency;
    this.maxAggregations = maxAggregations;
    this.maxRowLength = maxRowLength;
    this.maxStarts = maxStarts;
    this.used = new Uint8Array(model.numRows);
    this.tried = new Uint8Array(model.numCols);
  }

  /** Inactive without a row that has an integer column or a VUB-bounded continuous one. */
  initSolve(): boolean {
    const m = this.model;
    this.ws = MirWorkspace.withBaseRows(m, this.maxRowLength, this.rows, (ws, cols, a, b) => {
      for (let k = a; k < b; k++) if (m.integrality[cols[k]!] === 1 || ws.vubCol[cols[k]!]! >= 0) return true;
      return false;
    });
    return this.ws !== null;
  }

  separate(ctx: SeparationContext): void {
    const m = this.model;
    const x = ctx.primal;
    let starts = 0;
    for (const i of this.rows) {
      if (starts >= this.maxStarts) break;
      if (m.rowUpper[i]! < Infinity) {
        starts++;
        this.aggregate(ctx, i, 1, m.rowUpper[i]!, x);
      }
      if (m.rowLower[i]! > -Infinity) {
        starts++;
        this.aggregate(ctx, i, -1, m.rowLower[i]!, x);
      }
    }
  }

  private aggregate(ctx: SeparationContext, start: number, mult: number, side: number, x: Float64Array): void {
    const ws = this.ws!;
    ws.clear();
    ws.addRow(start, mult, side);
    this.used[start] = 1;
    this.usedList.push(start);
    const triedCols = this.triedCols;
    for (let round = 0; ; round++) {
      if (ws.cut(x)) {
        ctx.addCut(ws.outCols, ws.outVals, ws.outCount, -Infinity, ws.outRhs, false);
        break;
      }
      if (round + 1 >= this.maxAggregations) break;
      if (!this.eliminate(ctx, ws, x, triedCols)) break;
    }
    for (const j of triedCols) this.tried[j] = 0;
    triedCols.length = 0;
    for (const r of this.usedList) this.used[r] = 0;
    this.usedList.length = 0;
  }

  /** Eliminates one continuous column strictly inside its bound with another row; false when none. */
  private eliminate(ctx: SeparationContext, ws: MirWorkspace, x: Float64Array, triedCols: number[]): boolean {
    const m = this.model;
    const act = ctx.rowActivity;
    for (;;) {
      let bestCol = -1;
      let bestDist = 1e-6;
      for (let t = 0; t < ws.nsup; t++) {
        const j = ws.sup[t]!;
        if (m.integrality[j] || ws.coef[j] === 0 || this.tried[j]) continue;
        const d = ws.boundDistance(j, x);
        const dist = Number.isFinite(d) ? d : 1e12; // an unbounded column must go
        if (dist > bestDist) {
          bestDist = dist;
          bestCol = j;
        }
      }
      if (bestCol < 0) return false;
      this.tried[bestCol] = 1;
      triedCols.push(bestCol);
      const aj = ws.coef[bestCol]!;
      let bestRow = -1;
      let bestSlack = Infinity;
      let bestMult = 0;
      let bestSide = 0;
      for (let k = m.colStart[bestCol]!; k < m.colStart[bestCol + 1]!; k++) {
        const r = m.rowIndex[k]!;
        const alpha = m.value[k]!;
        if (this.used[r] || !ws.rowOk[r] || alpha === 0) continue;
        const rm = m.rowMatrix();
        if (rm.rowStart[r + 1]! - rm.rowStart[r]! > this.maxRowLength) continue;
        const lambda = -aj / alpha;
        const side = lambda > 0 ? m.rowUpper[r]! : m.rowLower[r]!;
        if (!Number.isFinite(side) || !Number.isFinite(lambda) || Math.abs(lambda) > 1e6) continue;
        const slack = Math.abs(side - act[r]!) / Math.max(1, Math.abs(alpha));
        if (slack < bestSlack) {
          bestSlack = slack;
          bestRow = r;
          bestMult = lambda;
          bestSide = side;
        }
      }
      if (bestRow < 0) continue;
      ws.addRow(bestRow, bestMult, bestSide);
      ws.coef[bestCol] = 0; // eliminated exactly
      this.used[bestRow] = 1;
      this.usedList.push(bestRow);
      return true;
    }
  }
}

export const cmirDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'cmir',
  description: 'complemented mixed-integer rounding cuts on model rows and short aggregations of them',
  priority: 40,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-aggregations', type: 'integer', default: 5, min: 1, max: 20, description: 'rows aggregated into one c-MIR base inequality at most' },
    { name: 'max-row-length', type: 'integer', default: 1000, min: 2, max: 100000000, description: 'rows longer than this are skipped' },
    { name: 'max-starts', type: 'integer', default: 2000, min: 1, max: 100000000, description: 'row sides that start an aggregation per round at most' },
  ],
  create: (env) => new CmirSeparator(env.model, env.num('frequency'), env.num('max-aggregations'), env.num('max-row-length'), env.num('max-starts')),
};
