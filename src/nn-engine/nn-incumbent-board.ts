import type { Model } from '../model/model.js';

const FEASIBILITY_TOL = 1e-6;

/** The best feasible point the NN heuristics of a search have returned so far (minimisation sense). */
export interface BoardEntry {
  readonly x: Float64Array;
  objective: number;
  /** incremented on every improvement (lets a reader see that the point changed) */
  version: number;
}

const boards = new WeakMap<Model, BoardEntry>();

/**
 * A per-model board where the NN primal heuristics post the points they return, so that the
 * neighbourhood heuristic can start from the best one (the HeuristicContext carries the incumbent's
 * value as a cutoff, not its columns). A point is kept only when it is better than the board's and
 * feasible for the model (integer columns rounded, Model.maxViolation <= 1e-6, the framework's
 * test). One buffer per model, allocated on the first post.
 */
export function postSolution(model: Model, x: ArrayLike<number>, objective: number): boolean {
  let e = boards.get(model);
  if (e && !(objective < e.objective - 1e-9)) return false;
  if (!Number.isFinite(objective)) return false;
  if (!e) {
    e = { x: new Float64Array(model.numCols), objective: Infinity, version: 0 };
    boards.set(model, e);
  }
  // check into a scratch copy first: the board keeps its point when this one is rejected
  const integ = model.integrality;
  const tmp = scratchFor(model);
  for (let j = 0; j < tmp.length; j++) tmp[j] = integ[j] ? Math.round(x[j]!) : x[j]!;
  if (!(model.maxViolation(tmp).value <= FEASIBILITY_TOL)) return false;
  e.x.set(tmp);
  e.objective = objective;
  e.version++;
  return true;
}

/** The board's best point of `model`, or undefined before the first post. */
export function bestSolution(model: Model): BoardEntry | undefined {
  return boards.get(model);
}

const scratch = new WeakMap<Model, Float64Array>();
function scratchFor(model: Model): Float64Array {
  let s = scratch.get(model);
  if (!s) {
    s = new Float64Array(model.numCols);
    scratch.set(model, s);
  }
  return s;
}
