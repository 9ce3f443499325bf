import type { PresolveProblem } from './problem.js';
import type { ReductionName } from './stats.js';

/**
 * One presolve reduction: a pass over the model that changes it through PresolveProblem and
 * returns null, or the reason the model is infeasible (an outcome, not an exception).
 */
export interface Reduction {
  name: ReductionName;
  /** true when it only tightens column bounds (it then also runs on models with NN structure) */
  boundsOnly: boolean;
  run(p: PresolveProblem): string | null;
}
