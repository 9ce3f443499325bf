/**
 * The public shape of a branch-and-bound run: options in, result out. Outcomes are values.
 * All objective values are in the model's own sense (a maximisation model reports its maximum);
 * `bound` is the proven dual bound in that sense (<= optimum for minimisation, >= for maximisation).
 */
export type SolveStatus =
  | 'optimal' // incumbent proven optimal (within the gap tolerances)
  | 'infeasible' // proven: no integer-feasible point
  | 'unbounded' // LP relaxation unbounded and a feasible point exists / integer ray
  | 'infeasible-or-unbounded' // root LP unbounded, no feasible point found
  | 'time-limit'
  | 'node-limit'
  | 'solution-limit'
  | 'gap-limit' // stopped because the user gap (larger than the default tolerance) was reached
  | 'interrupted'; // AbortSignal / Ctrl-C: best solution so far returned

/** Per-plugin statistics, counted by the framework (not by the plugins). */
export interface PluginStats {
  /** namespaced plugin name, e.g. "branching/pseudocost", "propagator/row-activity", "heuristic/rounding" */
  name: string;
  calls: number;
  seconds: number;
  /** bound fixings / tightenings made (propagators with a bound hook: also the nodes whose bound it raised) */
  fixings: number;
  /** nodes it cut off (proved infeasible or above the incumbent) */
  cutoffs: number;
  /** incumbents it found (heuristics) */
  solutions: number;
  /** separators: cuts proposed that passed the numerics and violation checks */
  cutsFound?: number;
  /** separators: cuts that entered the LP */
  cutsApplied?: number;
  /**
   * separators: LP bound gained in the rounds it added cuts to (shared by cuts applied); propagators
   * with a bound hook (Propagator.lowerBound): the node bounds raised, summed over the nodes
   */
  boundGain?: number;
}

export interface SolveProgress {
  nodes: number;
  open: number;
  incumbent: number | null;
  bound: number;
  gap: number;
  seconds: number;
}

export interface SolveOptions {
  /** wall-clock limit in seconds (must be > 0) */
  timeLimit?: number;
  /** maximum number of processed nodes (must be >= 1) */
  nodeLimit?: number;
  /** relative gap at which to stop (default 1e-6); |incumbent - bound| / max(1e-10, |incumbent|) */
  gap?: number;
  /** absolute gap at which to stop (default 1e-9) */
  absGap?: number;
  /** stop after this many improving solutions found by the search (an initial solution is not counted) */
  solutionLimit?: number;
  /** stop on abort (Ctrl-C in the CLI): the best solution so far is returned with status 'interrupted' */
  signal?: AbortSignal;
  /** branching rule by registered name (default chosen by benchmark) */
  branching?: string;
  /** node selector by registered name */
  nodeSelection?: string;
  /** namespaced parameters, e.g. { 'branching/pseudocost/reliability': 4 }; unknown names are an error */
  params?: Record<string, number | string | boolean>;
  /** log lines like HiGHS/CBC: true = stderr, a function = custom sink, false/undefined = silent */
  log?: boolean | ((line: string) => void);
  /** called every ~second (and at the end) with progress figures */
  onProgress?: (p: SolveProgress) => void;
  /** a known feasible point (full column vector) used as first incumbent if it is feasible */
  initialSolution?: ArrayLike<number>;
  /** worker threads (1 = serial engine in this thread) */
  threads?: number;
  /** deterministic parallel mode */
  deterministic?: boolean;
  /**
   * plugin modules to load before the solve (file paths relative to the working directory, file:
   * URLs or package names): each registers plugins by exporting descriptors (`export default`) or
   * calling registerPlugin; they are loaded in this thread and in every worker thread
   */
  plugins?: readonly string[];
  /**
   * false: no presolve (the parameter 'presolve/enabled'; CLI --no-presolve). Presolve is also off
   * when an initialSolution is given (it is a point of the original columns).
   */
  presolve?: boolean;
  /** false: no cutting planes (the parameter 'cuts/enabled'; CLI --no-cuts) */
  cuts?: boolean;
  /** run only these separators (CLI --separators a,b); the others are disabled */
  separators?: readonly string[];
}

export interface SolveResult {
  status: SolveStatus;
  /** incumbent objective (model sense), null if none */
  objective: number | null;
  /** proven dual bound (model sense); ±Infinity when nothing is proven */
  bound: number;
  /** relative gap (Infinity without incumbent) */
  gap: number;
  /** incumbent column values, null if none */
  solution: Float64Array | null;
  nodes: number;
  /** seconds of wall time */
  seconds: number;
  /** seconds spent inside LP solves */
  lpSeconds: number;
  lpIterations: number;
  lpSolves: number;
  /** number of improving incumbents the search found (an initial solution is not counted) */
  solutions: number;
  stats: PluginStats[];
  /** number of threads actually used */
  threads: number;
  /** what plugins proved or found (PluginLifecycle.report; serial solves), absent when none reported */
  reports?: { plugin: string; report: Record<string, unknown> }[];
}
