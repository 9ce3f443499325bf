/**
 * Why a bound changed. Every change of the search Domain carries one of these codes plus the id of
 * the plugin that made it (-1 = the framework), so `Domain.explain(col)` can answer "why is this
 * ReLU fixed?".
 */
export const BoundReason = {
  /** the model's own bound (trail base) */
  ORIGINAL: 0,
  /** a branching decision */
  BRANCHING: 1,
  /** bound propagation on the rows (or an NN-specific propagator) */
  PROPAGATION: 2,
  /** symmetry handling (orbital / orbitopal fixing) */
  SYMMETRY: 3,
  /** reduced-cost fixing after an optimal LP */
  REDUCED_COST: 4,
  /** objective cutoff propagation */
  CUTOFF: 5,
  /** a strong-branching probe proved one side infeasible */
  STRONG_BRANCHING: 6,
  /** a change inherited from an ancestor node whose original reason was not recorded */
  INHERITED: 7,
} as const;
export type BoundReason = (typeof BoundReason)[keyof typeof BoundReason];

export const BOUND_REASON_NAMES: Record<BoundReason, string> = {
  0: 'original',
  1: 'branching',
  2: 'propagation',
  3: 'symmetry',
  4: 'reduced-cost',
  5: 'cutoff',
  6: 'strong-branching',
  7: 'inherited',
};
