import type { TracePoint } from './trace.js';

/** The solvers the comparison runs, in column order. */
export const SOLVERS = ['mipnet', 'mipnet+nn', 'highs', 'cbc'] as const;
export type SolverName = (typeof SOLVERS)[number];

/** How a solver's incumbent checked out when evaluated on the model (see evaluateSolution). */
export interface SolutionCheck {
  /** c'x + offset recomputed from the solution */
  objective: number;
  /** largest absolute row or bound violation */
  maxViolation: number;
  /** largest distance of an integer column to the nearest integer */
  maxIntegrality: number;
  /** true when both violations are within the check tolerance */
  feasible: boolean;
}

/**
 * One solver's run on one instance, in the model's own sense. JSON-safe: infinite bounds and
 * gaps are null.
 */
export interface SolverRun {
  solver: SolverName;
  /** 'optimal' | 'time-limit' | 'infeasible' | … as the solver says; 'error' / 'skipped' for runs that did not happen */
  status: string;
  objective: number | null;
  /** proven dual bound; null when none is proven */
  bound: number | null;
  /** |objective − bound| / max(1e-10, |objective|); null without incumbent or bound */
  gap: number | null;
  /** wall seconds of the run as measured by the harness */
  seconds: number;
  /** seconds until optimality was proven (the run's time when status is optimal), else null */
  timeToOptimal: number | null;
  /** first time the incumbent reached the best objective any solver found on this instance */
  timeToBest: number | null;
  nodes: number | null;
  /** mipnet only */
  lpSeconds?: number;
  /** mipnet only: the plugins that were called (name, calls, incumbents found, seconds) */
  plugins?: { name: string; calls: number; solutions: number; seconds: number; cutsApplied?: number }[];
  lpIterations?: number;
  /** the incumbent evaluated on the model the solver was given */
  check?: SolutionCheck;
  /** the root node's bounds, where the runner measured them (benchmarks/miplib.ts) */
  root?: RootBound;
  trace: TracePoint[];
  /** why a run was skipped or failed, or a remark (e.g. objective mismatch) */
  note?: string;
}

/** A solver's bounds at the root node, in the model's sense. */
export interface RootBound {
  /** the solver's own first root LP bound (after its presolve / preprocessing); null when not reported */
  lp: number | null;
  /** the bound once the root node was processed (cuts, propagation, root heuristics); null when none */
  bound: number | null;
  /** seconds until the root node was done; null when unknown */
  seconds: number | null;
  /** false when the run stopped before the root node was done: `bound` is then the last one seen */
  complete: boolean;
  /** how the figures were obtained, in words */
  source: string;
}

/**
 * A root record closed with the run's outcome: a run that decided the instance (optimal or
 * infeasible) within one node did so at the root (CBC counts 0 nodes then, mipnet 1, HiGHS 1 for
 * the root's evaluation in its tree), so its final bound and time are the root's.
 */
export function closeRoot(root: RootBound, end: { status: string; nodes: number | null; bound: number | null; seconds: number }): RootBound {
  const decided = end.status === 'optimal' || end.status === 'infeasible';
  if (!decided || end.nodes === null || end.nodes > 1) return root;
  return { ...root, bound: end.bound ?? root.bound, seconds: end.seconds, complete: true };
}

/** Seconds a mipnet run spent in primal heuristics (their own LPs included); null for other solvers. */
export function heuristicSeconds(r: SolverRun): number | null {
  if (r.plugins === undefined) return null;
  return r.plugins.filter((p) => p.name.startsWith('heuristic/')).reduce((s, p) => s + p.seconds, 0);
}

/** The relative gap definition shared by every solver column (mipnet's own). */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  return Math.abs(objective - bound) / Math.max(1e-10, Math.abs(objective));
}
