import type { Model } from '../model/model.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from './plugin-registry.js';
import type { SeparationContext, Separator } from './plugins.js';
import { LOWER, MirWorkspace, UPPER, VUB } from './separator-cmir.js';

/**
 * Flow cover cuts on single-node flow sets, derived as c-MIR cuts (Marchand & Wolsey). A side of a
 * model row Σ a_j x_j ≤ b whose continuous columns all have a variable upper bound x_j ≤ u_j y_j
 * (binary y_j, from a row x_j − u_j y_j ≤ 0) or a finite simple bound (a flow with y fixed to 1,
 * substituted by its bound) is a single-node flow set. A cover C+ of its inflows (a_j > 0 with a VUB) is chosen greedily by
 * y*_j, largest first, until Σ_{C+} a_j u_j exceeds b less the least activity of the other columns
 * (excess λ > 0). The flows of the row are then substituted by their VUBs, the y_j of the cover
 * complemented (y_j = 1 − ȳ_j) and those outside it not, and the MIR is tried with the divisors
 * a_j u_j of the cover items with a_j u_j > λ (their maximum gives the simple generalised flow
 * cover inequality), besides the default c-MIR divisors; the most efficacious violated cut is
 * proposed. The cut is the c-MIR of MirWorkspace, valid for every point within the model's global
 * bounds: a global cut.
 */
export class FlowCoverSeparator implements Separator {
  readonly name = 'flow-cover';
  readonly frequency: number;
  private readonly model: Model;
  private readonly maxRowLength: number;
  private ws: MirWorkspace | null = null;
  private readonly rows: number[] = [];
  // buffers
  private readonly order: Int32Array;
  private readonly extra: Float64Array;

  constructor(model: Model, frequency: number, maxRowLength: number) {
    this.model = model;
    this.frequency = frequency;
    this.maxRowLength = maxRowLength;
    this.order = new Int32Array(model.numCols);
    this.extra = new Float64Array(16);
  }

  /** Inactive when no row is a single-node flow set with a VUB flow. */
  initSolve(): boolean {
    const m = this.model;
    this.ws = MirWorkspace.withBaseRows(m, this.maxRowLength, this.rows, (ws, cols, a, b) => {
      let flows = 0;
      for (let k = a; k < b; k++) {
        const j = cols[k]!;
        if (m.integrality[j]) continue;
        if (ws.vubCol[j]! >= 0) flows++;
        else if (!Number.isFinite(m.colLower[j]!) && !Number.isFinite(m.colUpper[j]!)) return false;
      }
      return flows > 0;
    });
    return this.ws !== null;
  }

  separate(ctx: SeparationContext): void {
    const m = this.model;
    for (const i of this.rows) {
      if (m.rowUpper[i]! < Infinity) this.side(ctx, i, 1, m.rowUpper[i]!);
      if (m.rowLower[i]! > -Infinity) this.side(ctx, i, -1, m.rowLower[i]!);
    }
  }

  /** The side mult × row i ≤ mult × side. */
  private side(ctx: SeparationContext, i: number, mult: number, side: number): void {
    const m = this.model;
    const ws = this.ws!;
    const x = ctx.primal;
    ws.clear();
    ws.addRow(i, mult, side);
    // b less the least activity of everything but the VUB inflows; the inflows to order
    let rest = 0;
    let n = 0;
    for (let t = 0; t < ws.nsup; t++) {
      const j = ws.sup[t]!;
      const a = ws.coef[j]!;
      const k = ws.vubCol[j]!;
      const lo = m.colLower[j]!;
      const up = k >= 0 ? Math.min(m.colUpper[j]!, ws.vubCoef[j]!) : m.colUpper[j]!;
      if (k >= 0 && a > 0 && lo === 0) {
        this.order[n++] = j;
        continue;
      }
      rest += Math.min(a * lo, a * up);
    }
    const bEff = Number.isFinite(rest) ? ws.beta - rest : ws.beta;
    if (n === 0 || !Number.isFinite(bEff)) return;
    const cap = (j: number): number => ws.coef[j]! * ws.vubCoef[j]!;
    const ord = this.order.subarray(0, n);
    ord.sort((p, q) => x[ws.vubCol[q]!]! - x[ws.vubCol[p]!]! || cap(q) - cap(p) || p - q);
    let total = 0;
    let size = 0;
    while (size < n && total <= bEff + 1e-9) total += cap(ord[size++]!);
    if (total <= bEff + 1e-9) return;
    const lambda = total - bEff;
    let ne = 0;
    let umax = 0;
    for (let t = 0; t < n; t++) {
      const j = ord[t]!;
      ws.setChoice(j, VUB);
      if (t < size) {
        ws.setChoice(ws.vubCol[j]!, UPPER);
        const c = cap(j);
        if (c > umax) umax = c;
        if (c > lambda + 1e-9 && ne < this.extra.length - 1) this.extra[ne++] = c;
      } else ws.setChoice(ws.vubCol[j]!, LOWER);
    }
    if (umax > lambda + 1e-9 && ne < this.extra.length) this.extra[ne++] = umax;
    if (ws.cut(x, this.extra.subarray(0, ne), 4)) ctx.addCut(ws.outCols, ws.outVals, ws.outCount, -Infinity, ws.outRhs, false);
  }
}

export const flowCoverDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'flow-cover',
  description: 'flow cover cuts (as c-MIR) on single-node flow rows with variable upper bounds',
  priority: 30,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'max-row-length', type: 'integer', default: 1000, min: 2, max: 100000000, description: 'rows longer than this are skipped' },
  ],
  create: (env) => new FlowCoverSeparator(env.model, env.num('frequency'), env.num('max-row-length')),
};
