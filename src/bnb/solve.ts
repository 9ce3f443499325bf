import { OptionError } from '../errors.js';
import { highsLpFactory } from '../lp/highs-lp.js';
import type { LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { DEFAULT_BRANCHING, DEFAULT_NODE_SELECTION } from './builtin-plugins.js';
import { feasibilityPhase } from './feasibility-phase.js';
import { presolveWanted, solvePresolved } from './presolved-solve.js';
import { IncumbentStore } from './incumbent-store.js';
import { NodeProcessor, processorOptions } from './node-processor.js';
import { rootNode } from './open-node.js';
import { loadPluginModules } from './plugin-loader.js';
import { globalRegistry, type PluginRegistry } from './plugin-registry.js';
import { PluginSet } from './plugin-set.js';
import { Search, type SearchControl } from './search.js';
import { SearchLog } from './search-log.js';
import { DEFAULT_ABS_GAP, DEFAULT_REL_GAP, finalStatus, gapOf, withinGap } from './search-status.js';
import type { SolveOptions, SolveResult, SolveStatus } from './solve-types.js';
import { FEASIBILITY_TOL } from './tolerances.js';

/** Injected dependencies of solveModel (tests, workers, alternative backends). */
export interface SolveDeps {
  /** LP backend (default: HiGHS via highsLpFactory); plugins get their LPs from it too */
  lpFactory?: LpSolverFactory;
  /** plugin registry (default: the global one with the built-in plugins) */
  registry?: PluginRegistry;
}

const OP = 'solve model';

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
 * length, callbacks functions, plugins a list of module names.
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
    if (name === 'threads' && v > 256) throw new OptionError(OP, `option threads must be at most 256, got ${v}`);
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
  const nodeSelection = options.nodeSelection ?? registry.defaultName('node-selection', model, DEFAULT_NODE_SELECTION);
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
  validatePluginList(options.plugins);
  return { timeLimit, nodeLimit, relGap, absGap, solutionLimit, branching, nodeSelection, threads };
}

/**
 * The parameters a solve runs with: SolveOptions.params plus what `cuts` and `separators` say
 * ('cuts/enabled', and 'separator/<name>/enabled' for every registered separator). Unknown
 * separator names are an OptionError naming the known ones.
 */
export function effectiveParams(options: SolveOptions, registry: PluginRegistry): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = { ...(options.params ?? {}) };
  if (options.cuts !== undefined) {
    if (typeof options.cuts !== 'boolean') throw new OptionError(OP, `option cuts must be a boolean, got ${String(options.cuts)}`);
    out['cuts/enabled'] = options.cuts;
  }
  if (options.separators !== undefined) {
    if (!Array.isArray(options.separators)) throw new OptionError(OP, 'option separators must be an array of separator names');
    const known = registry.list('separator').map((d) => d.name);
    for (const name of options.separators) {
      if (!known.includes(name)) throw new OptionError(OP, `unknown separator "${String(name)}" (known: ${known.join(', ') || 'none'})`);
    }
    for (const name of known) out[`separator/${name}/enabled`] = options.separators.includes(name);
  }
  return out;
}

/** SolveOptions.plugins must be an array of non-empty strings. */
export function validatePluginList(plugins: unknown): void {
  if (plugins === undefined) return;
  if (!Array.isArray(plugins) || plugins.some((p) => typeof p !== 'string' || p.trim() === '')) {
    throw new OptionError(OP, 'option plugins must be an array of module names (file paths or package names)');
  }
}

/**
 * Solves a MILP by LP-based branch and bound (serial, in this thread): the one Search loop
 * (search.ts) over a NodeProcessor, fed with the root node, stopped by the limits below.
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
 * A node whose LP fails with every integer column fixed is closed without proof: its bound stays in
 * the dual bound (search-status.ts decides the status, as in parallel solves).
 * Every returned solution passed the incumbent store's check (bounds, rows, integrality within
 * 1e-6) and `objective` is Model.objectiveOf(solution). A model without columns is decided directly.
 */
export async function solveModel(model: Model, options: SolveOptions = {}, deps: SolveDeps = {}): Promise<SolveResult> {
  const registry = deps.registry ?? globalRegistry;
  validatePluginList(options.plugins);
  if (options.plugins) await loadPluginModules(options.plugins, registry);
  const opts = validateSolveOptions(model, options, registry);
  const params = registry.resolveParams(effectiveParams(options, registry));
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const log = new SearchLog(options.log, options.onProgress, params.get('search/log-interval') as number);

  if (model.numCols === 0) return solveEmpty(model, elapsed, log);
  if (options.presolve !== undefined && typeof options.presolve !== 'boolean') throw new OptionError(OP, `option presolve must be a boolean, got ${String(options.presolve)}`);
  if (presolveWanted(options, params)) {
    const r = await solvePresolved(model, options, opts.timeLimit, (m, o) => solveModel(m, o, deps), (x) => x);
    return r;
  }

  const factory = deps.lpFactory ?? (await highsLpFactory());
  const plugins = PluginSet.open(registry, model, params, opts, { lpFactory: factory, role: 'serial' });
  let result: SolveResult;
  try {
    const store = new IncumbentStore(model);
    const lp = factory();
    let processor: NodeProcessor;
    try {
      processor = new NodeProcessor(model, lp, plugins, store, { relGap: opts.relGap, absGap: opts.absGap, ...processorOptions(params) });
    } catch (e) {
      lp.dispose();
      throw e;
    }
    try {
      const search = new Search(processor, { compare: plugins.selector.compare, plunge: plugins.selector.plunge, plungeDepth: params.get('search/plunge-depth') as number });
      result = await runSerial(model, opts, options, search, log, elapsed, plugins.branching.name, plugins.selector.name);
      const reports = plugins.reports();
      if (reports.length > 0) result.reports = reports;
    } finally {
      processor.dispose();
    }
  } finally {
    plugins.close();
  }
  if (result.status === 'infeasible-or-unbounded') {
    result = await feasibilityPhase(model, options, result, { timeLeft: opts.timeLimit - elapsed(), nodeLimit: opts.nodeLimit }, (zero, o) => solveModel(zero, o, deps));
  }
  log.summary(result);
  return result;
}

/** The serial driver: the root into the Search, runs between event-loop turns, limits and log, the result. */
async function runSerial(
  model: Model,
  opts: ValidatedOptions,
  options: SolveOptions,
  search: Search,
  log: SearchLog,
  elapsed: () => number,
  branchingName: string,
  selectorName: string,
): Promise<SolveResult> {
  const processor = search.processor;
  const store = search.incumbents;
  const sign = store.sign;
  const signal = options.signal;
  const timeLimit = opts.timeLimit;
  let limit: SolveStatus | undefined;
  let lastYield = performance.now();
  let lastLpLimit = -Infinity;

  log.header(model, branchingName, selectorName);
  const snapshot = (mark?: string): void => {
    const b = search.dualBound();
    log.line({
      nodes: search.nodes,
      open: search.openCount,
      incumbent: store.value < Infinity ? sign * store.value : null,
      bound: sign * b,
      gap: gapOf(store.value, b),
      seconds: elapsed(),
      lpIterations: processor.lp.stats().iterations,
      mark,
    });
  };
  if (log.active) {
    store.onImprove((_obj, _x, source) => {
      search.prune();
      snapshot(source === 'lp' ? 'L' : source === 'initial' ? 'I' : 'H');
    });
  }
  if (options.initialSolution) {
    // a starting point, not a solution the search found (not counted in `solutions` or the solution limit)
    store.seed(options.initialSolution);
  }
  search.add(rootNode());
  if (timeLimit < Infinity) processor.setLpTimeLimit(timeLimit);

  const control: SearchControl = {
    check: (s) => {
      if (signal?.aborted) {
        limit = 'interrupted';
        return 'stopped';
      }
      // let timers and abort handlers run
      if (performance.now() - lastYield > 25) return 'paused';
      const t = elapsed();
      if (t >= timeLimit) {
        limit = 'time-limit';
        return 'stopped';
      }
      if (timeLimit < Infinity && t - lastLpLimit > 0.5) {
        processor.setLpTimeLimit(timeLimit - t);
        lastLpLimit = t;
      }
      if (s.nodes >= opts.nodeLimit) {
        limit = 'node-limit';
        return 'stopped';
      }
      if (store.found >= opts.solutionLimit) {
        limit = 'solution-limit';
        return 'stopped';
      }
      if (store.value < Infinity && withinGap(store.value, s.dualBound(), opts.relGap, opts.absGap)) return 'stopped';
      if (log.active && log.due(t)) snapshot();
      return undefined;
    },
  };
  let unbounded = false;
  for (;;) {
    const end = search.run(control);
    if (end === 'paused') {
      await new Promise<void>((r) => setImmediate(r));
      lastYield = performance.now();
      continue;
    }
    if (end === 'unbounded') unbounded = true;
    if (end === 'lp-time-limit') limit = 'time-limit';
    break;
  }
  if (search.failed > 0) log.note(`${search.failed} node LP(s) failed with every integer column fixed; their bounds stay in the dual bound (last: ${search.lastFailure})`);

  const { status, bound } = finalStatus({ limit, unbounded, incumbent: store.value, bound: search.dualBound() });
  const lpStats = processor.lp.stats();
  const solution = store.incumbentPoint;
  const result: SolveResult = {
    status,
    objective: solution ? model.objectiveOf(solution) : null,
    bound: sign * bound,
    gap: unbounded ? Infinity : gapOf(store.value, bound),
    solution,
    nodes: search.nodes,
    seconds: elapsed(),
    lpSeconds: lpStats.seconds,
    lpIterations: lpStats.iterations,
    lpSolves: lpStats.solves,
    solutions: store.found,
    stats: processor.pluginStats(),
    threads: 1,
  };
  if (log.active) snapshot('*');
  return result;
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
