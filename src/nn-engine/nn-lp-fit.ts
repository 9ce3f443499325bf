import { ColumnKind } from '../model/column-tag.js';
import type { Model } from '../model/model.js';
import type { LpSolver, LpSolverFactory } from '../lp/lp-solver.js';

/**
 * "LP-fit": fix integer columns to a pattern (activations, kill-switches, loss indicators, and
 * optionally the network's parameters) and solve the LP that is left over the model's own bounds —
 * the best weights for that activation pattern. Uses its own LP from the solve's LP factory
 * (created lazily once, warm started between calls, released by `dispose`). Integer columns left free and fractional are
 * rounded (loss / weight indicators upwards, which keeps their rows satisfied); the framework checks
 * the returned point anyway.
 */
export class NnLpFit {
  private lp: LpSolver | undefined;
  private failed = false;
  private readonly lpFactory: LpSolverFactory;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly result: Float64Array;
  private readonly model: Model;
  private readonly timeLimit: number;
  /** LP solves and their seconds (for reports) */
  solves = 0;
  seconds = 0;

  constructor(model: Model, lpFactory: LpSolverFactory, timeLimit: number) {
    this.model = model;
    this.lpFactory = lpFactory;
    this.timeLimit = timeLimit;
    this.lower = Float64Array.from(model.colLower);
    this.upper = Float64Array.from(model.colUpper);
    this.result = new Float64Array(model.numCols);
  }

  private solver(): LpSolver | undefined {
    if (this.lp || this.failed) return this.lp;
    let lp: LpSolver | undefined;
    try {
      lp = this.lpFactory();
      lp.load(this.model);
      lp.setLimits({ seconds: this.timeLimit });
      this.lp = lp;
    } catch {
      lp?.dispose();
      this.failed = true;
    }
    return this.lp;
  }

  /**
   * Solves with `cols[k]` fixed to `vals[k]` for k < count (every other column at the model's
   * bounds). With `objectiveOut`, the LP objective (minimisation sense) is stored in objectiveOut[0].
   * Returns a full column vector (a buffer reused by the next call) or null when the LP is not optimal.
   */
  solve(cols: Int32Array, vals: Float64Array, count: number, objectiveOut?: Float64Array): Float64Array | null {
    const lp = this.solver();
    if (!lp) return null;
    const m = this.model;
    const lo = this.lower;
    const up = this.upper;
    lo.set(m.colLower);
    up.set(m.colUpper);
    for (let k = 0; k < count; k++) {
      const c = cols[k]!;
      let v = vals[k]!;
      if (v < m.colLower[c]!) v = m.colLower[c]!;
      if (v > m.colUpper[c]!) v = m.colUpper[c]!;
      lo[c] = v;
      up[c] = v;
    }
    lp.setColBounds(lo, up);
    const out = lp.optimize();
    this.solves++;
    this.seconds += out.seconds;
    if (out.status !== 'optimal') return null;
    if (objectiveOut) objectiveOut[0] = out.objective;
    const x = this.result;
    x.set(lp.primal());
    const integ = m.integrality;
    for (let j = 0; j < x.length; j++) {
      if (!integ[j]) continue;
      const v = x[j]!;
      const r = Math.round(v);
      if (Math.abs(v - r) <= 1e-6) x[j] = r;
      else {
        const kind = m.tagKind[j];
        x[j] = kind === ColumnKind.LOSS || kind === ColumnKind.WEIGHT_INDICATOR || kind === ColumnKind.KILL_SWITCH ? Math.ceil(v) : r;
      }
    }
    return x;
  }

  dispose(): void {
    this.lp?.dispose();
    this.lp = undefined;
  }
}
