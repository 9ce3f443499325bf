import type { Model, RowMatrix } from '../model/model.js';
import { BoundReason } from './bound-reason.js';
import type { Domain } from './domain.js';
import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { PropagationContext, Propagator } from './plugins.js';
import { FEASIBILITY_TOL, HUGE_VALUE } from './tolerances.js';

/**
 * Activity-based bound propagation on the rows: for each row, the minimum and maximum activity
 * over the current bounds (counting infinite contributions separately) prove infeasibility or
 * tighten each column's bounds (rounded for integer columns by the Domain). Rows are processed
 * from a work queue seeded with the rows of the columns changed since `ctx.since` (all rows when
 * since < 0), and re-queued when one of their columns tightens, until a fixpoint or the work limit
 * (`work-limit` × nonzeros entries scanned per call). Continuous bounds are tightened only by a
 * significant amount (`min-improvement` relative to the range), to avoid endless tiny steps.
 * Each change records its row in the Domain (trailExplain), and an infeasible row is reported in
 * `infeasibleRow`: conflict analysis resolves the changes through them.
 */
export class RowActivityPropagator implements Propagator {
  readonly name = 'row-activity';
  readonly reason = BoundReason.PROPAGATION;
  readonly timing = 'node' as const;
  private readonly model: Model;
  private readonly rows: RowMatrix;
  private readonly queue: Int32Array;
  private readonly inQueue: Uint8Array;
  private readonly workLimit: number;
  private readonly minImprovement: number;
  private readonly rowTol: Float64Array;
  /** after 'infeasible': the model row found infeasible (-1: none); conflict analysis starts there */
  infeasibleRow = -1;
  /** work queue state of the running propagate call */
  private tail = 0;
  private size = 0;

  constructor(model: Model, workLimit: number, minImprovement: number) {
    this.model = model;
    this.rows = model.rowMatrix();
    this.queue = new Int32Array(model.numRows + 1);
    this.inQueue = new Uint8Array(model.numRows);
    this.workLimit = Math.max(1000, workLimit * model.numNonzeros);
    this.minImprovement = minImprovement;
    this.rowTol = new Float64Array(model.numRows);
    for (let i = 0; i < model.numRows; i++) {
      const lo = model.rowLower[i]!;
      const up = model.rowUpper[i]!;
      const mag = Math.max(1, Number.isFinite(lo) ? Math.abs(lo) : 0, Number.isFinite(up) ? Math.abs(up) : 0);
      this.rowTol[i] = FEASIBILITY_TOL * mag;
    }
  }

  propagate(ctx: PropagationContext): 'ok' | 'infeasible' {
    const m = this.model.numRows;
    this.infeasibleRow = -1;
    if (m === 0) return 'ok';
    const domain = ctx.domain;
    const source = ctx.source;
    const queue = this.queue;
    const inQueue = this.inQueue;
    const cap = queue.length;
    let head = 0;
    this.tail = 0;
    this.size = 0;
    if (ctx.since < 0) {
      for (let i = 0; i < m; i++) {
        inQueue[i] = 1;
        queue[i] = i;
      }
      this.size = m;
      this.tail = m === cap ? 0 : m;
    } else {
      const end = domain.trailLength;
      for (let k = ctx.since; k < end; k++) this.enqueueCol(domain.trailCol(k));
    }
    let work = 0;
    let result: 'ok' | 'infeasible' = 'ok';
    const rowStart = this.rows.rowStart;
    while (this.size > 0) {
      const i = queue[head]!;
      head = head + 1 === cap ? 0 : head + 1;
      this.size--;
      inQueue[i] = 0;
      if (work > this.workLimit) continue; // drain the queue flags
      const before = domain.trailLength;
      work += rowStart[i + 1]! - rowStart[i]!;
      if (!this.propagateRow(i, domain, source)) {
        result = 'infeasible';
        this.infeasibleRow = i;
        work = Infinity;
        continue;
      }
      const after = domain.trailLength;
      for (let k = before; k < after; k++) this.enqueueCol(domain.trailCol(k));
    }
    return result;
  }

  /** Queues the rows of column j that are not queued yet (ring buffer: tail and size are fields, no closure per call). */
  private enqueueCol(j: number): void {
    const cs = this.model.colStart;
    const ri = this.model.rowIndex;
    const queue = this.queue;
    const inQueue = this.inQueue;
    const cap = queue.length;
    let tail = this.tail;
    let size = this.size;
    for (let k = cs[j]!, e = cs[j + 1]!; k < e; k++) {
      const i = ri[k]!;
      if (inQueue[i]) continue;
      inQueue[i] = 1;
      queue[tail] = i;
      tail = tail + 1 === cap ? 0 : tail + 1;
      size++;
    }
    this.tail = tail;
    this.size = size;
  }

  /** Propagates row i; false when the row cannot be satisfied. */
  private propagateRow(i: number, domain: Domain, source: number): boolean {
    const { rowStart, colIndex, value } = this.rows;
    const lo = domain.lower;
    const up = domain.upper;
    const rL = this.model.rowLower[i]!;
    const rU = this.model.rowUpper[i]!;
    const hasL = rL > -HUGE_VALUE;
    const hasU = rU < HUGE_VALUE;
    if (!hasL && !hasU) return true;
    const s = rowStart[i]!;
    const e = rowStart[i + 1]!;
    let minAct = 0;
    let maxAct = 0;
    let minInf = 0;
    let maxInf = 0;
    let maxRange = 0; // largest |a_j| (u_j - l_j): no column can tighten when the slack exceeds it
    for (let k = s; k < e; k++) {
      const a = value[k]!;
      const j = colIndex[k]!;
      const l = lo[j]!;
      const u = up[j]!;
      const range = (a > 0 ? a : -a) * (u - l);
      if (range > maxRange) maxRange = range;
      if (a > 0) {
        if (l <= -HUGE_VALUE) minInf++;
        else minAct += a * l;
        if (u >= HUGE_VALUE) maxInf++;
        else maxAct += a * u;
      } else {
        if (u >= HUGE_VALUE) minInf++;
        else minAct += a * u;
        if (l <= -HUGE_VALUE) maxInf++;
        else maxAct += a * l;
      }
    }
    const tol = this.rowTol[i]!;
    if (hasU && minInf === 0 && minAct > rU + tol) return false;
    if (hasL && maxInf === 0 && maxAct < rL - tol) return false;
    // a side can tighten column j only when its slack is below j's activity range
    const canUseU = hasU && minInf <= 1 && (minInf === 1 || minAct + maxRange > rU + tol);
    const canUseL = hasL && maxInf <= 1 && (maxInf === 1 || maxAct - maxRange < rL - tol);
    if (!canUseU && !canUseL) return true;
    // redundant row: nothing to propagate
    if ((!hasU || (maxInf === 0 && maxAct <= rU)) && (!hasL || (minInf === 0 && minAct >= rL))) return true;
    const integ = this.model.integrality;
    const minImp = this.minImprovement;
    for (let k = s; k < e; k++) {
      const a = value[k]!;
      const j = colIndex[k]!;
      const l = lo[j]!;
      const u = up[j]!;
      // contributions of j to min / max activity
      const jMinInf = a > 0 ? l <= -HUGE_VALUE : u >= HUGE_VALUE;
      const jMaxInf = a > 0 ? u >= HUGE_VALUE : l <= -HUGE_VALUE;
      const jMin = jMinInf ? 0 : a > 0 ? a * l : a * u;
      const jMax = jMaxInf ? 0 : a > 0 ? a * u : a * l;
      let newLo = -Infinity;
      let newUp = Infinity;
      if (canUseU && (minInf === 0 || jMinInf)) {
        const rest = minAct - jMin; // min activity of the other columns
        const bound = (rU - rest) / a;
        if (a > 0) newUp = bound;
        else newLo = bound;
      }
      if (canUseL && (maxInf === 0 || jMaxInf)) {
        const rest = maxAct - jMax;
        const bound = (rL - rest) / a;
        if (a > 0) newLo = Math.max(newLo, bound);
        else newUp = Math.min(newUp, bound);
      }
      const isInt = integ[j] === 1;
      let changedLo = false;
      let changedUp = false;
      if (newLo > l && newLo > -HUGE_VALUE && newLo < HUGE_VALUE) {
        if (isInt || l <= -HUGE_VALUE || newLo - l > minImp * Math.max(1, u - l)) {
          const r = domain.tightenLower(j, isInt ? newLo : newLo - 1e-9 * Math.max(1, Math.abs(newLo)), BoundReason.PROPAGATION, source, i);
          if (r < 0) return false;
          changedLo = r > 0;
        }
      }
      if (newUp < u && newUp < HUGE_VALUE && newUp > -HUGE_VALUE) {
        if (isInt || u >= HUGE_VALUE || u - newUp > minImp * Math.max(1, u - l)) {
          const r = domain.tightenUpper(j, isInt ? newUp : newUp + 1e-9 * Math.max(1, Math.abs(newUp)), BoundReason.PROPAGATION, source, i);
          if (r < 0) return false;
          changedUp = r > 0;
        }
      }
      if (changedLo || changedUp) {
        // keep the row's activities consistent with the new bounds of j
        const nl = lo[j]!;
        const nu = up[j]!;
        const nMinInf = a > 0 ? nl <= -HUGE_VALUE : nu >= HUGE_VALUE;
        const nMaxInf = a > 0 ? nu >= HUGE_VALUE : nl <= -HUGE_VALUE;
        if (jMinInf) minInf--;
        else minAct -= jMin;
        if (nMinInf) minInf++;
        else minAct += a > 0 ? a * nl : a * nu;
        if (jMaxInf) maxInf--;
        else maxAct -= jMax;
        if (nMaxInf) maxInf++;
        else maxAct += a > 0 ? a * nu : a * nl;
      }
    }
    return true;
  }
}

export const rowActivityDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'row-activity',
  description: 'min/max activity bound propagation on the rows, to a fixpoint',
  priority: 100,
  params: [
    { name: 'work-limit', type: 'real', default: 4, min: 0, max: 1e6, description: 'entries scanned per call, in multiples of the nonzeros' },
    { name: 'min-improvement', type: 'real', default: 1e-3, min: 0, max: 1, description: 'relative tightening required on continuous columns' },
  ],
  create: (env: PluginEnv) => new RowActivityPropagator(env.model, env.num('work-limit'), env.num('min-improvement')),
};
