/**
 * A drop-in for highs-js's one-shot `highs.solve(problem, options)`: CPLEX LP text in, the same
 * `HighsSolution` object out (Status strings, ObjectiveValue, Columns keyed by name, Rows in model
 * order), so code written against highs-js can switch to mipnet's branch-and-bound by replacing
 * one call.
 *
 * How the result is produced:
 * - The text is parsed by mipnet's `readLp` (a ParseError with the line number on bad input, where
 *   highs-js throws a plain Error "Unable to read LP model").
 * - A model with integer columns is solved by mipnet's engine (`solve`); the result carries
 *   what highs.solve returns for a MIP: per column Index, Lower, Upper, Type, Primal, Name; per
 *   row Index, Name, Lower, Upper, Primal — no duals or basis labels.
 * - A model without integer columns (a pure LP) is solved by HiGHS's simplex (the LP backend the
 *   engine uses for every relaxation), and the result adds Status (basis label) and Dual per
 *   column and row, exactly as highs.solve does for an LP.
 * - A model without columns gives `{ Columns: {}, Rows: [], ObjectiveValue: 0, Status: 'Empty' }`
 *   like HiGHS (which also ignores the objective constant there).
 *
 * Status mapping from mipnet's SolveStatus, mirroring how highs-js labels HiGHS's model status:
 *   optimal, gap-limit         -> 'Optimal'          (HiGHS also stops on mip_rel_gap as Optimal)
 *   infeasible                 -> 'Infeasible'       (no Primal fields, ObjectiveValue +Infinity)
 *   unbounded                  -> 'Unbounded'
 *   infeasible-or-unbounded    -> 'Primal infeasible or unbounded'
 *   time-limit                 -> 'Time limit reached'
 *   node-limit, solution-limit, interrupted -> 'Unknown'  (highs-js has no label for HiGHS's
 *                                 solution-limit / interrupted codes and reports 'Unknown', which
 *                                 carries no Primal fields; ObjectiveValue is still the incumbent's)
 * As in highs.solve for a MIP, ObjectiveValue is +Infinity whenever no feasible solution is known
 * (whatever the sense), and Primal values are 0 then for the statuses that carry Primal fields.
 */
import type { LegacyHighsSolution } from 'highs';
import { OptionError } from '../errors.js';
import { readLp } from '../io/lp-reader.js';
import { solve } from '../solve.js';
import type { SolveOptions, SolveStatus } from '../bnb/solve-types.js';
import { getHighs } from '../lp/highs-loader.js';
import { toHighsModelData } from '../lp/highs-model-data.js';
import type { Model } from '../model/model.js';

const OP = 'solve LP text';

/** The result: exactly highs-js's `HighsSolution` type (`LegacyHighsSolution`). */
export type HighsCompatSolution = LegacyHighsSolution;

/** highs-js's status strings (the `Status` field). */
export type HighsCompatStatus = HighsCompatSolution['Status'];

/** highs-js option names that mean something here (see OPTION_TABLE for what each does). */
export interface HighsCompatHighsOptions {
  /** seconds (>= 0; 0 stops at once, as in HiGHS). MIP: engine timeLimit; LP: HiGHS time_limit */
  time_limit?: number;
  /** MIP: engine gap (default: mipnet's 1e-6, tighter than HiGHS's 1e-4) */
  mip_rel_gap?: number;
  /** MIP: engine absGap */
  mip_abs_gap?: number;
  /** MIP: engine nodeLimit (0 is treated as 1) */
  mip_max_nodes?: number;
  /** MIP: engine solutionLimit */
  mip_max_improving_sols?: number;
  /** MIP: engine log on stderr when true (with log_to_console not false). Default silent, as highs-js without a print hook. */
  output_flag?: boolean;
  log_to_console?: boolean;
  /** MIP: engine worker threads (0 = default); LP: ignored (HiGHS in Wasm is single-threaded) */
  threads?: number;
  /** LP: passed to HiGHS. MIP: accepted, no effect (mipnet has its own engine settings) */
  presolve?: 'off' | 'choose' | 'on';
  solver?: 'choose' | 'simplex' | 'ipm' | 'ipx' | 'hipo' | 'pdlp' | 'qpasm' | 'hipdlp';
  parallel?: 'off' | 'choose' | 'on';
  run_crossover?: 'off' | 'choose' | 'on';
  random_seed?: number;
  primal_feasibility_tolerance?: number;
  dual_feasibility_tolerance?: number;
  simplex_iteration_limit?: number;
  simplex_strategy?: number;
  objective_bound?: number;
  objective_target?: number;
  infinite_cost?: number;
  infinite_bound?: number;
  mip_feasibility_tolerance?: number;
  mip_heuristic_effort?: number;
  mip_detect_symmetry?: boolean;
  mip_allow_restart?: boolean;
  mip_report_level?: number;
  mip_min_logging_interval?: number;
}

/**
 * highs-js option names plus mipnet's own SolveOptions (camelCase: branching, nodeSelection,
 * params, signal, onProgress, ...). A SolveOptions key given directly wins over the highs-js name
 * that maps to it. Any other name throws OptionError, as highs-js throws on unknown options.
 * `presolve` is highs-js's ('off' turns mipnet's presolve off for MIPs, as HiGHS's for LPs).
 */
export type HighsCompatOptions = HighsCompatHighsOptions & Omit<SolveOptions, 'presolve'>;

type OptionKind = 'boolean' | 'integer' | 'double' | 'string';

interface OptionSpec {
  kind: OptionKind;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** passed to HiGHS on the pure-LP path */
  lp: boolean;
}

const ON_OFF_CHOOSE = ['off', 'choose', 'on'] as const;
const INT_MAX = 2147483647;

/** Validation mirrors HiGHS's option ranges (highs-js throws when a value is out of range). */
const OPTION_TABLE: Readonly<Record<string, OptionSpec>> = {
  time_limit: { kind: 'double', min: 0, lp: true },
  mip_rel_gap: { kind: 'double', min: 0, lp: false },
  mip_abs_gap: { kind: 'double', min: 0, lp: false },
  mip_max_nodes: { kind: 'integer', min: 0, max: INT_MAX, lp: false },
  mip_max_improving_sols: { kind: 'integer', min: 1, max: INT_MAX, lp: false },
  output_flag: { kind: 'boolean', lp: false },
  log_to_console: { kind: 'boolean', lp: false },
  threads: { kind: 'integer', min: 0, max: INT_MAX, lp: false },
  presolve: { kind: 'string', values: ON_OFF_CHOOSE, lp: true },
  solver: { kind: 'string', values: ['choose', 'simplex', 'ipm', 'ipx', 'hipo', 'pdlp', 'qpasm', 'hipdlp'], lp: true },
  parallel: { kind: 'string', values: ON_OFF_CHOOSE, lp: true },
  run_crossover: { kind: 'string', values: ON_OFF_CHOOSE, lp: true },
  random_seed: { kind: 'integer', min: 0, max: INT_MAX, lp: true },
  primal_feasibility_tolerance: { kind: 'double', min: 1e-10, lp: true },
  dual_feasibility_tolerance: { kind: 'double', min: 1e-10, lp: true },
  simplex_iteration_limit: { kind: 'integer', min: 0, max: INT_MAX, lp: true },
  simplex_strategy: { kind: 'integer', min: 0, max: 4, lp: true },
  objective_bound: { kind: 'double', lp: true },
  objective_target: { kind: 'double', lp: true },
  infinite_cost: { kind: 'double', min: 1e15, lp: true },
  infinite_bound: { kind: 'double', min: 1e15, lp: true },
  mip_feasibility_tolerance: { kind: 'double', min: 1e-10, lp: false },
  mip_heuristic_effort: { kind: 'double', min: 0, max: 1, lp: false },
  mip_detect_symmetry: { kind: 'boolean', lp: false },
  mip_allow_restart: { kind: 'boolean', lp: false },
  mip_report_level: { kind: 'integer', min: 0, max: 2, lp: false },
  mip_min_logging_interval: { kind: 'double', min: 0, lp: false },
};

/** mipnet's own option names (every SolveOptions key: the Record type fails to compile if one is missing). */
const MIPNET_OPTION_KEYS: Readonly<Record<keyof Omit<SolveOptions, 'presolve'>, true>> = {
  timeLimit: true, nodeLimit: true, gap: true, absGap: true, solutionLimit: true, signal: true, branching: true,
  nodeSelection: true, params: true, log: true, onProgress: true, initialSolution: true, threads: true, deterministic: true, plugins: true, cuts: true, separators: true,
};
const MIPNET_OPTIONS: ReadonlySet<string> = new Set(Object.keys(MIPNET_OPTION_KEYS));

/** highs-js's labels for HiGHS model-status codes (codes it does not know read 'Unknown'). */
const MODEL_STATUS_LABELS: Readonly<Record<number, HighsCompatStatus>> = {
  0: 'Not Set', 1: 'Load error', 2: 'Model error', 3: 'Presolve error', 4: 'Solve error', 5: 'Postsolve error',
  6: 'Empty', 7: 'Optimal', 8: 'Infeasible', 9: 'Primal infeasible or unbounded', 10: 'Unbounded',
  11: 'Bound on objective reached', 12: 'Target for objective reached', 13: 'Time limit reached',
  14: 'Iteration limit reached', 15: 'Unknown',
};

/** Statuses for which highs.solve reports no Primal values (its NO_SOLUTION_STATUSES). */
const NO_SOLUTION: ReadonlySet<string> = new Set([
  'Not Set', 'Load error', 'Model error', 'Presolve error', 'Solve error', 'Postsolve error', 'Empty', 'Infeasible', 'Unknown',
]);

const ENGINE_STATUS: Readonly<Record<SolveStatus, HighsCompatStatus>> = {
  optimal: 'Optimal',
  'gap-limit': 'Optimal',
  infeasible: 'Infeasible',
  unbounded: 'Unbounded',
  'infeasible-or-unbounded': 'Primal infeasible or unbounded',
  'time-limit': 'Time limit reached',
  'node-limit': 'Unknown',
  'solution-limit': 'Unknown',
  interrupted: 'Unknown',
};

/** highs-js's basis labels: 0 lower, 1 basic, 2 upper, 3 zero (free) -> FX when fixed. */
function basisLabel(code: number, lower: number, upper: number): string {
  if (code === 3) return 'FX';
  if (code === 2 && lower === upper) return 'FX';
  return ['LB', 'BS', 'UB', 'FX'][code] ?? '';
}

/** Checks every option as highs-js would (unknown name, wrong type, out of range: throw). */
function validateOptions(options: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(options)) {
    const value = options[name];
    if (value === undefined) continue;
    const spec = OPTION_TABLE[name];
    if (!spec) {
      if (MIPNET_OPTIONS.has(name)) continue;
      throw new OptionError(OP, `unknown option "${name}" (highs-js rejects it too); accepted: ${Object.keys(OPTION_TABLE).join(', ')} and mipnet's SolveOptions (${[...MIPNET_OPTIONS].join(', ')})`);
    }
    const bad = (why: string): never => {
      throw new OptionError(OP, `option "${name}" ${why}, got ${typeof value === 'string' ? `"${value}"` : String(value)}`);
    };
    switch (spec.kind) {
      case 'boolean':
        if (typeof value !== 'boolean') bad('must be a boolean');
        break;
      case 'string':
        if (typeof value !== 'string') bad('must be a string');
        if (spec.values && !spec.values.includes(value as string)) bad(`must be one of ${spec.values.join(', ')}`);
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad('must be an integer');
        break;
      case 'double':
        if (typeof value !== 'number' || Number.isNaN(value)) bad('must be a number');
        break;
    }
    if (typeof value === 'number') {
      if (spec.min !== undefined && value < spec.min) bad(`must be >= ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) bad(`must be <= ${spec.max}`);
    }
  }
}

/** Maps the highs-js names onto SolveOptions; mipnet's own keys given directly take precedence. */
function engineOptions(options: HighsCompatOptions): SolveOptions {
  const out: SolveOptions = {};
  const t = options.time_limit;
  if (t !== undefined && t > 0 && Number.isFinite(t)) out.timeLimit = t;
  if (options.mip_rel_gap !== undefined) out.gap = options.mip_rel_gap;
  if (options.mip_abs_gap !== undefined) out.absGap = options.mip_abs_gap;
  if (options.mip_max_nodes !== undefined && options.mip_max_nodes < INT_MAX) out.nodeLimit = Math.max(1, options.mip_max_nodes);
  if (options.mip_max_improving_sols !== undefined && options.mip_max_improving_sols < INT_MAX) {
    out.solutionLimit = options.mip_max_improving_sols;
  }
  if (options.output_flag === true && options.log_to_console !== false) out.log = true;
  if (options.presolve === 'off') out.presolve = false;
  for (const key of MIPNET_OPTIONS) {
    const v = (options as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === 'threads') {
      if ((v as number) > 0) out.threads = v as number;
      continue;
    }
    (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

interface ColumnOut {
  Index: number;
  Lower: number;
  Upper: number;
  Type: 'Integer' | 'Continuous';
  Primal?: number;
  Status?: string;
  Dual?: number;
  Name: string;
}

interface RowOut {
  Index: number;
  Name: string;
  Lower: number;
  Upper: number;
  Primal?: number;
  Status?: string;
  Dual?: number;
}

function emptyResult(): HighsCompatSolution {
  // Same keys in the same order as highs.solve's early return for an empty model.
  return { Columns: {}, Rows: [], ObjectiveValue: 0, Status: 'Empty' } as unknown as HighsCompatSolution;
}

function rowActivity(model: Model, x: ArrayLike<number>): Float64Array {
  const act = new Float64Array(model.numRows);
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j]!;
    if (v === 0) continue;
    for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) act[model.rowIndex[k]!]! += model.value[k]! * v;
  }
  return act;
}

/** Builds Columns/Rows in highs.solve's key order; duals and basis labels only for an LP. */
function buildResult(
  model: Model,
  status: HighsCompatStatus,
  objective: number,
  primal: ArrayLike<number> | null,
  rowPrimal: ArrayLike<number> | null,
  lp: { colDual: ArrayLike<number>; rowDual: ArrayLike<number>; colBasis: ArrayLike<number>; rowBasis: ArrayLike<number> } | null,
): HighsCompatSolution {
  const hasPrimal = !NO_SOLUTION.has(status);
  const x = primal ?? new Float64Array(model.numCols);
  const act = rowPrimal ?? rowActivity(model, x);
  const columns: Record<string, ColumnOut> = {};
  for (let j = 0; j < model.numCols; j++) {
    // Keys are added in highs.solve's order: Index, Lower, Upper, Type, [Primal], [Status, Dual], Name.
    const col = {
      Index: j,
      Lower: model.colLower[j]!,
      Upper: model.colUpper[j]!,
      Type: model.integrality[j] ? 'Integer' : 'Continuous',
    } as ColumnOut;
    if (hasPrimal) col.Primal = x[j]!;
    if (hasPrimal && lp) {
      col.Status = basisLabel(lp.colBasis[j]!, col.Lower, col.Upper);
      col.Dual = lp.colDual[j]!;
    }
    col.Name = model.colNames[j]!;
    columns[col.Name] = col;
  }
  const rows: RowOut[] = [];
  for (let i = 0; i < model.numRows; i++) {
    const row: RowOut = { Index: i, Name: model.rowNames[i]!, Lower: model.rowLower[i]!, Upper: model.rowUpper[i]! };
    if (hasPrimal) row.Primal = act[i]!;
    if (hasPrimal && lp) {
      row.Status = basisLabel(lp.rowBasis[i]!, row.Lower, row.Upper);
      row.Dual = lp.rowDual[i]!;
    }
    rows.push(row);
  }
  return { Status: status, ObjectiveValue: objective, Columns: columns, Rows: rows } as unknown as HighsCompatSolution;
}

/** A MIP through mipnet's branch-and-bound. */
async function solveMip(model: Model, options: HighsCompatOptions): Promise<HighsCompatSolution> {
  if (options.time_limit === 0 && options.timeLimit === undefined) {
    // HiGHS stops before its first node: no incumbent, Primal all 0, ObjectiveValue +Infinity.
    return buildResult(model, 'Time limit reached', Infinity, null, null, null);
  }
  const result = await solve(model, engineOptions(options));
  const status = ENGINE_STATUS[result.status];
  const objective = result.objective ?? Infinity;
  return buildResult(model, status, objective, result.solution, null, null);
}

/** A pure LP through HiGHS's simplex, read back the way highs.solve reads it. */
async function solvePureLp(model: Model, options: HighsCompatOptions): Promise<HighsCompatSolution> {
  const highs = await getHighs();
  const native: Record<string, boolean | number | string> = { output_flag: false };
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (OPTION_TABLE[name]?.lp) native[name] = value as boolean | number | string;
  }
  if (options.timeLimit !== undefined) native.time_limit = options.timeLimit;
  const hm = highs.createModel(toHighsModelData(model));
  try {
    hm.options.set(native);
    hm.run();
    const code = hm.getModelStatus() as number;
    const status = MODEL_STATUS_LABELS[code] ?? 'Unknown';
    if (status === 'Empty') return emptyResult();
    let objective = hm.getObjectiveValue();
    if (Math.abs(objective) >= highs.infinity * 0.5) objective = objective > 0 ? Infinity : -Infinity;
    const sol = hm.raw.getSolution();
    const basis = hm.raw.getBasis();
    const n = model.numCols;
    const m = model.numRows;
    const zeros = (k: number) => new Float64Array(k);
    const s = sol.status !== -1 ? sol.value : { colValue: zeros(n), rowValue: zeros(m), colDual: zeros(n), rowDual: zeros(m) };
    const lp =
      basis.status !== -1
        ? { colDual: s.colDual, rowDual: s.rowDual, colBasis: basis.value.colStatus, rowBasis: basis.value.rowStatus }
        : null;
    return buildResult(model, status, objective, s.colValue, s.rowValue, lp);
  } finally {
    hm.dispose();
  }
}

/**
 * Solves a model given as CPLEX LP text and returns highs-js's `HighsSolution` shape (see the
 * file comment for how each field is filled). Throws ParseError for malformed text, ModelError for
 * an invalid model and OptionError for unknown or out-of-range options; outcomes (infeasible,
 * limits, ...) are in `Status`.
 */
export async function solveLpText(problem: string, options: HighsCompatOptions = {}): Promise<HighsCompatSolution> {
  if (typeof problem !== 'string') throw new OptionError(OP, `problem must be LP text (a string), got ${typeof problem}`);
  if (options === null || typeof options !== 'object') throw new OptionError(OP, `options must be an object, got ${String(options)}`);
  validateOptions(options as Readonly<Record<string, unknown>>);
  const model = readLp(problem, { source: 'LP text' });
  if (model.numCols === 0) return emptyResult();
  if (model.numIntegers === 0) return solvePureLp(model, options);
  return solveMip(model, options);
}
