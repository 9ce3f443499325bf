import type { Model } from '../model/model.js';
import type { IncumbentSolution } from './plugins.js';
import { FEASIBILITY_TOL } from './tolerances.js';

/** Called when a point improves the incumbent: its objective (minimisation sense), the point (owned by the store) and who found it. */
export type ImprovementListener = (objective: number, x: Float64Array, source: string) => void;

/**
 * The incumbent of one search (serial solve, a worker thread, a sub-MIP, the parallel
 * coordinator): every candidate point goes through `offer`, which rounds its integer columns,
 * checks it against the model (finite, bounds, rows, absolute FEASIBILITY_TOL) and installs it when
 * it improves `value`. `value` may also come from elsewhere without a point (`tighten`: the
 * incumbent of another thread). `solution` is the best point known here — what improvement
 * heuristics start from (HeuristicContext.incumbentSolution): the last point installed here, which
 * in a worker thread may be worse than a `value` that came from elsewhere. Objectives are in
 * minimisation sense.
 */
export class IncumbentStore {
  readonly model: Model;
  /** +1 minimise, −1 maximise: internal objective = sign × model objective */
  readonly sign: number;
  /** best objective known (Infinity: none) — drives the cutoff */
  value = Infinity;
  /** improving points installed (offer returned true) */
  found = 0;
  private best: Float64Array | null = null;
  private bestObjective = Infinity;
  private readonly cand: Float64Array;
  private readonly act: Float64Array;
  private readonly listeners: ImprovementListener[] = [];

  constructor(model: Model) {
    this.model = model;
    this.sign = model.sense === 'maximize' ? -1 : 1;
    this.cand = new Float64Array(model.numCols);
    this.act = new Float64Array(model.numRows);
  }

  /** Calls `listener` on every improvement (queue pruning, logging, sending to the coordinator). */
  onImprove(listener: ImprovementListener): void {
    this.listeners.push(listener);
  }

  /** The best point known here with its objective, or null. */
  get solution(): IncumbentSolution | null {
    return this.best ? { x: this.best, objective: this.bestObjective } : null;
  }

  /** The incumbent point when `value` is its objective (the point behind the cutoff), else null. */
  get incumbentPoint(): Float64Array | null {
    return this.best !== null && this.bestObjective === this.value ? this.best : null;
  }

  /**
   * Checks `x` (integer columns rounded) against the model and installs it when it improves the
   * incumbent. Returns whether it was installed. `source` names the finder (a plugin, 'lp', 'initial').
   */
  offer(x: ArrayLike<number>, source: string): boolean {
    return this.install(x, source, true);
  }

  /**
   * A starting point (SolveOptions.initialSolution): installed like `offer` when feasible and
   * better, but not counted in `found` (it is not a solution the search found; the solution limit
   * counts those).
   */
  seed(x: ArrayLike<number>): boolean {
    return this.install(x, 'initial', false);
  }

  private install(x: ArrayLike<number>, source: string, counted: boolean): boolean {
    const obj = this.check(x);
    if (obj === null) return false;
    if (!(obj < this.value)) return false;
    this.value = obj;
    if (counted) this.found++;
    const point = this.keep(obj);
    for (const l of this.listeners) l(obj, point, source);
    return true;
  }

  /** A value known elsewhere (no point): lowers `value` when better. Returns whether it did. */
  tighten(value: number): boolean {
    if (!(value < this.value)) return false;
    this.value = value;
    return true;
  }

  /** Starts over with incumbent value `value` (a worker's task); `forget` also drops the best point. */
  reset(value: number, forget: boolean): void {
    this.value = value;
    this.found = 0;
    if (forget) {
      this.best = null;
      this.bestObjective = Infinity;
    }
  }

  /**
   * The objective (minimisation sense) of `x` with its integer columns rounded when that point is
   * finite and satisfies bounds and rows within FEASIBILITY_TOL (absolute, as Model.maxViolation);
   * else null. The rounded point is left in `checked` until the next call.
   */
  check(x: ArrayLike<number>): number | null {
    const model = this.model;
    const n = model.numCols;
    if (x.length !== n) return null;
    const sol = this.cand;
    const integ = model.integrality;
    for (let j = 0; j < n; j++) {
      let v = x[j]!;
      if (!Number.isFinite(v)) return null;
      if (integ[j]) v = Math.round(v);
      if (v < model.colLower[j]! - FEASIBILITY_TOL || v > model.colUpper[j]! + FEASIBILITY_TOL) return null;
      sol[j] = v;
    }
    const act = this.act.fill(0);
    for (let j = 0; j < n; j++) {
      const v = sol[j]!;
      if (v === 0) continue;
      for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) act[model.rowIndex[k]!]! += model.value[k]! * v;
    }
    for (let i = 0; i < model.numRows; i++) {
      const a = act[i]!;
      if (a < model.rowLower[i]! - FEASIBILITY_TOL || a > model.rowUpper[i]! + FEASIBILITY_TOL) return null;
    }
    return this.sign * model.objectiveOf(sol);
  }

  /** The point of the last `check`. */
  get checked(): Float64Array {
    return this.cand;
  }

  /** Keeps the checked point as the best known (a fresh array: listeners and results may hold it). */
  private keep(obj: number): Float64Array {
    const point = this.cand.slice();
    this.best = point;
    this.bestObjective = obj;
    return point;
  }
}
