/**
 * Codes and names of the HiGHS C API (stable across HiGHS versions; highs.constants holds the same
 * numbers) that the LP adapter and its native parts share.
 */

/** highs.constants.modelStatus codes. */
export const MS_NOT_SET = 0;
export const MS_EMPTY = 6;
export const MS_OPTIMAL = 7;
export const MS_INFEASIBLE = 8;
export const MS_UNBOUNDED_OR_INFEASIBLE = 9;
export const MS_UNBOUNDED = 10;
export const MS_OBJECTIVE_BOUND = 11;
export const MS_TIME_LIMIT = 13;
export const MS_ITERATION_LIMIT = 14;

/** Names of the model status codes, by code. */
export const MODEL_STATUS_NAMES: readonly string[] = [
  'not set', 'load error', 'model error', 'presolve error', 'solve error', 'postsolve error', 'empty',
  'optimal', 'infeasible', 'unbounded or infeasible', 'unbounded', 'objective bound', 'objective target',
  'time limit', 'iteration limit', 'unknown', 'solution limit', 'interrupted',
];

/** simplex_strategy option codes. */
export const STRATEGY_DUAL = 1;
export const STRATEGY_PRIMAL = 4;

/** HiGHS' matrix format code for column-wise (CSC) storage. */
export const FORMAT_COLWISE = 1;

/** basis_validity info value meaning "valid". */
export const BASIS_VALID = 1;

/** HiGHS info names read after each solve: the iteration counter and the basis validity. */
export const INFO_ITERATIONS = 'simplex_iteration_count';
export const INFO_BASIS_VALIDITY = 'basis_validity';
