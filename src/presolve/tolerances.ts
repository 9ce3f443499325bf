/**
 * Numerical tolerances of presolve. Presolve decides with the engine's feasibility tolerance when
 * it proves infeasibility (so it never calls a model infeasible that has a point within 1e-6) and
 * with much smaller ones when it changes the model (so a reduced model keeps every point it should,
 * up to round-off).
 */
import { FEASIBILITY_TOL, HUGE_VALUE } from '../bnb/tolerances.js';

/** Bounds and activities at or beyond this magnitude count as infinite (as in propagation). */
export const PRESOLVE_INFINITY = HUGE_VALUE;
/** Infeasibility is proven only by a violation larger than this (scaled by max(1, |bound|)). */
export const INFEASIBILITY_TOL = FEASIBILITY_TOL;
/** Integer bounds are rounded inward unless the value is within this (relative) distance of an integer. */
export const INTEGER_ROUNDING_TOL = 1e-9;
/** Relative round-off margin added to bounds derived from activities (times the row's magnitude). */
export const ACTIVITY_MARGIN = 1e-9;
/** A continuous bound derived from an activity must improve by this fraction of the column's range. */
export const MIN_BOUND_IMPROVEMENT = 1e-3;
/** Continuous bounds derived from activities beyond this magnitude are not worth the round-off. */
export const MAX_DERIVED_BOUND = 1e10;
/** A row side within this (relative) distance of its activity bound is redundant, or forcing. */
export const REDUNDANCY_TOL = 1e-9;
/** A continuous column whose bounds are this (relative) close is fixed at their midpoint. */
export const FIXED_COLUMN_TOL = 1e-9;
/** Coefficients of parallel rows / columns must agree to this relative precision. */
export const PARALLEL_TOL = 1e-12;
/** A big-M coefficient is tightened only by more than this fraction of its magnitude. */
export const MIN_COEFFICIENT_CHANGE = 1e-4;

/** True for a bound presolve treats as infinite. */
export function isInfinite(bound: number): boolean {
  return !(Math.abs(bound) < PRESOLVE_INFINITY);
}

/** max(1, |v|) over the finite arguments: the scale of a tolerance. */
export function scaleOf(...values: number[]): number {
  let s = 1;
  for (const v of values) if (Math.abs(v) < PRESOLVE_INFINITY && Math.abs(v) > s) s = Math.abs(v);
  return s;
}
