import type { Model } from '../model/model.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator } from './plugins.js';

/** Nonbasic variables closer than this (relative) to a bound sit at it. */
const AT_BOUND = 1e-9;

/**
 * Gomory mixed-integer cuts from the rows of the optimal simplex tableau. For a basis position whose
 * basic variable is an integer column with a fractional value x̄ (fractional part f0 away from 0
 * and 1), the tableau row reads x_B + Σ ã_k y_k = x̄ over the nonbasic variables y_k ≥ 0, each a
 * column or an LP row's activity shifted to the bound it sits at (y = v − l or u − v). The GMI
 * inequality Σ g_k y_k ≥ 1 with
 *   integer y_k: g_k = f_k / f0 when f_k ≤ f0, else (1 − f_k) / (1 − f0)   (f_k = frac(ã_k)),
 *   continuous y_k: g_k = ã_k / f0 when ã_k ≥ 0, else −ã_k / (1 − f0),
 * holds for every point with x_B integer in the node's domain; substituting the y_k (and every row
 * activity by its row) gives a cut in the columns. A row activity is integer when its row has only
 * integer columns with integer coefficients and it sits at an integer bound. Rows whose nonbasic
 * variables are not at a bound, or whose coefficients are huge, are skipped; the cut pool's
 * numerics filter does the rest.
 */
export class GomorySeparator implements Separator {
  readonly name = 'gomory';
  readonly frequency: number;
  private readonly model: Model;
  private readonly maxCuts: number;
  private readonly minFraction: number;
  private readonly maxCoefficient: number;
  /** LP rows whose activity is integer-valued on integer points (model rows; cuts are continuous) */
  private readonly integralRow: Uint8Array;
  private basic = new Int32Array(0);
  private isBasic: Uint8Array;
  private readonly rowBuf: Float64Array;
  private slackBuf = new Float64Array(0);
  private readonly dense: Float64Array;
  private readonly support: Int32Array;
  private readonly mark: Uint8Array;
  private readonly cutVals: Float64Array;
  private readonly order: number[] = [];

  constructor(model: Model, frequency: number, maxCuts: number, minFraction: number, maxCoefficient: number) {
    this.model = model;
    this.frequency = frequency;
    this.maxCuts = maxCuts;
    this.minFraction = minFraction;
    this.maxCoefficient = maxCoefficient;
    const n = model.numCols;
    this.isBasic = new Uint8Array(n);
    this.rowBuf = new Float64Array(n);
    this.dense = new Float64Array(n);
    this.support = new Int32Array(n);
    this.mark = new Uint8Array(n);
    this.cutVals = new Float64Array(n);
    this.integralRow = new Uint8Array(model.numRows);
    const rm = model.rowMatrix();
    for (let i = 0; i < model.numRows; i++) {
      let ok = true;
      for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]! && ok; k++) ok = model.integrality[rm.colIndex[k]!] === 1 && Number.isInteger(rm.value[k]!);
      this.integralRow[i] = ok ? 1 : 0;
    }
  }

  /** Inactive without integer columns. */
  initSolve(): boolean {
    return this.model.numIntegers > 0;
  }

  separate(ctx: SeparationContext): void {
    const m = this.model;
    const rows = ctx.lpRowCount;
    if (this.basic.length < rows) {
      this.basic = new Int32Array(rows);
      this.slackBuf = new Float64Array(rows);
    }
    const basic = this.basic.subarray(0, rows);
    if (!ctx.basicVariables(basic)) return;
    const x = ctx.primal;
    this.isBasic.fill(0);
    const cand = this.order;
    cand.length = 0;
    for (let p = 0; p < rows; p++) {
      const j = basic[p]!;
      if (j < 0) continue;
      this.isBasic[j] = 1;
      if (!m.integrality[j]) continue;
      const f = x[j]! - Math.floor(x[j]!);
      if (f >= this.minFraction && f <= 1 - this.minFraction) cand.push(p);
    }
    // the most fractional first
    const frac = (p: number): number => {
      const v = x[basic[p]!]!;
      return Math.abs(v - Math.floor(v) - 0.5);
    };
    cand.sort((a, b) => frac(a) - frac(b) || a - b);
    let made = 0;
    for (const p of cand) {
      if (made >= this.maxCuts) break;
      if (this.cutFrom(ctx, p, basic[p]!, rows)) made++;
    }
  }

  /** The GMI cut of basis position p (basic column jb); true when proposed. */
  private cutFrom(ctx: SeparationContext, p: number, jb: number, rows: number): boolean {
    const m = this.model;
    const n = m.numCols;
    const out = this.rowBuf;
    const slack = this.slackBuf.subarray(0, rows);
    if (!ctx.tableauRow(p, out, slack)) return false;
    const x = ctx.primal;
    const lo = ctx.domain.lower;
    const up = ctx.domain.upper;
    const xb = x[jb]!;
    const f0 = xb - Math.floor(xb);
    const dense = this.dense;
    const support = this.support;
    const mark = this.mark;
    let ns = 0;
    let rhs = 1; // Σ g_k y_k ≥ 1, constants of the substitution moved here
    let ok = true;
    const addTerm = (j: number, v: number): void => {
      if (!mark[j]) {
        mark[j] = 1;
        support[ns++] = j;
      }
      dense[j]! += v;
    };
    /** g for a coefficient ã of an integer / continuous nonbasic variable. */
    const g = (a: number, integer: boolean): number => {
      if (integer) {
        const fk = a - Math.floor(a);
        return fk <= f0 ? fk / f0 : (1 - fk) / (1 - f0);
      }
      return a >= 0 ? a / f0 : -a / (1 - f0);
    };
    // nonbasic columns
    for (let j = 0; j < n && ok; j++) {
      const alpha = out[j]!;
      if (alpha === 0 || this.isBasic[j]) continue;
      if (Math.abs(alpha) > this.maxCoefficient) ok = false;
      const v = x[j]!;
      const l = lo[j]!;
      const u = up[j]!;
      const atLower = Number.isFinite(l) && Math.abs(v - l) <= AT_BOUND * Math.max(1, Math.abs(l));
      const atUpper = !atLower && Number.isFinite(u) && Math.abs(v - u) <= AT_BOUND * Math.max(1, Math.abs(u));
      if (!atLower && !atUpper) {
        ok = false;
        break;
      }
      // y = x − l (ã = α) or y = u − x (ã = −α)
      const a = atLower ? alpha : -alpha;
      const coef = g(a, m.integrality[j] === 1 && Number.isInteger(atLower ? l : u));
      if (coef === 0) continue;
      if (atLower) {
        addTerm(j, coef);
        rhs += coef * l;
      } else {
        addTerm(j, -coef);
        rhs -= coef * u;
      }
    }
    // nonbasic row activities (the slack of LP row i)
    const act = ctx.lpRowActivity;
    for (let i = 0; i < rows && ok; i++) {
      const alpha = slack[i]!;
      if (alpha === 0) continue;
      if (Math.abs(alpha) > this.maxCoefficient) {
        ok = false;
        break;
      }
      const row = ctx.lpRow(i);
      const r = act[i]!;
      const atLower = Number.isFinite(row.lower) && Math.abs(r - row.lower) <= AT_BOUND * Math.max(1, Math.abs(row.lower));
      const atUpper = !atLower && Number.isFinite(row.upper) && Math.abs(r - row.upper) <= AT_BOUND * Math.max(1, Math.abs(row.upper));
      if (!atLower && !atUpper) {
        // a basic slack has no entry here; a nonbasic one must sit at a bound
        ok = false;
        break;
      }
      const bound = atLower ? row.lower : row.upper;
      const a = atLower ? alpha : -alpha;
      const integer = i < m.numRows && this.integralRow[i] === 1 && Number.isInteger(bound);
      const coef = g(a, integer);
      if (coef === 0) continue;
      // y = r − L or U − r, r = Σ_j row_j x_j
      const s = atLower ? coef : -coef;
      for (let k = 0; k < row.count; k++) addTerm(row.cols[k]!, s * row.vals[k]!);
      rhs += s * bound;
    }
    let count = 0;
    for (let t = 0; t < ns; t++) {
      const j = support[t]!;
      const v = dense[j]!;
      dense[j] = 0;
      mark[j] = 0;
      if (v !== 0) {
        support[count] = j;
        this.cutVals[count] = v;
        count++;
      }
    }
    if (!ok || count === 0 || !Number.isFinite(rhs)) return false;
    return ctx.addCut(support, this.cutVals, count, rhs, Infinity, ctx.depth > 0);
  }
}

export const gomoryDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'gomory',
  description: 'Gomory mixed-integer cuts from the rows of the optimal simplex tableau',
  priority: 100,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-cuts', type: 'integer', default: 50, min: 1, max: 100000, description: 'tableau rows tried per round at most' },
    { name: 'min-fraction', type: 'real', default: 0.01, min: 1e-6, max: 0.5, description: 'basic integer columns with a fractional part closer than this to 0 or 1 are skipped' },
    { name: 'max-coefficient', type: 'real', default: 1e6, min: 1, max: 1e12, description: 'tableau rows with a larger coefficient are skipped' },
  ],
  create: (env) => new GomorySeparator(env.model, env.num('frequency'), env.num('max-cuts'), env.num('min-fraction'), env.num('max-coefficient')),
};
