import type { Model } from '../model/model.js';

/**
 * Outcome of one LP solve: a closed union. `cutoff` means the LP objective is proven to exceed the
 * cutoff set with setCutoff (the node can be pruned): either the dual simplex stopped early, or the
 * LP was solved to optimality above the cutoff; its `objective` is a valid lower bound (>= cutoff).
 * `unbounded` means no finite lower bound exists for the relaxation (dual infeasible); backends try
 * to tell infeasible from unbounded, and when they cannot, report `unbounded` with a `message`
 * (primal feasibility then not established).
 */
export type LpStatus =
  | 'optimal'
  | 'infeasible'
  | 'unbounded'
  | 'cutoff'
  | 'iteration-limit'
  | 'time-limit'
  | 'error';

export interface LpOutcome {
  status: LpStatus;
  /** objective of the relaxation (minimisation sense, objective offset included); NaN when unknown */
  objective: number;
  /** simplex iterations of this solve */
  iterations: number;
  /** wall time of this solve, seconds */
  seconds: number;
  /** backend's message for status 'error' */
  message?: string;
}

export interface LpLimits {
  /** simplex iteration limit per solve (Infinity = none) */
  iterations?: number;
  /** time limit per solve, seconds (Infinity = none) */
  seconds?: number;
}

/**
 * The LP backend surface: small and uniform (load, optimize, get/set attributes, dispose). The
 * engine always minimises: `load` negates the costs of a maximisation model, so every objective
 * reported here is in minimisation sense. Integrality is ignored (this is the relaxation).
 *
 * Contract, checked by runLpConformance (test/lp/conformance.ts) for every backend:
 * - `load` may be called once; column bounds then change only through setColBounds/changeColBounds,
 *   and only the bounds that differ from the backend's current ones are pushed (warm start keeps
 *   the current basis). Coefficients and row bounds change through changeCoefficient /
 *   changeRowBounds; a re-solve then equals a cold solve of the changed LP.
 * - solution getters are valid after an 'optimal' (or 'cutoff' / limit) outcome and return the
 *   backend's internal buffers, to be read before the next optimize(): do not keep references.
 * - `dispose` is idempotent; any other call after it throws LpBackendError.
 */
export interface LpSolver {
  readonly name: string;
  /** Loads the LP relaxation of the model (once). */
  load(model: Model): void;
  /** Sets the bounds of column j (pushed to the backend only if changed). */
  changeColBounds(j: number, lower: number, upper: number): void;
  /** Sets all column bounds at once; only entries differing from the current ones are pushed. */
  setColBounds(lower: ArrayLike<number>, upper: ArrayLike<number>): void;
  /**
   * Sets the matrix coefficient of (row, col) in the relaxation (0 removes the entry). Pushed at
   * once; the basis is kept (a warm start refactorises). Used for node-local big-M re-tightening:
   * the caller owns the changed rows and restores them (the backend keeps no undo stack).
   */
  changeCoefficient(row: number, col: number, value: number): void;
  /** Sets the bounds of row i (lower <= upper, either may be infinite). Pushed at once; the basis is kept. */
  changeRowBounds(row: number, lower: number, upper: number): void;
  /** Current column bounds as the backend sees them (read-only view). */
  colLower(): Float64Array;
  colUpper(): Float64Array;
  /** Objective cutoff (minimisation): the solve may stop with 'cutoff' once the LP bound exceeds it. Infinity = none. */
  setCutoff(value: number): void;
  setLimits(limits: LpLimits): void;
  /** Solves the relaxation from the current basis (warm start). */
  optimize(): LpOutcome;
  /** Primal column values of the last solve. */
  primal(): Float64Array;
  /** Row activities A x of the last solve. */
  rowActivity(): Float64Array;
  /** Row duals of the last solve (minimisation sense). */
  rowDual(): Float64Array;
  /** Reduced costs of the last solve (minimisation sense). */
  reducedCosts(): Float64Array;
  /**
   * Number of rows of the LP: the model's rows (0 .. model.numRows - 1), then the rows added with
   * addRows (cuts) in the order added. Row-indexed calls (changeRowBounds, changeCoefficient, the
   * row vectors of a solution, LpBasis.rowStatus) cover all of them.
   */
  rowCount(): number;
  /**
   * Appends `count` rows lower[i] <= sum_k values[k] x[indices[k]] <= upper[i] (k from starts[i]
   * to starts[i+1]; CSR, `starts` has count + 1 entries, nondecreasing; column indices distinct
   * within a row, values finite; lower <= upper, lower < +Infinity, upper > -Infinity). Batched:
   * one call per round of cuts. The basis stays warm: the new rows enter basic (their slacks), so
   * the next solve starts from the current vertex (dual simplex). Like any model change, it voids
   * the last solution and tableau (getters throw, tableau calls return false) until the next
   * optimize(). count = 0 changes nothing. Bad input throws LpBackendError ('add rows') and adds
   * no row.
   */
  addRows(count: number, lower: ArrayLike<number>, upper: ArrayLike<number>, starts: ArrayLike<number>, indices: ArrayLike<number>, values: ArrayLike<number>): void;
  /**
   * Deletes the rows in `rows` (distinct indices >= the model's row count, any order: only added
   * rows may go; a model row, a duplicate or an index out of range throws LpBackendError
   * ('delete rows') and deletes nothing), the rows after them moving up in order. The basis of the
   * remaining rows is kept (each keeps its status; a backend repairs the basis on the next solve if
   * a deleted row was nonbasic). Voids the last solution and tableau like addRows. An empty list
   * changes nothing.
   */
  deleteRows(rows: ArrayLike<number>): void;
  /**
   * Tableau access after a solve that ended with a valid basis ('optimal', 'cutoff', or a limit)
   * and before any model change: the basic variable of each basis position into `out` (length >=
   * rowCount()): j >= 0 column j, -1 - i the slack of row i. False when there is no valid basis.
   */
  basicVariables(out: Int32Array): boolean;
  /**
   * Row `position` of the simplex tableau, same validity as basicVariables, in one convention for
   * every backend. The slack of row i is its activity r_i = a_i x (the LP is A x - r = 0 over the
   * variables (x, r), with bounds on both); the tableau is B^-1 [A, -I] for the basis matrix B of
   * the basic columns of [A, -I], so the row is scaled such that the basic variable of `position`
   * (basicVariables) has coefficient +1 and every other basic variable coefficient 0. `out`
   * (length >= numCols) receives the coefficients of the columns x_j, `slackOut` (length >=
   * rowCount(), when given) those of the row activities r_i. Identity (exact up to rounding, for
   * every x and r = A x, in particular the last solution):
   *     sum_j out[j] x_j + sum_i slackOut[i] r_i = 0,
   * i.e. the basic variable equals -(sum over the nonbasic columns of out[j] x_j + sum over the
   * nonbasic rows of slackOut[i] r_i). False when there is no valid basis; a position outside
   * [0, rowCount()) or a short buffer throws LpBackendError ('read tableau row').
   */
  tableauRow(position: number, out: Float64Array, slackOut?: Float64Array): boolean;
  /**
   * After an 'infeasible' solve (and before any model change): a Farkas proof, row multipliers y
   * into `out` (length >= rowCount()) such that y^T A x >= y^T b cannot hold with the column
   * bounds, where y^T b = sum over y_i > 0 of y_i lower_i + sum over y_i < 0 of y_i upper_i (each
   * needed row bound finite; rows with y_i = 0 drop out). Every x satisfying the rows has
   * y^T A x >= y^T b, while the maximum of y^T A x over the column box is < y^T b. False when the
   * backend has none (e.g. infeasibility it found without a solve, such as crossed column bounds).
   */
  dualRay(out: Float64Array): boolean;
  /** Opaque copy of the current basis, for restoring later (e.g. when jumping to a distant node). */
  getBasis(): LpBasis | undefined;
  setBasis(basis: LpBasis): void;
  /** Cumulative statistics of this solver instance. */
  stats(): LpStats;
  dispose(): void;
}

/** Cumulative statistics of one LpSolver. */
export interface LpStats {
  solves: number;
  iterations: number;
  seconds: number;
  /** column bound changes pushed to the backend */
  boundChangesPushed: number;
  /** matrix coefficient and row bound changes (changeCoefficient / changeRowBounds calls that changed something) */
  rowChangesPushed: number;
}

/** A simplex basis: status per column and per row (backend-specific codes). */
export interface LpBasis {
  colStatus: Int32Array;
  rowStatus: Int32Array;
}

/** Creates a fresh LP solver. Backends export one of these. */
export type LpSolverFactory = () => LpSolver;
