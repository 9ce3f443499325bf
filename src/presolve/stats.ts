/** Statistics of presolve: per reduction and in total. */

/** The reductions, in the order one round applies them. */
export const REDUCTION_NAMES = [
  'empty-rows',
  'singleton-rows',
  'fixed-columns',
  'empty-columns',
  'bound-tightening',
  'redundant-rows',
  'forcing-rows',
  'dual-fixing',
  'duplicate-rows',
  'duplicate-columns',
  'dominated-columns',
  'coefficient-tightening',
] as const;
export type ReductionName = (typeof REDUCTION_NAMES)[number];

export interface ReductionStats {
  name: ReductionName;
  /** passes over the model */
  calls: number;
  rowsRemoved: number;
  colsRemoved: number;
  nonzerosRemoved: number;
  /** column bounds made tighter (one per bound) */
  boundsTightened: number;
  /** matrix coefficients changed (coefficient tightening) */
  coefficientsChanged: number;
  /** row sides made tighter or dropped as redundant */
  rowSidesChanged: number;
  seconds: number;
}

export interface ModelSize {
  rows: number;
  cols: number;
  nonzeros: number;
}

export type PresolveStop = 'fixpoint' | 'max-rounds' | 'time-limit' | 'interrupted' | 'infeasible' | 'unbounded';

export interface PresolveStats {
  /** rounds started (a round applies every enabled reduction once) */
  rounds: number;
  seconds: number;
  /** why presolve stopped */
  stoppedBy: PresolveStop;
  /** true when only column bounds were changed (models with NN structure, or the boundsOnly option) */
  boundsOnly: boolean;
  original: ModelSize;
  /** size of the reduced model (equal to the original for a bounds-only presolve) */
  reduced: ModelSize;
  rowsRemoved: number;
  colsRemoved: number;
  nonzerosRemoved: number;
  boundsTightened: number;
  coefficientsChanged: number;
  /** one entry per reduction, in REDUCTION_NAMES order */
  reductions: ReductionStats[];
}

export function emptyReductionStats(name: ReductionName): ReductionStats {
  return { name, calls: 0, rowsRemoved: 0, colsRemoved: 0, nonzerosRemoved: 0, boundsTightened: 0, coefficientsChanged: 0, rowSidesChanged: 0, seconds: 0 };
}
