/**
 * Presolve with postsolve: reduces a MILP before the search and maps solutions of the reduced
 * model back to the original.
 *
 *     presolve(model, { timeLimit?, signal?, maxRounds?, boundsOnly?, reductions? }): PresolveResult
 *
 *   - { status: 'reduced', model, postsolve(x), stats }: `model` is the reduced Model (alive
 *     columns and rows in their original order, names and column tags kept, `objectiveOffset`
 *     including every removed column). `postsolve(x)` maps a feasible point x of the reduced model
 *     (reduced columns) to a point of the original model that is feasible for it (bounds, rows,
 *     integrality, within 1e-6) and has the same objective: it undoes the removals backwards
 *     on x with integers rounded and values clamped to the reduced bounds, or on x as given when
 *     that violates the original less (see applyPostsolve in postsolve.ts).
 *   - { status: 'infeasible', reason, stats }: presolve proved that no point satisfies the model.
 *   - { status: 'unbounded', reason, solution, stats }: only when every row was removed and a
 *     remaining (empty) column improves without bound, so `solution` (a feasible point of the
 *     original model, checked) together with that column's ray proves unboundedness. Otherwise
 *     such a column is simply kept.
 *
 * Outcomes are values; OptionError (src/errors.ts) is thrown for bad options only.
 *
 * Reductions (one file each; a round applies them in this order, REDUCTION_NAMES in stats.ts;
 * rounds repeat until a round changes nothing, `maxRounds` (default 50) is reached, the time
 * limit passes or `signal` aborts — checked between reductions, the result is valid whenever it
 * stops):
 *   empty-rows            remove; infeasible when 0 is outside the sides
 *   singleton-rows        the row becomes column bounds (integers rounded inward, 1e-9)
 *   fixed-columns         substitute into the row sides and the objective offset
 *   empty-columns         fix at the bound the cost prefers (cost 0: the value closest to 0)
 *   bound-tightening      activity-based column bounds from the rows (integers rounded)
 *   redundant-rows        drop sides the activity range always satisfies, rows with none left
 *   forcing-rows          a side met only at the activity bound fixes all the row's columns
 *   dual-fixing           a column no row locks in its cost's direction goes to that bound (dual)
 *   duplicate-rows        parallel rows merged (sides intersected)
 *   duplicate-columns     identical columns with equal cost and type merged (postsolve splits)
 *   dominated-columns     of two identical columns with different costs one goes to a bound (dual)
 *   coefficient-tightening  big-M coefficient of the single binary of a one-sided row
 * Every reduction keeps every feasible point (up to tolerances) except the dual ones (dual-fixing,
 * dominated-columns), which keep at least one optimum. Postsolve records only fixes and merges:
 * rows removed, bounds and coefficients tightened need nothing to be undone for a primal point.
 *
 * Models with NN structure (`model.hasStructure`: a `structure` or column tags; or the option
 * `boundsOnly: true`) get a bounds-only presolve: the reductions that only tighten column bounds
 * (empty-rows, singleton-rows, fixed-columns, empty-columns, bound-tightening, redundant-rows,
 * forcing-rows, dual-fixing) run on presolve's own view, and the reduced model is the original
 * with tighter column bounds — every row, column, tag and the structure (which refers to column
 * and row indices) stay as they are, and postsolve is the identity (after clamping and rounding).
 *
 * Presolve is not wired into solveModel here: callers run it, solve `model`, and postsolve.
 */
import { OptionError } from '../errors.js';
import { FEASIBILITY_TOL } from '../bnb/tolerances.js';
import type { Model } from '../model/model.js';
import { boundTightening } from './bound-tightening.js';
import { coefficientTightening } from './coefficient-tightening.js';
import { dominatedColumns } from './dominated-columns.js';
import { dualFixing } from './dual-fixing.js';
import { duplicateColumns } from './duplicate-columns.js';
import { duplicateRows } from './duplicate-rows.js';
import { emptyColumns, preferredValue } from './empty-columns.js';
import { emptyRows } from './empty-rows.js';
import { fixedColumns } from './fixed-columns.js';
import { forcingRows } from './forcing-rows.js';
import { applyPostsolve, closestToZero } from './postsolve.js';
import { PresolveProblem } from './problem.js';
import { buildReduced, type Reduced } from './reduced-model.js';
import type { Reduction } from './reduction.js';
import { redundantRows } from './redundant-rows.js';
import { singletonRows } from './singleton-rows.js';
import { emptyReductionStats, REDUCTION_NAMES, type ModelSize, type PresolveStats, type PresolveStop, type ReductionName, type ReductionStats } from './stats.js';

export { REDUCTION_NAMES, type ReductionName, type ReductionStats, type PresolveStats, type PresolveStop, type ModelSize } from './stats.js';

export interface PresolveOptions {
  /** wall-clock limit in seconds (> 0), checked between reductions; default none */
  timeLimit?: number;
  /** abort: checked between reductions; presolve stops and returns what it has reduced so far */
  signal?: AbortSignal;
  /** rounds at most (integer >= 0; 0 = no reduction); default 50 */
  maxRounds?: number;
  /** only tighten column bounds (forced for models with NN structure) */
  boundsOnly?: boolean;
  /** the reductions to run (default all), e.g. for testing one in isolation */
  reductions?: readonly ReductionName[];
}

export type PresolveResult =
  | { status: 'reduced'; model: Model; postsolve: (x: ArrayLike<number>) => Float64Array; stats: PresolveStats }
  | { status: 'infeasible'; reason: string; stats: PresolveStats }
  | { status: 'unbounded'; reason: string; solution: Float64Array; stats: PresolveStats };

export const DEFAULT_MAX_ROUNDS = 50;

/** All reductions in round order (REDUCTION_NAMES). */
const REDUCTIONS: readonly Reduction[] = [
  emptyRows,
  singletonRows,
  fixedColumns,
  emptyColumns,
  boundTightening,
  redundantRows,
  forcingRows,
  dualFixing,
  duplicateRows,
  duplicateColumns,
  dominatedColumns,
  coefficientTightening,
];

interface Validated {
  timeLimit: number;
  maxRounds: number;
  boundsOnly: boolean;
  enabled: Set<ReductionName>;
}

function validate(model: Model, options: PresolveOptions): Validated {
  const op = 'presolve';
  const { timeLimit, maxRounds, reductions } = options;
  if (timeLimit !== undefined && !(timeLimit > 0)) throw new OptionError(op, `timeLimit must be > 0 seconds, got ${timeLimit}`);
  if (maxRounds !== undefined && !(Number.isSafeInteger(maxRounds) && maxRounds >= 0)) {
    throw new OptionError(op, `maxRounds must be an integer >= 0, got ${maxRounds}`);
  }
  const enabled = new Set<ReductionName>(REDUCTION_NAMES);
  if (reductions !== undefined) {
    enabled.clear();
    for (const name of reductions) {
      if (!(REDUCTION_NAMES as readonly string[]).includes(name)) {
        throw new OptionError(op, `unknown reduction "${String(name)}" (known: ${REDUCTION_NAMES.join(', ')})`);
      }
      enabled.add(name);
    }
  }
  return {
    timeLimit: timeLimit ?? Infinity,
    maxRounds: maxRounds ?? DEFAULT_MAX_ROUNDS,
    boundsOnly: options.boundsOnly === true || model.hasStructure,
    enabled,
  };
}

/** Presolves `model` (see the module comment). The model itself is never changed. */
export function presolve(model: Model, options: PresolveOptions = {}): PresolveResult {
  const opts = validate(model, options);
  const t0 = performance.now();
  const seconds = (): number => (performance.now() - t0) / 1000;
  const p = new PresolveProblem(model, opts.boundsOnly);
  const perReduction = new Map<ReductionName, ReductionStats>(REDUCTION_NAMES.map((n) => [n, emptyReductionStats(n)]));
  const active = REDUCTIONS.filter((r) => opts.enabled.has(r.name) && (!opts.boundsOnly || r.boundsOnly));
  const signal = options.signal;
  let rounds = 0;
  let stop: PresolveStop | undefined;
  const interrupted = (): PresolveStop | undefined => {
    if (signal?.aborted) return 'interrupted';
    if (seconds() >= opts.timeLimit) return 'time-limit';
    return undefined;
  };
  while (stop === undefined) {
    if (rounds >= opts.maxRounds) {
      stop = 'max-rounds';
      break;
    }
    rounds++;
    p.changed = false;
    for (const r of active) {
      stop = interrupted();
      if (stop) break;
      const s = perReduction.get(r.name)!;
      p.stats = s;
      s.calls++;
      const t = performance.now();
      const reason = r.run(p);
      s.seconds += (performance.now() - t) / 1000;
      if (reason !== null) {
        const stats = summarize(p, model, undefined, perReduction, rounds, seconds(), 'infeasible');
        return { status: 'infeasible', reason: `${r.name}: ${reason}`, stats };
      }
    }
    if (stop === undefined && !p.changed) stop = 'fixpoint';
  }
  const reduced = buildReduced(p);
  const postsolve = (x: ArrayLike<number>): Float64Array => applyPostsolve(reduced.map, x);
  const unbounded = unboundedWitness(p, reduced, postsolve);
  if (unbounded) {
    const stats = summarize(p, model, reduced.model, perReduction, rounds, seconds(), 'unbounded');
    return { status: 'unbounded', reason: unbounded.reason, solution: unbounded.solution, stats };
  }
  const stats = summarize(p, model, reduced.model, perReduction, rounds, seconds(), stop);
  return { status: 'reduced', model: reduced.model, postsolve, stats };
}

/**
 * When no row is left, every remaining column is empty: a column whose cost improves towards an
 * infinite bound is a ray, and each column at the value of its bounds closest to 0 is a feasible
 * point (checked on the original model). Returns that proof, or undefined.
 */
function unboundedWitness(p: PresolveProblem, reduced: Reduced, postsolve: (x: ArrayLike<number>) => Float64Array): { reason: string; solution: Float64Array } | undefined {
  if (p.activeRows !== 0) return undefined;
  let ray = -1;
  for (let j = 0; j < p.numCols; j++) {
    if (p.colAlive[j] && Number.isNaN(preferredValue(p, j))) {
      ray = j;
      break;
    }
  }
  if (ray < 0) return undefined;
  const m = reduced.model;
  const point = new Float64Array(m.numCols);
  for (let c = 0; c < m.numCols; c++) point[c] = closestToZero(m.colLower[c]!, m.colUpper[c]!);
  const solution = postsolve(point);
  if (p.model.maxViolation(solution).value > FEASIBILITY_TOL) return undefined;
  const dirWord = p.minCost(ray) < 0 ? 'increases' : 'decreases';
  return { reason: `column ${p.colName(ray)} is in no row and ${dirWord} without bound while improving the objective; the rest is feasible`, solution };
}

function sizeOf(m: Model): ModelSize {
  return { rows: m.numRows, cols: m.numCols, nonzeros: m.numNonzeros };
}

function summarize(
  p: PresolveProblem,
  original: Model,
  reduced: Model | undefined,
  perReduction: Map<ReductionName, ReductionStats>,
  rounds: number,
  seconds: number,
  stoppedBy: PresolveStop,
): PresolveStats {
  const reductions = REDUCTION_NAMES.map((n) => perReduction.get(n)!);
  const sum = (f: (s: ReductionStats) => number): number => reductions.reduce((a, s) => a + f(s), 0);
  const orig = sizeOf(original);
  return {
    rounds,
    seconds,
    stoppedBy,
    boundsOnly: p.boundsOnly,
    original: orig,
    reduced: reduced ? sizeOf(reduced) : { rows: p.activeRows, cols: p.activeCols, nonzeros: p.activeNonzeros },
    rowsRemoved: sum((s) => s.rowsRemoved),
    colsRemoved: sum((s) => s.colsRemoved),
    nonzerosRemoved: sum((s) => s.nonzerosRemoved),
    boundsTightened: sum((s) => s.boundsTightened),
    coefficientsChanged: sum((s) => s.coefficientsChanged),
    reductions,
  };
}
