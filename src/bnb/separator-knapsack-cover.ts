import type { Model } from '../model/model.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator } from './plugins.js';

/**
 * Lifted (extended) knapsack cover cuts on the model's rows whose columns are all binary. A side
 * of a row, written as sum_j w_j y_j <= c with w_j > 0 (a negative coefficient complements its
 * binary, y_j = 1 - x_j), has a cover C (sum_C w_j > c): at most |C| - 1 of its items fit, and so
 * at most |C| - 1 of the extension E(C) = C ∪ {j : w_j >= max_C w}. The cover is chosen greedily
 * by (1 - y*_j) / w_j (items the LP point fills first), then made minimal; the cut
 * sum_{E(C)} y_j <= |C| - 1 is proposed when the LP point violates it. Valid for every binary
 * point of the row: a global cut.
 */
export class KnapsackCoverSeparator implements Separator {
  readonly name = 'knapsack-cover';
  readonly frequency: number;
  private readonly model: Model;
  /** rows (and sides) that qualify: every column binary */
  private readonly rows: number[] = [];
  private readonly maxRowLength: number;
  // buffers
  private readonly w: Float64Array;
  private readonly y: Float64Array;
  private readonly col: Int32Array;
  private readonly neg: Uint8Array;
  private readonly order: Int32Array;
  private readonly inCover: Uint8Array;
  private readonly cutCols: Int32Array;
  private readonly cutVals: Float64Array;

  constructor(model: Model, frequency: number, maxRowLength: number) {
    this.model = model;
    this.frequency = frequency;
    this.maxRowLength = maxRowLength;
    const n = model.numCols;
    this.w = new Float64Array(n);
    this.y = new Float64Array(n);
    this.col = new Int32Array(n);
    this.neg = new Uint8Array(n);
    this.order = new Int32Array(n);
    this.inCover = new Uint8Array(n);
    this.cutCols = new Int32Array(n);
    this.cutVals = new Float64Array(n);
  }

  /** Inactive when no row is a binary knapsack. */
  initSolve(): boolean {
    const m = this.model;
    const rm = m.rowMatrix();
    const binary = (j: number): boolean => m.integrality[j] === 1 && m.colLower[j] === 0 && m.colUpper[j] === 1;
    for (let i = 0; i < m.numRows; i++) {
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      if (b - a < 2 || b - a > this.maxRowLength) continue;
      let ok = true;
      for (let k = a; k < b && ok; k++) ok = binary(rm.colIndex[k]!);
      if (ok) this.rows.push(i);
    }
    return this.rows.length > 0;
  }

  separate(ctx: SeparationContext): void {
    const x = ctx.primal;
    for (const i of this.rows) {
      const row = ctx.lpRow(i);
      if (row.upper < Infinity) this.side(ctx, row.cols, row.vals, row.count, row.upper, 1, x);
      if (row.lower > -Infinity) this.side(ctx, row.cols, row.vals, row.count, -row.lower, -1, x);
    }
  }

  /** The side sign * a x <= rhs. */
  private side(ctx: SeparationContext, cols: Int32Array, vals: Float64Array, count: number, rhs: number, sign: number, x: Float64Array): void {
    const { w, y, col, neg, order, inCover } = this;
    let c = rhs;
    let total = 0;
    for (let k = 0; k < count; k++) {
      const a = sign * vals[k]!;
      const j = cols[k]!;
      col[k] = j;
      if (a < 0) {
        neg[k] = 1;
        w[k] = -a;
        y[k] = 1 - x[j]!;
        c -= a; // a x_j = a - a (1 - x_j): the constant moves to the right
      } else {
        neg[k] = 0;
        w[k] = a;
        y[k] = x[j]!;
      }
      total += w[k]!;
      order[k] = k;
      inCover[k] = 0;
    }
    if (!(c >= 0) || total <= c + 1e-9) return; // infeasible side, or no cover exists
    // greedy cover: items the LP point fills first (small (1 - y) per weight)
    const ord = order.subarray(0, count);
    ord.sort((p, q) => (1 - y[p]!) / w[p]! - (1 - y[q]!) / w[q]! || p - q);
    let sum = 0;
    let size = 0;
    let t = 0;
    for (; t < count && sum <= c + 1e-9; t++) {
      inCover[ord[t]!] = 1;
      sum += w[ord[t]!]!;
      size++;
    }
    if (sum <= c + 1e-9) return;
    // minimal: drop items with the smallest y while it stays a cover
    for (let r = t - 1; r >= 0; r--) {
      const k = ord[r]!;
      if (sum - w[k]! > c + 1e-9 && y[k]! < 1 - 1e-9) {
        inCover[k] = 0;
        sum -= w[k]!;
        size--;
      }
    }
    let lhs = 0;
    let wmax = 0;
    for (let k = 0; k < count; k++) {
      if (!inCover[k]) continue;
      lhs += y[k]!;
      if (w[k]! > wmax) wmax = w[k]!;
    }
    // the extension (lifting by the largest cover weight)
    let n = 0;
    let rhsCut = size - 1;
    for (let k = 0; k < count; k++) {
      if (!inCover[k] && w[k]! >= wmax) {
        inCover[k] = 1;
        lhs += y[k]!;
      }
      if (!inCover[k]) continue;
      this.cutCols[n] = col[k]!;
      if (neg[k]) {
        this.cutVals[n] = -1;
        rhsCut -= 1; // (1 - x_j) on the left
      } else this.cutVals[n] = 1;
      n++;
    }
    if (lhs <= size - 1 + 1e-6) return;
    ctx.addCut(this.cutCols, this.cutVals, n, -Infinity, rhsCut, false);
  }
}

export const knapsackCoverDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'knapsack-cover',
  description: 'lifted knapsack cover cuts on rows of binary columns',
  priority: 50,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-row-length', type: 'integer', default: 5000, min: 2, max: 100000000, description: 'rows longer than this are skipped' },
  ],
  create: (env) => new KnapsackCoverSeparator(env.model, env.num('frequency'), env.num('max-row-length')),
};
