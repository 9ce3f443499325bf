import { LpBackendError, OptionError } from '../errors.js';
import { highsLpFactory } from '../lp/highs-lp.js';
import type { LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { DEFAULT_BRANCHING, DEFAULT_NODE_SELECTION } from './builtin-plugins.js';
import { bigMOption, NodeProcessor, unprovenContribution } from './node-processor.js';
import { NodeQueue } from './node-queue.js';
import { rootNode, type OpenNode } from './open-node.js';
import { globalRegistry, type PluginRegistry } from './plugin-registry.js';
import { SearchLog } from './search-log.js';
import type { SolveOptions, SolveResult, SolveStatus } from './solve-types.js';
import { FEASIBILITY_TOL } from './tolerances.js';

/** Injected dependencies of solveModel (tests, workers, alternative backends). */
export interface SolveDeps {
  /** LP backend (default: HiGHS via highsLpFactory) */
  lpFactory?: LpSolverFactory;
  /** plugin registry (default: the global one with the built-in plugins) */
  registry?: PluginRegistry;
}

const OP = 'solve model';
const DEFAULT_REL_GAP = 1e-6;
const DEFAULT_ABS_GAP = 1e-9;

/** Options after validation, with defaults filled in. */
export interface ValidatedOptions {
  timeLimit: number;
  nodeLimit: number;
  relGap: number;
  absGap: number;
  solutionLimit: number;
  branching: string;
  nodeSelection: string;
  threads: number;
}

/**
 * Validates SolveOptions (throws OptionError naming the option): limits must be numbers > 0
 * (timeLimit may be Infinity; nodeLimit, solutionLimit and threads positive integers), gaps finite
 * and >= 0, plugin names registered, parameters known and in range, initialSolution of the right
 * length, callbacks functions.
 */
export function validateSolveOptions(model: Model, options: SolveOptions, registry: PluginRegistry): ValidatedOptions {
  const num = (name: keyof SolveOptions, v: unknown): number => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new OptionError(OP, `option ${name} must be a number, got ${String(v)}`);
    return v;
  };
  let timeLimit = Infinity;
  if (options.timeLimit !== undefined) {
    timeLimit = num('timeLimit', options.timeLimit);
    if (!(timeLimit > 0)) throw new OptionError(OP, `option timeLimit must be > 0 seconds, got ${timeLimit}`);
  }
  const posInt = (name: 'nodeLimit' | 'solutionLimit' | 'threads'): number => {
    const raw = options[name];
    if (raw === undefined) return name === 'threads' ? 1 : Infinity;
    const v = num(name, raw);
    if (v === Infinity && name !== 'threads') return v;
    if (!Number.isInteger(v) || v < 1) throw new OptionError(OP, `option ${name} must be an integer >= 1, got ${v}`);
    return v;
  };
  const nodeLimit = posInt('nodeLimit');
  const solutionLimit = posInt('solutionLimit');
  const threads = posInt('threads');
  const gapOpt = (name: 'gap' | 'absGap', dflt: number): number => {
    if (options[name] === undefined) return dflt;
    const v = num(name, options[name]);
    if (!(v >= 0) || !Number.isFinite(v)) throw new OptionError(OP, `option ${name} must be a finite number >= 0, got ${v}`);
    return v;
  };
  const relGap = gapOpt('gap', DEFAULT_REL_GAP);
  const absGap = gapOpt('absGap', DEFAULT_ABS_GAP);
  // a plugin may declare itself the default for some models (nn-pseudocost: models with network structure)
  const branching = options.branching ?? registry.defaultName('branching', model, DEFAULT_BRANCHING);
  const nodeSelection = options.nodeSelection ?? DEFAULT_NODE_SELECTION;
  if (typeof branching !== 'string') throw new OptionError(OP, `option branching must be a plugin name, got ${String(branching)}`);
  if (typeof nodeSelection !== 'string') throw new OptionError(OP, `option nodeSelection must be a plugin name, got ${String(nodeSelection)}`);
  registry.get('branching', branching);
  registry.get('node-selection', nodeSelection);
  if (options.initialSolution !== undefined && options.initialSolution.length !== model.numCols) {
    throw new OptionError(OP, `option initialSolution has ${options.initialSolution.length} values, the model has ${model.numCols} columns`);
  }
  if (options.log !== undefined && typeof options.log !== 'boolean' && typeof options.log !== 'function') {
    throw new OptionError(OP, 'option log must be a boolean or a function');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new OptionError(OP, 'option onProgress must be a function');
  }
  return { timeLimit, nodeLimit, relGap, absGap, solutionLimit, branching, nodeSelection, threads };
}

/**
 * Solves a MILP by LP-based branch and bound (serial, in this thread).
 *
 * Semantics of the result (objective and bound in the model's sense):
 * - 'optimal': the incumbent is within the gap tolerances (default rel 1e-6, abs 1e-9) of the bound.
 * - 'infeasible': the search proved there is no integer-feasible point.
 * - 'unbounded': an LP relaxation is unbounded and an integer-feasible point is known (initial
 *   solution, found by the search, or by a feasibility phase: the same constraints with a zero
 *   objective, stopped at its first solution). With rational data this means the MILP itself is
 *   unbounded; the returned solution is that feasible point and `bound` is -Infinity (+Infinity
 *   when maximising). When the feasibility phase proves there is no point: 'infeasible'.
 * - 'infeasible-or-unbounded': an LP relaxation is unbounded and a limit (time, nodes, abort)
 *   stopped the feasibility phase before it decided.
 * - 'time-limit' / 'node-limit' / 'solution-limit' / 'interrupted' (AbortSignal, checked between
 *   nodes): the best solution so far, with a valid bound (min over open nodes).
 * - 'gap-limit': stopped at a user gap larger than the default tolerance.
 * Every returned solution passed Model.maxViolation <= 1e-6 with integer columns rounded, and
 * `objective` is Model.objectiveOf(solution). A model without columns is decided directly.
 */
export async function solveModel(model: Model, options: SolveOptions = {}, deps: SolveDeps = {}): Promise<SolveResult> {
  const registry = deps.registry ?? globalRegistry;
  const opts = validateSolveOptions(model, options, registry);
  const params = registry.resolveParams(options.params);
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const sign = model.sense === 'maximize' ? -1 : 1;
  const log = new SearchLog(options.log, options.onProgress, params.get('search/log-interval') as number);

  if (model.numCols === 0) return solveEmpty(model, elapsed, log);

  const factory = deps.lpFactory ?? (await highsLpFactory());
  const branching = registry.create('branching', opts.branching, model, params);
  const selector = registry.create('node-selection', opts.nodeSelection, model, params);
  const propagators = registry.createEnabled('propagator', model, params);
  const heuristics = registry.createEnabled('heuristic', model, params);
  const lp = factory();
  let processor: NodeProcessor;
  try {
    processor = new NodeProcessor(model, lp, { branching, propagators, heuristics }, {
      relGap: opts.relGap,
      absGap: opts.absGap,
      objectiveIntegral: (params.get('search/objective-integrality') as boolean) ? undefined : false,
      ...bigMOption(params),
    });
  } catch (e) {
    lp.dispose();
    throw e;
  }
  let result: SolveResult;
  try {
    result = await search(model, opts, processor, selector.compare, selector.plunge, params.get('search/plunge-depth') as number, options, log, sign, elapsed, branching.name, selector.name);
  } finally {
    processor.dispose();
    // plugins holding resources (the NN heuristics' LP) release them
    for (const p of [branching, ...propagators, ...heuristics]) (p as { dispose?: () => void }).dispose?.();
  }
  if (result.status === 'infeasible-or-unbounded') result = await feasibilityPhase(model, options, opts, deps, result, elapsed);
  log.summary(result);
  return result;
}

/**
 * The LP relaxation is unbounded and no feasible point is known: search for any integer-feasible
 * point (same constraints, zero objective, stop at the first solution). Found: the MILP is
 * unbounded (rational data: a feasible MILP with an unbounded relaxation is unbounded). Proven
 * none: infeasible. Otherwise (limits): stays 'infeasible-or-unbounded'.
 */
async function feasibilityPhase(
  model: Model,
  options: SolveOptions,
  opts: ValidatedOptions,
  deps: SolveDeps,
  result: SolveResult,
  elapsed: () => number,
): Promise<SolveResult> {
  const left = opts.timeLimit - elapsed();
  if (!(left > 0) || options.signal?.aborted || result.nodes >= opts.nodeLimit) return result;
  const zero = model.withZeroObjective(`${model.name} (feasibility)`);
  const feas = await solveModel(
    zero,
    {
      timeLimit: Number.isFinite(left) ? left : undefined,
      nodeLimit: Number.isFinite(opts.nodeLimit) ? opts.nodeLimit - result.nodes : undefined,
      solutionLimit: 1,
      signal: options.signal,
      branching: opts.branching,
      nodeSelection: opts.nodeSelection,
      params: options.params,
    },
    deps,
  );
  const merged: SolveResult = {
    ...result,
    nodes: result.nodes + feas.nodes,
    seconds: elapsed(),
    lpSeconds: result.lpSeconds + feas.lpSeconds,
    lpIterations: result.lpIterations + feas.lpIterations,
    lpSolves: result.lpSolves + feas.lpSolves,
  };
  const max = model.sense === 'maximize';
  if (feas.status === 'infeasible') {
    return { ...merged, status: 'infeasible', bound: max ? -Infinity : Infinity, gap: Infinity };
  }
  if (feas.solution) {
    return {
      ...merged,
      status: 'unbounded',
      objective: model.objectiveOf(feas.solution),
      solution: feas.solution,
      solutions: 1,
      bound: max ? Infinity : -Infinity,
      gap: Infinity,
    };
  }
  return merged;
}

async function search(
  model: Model,
  opts: ValidatedOptions,
  processor: NodeProcessor,
  order: ConstructorParameters<typeof NodeQueue>[0],
  plunge: boolean,
  plungeDepth: number,
  options: SolveOptions,
  log: SearchLog,
  sign: number,
  elapsed: () => number,
  branchingName: string,
  selectorName: string,
): Promise<SolveResult> {
  const queue = new NodeQueue(order);
  const objIntegral = processor.objectiveIntegral;
  let incumbent = Infinity; // minimisation sense
  let solution: Float64Array | null = null;
  let solutions = 0;
  let nodes = 0;
  let unproven = Infinity; // bounds of nodes closed without proof below the incumbent
  let status: SolveStatus | undefined;
  let unboundedSeen = false;
  let plungeNext: OpenNode | undefined;
  let plunged = 0;
  /** bound of the node whose result is being handled (its children are not queued yet) */
  let inProcess = Infinity;
  const signal = options.signal;
  let lastYield = performance.now();
  let lastLpLimit = -Infinity;

  log.header(model, branchingName, selectorName);

  const snapshot = (mark?: string) => {
    const b = dualBound();
    const lpStats = processor.lp.stats();
    log.line({
      nodes,
      open: queue.size + (plungeNext ? 1 : 0),
      incumbent: incumbent < Infinity ? sign * incumbent : null,
      bound: sign * b,
      gap: gapOf(incumbent, b),
      seconds: elapsed(),
      lpIterations: lpStats.iterations,
      mark,
    });
  };

  /** Installs x as incumbent if it is feasible and better; returns true when installed. */
  const tryIncumbent = (x: ArrayLike<number>, mark: string): boolean => {
    const n = model.numCols;
    const cand = new Float64Array(n);
    for (let j = 0; j < n; j++) cand[j] = model.integrality[j] ? Math.round(x[j]!) : x[j]!;
    if (!(model.maxViolation(cand).value <= FEASIBILITY_TOL)) return false;
    const obj = sign * model.objectiveOf(cand);
    if (!(obj < incumbent)) return false;
    incumbent = obj;
    solution = cand;
    solutions++;
    processor.noteSolution(cand);
    const cutoff = processor.cutoffFor(incumbent);
    queue.prune(cutoff, (node) => {
      unproven = Math.min(unproven, unprovenContribution(node.lowerBound, incumbent, objIntegral));
    });
    if (plungeNext && plungeNext.lowerBound >= cutoff) {
      unproven = Math.min(unproven, unprovenContribution(plungeNext.lowerBound, incumbent, objIntegral));
      plungeNext = undefined;
    }
    if (log.active) snapshot(mark);
    return true;
  };

  const dualBound = (): number => {
    let b = Math.min(queue.minLowerBound(), unproven, incumbent, inProcess);
    if (plungeNext) b = Math.min(b, plungeNext.lowerBound);
    if (objIntegral && Number.isFinite(b)) b = Math.ceil(b - 1e-6);
    return b;
  };

  const gapClosed = (): boolean => {
    if (!(incumbent < Infinity)) return false;
    const b = dualBound();
    return incumbent - b <= Math.max(opts.absGap, opts.relGap * Math.abs(incumbent));
  };

  if (options.initialSolution) tryIncumbent(options.initialSolution, 'I');

  queue.push(rootNode());
  const timeLimit = opts.timeLimit;
  if (timeLimit < Infinity) processor.setLpTimeLimit(timeLimit);

  for (;;) {
    // ---- limits, checked between nodes
    if (signal?.aborted) {
      status = 'interrupted';
      break;
    }
    const now = performance.now();
    if (now - lastYield > 25) {
      // let timers and abort handlers run
      await new Promise<void>((r) => setImmediate(r));
      lastYield = performance.now();
      if (signal?.aborted) {
        status = 'interrupted';
        break;
      }
    }
    const t = elapsed();
    if (t >= timeLimit) {
      status = 'time-limit';
      break;
    }
    if (timeLimit < Infinity && t - lastLpLimit > 0.5) {
      processor.setLpTimeLimit(timeLimit - t);
      lastLpLimit = t;
    }
    if (nodes >= opts.nodeLimit) {
      status = 'node-limit';
      break;
    }
    if (solutions >= opts.solutionLimit) {
      status = 'solution-limit';
      break;
    }
    if (gapClosed()) break;
    if (log.active && log.due(t)) snapshot();

    // ---- next node: plunge into the preferred child, else the queue's first
    let node = plungeNext;
    plungeNext = undefined;
    if (!node) {
      node = queue.pop();
      plunged = 0;
      if (!node) break;
    }
    const r = processor.processNode(node, incumbent);
    if (r.kind !== 'pruned') nodes++;
    inProcess = r.kind === 'branched' ? r.bound : node.lowerBound;
    for (const s of processor.takeSolutions()) tryIncumbent(s.x, 'H');
    switch (r.kind) {
      case 'pruned':
      case 'cutoff':
        unproven = Math.min(unproven, unprovenContribution(r.bound, incumbent, objIntegral));
        break;
      case 'infeasible':
        break;
      case 'integral':
        if (!tryIncumbent(r.x, 'L')) {
          // not better, or rejected by the model check (numerics): keep its bound to stay valid
          unproven = Math.min(unproven, unprovenContribution(r.objective, incumbent, objIntegral));
        }
        break;
      case 'branched': {
        const [first, second] = r.children;
        const cutoff = processor.cutoffFor(incumbent);
        for (const child of r.children) {
          if (child.lowerBound >= cutoff) unproven = Math.min(unproven, unprovenContribution(child.lowerBound, incumbent, objIntegral));
        }
        if (plunge && plunged < plungeDepth && first.lowerBound < cutoff) {
          plungeNext = first;
          plunged++;
          if (second.lowerBound < cutoff) queue.push(second);
        } else {
          if (first.lowerBound < cutoff) queue.push(first);
          if (second.lowerBound < cutoff) queue.push(second);
        }
        break;
      }
      case 'unbounded':
        unboundedSeen = true;
        break;
      case 'lp-error':
        if (r.lpStatus === 'time-limit') {
          queue.push(node);
          status = 'time-limit';
        } else {
          throw new LpBackendError(OP, `LP relaxation of node ${node.id} (depth ${node.depth}) failed with every integer column fixed: ${r.message}`);
        }
        break;
    }
    inProcess = Infinity;
    if (status !== undefined || unboundedSeen) break;
  }

  const seconds = elapsed();
  let bound: number;
  if (unboundedSeen) {
    status = incumbent < Infinity ? 'unbounded' : 'infeasible-or-unbounded';
    bound = -Infinity;
  } else {
    bound = dualBound();
    if (status === undefined) {
      if (incumbent < Infinity) {
        const g = incumbent - bound;
        status = g <= Math.max(DEFAULT_ABS_GAP, DEFAULT_REL_GAP * Math.abs(incumbent)) ? 'optimal' : 'gap-limit';
      } else {
        status = 'infeasible';
        bound = Infinity;
      }
    }
  }
  const lpStats = processor.lp.stats();
  const result: SolveResult = {
    status,
    objective: incumbent < Infinity ? model.objectiveOf(solution!) : null,
    bound: sign * bound,
    gap: unboundedSeen ? Infinity : gapOf(incumbent, bound),
    solution,
    nodes,
    seconds,
    lpSeconds: lpStats.seconds,
    lpIterations: lpStats.iterations,
    lpSolves: lpStats.solves,
    solutions,
    stats: processor.pluginStats(),
    threads: 1,
  };
  if (log.active) snapshot('*');
  return result;
}

/** Relative gap |inc - bound| / max(1e-10, |inc|) (0 when equal, Infinity without incumbent or bound). */
export function gapOf(incumbent: number, bound: number): number {
  if (!(incumbent < Infinity) || !Number.isFinite(bound)) return incumbent === bound ? 0 : Infinity;
  const d = Math.abs(incumbent - bound);
  if (d === 0) return 0;
  return d / Math.max(1e-10, Math.abs(incumbent));
}

/** A model without columns: feasible iff every row admits activity 0. */
function solveEmpty(model: Model, elapsed: () => number, log: SearchLog): SolveResult {
  const x = new Float64Array(0);
  const feasible = model.maxViolation(x).value <= FEASIBILITY_TOL;
  const obj = model.objectiveOffset;
  const max = model.sense === 'maximize';
  const result: SolveResult = {
    status: feasible ? 'optimal' : 'infeasible',
    objective: feasible ? obj : null,
    bound: feasible ? obj : max ? -Infinity : Infinity,
    gap: feasible ? 0 : Infinity,
    solution: feasible ? x : null,
    nodes: 0,
    seconds: elapsed(),
    lpSeconds: 0,
    lpIterations: 0,
    lpSolves: 0,
    solutions: feasible ? 1 : 0,
    stats: [],
    threads: 1,
  };
  log.summary(result);
  return result;
}
