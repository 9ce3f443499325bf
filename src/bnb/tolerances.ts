/** Numerical tolerances of the branch-and-bound engine (shared by the framework and the plugins). */

/** A value within this distance of an integer counts as integral. */
export const INTEGRALITY_TOL = 1e-6;
/** Bounds and rows may be violated by at most this much (also the incumbent check in Model.maxViolation). */
export const FEASIBILITY_TOL = 1e-6;
/** Slack used when an objective is compared with a cutoff. */
export const OBJECTIVE_EPS = 1e-9;
/** Values beyond this magnitude are treated as infinite by propagation. */
export const HUGE_VALUE = 1e20;

/** Fractional part distance: |v - round(v)|. */
export function fractionality(v: number): number {
  return Math.abs(v - Math.round(v));
}
