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
