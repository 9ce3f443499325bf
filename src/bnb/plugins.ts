import type { LpSolverFactory, LpStatus } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import type { BoundReason } from './bound-reason.js';
import type { Domain } from './domain.js';
import type { NodeComparator } from './node-queue.js';
import type { Pseudocosts } from './pseudocosts.js';

/**
 * Plugin interfaces of the branch-and-bound engine. A plugin is created per solve and thread (the
 * serial search, every worker, a sub-MIP) by its registry descriptor (plugin-registry.ts) and is
 * called by the node processor; the framework, not the plugin, counts calls, time, fixings, cutoffs
 * and solutions (SolveResult.stats).
 *
 * Lifecycle (PluginLifecycle), called by the framework in serial and parallel solves alike:
 * `create(env)` (cheap: no LPs or other resources) → `initSolve(ctx)` once before the first node
 * (acquire resources, from `ctx.lpFactory` for LPs; return false when there is nothing to do on
 * this model: the plugin is then never called and not listed in the statistics) → the calls →
 * `exitSolve()` once after the last node (also when the search failed), for the plugins that
 * initSolve accepted → `dispose()` once, last, for every created plugin.
 *
 * All objective values passed to plugins are in MINIMISATION sense (a maximisation model has its
 * costs negated internally). Plugins must not keep references to the LP buffers between calls.
 */

/** A resource a plugin holds (an LP, a sub-solver): released by dispose. */
export interface SharedResource {
  dispose(): void;
}

/** What the framework hands a plugin when a solve starts (PluginLifecycle.initSolve). */
export interface SolveContext {
  readonly model: Model;
  /** the LP backend of this solve: a plugin that needs an LP of its own creates it with this (the mock backend in tests) */
  readonly lpFactory: LpSolverFactory;
  /** where the plugin runs: the serial search, a worker thread of a parallel solve, or a sub-MIP of a heuristic */
  readonly role: 'serial' | 'worker' | 'sub-mip';
  /**
   * A resource shared by the plugins of this solve and thread under `key` (e.g. one LP the NN
   * heuristics take turns on): created by the first caller, disposed by the framework after
   * exitSolve. Keys are namespaced by convention ('nn/lp-fit').
   */
  shared<T extends SharedResource>(key: string, create: () => T): T;
}

/** The lifecycle every plugin may implement (all optional); see the module comment for the order. */
export interface PluginLifecycle {
  /** once per solve and thread, before the first node; false: nothing to do on this model (not called, not listed) */
  initSolve?(ctx: SolveContext): boolean | void;
  /** once after the last node, for the plugins initSolve accepted */
  exitSolve?(): void;
  /** once, last: release what the plugin holds */
  dispose?(): void;
  /**
   * What the plugin proved or found, as JSON (nn-subset-bounds: its subset claims, which the
   * training certificate lists and `mipnet check-certificate` re-proves). Collected after the
   * search, before exitSolve, into SolveResult.reports; serial solves only (a worker's plugins
   * report nothing back). Undefined: nothing to say.
   */
  report?(): Record<string, unknown> | undefined;
}

/** What every plugin context offers: the model and the current search state. */
export interface SearchContext {
  readonly model: Model;
  /** current bounds; change them only through its tighten* methods with your reason and `source` */
  readonly domain: Domain;
  /** this plugin's id, to pass as `source` to the Domain */
  readonly source: number;
  /** prune threshold: a node whose bound is >= cutoff is useless (Infinity without incumbent) */
  readonly cutoff: number;
  /** depth of the node in process (0 = root) */
  readonly depth: number;
  readonly pseudocosts: Pseudocosts;
}

/** Context after an LP solve of the node (valid during the call only). */
export interface LpContext extends SearchContext {
  /** 'optimal' unless stated otherwise */
  readonly lpStatus: 'optimal';
  /** LP objective (minimisation sense, offset included) */
  readonly lpObjective: number;
  /** LP primal values (a copy owned by the processor; do not modify) */
  readonly primal: Float64Array;
  /** reduced costs (minimisation sense) */
  readonly reducedCosts: Float64Array;
  /** row activities A x */
  readonly rowActivity: Float64Array;
}

/**
 * Branching: ONE scoring function. The framework collects the candidates (integer columns whose LP
 * value is fractional), calls `score`, picks the candidate with the maximum score (ties: the lowest
 * candidate position), and creates the two children x <= floor(v) and x >= ceil(v).
 *
 * Contract: fill `scores[0 .. candidateCount-1]`; optionally raise `downBound[k]` / `upBound[k]`
 * (initialised to the node LP objective) when a probe proves a better child bound, or set them to
 * Infinity for a child proven infeasible (the framework then never opens it). Use `probe` to
 * evaluate a child LP: the framework restores bounds and basis afterwards and learns pseudocosts.
 */
export interface BranchingContext extends LpContext {
  readonly candidateCount: number;
  /** candidate columns */
  readonly candidates: Int32Array;
  /** LP values of the candidates */
  readonly values: Float64Array;
  /** output: one score per candidate */
  readonly scores: Float64Array;
  /** in/out: child bounds per candidate (start at lpObjective) */
  readonly downBound: Float64Array;
  readonly upBound: Float64Array;
  /**
   * Solves the child LP of candidate k in direction dir (-1 down, +1 up) with at most `iterations`
   * simplex iterations. Returns the child's LP bound: Infinity when infeasible or cut off, NaN when
   * the limit stopped it before a valid bound was known.
   */
  probe(k: number, dir: -1 | 1, iterations: number): number;
}

export interface BranchingRule extends PluginLifecycle {
  readonly name: string;
  score(ctx: BranchingContext): void;
}

/**
 * Node selection: an order on open nodes plus whether the search loop may plunge (process a child
 * of the last node directly, up to 'search/plunge-depth' levels, before returning to the queue).
 */
export interface NodeSelector extends PluginLifecycle {
  readonly name: string;
  readonly compare: NodeComparator;
  readonly plunge: boolean;
}

/** Propagation context: `since` is the trail position from which changes are new to this call. */
export interface PropagationContext extends SearchContext {
  /** trail position: columns changed at positions >= since need re-propagation (-1 = everything, e.g. at the root) */
  readonly since: number;
}

/**
 * Propagator: tightens bounds through the Domain (with its own `reason`), returns 'infeasible' when
 * the node has no feasible point. `timing` 'node' runs before the LP (in the order registered);
 * 'after-lp' runs after an optimal LP and gets the LpContext (e.g. reduced-cost fixing). The
 * pipeline's symmetry step runs the propagators whose reason is SYMMETRY right after the others.
 */
export interface Propagator extends PluginLifecycle {
  readonly name: string;
  readonly reason: BoundReason;
  readonly timing: 'node' | 'after-lp';
  propagate(ctx: PropagationContext | (PropagationContext & LpContext)): 'ok' | 'infeasible';
  /**
   * After 'infeasible': the model row whose activity bounds could not meet its side in the domain
   * (-1 or absent: unknown). Conflict analysis from propagation starts from it, and resolves the
   * changes whose Domain.trailExplain is a model row.
   */
  readonly infeasibleRow?: number;
  /**
   * Optional bound hook ('node' propagators): called after every node propagator has run on the
   * node (the domain is propagated), returns a valid lower bound (minimisation sense, objective
   * offset included) on the objective of every feasible point of the model within the node's
   * domain, or -Infinity when it knows nothing. The framework raises the node's bound to it before
   * the LP: a bound at or above the cutoff closes the node (counted as the plugin's cutoff), the
   * LP bound is max'd with it, the children inherit it, and the search's dual bound (serial and
   * parallel: workers run the same pipeline) follows. The statistics count the bound raised (Gain).
   */
  lowerBound?(ctx: PropagationContext): number;
}

/**
 * What a separator sees: the node LP's optimal solution (LpContext) and the current LP rows, the
 * simplex tableau, and `addCut`. Cuts are inequalities lower <= a x <= upper over the model's
 * columns that every integer-feasible point of the model (within the search: every point better
 * than the incumbent) satisfies; the framework checks their numerics, filters them by efficacy
 * and parallelism, adds the best to the LP, ages out the slack ones.
 */
export interface SeparationContext extends LpContext {
  /** cut rounds done at this node so far (0 in the first) */
  readonly round: number;
  /** rows of the LP: the model's, then the cuts in it */
  readonly lpRowCount: number;
  /** the LP row i's bounds and coefficients as the LP holds them now (big-M rows as re-tightened for the node; below the root the framework then makes cuts local); i < lpRowCount; valid until the next addCut round */
  lpRow(i: number): { lower: number; upper: number; cols: Int32Array; vals: Float64Array; count: number };
  /** seconds left of the solve's time limit (Infinity without one): a separator that runs sub-solves keeps within it */
  timeLeft(): number;
  /** LP row activities (length lpRowCount) */
  readonly lpRowActivity: Float64Array;
  /** basis position → basic variable: column j >= 0, or -1 - i the slack of LP row i; false when none */
  basicVariables(out: Int32Array): boolean;
  /** tableau row of basis position p over the columns (and the LP rows' slacks): see LpSolver.tableauRow */
  tableauRow(position: number, out: Float64Array, slackOut?: Float64Array): boolean;
  /**
   * Proposes the cut lower <= sum_k vals[k] x[cols[k]] <= upper (k < count; the arrays may be
   * reused after the call). `local`: valid only in this node's subtree (uses its bounds). Returns
   * false when the framework refuses it at once (numerics, not violated).
   */
  addCut(cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, lower: number, upper: number, local: boolean): boolean;
}

/**
 * Separator (a cutting-plane generator, one file each): called at the root in every cut round and,
 * when `frequency` > 0, at nodes whose depth is a multiple of it. The framework counts calls, time,
 * cuts found, cuts applied and the bound gain of the rounds it took part in.
 */
export interface Separator extends PluginLifecycle {
  readonly name: string;
  /** separate at nodes of depth d > 0 with d % frequency == 0 (0: root only) */
  readonly frequency: number;
  separate(ctx: SeparationContext): void;
}

/** Result of HeuristicContext.solveLp: `primal` is valid until the next call (null without a solution). */
export interface HeuristicLpResult {
  status: LpStatus;
  objective: number;
  primal: Float64Array | null;
}

/** HeuristicContext.incumbentSolution: a point and its objective (minimisation sense). */
export interface IncumbentSolution {
  readonly x: Float64Array;
  readonly objective: number;
}

/** What a primal heuristic sees: the node LP plus an LP of its own (e.g. for diving). */
export interface HeuristicContext extends LpContext {
  /** number of nodes processed so far by this processor */
  readonly nodeCount: number;
  /**
   * The best feasible point this search has installed so far (integers integral, checked with
   * Model.maxViolation <= 1e-6) and its objective in minimisation sense, or null before the first.
   * Improvement heuristics start from it. In a parallel solve it is the best point this worker
   * knows, which may be worse than the global incumbent behind `cutoff`. Read-only; the framework
   * overwrites it when a better point is installed.
   */
  readonly incumbentSolution: IncumbentSolution | null;
  /** seconds left of the solve's time limit (Infinity without one): a heuristic that runs sub-searches keeps within it */
  timeLeft(): number;
  /**
   * Solves the LP relaxation under the given column bounds (the Domain is not touched) with at most
   * `iterations` simplex iterations, under the current cutoff ('cutoff' = no improving solution
   * there). The framework restores the node's LP bounds, basis and limits after the heuristic.
   */
  solveLp(lower: Float64Array, upper: Float64Array, iterations: number): HeuristicLpResult;
}

/**
 * Primal heuristic: may propose a full column vector after an optimal node LP (every `frequency`
 * nodes, depth 0 always). The framework rounds integer columns, checks the point with
 * Model.maxViolation (<= 1e-6) and installs it when it improves on the incumbent. Return null when
 * nothing was found. The returned array may be reused by the heuristic (the framework copies it).
 */
export interface PrimalHeuristic extends PluginLifecycle {
  readonly name: string;
  readonly frequency: number;
  run(ctx: HeuristicContext): Float64Array | null;
  /**
   * Optional: called once, at the root node after propagation and BEFORE its first LP solve, for
   * heuristics that need no LP (e.g. a gradient-trained warm start), so that a first incumbent (and
   * its cutoff) exists even when the root LP is slow. Only the SearchContext is valid. Same return
   * contract as `run`; the framework counts the call in the plugin's statistics.
   */
  runBeforeLp?(ctx: SearchContext): Float64Array | null;
}
