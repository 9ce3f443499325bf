import type { CutBatch } from '../bnb/cut-pool.js';
import { feasibilityPhase } from '../bnb/feasibility-phase.js';
import { presolveWanted, solvePresolved } from '../bnb/presolved-solve.js';
import { IncumbentStore } from '../bnb/incumbent-store.js';
import { hasIntegralObjective, processorOptions } from '../bnb/node-processor.js';
import { NodeQueue } from '../bnb/node-queue.js';
import { rootNode, type OpenNode } from '../bnb/open-node.js';
import { loadPluginModules } from '../bnb/plugin-loader.js';
import { describeOrigin, globalRegistry, type PluginKind, type PluginRegistry, type ResolvedParams } from '../bnb/plugin-registry.js';
import { addPluginStats } from '../bnb/plugin-counters.js';
import { SearchLog } from '../bnb/search-log.js';
import { cutoffFor, finalStatus, gapOf, UnprovenBound, withinGap, type Tolerances } from '../bnb/search-status.js';
import { effectiveParams, solveModel, validatePluginList, validateSolveOptions, type ValidatedOptions } from '../bnb/solve.js';
import type { PluginStats, SolveOptions, SolveProgress, SolveResult, SolveStatus } from '../bnb/solve-types.js';
import { MipnetError, OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { PROTOCOL_VERSION, type RunRef, type SubtreeReply, type SubtreeRequest, type WorkerConfig } from './messages.js';
import { compiledHighsModule } from './highs-module.js';
import { encodeModelBuffer } from './model-buffer.js';
import { packNodes, viewNodes } from './node-batch.js';
import { parallelSettings, type ParallelDeps, type ParallelSettings } from './parallel-options.js';
import { SharedPseudocosts } from './shared-pseudocosts.js';
import { SharedState, StopReason } from './shared-state.js';
import { WorkerPool } from './worker-pool.js';
import { workerModuleUrl } from './worker-location.js';

/** Counters of the parallel machinery (beside the usual SolveResult figures). */
export interface ParallelStats {
  /** subtree tasks handed out */
  tasks: number;
  /** open nodes put back into the global queue because their worker failed */
  requeued: number;
  /** tasks whose worker threw or died */
  workerFailures: number;
  /** deterministic mode: rounds run */
  rounds: number;
  /** seconds until every worker had loaded the model and solved the root LP */
  initSeconds: number;
  /** workers that disposed a HiGHS model at shutdown (solveParallel; 0 with a ParallelSolver until close) */
  disposedAtShutdown: number;
  /** nodes processed per worker thread id */
  nodesPerThread: Record<number, number>;
  /** nodes whose LP failed with every integer column fixed (closed without proof, bound kept) */
  failedNodes: number;
  /** seconds of the search phase (after init) */
  searchSeconds: number;
  /**
   * seconds the main thread's event loop was busy during the search phase (coordination: merging
   * replies, the global queue, packing tasks); on a machine with as many cores as workers this time
   * is taken from the workers
   */
  mainBusySeconds: number;
  /** seconds each worker thread spent in subtree tasks (handler time, set-up and packing included), per thread id */
  busyPerThread: Record<number, number>;
  /** summed seconds the tasks waited between their dispatch and their start on a worker */
  queueWaitSeconds: number;
  /** tasks seeded from the open nodes of the worker whose reply triggered them ('parallel/affinity') */
  affinityTasks: number;
  /** of those, the tasks that ran on that same worker (its LP still warm from the parent) */
  affinityHits: number;
  /**
   * main-thread node ledger: every node that reached the coordinator (the root, children in
   * replies, nodes of failed tasks) was dispatched, pruned, dropped after repeated failures or is
   * still open at the end: received = dispatched + pruned + dropped + left
   */
  ledger: NodeLedger;
}

export interface NodeLedger {
  received: number;
  dispatched: number;
  pruned: number;
  dropped: number;
  left: number;
}

export interface ParallelSolveResult extends SolveResult {
  parallel: ParallelStats;
}

/** A node whose worker failed this many times is dropped (its bound stays in the dual bound). */
const MAX_NODE_FAILURES = 3;

let runCounter = 0;

/** Wakes the coordinator loop when a task completes, the time limit fires or the signal aborts. */
class Waker {
  private pending = false;
  private resolve: (() => void) | undefined;
  notify(): void {
    if (this.resolve) {
      const r = this.resolve;
      this.resolve = undefined;
      r();
    } else {
      this.pending = true;
    }
  }
  wait(): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((r) => {
      this.resolve = r;
    });
  }
}

interface InFlight {
  nodes: OpenNode[];
  /** smallest lower bound of the task's nodes */
  bound: number;
  taskId: number;
  /** epoch milliseconds of the dispatch (performance.timeOrigin + performance.now()) */
  dispatchedAt: number;
  /** affinity task: the thread whose open nodes seeded it (-1 = none) */
  preferThread: number;
}

/** Open nodes of a worker's reply kept back for the next task (subtree affinity), not in the queue. */
interface AffineSeeds {
  threadId: number;
  nodes: OpenNode[];
  bound: number;
}

type Completion = { taskId: number; ok: true; reply: SubtreeReply } | { taskId: number; ok: false; error: unknown };

/**
 * Branch and bound on `options.threads` worker threads (piscina), with the same result shape and
 * option semantics as solveModel.
 *
 * - The model is serialised once into a SharedArrayBuffer; every worker decodes it as views (no
 *   copy), imports the plugin modules this thread loaded (plugin packages such as the NN plugins,
 *   SolveOptions.plugins) and runs the serial engine's pieces: the same plugins with their
 *   lifecycle, ONE NodeProcessor with one warm HiGHS LP, and the same Search loop per task.
 * - Work goes out as subtree tasks: a few of the best open nodes, which the worker explores like the
 *   serial search (its node selector's order with plunging) for a bounded number of nodes, then hands back
 *   the open rest, its incumbents, pseudocost observations and statistics. Task sizes adapt to the
 *   node rate (about 'parallel/task-seconds' each) unless 'parallel/subtree-nodes' /
 *   'parallel/nodes-per-task' fix them.
 * - The global queue is ordered by the node selector; at most threads + 'parallel/queued-tasks' tasks are in
 *   flight (back-pressure, double buffering: a worker that finishes finds its next task queued).
 *   Subtree affinity ('parallel/affinity'): a reply's best open nodes (its plunge child first) seed
 *   the next task, which goes to that worker when it is the only idle one; the rest goes to the
 *   queue. Seeds held back count in the dual bound like queued nodes.
 * - Pseudocosts: workers exchange their observations live through shared memory every 2 ms of
 *   work (deterministic mode: snapshots per round), so that two workers do not both strong-branch
 *   on columns that the other has made reliable meanwhile (measured: LP solves per node 2.67 with
 *   per-task exchange vs 2.06 live, 2.01 with one worker, set cover 150 x 150). The incumbent and a stop flag live in shared memory, read by the workers
 *   between nodes. Ramp-up: every worker loads the model and solves the root LP at once; the root
 *   then goes out as one best-first expansion to threads x 'parallel/ramp-up-per-thread' open nodes.
 * - The dual bound, cutoff and final status come from search-status.ts, as in the serial engine:
 *   the minimum over the queue, the in-flight tasks' nodes and the nodes closed without proof.
 * - Deterministic mode (options.deterministic): rounds of a fixed set of the best nodes dealt to a
 *   fixed number of tasks, all with the incumbent of the round start, each task on a freshly loaded
 *   LP started from the root basis and the round's pseudocost snapshot; replies merged in dispatch
 *   order. Same thread count -> same result, node count and LP iterations (unless a time limit or an
 *   abort cuts in).
 * - Faults: the nodes of a task whose worker throws or exits go back to the queue (no node is lost);
 *   piscina replaces the worker. A node whose tasks fail 3 times is dropped with its bound kept.
 */
export async function solveParallel(model: Model, options: SolveOptions = {}, deps: ParallelDeps = {}): Promise<ParallelSolveResult> {
  const threads = options.threads ?? 1;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw new OptionError('solve in parallel', `option threads must be an integer in [1, 256], got ${String(threads)}`);
  }
  const solver = new ParallelSolver(threads);
  let result: ParallelSolveResult | undefined;
  try {
    result = await solver.solve(model, options, deps);
  } finally {
    const disposed = await solver.close();
    if (result) result.parallel.disposedAtShutdown = disposed;
  }
  return result;
}

/**
 * The plugin modules the workers must import for this solve: those of the plugins it runs (the
 * branching rule, the node selector, every enabled propagator and heuristic), in registration
 * order. Refuses a plugin the workers cannot have: one registered with registerPlugin in this
 * thread only (not from a plugin module).
 */
function workerPluginModules(registry: PluginRegistry, params: ResolvedParams, v: ValidatedOptions): string[] {
  const used: Array<[PluginKind, string]> = [
    ['branching', v.branching],
    ['node-selection', v.nodeSelection],
  ];
  for (const kind of ['propagator', 'heuristic', 'separator'] as const) {
    for (const d of registry.list(kind)) if (params.get(`${kind}/${d.name}/enabled`) !== false) used.push([kind, d.name]);
  }
  const urls = new Set<string>();
  for (const [kind, name] of used) {
    const o = registry.originOf(kind, name);
    if (o?.kind === 'module') urls.add(o.url);
    if (o?.kind === 'thread') {
      throw new OptionError(
        'solve in parallel',
        `${kind} plugin "${name}" is registered ${describeOrigin(o)} only, so worker threads do not have it; ` +
          'put it in a plugin module (export default the descriptor) and load it with SolveOptions.plugins / --plugin <file>, or use threads: 1',
      );
    }
  }
  return registry.modules().filter((u) => urls.has(u)).map(workerModuleUrl);
}

/**
 * A pool of `threads` warm workers for several parallel solves in a row (one at a time): saves
 * the thread start-up of solveParallel per solve. `close()` disposes every worker's HiGHS model
 * and stops the threads; call it when done (the threads would otherwise idle until then).
 */
export class ParallelSolver {
  readonly threads: number;
  private pool: WorkerPool | undefined;
  private busy = false;
  private closed = false;

  constructor(threads: number) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new OptionError('create parallel solver', `threads must be an integer in [1, 256], got ${threads}`);
    }
    this.threads = threads;
  }

  /** Solves with this solver's workers; options.threads, when given, must equal `threads`. `deps`: test hooks. */
  async solve(model: Model, options: SolveOptions = {}, deps: ParallelDeps = {}): Promise<ParallelSolveResult> {
    const op = 'solve in parallel';
    if (this.closed) throw new MipnetError(op, 'the parallel solver has been closed');
    if (this.busy) throw new MipnetError(op, 'a solve is already running on this parallel solver (one at a time)');
    // the same validation as the serial engine (limits, plugin modules and names, parameters, initial solution)
    validatePluginList(options.plugins);
    if (options.plugins) await loadPluginModules(options.plugins, globalRegistry);
    const validated = validateSolveOptions(model, { ...options, threads: options.threads ?? this.threads }, globalRegistry);
    if (validated.threads !== this.threads) throw new OptionError(op, `threads is ${validated.threads}, this solver has ${this.threads} workers`);
    const given = effectiveParams(options, globalRegistry);
    const params = globalRegistry.resolveParams(given);
    const pluginModules = workerPluginModules(globalRegistry, params, validated);
    const s = parallelSettings(options, validated, params);
    if (model.numCols === 0) {
      const r = await solveModel(model, { ...options, threads: 1 });
      return { ...r, threads: s.threads, parallel: emptyParallelStats() };
    }
    if (presolveWanted(options, params)) {
      return solvePresolved(model, options, s.timeLimit, (m, o) => this.solve(m, o, deps), (r) => ({ ...r, threads: s.threads, parallel: emptyParallelStats() }));
    }
    this.busy = true;
    try {
      this.pool ??= new WorkerPool(this.threads, await compiledHighsModule());
      const t0 = performance.now();
      const log = new SearchLog(options.log, options.onProgress, params.get('search/log-interval') as number);
      log.header(model, validated.branching, `${validated.nodeSelection}, ${s.threads} worker threads${s.deterministic ? ', deterministic' : ''}`);
      const run = (m: Model, o: SolveOptions, lg: SearchLog): Promise<ParallelSolveResult> => {
        const v = m === model ? validated : validateSolveOptions(m, { ...o, threads: this.threads }, globalRegistry);
        return new ParallelSearch(m, o, v, params, parallelSettings(o, v, params), lg, pluginModules, deps).run(this.pool!);
      };
      let result = await run(model, options, log);
      if (result.status === 'infeasible-or-unbounded') {
        result = await feasibilityPhase(model, options, result, { timeLeft: s.timeLimit - (performance.now() - t0) / 1000, nodeLimit: s.nodeLimit }, (zero, o) =>
          run(zero, o, new SearchLog(undefined)),
        );
      }
      log.summary(result);
      return result;
    } finally {
      this.busy = false;
    }
  }

  /** Disposes the workers' HiGHS models and stops the threads. Returns how many workers disposed a model. */
  async close(): Promise<number> {
    if (this.closed) return 0;
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (!pool) return 0;
    const replies = await pool.close();
    return replies.filter((r) => r.disposed).length;
  }
}

function emptyParallelStats(): ParallelStats {
  return {
    tasks: 0,
    requeued: 0,
    workerFailures: 0,
    rounds: 0,
    initSeconds: 0,
    disposedAtShutdown: 0,
    nodesPerThread: {},
    failedNodes: 0,
    searchSeconds: 0,
    mainBusySeconds: 0,
    busyPerThread: {},
    queueWaitSeconds: 0,
    affinityTasks: 0,
    affinityHits: 0,
    ledger: { received: 0, dispatched: 0, pruned: 0, dropped: 0, left: 0 },
  };
}

/** The coordinator of one parallel search: global queue, tasks, replies, the incumbent, the status. */
class ParallelSearch {
  private readonly model: Model;
  private readonly options: SolveOptions;
  private readonly s: ParallelSettings;
  private readonly sign: number;
  private readonly config: WorkerConfig;
  private readonly fault: ParallelDeps['fault'];
  private readonly t0 = performance.now();
  /** Date.now() at which the time limit ends (Infinity = none) */
  private readonly deadline: number;
  private readonly shared = new SharedState();
  private readonly pcs: SharedPseudocosts;
  private readonly queue: NodeQueue;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly completions: Completion[] = [];
  private readonly waker = new Waker();
  private readonly failuresOf = new Map<number, number>();
  private readonly pending = new Set<Promise<Completion>>();
  /** seeds kept back for affinity tasks, in reply order; part of the open work (dual bound) */
  private affine: AffineSeeds[] = [];
  private pool!: WorkerPool;
  private ref!: RunRef;

  private nextNodeId = 1;
  /** moving average of the seconds a worker spends per node */
  private secondsPerNode = 0;
  /** moving average of the nodes one handed-out node grows into (tasks that exhausted their nodes) */
  private nodesPerSeed = 0;
  private taskCounter = 0;
  /** the incumbent: every point from a worker (or the initial solution) is checked against the model here again */
  private readonly store: IncumbentStore;
  private readonly tolerances: Tolerances;
  private nodes = 0;
  private lpSolves = 0;
  private lpIterations = 0;
  private lpSeconds = 0;
  private taskSeconds = 0;
  private prunedCount = 0;
  /** bounds of nodes closed without proof below the incumbent (in workers and here) */
  private readonly unproven: UnprovenBound;
  /** bound of nodes dropped after repeated worker failures */
  private failedBound = Infinity;
  private readonly pluginTotals = new Map<string, PluginStats>();
  private unbounded = false;
  private rampDone: boolean;
  /** the search stopped: by a limit (its status) or because the gap closed (undefined) */
  private stopped = false;
  private limit: SolveStatus | undefined;
  private readonly pstats: ParallelStats;
  /** the global cuts reported by the workers (the root's), sent with every task */
  private cuts: CutBatch | undefined;

  /** an improving incumbent arrived since the last log line */
  private improved = false;
  /** the HiGHS/CBC-like progress log shared with the serial engine (header and summary by the caller) */
  private readonly searchLog: SearchLog;

  constructor(
    model: Model,
    options: SolveOptions,
    v: ValidatedOptions,
    params: ResolvedParams,
    s: ParallelSettings,
    searchLog: SearchLog,
    pluginModules: string[],
    deps: ParallelDeps,
  ) {
    this.searchLog = searchLog;
    this.model = model;
    this.options = options;
    this.s = s;
    this.fault = deps.fault;
    this.sign = model.sense === 'maximize' ? -1 : 1;
    this.store = new IncumbentStore(model);
    const objectiveIntegral = processorOptions(params).objectiveIntegral ?? hasIntegralObjective(model);
    this.tolerances = { relGap: s.gap, absGap: s.absGap, objectiveIntegral };
    this.unproven = new UnprovenBound(objectiveIntegral);
    // the global queue in the node selector's order (the workers order their local queues the same way)
    const selector = globalRegistry.create('node-selection', v.nodeSelection, model, params);
    this.queue = new NodeQueue(selector.compare);
    selector.dispose?.();
    this.config = {
      relGap: s.gap,
      absGap: s.absGap,
      branching: v.branching,
      nodeSelection: v.nodeSelection,
      params: effectiveParams(options, globalRegistry),
      pluginModules,
    };
    this.pcs = new SharedPseudocosts(model.numCols);
    this.rampDone = s.threads === 1;
    this.pstats = emptyParallelStats();
    this.deadline = Number.isFinite(s.timeLimit) ? Date.now() + s.timeLimit * 1000 : Infinity;
  }

  async run(pool: WorkerPool): Promise<ParallelSolveResult> {
    this.pool = pool;
    const { options, s } = this;
    this.ref = {
      version: PROTOCOL_VERSION,
      runId: ++runCounter,
      modelBuffer: encodeModelBuffer(this.model),
      stateBuffer: this.shared.buffer,
      pseudocostBuffer: this.pcs.buffer,
      config: this.config,
    };
    if (!s.deterministic) this.shared.setNodeBudget(s.nodeLimit);
    if (options.initialSolution) this.offerSolution(Float64Array.from(options.initialSolution), false);
    this.queue.push(rootNode());
    this.pstats.ledger.received++;

    const signal = options.signal;
    const onAbort = (): void => {
      this.shared.requestStop(StopReason.INTERRUPTED);
      this.waker.notify();
    };
    let timer: NodeJS.Timeout | undefined;
    let progressTimer: NodeJS.Timeout | undefined;
    if (signal) {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    if (Number.isFinite(s.timeLimit)) {
      timer = setTimeout(() => {
        this.shared.requestStop(StopReason.TIME_LIMIT);
        this.waker.notify();
      }, Math.max(1, s.timeLimit * 1000));
    }
    if (this.searchLog.active) {
      progressTimer = setInterval(() => this.reportProgress(), 1000);
      progressTimer.unref();
    }
    try {
      const initT0 = performance.now();
      if (!this.shared.shouldStop()) {
        let replies;
        try {
          replies = await this.pool.init(this.ref);
        } catch (e) {
          // errors cross the thread boundary as plain Errors: name the operation again
          const msg = e instanceof Error ? e.message : String(e);
          if (msg.startsWith('load plugin module ')) throw new MipnetError('solve in parallel', `in a worker thread: ${msg}`);
          throw new MipnetError('solve in parallel', `a worker could not load the model: ${msg}`);
        }
        if (replies.some((r) => r.rootStatus === 'unbounded')) this.unbounded = true;
      }
      this.pstats.initSeconds = (performance.now() - initT0) / 1000;
      this.log(`parallel: ${s.threads} workers ready in ${this.pstats.initSeconds.toFixed(2)}s${s.deterministic ? ' (deterministic)' : ''}`);
      const searchT0 = performance.now();
      const elu0 = performance.eventLoopUtilization();
      try {
        if (!this.unbounded) {
          if (s.deterministic) await this.runDeterministic();
          else await this.runAsync();
        }
      } finally {
        this.pstats.searchSeconds = (performance.now() - searchT0) / 1000;
        this.pstats.mainBusySeconds = performance.eventLoopUtilization(elu0).active / 1000;
      }
    } finally {
      if (timer) clearTimeout(timer);
      if (progressTimer) clearInterval(progressTimer);
      signal?.removeEventListener('abort', onAbort);
      // tasks still running (only after an exception) must not outlive the run
      this.shared.requestStop(StopReason.DONE);
      await Promise.allSettled(this.pending);
    }
    const result = this.result();
    this.reportProgress();
    return result;
  }

  /** Prune threshold of the incumbent (search-status.ts, as in the workers). */
  private cutoff(): number {
    return cutoffFor(this.store.value, this.tolerances);
  }

  private noteUnproven(bound: number): void {
    this.unproven.note(bound, this.store.value);
  }

  /** Global dual bound (min sense): open work, unproven closures, the incumbent; rounded up for integral objectives. */
  private dualBound(): number {
    return this.unproven.dualBound(this.openBound(), this.store.value);
  }

  /** Global dual bound (min sense) of the open work: queue, affinity seeds, in-flight subtree roots, failed nodes. */
  private openBound(): number {
    let b = Math.min(this.queue.minLowerBound(), this.failedBound);
    for (const f of this.inFlight.values()) if (f.bound < b) b = f.bound;
    for (const a of this.affine) if (a.bound < b) b = a.bound;
    return b;
  }

  /** Open nodes held by the coordinator (queue and affinity seeds). */
  private heldCount(): number {
    let n = this.queue.size;
    for (const a of this.affine) n += a.nodes.length;
    return n;
  }

  private elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** Whether to stop now: a limit (its status in `limit`) or the gap closed with work still open. */
  private limitReached(): boolean {
    const reason = this.shared.stopReason();
    const limit: SolveStatus | undefined =
      reason === StopReason.INTERRUPTED || this.options.signal?.aborted ? 'interrupted'
      : reason === StopReason.TIME_LIMIT || this.elapsed() >= this.s.timeLimit ? 'time-limit'
      : this.nodes >= this.s.nodeLimit ? 'node-limit'
      : this.store.found >= this.s.solutionLimit ? 'solution-limit'
      : undefined;
    if (limit !== undefined) {
      this.limit = limit;
      return true;
    }
    return (this.heldCount() > 0 || this.inFlight.size > 0) && withinGap(this.store.value, this.dualBound(), this.s.gap, this.s.absGap);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const status = this.limit;
    const reason =
      status === 'interrupted' ? StopReason.INTERRUPTED
      : status === 'time-limit' ? StopReason.TIME_LIMIT
      : status === 'node-limit' ? StopReason.NODE_LIMIT
      : StopReason.DONE;
    this.shared.requestStop(reason);
  }

  private makeRequest(nodes: OpenNode[], maxNodes: number): SubtreeRequest {
    const s = this.s;
    const taskId = this.taskCounter++;
    const breadth = !this.rampDone;
    const req: SubtreeRequest = {
      ...this.ref,
      type: 'subtree',
      taskId,
      nodes: packNodes(nodes),
      maxNodes: breadth ? Math.max(maxNodes, 4 * s.threads * s.rampUpPerThread) : maxNodes,
      mode: breadth ? 'breadth' : 'dive',
      targetOpen: s.threads * s.rampUpPerThread,
      cutoff: this.store.value,
      deterministic: s.deterministic,
      deadline: this.deadline,
    };
    if (this.fault && taskId === this.fault.task) req.fault = { kind: this.fault.kind, afterNodes: this.fault.afterNodes };
    if (this.cuts) req.cuts = this.cuts;
    this.pstats.tasks++;
    return req;
  }

  private dispatch(nodes: OpenNode[], maxNodes: number, preferThread = -1): Promise<Completion> {
    const req = this.makeRequest(nodes, maxNodes);
    let bound = Infinity;
    for (const nd of nodes) if (nd.lowerBound < bound) bound = nd.lowerBound;
    this.pstats.ledger.dispatched += nodes.length;
    if (preferThread >= 0) this.pstats.affinityTasks++;
    this.inFlight.set(req.taskId, { nodes, bound, taskId: req.taskId, dispatchedAt: performance.timeOrigin + performance.now(), preferThread });
    const p = this.pool.runSubtree(req).then(
      (reply): Completion => ({ taskId: req.taskId, ok: true, reply }),
      (error: unknown): Completion => ({ taskId: req.taskId, ok: false, error }),
    );
    this.pending.add(p);
    void p.then(() => this.pending.delete(p));
    return p;
  }

  /**
   * Tasks in flight at once (back-pressure): one per worker plus 'parallel/queued-tasks' waiting in
   * the pool, so a worker that finishes finds its next task without waiting for this thread.
   */
  private maxInFlight(): number {
    return this.s.threads + this.s.queuedTasks;
  }

  /**
   * Nodes per task in non-deterministic mode: 'parallel/subtree-nodes' when given, else as many as
   * take about 'parallel/task-seconds' at the rate measured so far (fewer hand-overs between threads
   * for cheap nodes, a fresh look at the global queue often for expensive ones).
   */
  private asyncTaskNodes(): number {
    const s = this.s;
    if (s.subtreeNodesGiven || !(this.secondsPerNode > 0)) return s.subtreeNodes;
    return Math.max(16, Math.min(10_000, Math.round(s.taskSeconds / this.secondsPerNode)));
  }

  /**
   * Open nodes per task: an even share of the queue per task, at most 'parallel/nodes-per-task'; in
   * non-deterministic mode also enough (by the subtree sizes seen so far) to fill the task's node
   * budget, so that small subtrees do not cost one hand-over each.
   */
  private taskBatch(tasks: number, available = this.queue.size): number {
    let want = this.s.nodesPerTask;
    if (!this.s.deterministic && !this.s.nodesPerTaskGiven && this.nodesPerSeed > 0) {
      want = Math.max(want, Math.min(64, Math.ceil(this.asyncTaskNodes() / this.nodesPerSeed)));
    }
    return Math.max(1, Math.min(want, Math.floor(available / Math.max(1, tasks))));
  }

  /** Whether replies keep seeds back for an affinity task (non-deterministic, after ramp-up, running). */
  private affinityOn(): boolean {
    return this.s.affinity > 0 && !this.s.deterministic && this.rampDone && !this.stopped && this.s.threads > 1;
  }

  /**
   * Subtree affinity: from a reply's surviving open nodes (`live`, in the worker's order: its plunge
   * child first, then its local best-first order) picks the seeds of the next task for the same
   * worker: those within `affinity` x gap of the best open bound, up to one task's batch. Returns
   * the nodes left for the global queue.
   */
  private keepAffine(threadId: number, live: OpenNode[]): OpenNode[] {
    if (live.length === 0 || !this.affinityOn()) return live;
    let best = this.openBound();
    for (const nd of live) if (nd.lowerBound < best) best = nd.lowerBound;
    const cutoff = this.cutoff();
    const limit = Number.isFinite(cutoff) ? best + this.s.affinity * (cutoff - best) : Infinity;
    const want = this.taskBatch(this.s.threads, this.heldCount() + live.length);
    // the plunge child (the worker holds its parent's LP), then the others by bound
    const order = [live[0]!, ...live.slice(1).sort((a, b) => a.lowerBound - b.lowerBound)];
    const seeds: OpenNode[] = [];
    const rest: OpenNode[] = [];
    for (const nd of order) {
      if (seeds.length < want && nd.lowerBound <= limit) seeds.push(nd);
      else rest.push(nd);
    }
    if (seeds.length > 0) {
      let bound = Infinity;
      for (const nd of seeds) if (nd.lowerBound < bound) bound = nd.lowerBound;
      this.affine.push({ threadId, nodes: seeds, bound });
    }
    return rest;
  }

  /** Puts affinity seeds that did not go out (back-pressure, stop) into the global queue. */
  private flushAffine(): void {
    if (this.affine.length === 0) return;
    const held = this.affine;
    this.affine = [];
    for (const a of held) for (const nd of a.nodes) this.queue.push(nd);
  }

  /** Pops up to `count` nodes that survive the cutoff, best first. */
  private popBatch(count: number): OpenNode[] {
    const out: OpenNode[] = [];
    while (out.length < count) {
      const node = this.popLive();
      if (!node) break;
      out.push(node);
    }
    return out;
  }

  /** Pops the best node that survives the cutoff, or undefined. */
  private popLive(): OpenNode | undefined {
    const cutoff = this.cutoff();
    for (;;) {
      const node = this.queue.pop();
      if (!node) return undefined;
      if (node.lowerBound < cutoff) return node;
      this.prunedCount++;
      this.pstats.ledger.pruned++;
      this.noteUnproven(node.lowerBound);
    }
  }

  private async runAsync(): Promise<void> {
    const s = this.s;
    for (;;) {
      if (!this.stopped && (this.unbounded || this.limitReached())) this.stop();
      if (!this.stopped) {
        // back-pressure: one task per worker; during ramp-up only the root expansion runs
        while (this.inFlight.size < this.maxInFlight() && (this.rampDone || this.inFlight.size === 0)) {
          // an affinity task first: it goes to the worker that just replied (the only idle one when
          // every other worker is busy), topped up from the global queue
          const aff = this.affine.shift();
          let nodes: OpenNode[];
          if (aff) {
            nodes = aff.nodes;
            const top = this.taskBatch(s.threads, this.heldCount() + nodes.length) - nodes.length;
            if (top > 0) nodes = nodes.concat(this.popBatch(top));
          } else nodes = this.popBatch(this.rampDone ? this.taskBatch(s.threads) : 1);
          if (nodes.length === 0) break;
          void this.dispatch(nodes, this.asyncTaskNodes(), aff ? aff.threadId : -1).then((c) => {
            this.completions.push(c);
            this.waker.notify();
          });
        }
      }
      this.flushAffine();
      if (this.inFlight.size === 0 && this.completions.length === 0) break;
      await this.waker.wait();
      while (this.completions.length > 0) this.complete(this.completions.shift()!);
    }
  }

  private async runDeterministic(): Promise<void> {
    const s = this.s;
    for (;;) {
      if (this.unbounded || this.limitReached()) {
        this.stop();
        return;
      }
      // a round: the best nodes, dealt round-robin to a fixed number of tasks (all a function of
      // the queue, never of timing), each task limited so that the round respects the node limit
      let tasks = this.rampDone ? s.threads * s.roundTasksPerThread : 1;
      if (Number.isFinite(s.nodeLimit)) tasks = Math.max(1, Math.min(tasks, s.nodeLimit - this.nodes));
      const per = this.rampDone ? this.taskBatch(tasks) : 1;
      const nodes = this.popBatch(tasks * per);
      if (nodes.length === 0) return;
      tasks = Math.min(tasks, nodes.length);
      const batches: OpenNode[][] = Array.from({ length: tasks }, () => []);
      nodes.forEach((nd, i) => batches[i % tasks]!.push(nd));
      let maxNodes = s.subtreeNodes;
      if (Number.isFinite(s.nodeLimit)) maxNodes = Math.max(1, Math.min(maxNodes, Math.floor((s.nodeLimit - this.nodes) / tasks)));
      const done = await Promise.all(batches.map((b) => this.dispatch(b, maxNodes)));
      this.pstats.rounds++;
      done.sort((a, b) => a.taskId - b.taskId);
      for (const c of done) this.complete(c);
    }
  }

  private complete(c: Completion): void {
    const f = this.inFlight.get(c.taskId)!;
    this.inFlight.delete(c.taskId);
    if (!c.ok) {
      this.pstats.workerFailures++;
      const msg = c.error instanceof Error ? c.error.message : String(c.error);
      for (const node of f.nodes) {
        const n = (this.failuresOf.get(node.id) ?? 0) + 1;
        this.failuresOf.set(node.id, n);
        if (n >= MAX_NODE_FAILURES) {
          this.pstats.ledger.dropped++;
          this.log(`parallel: node ${node.id} failed ${n} times (${msg}); dropped, its bound ${node.lowerBound} stays in the dual bound`);
          if (node.lowerBound < this.failedBound) this.failedBound = node.lowerBound;
        } else {
          this.queue.push(node);
          this.pstats.ledger.received++;
          this.pstats.requeued++;
        }
      }
      this.log(`parallel: worker failed on task ${c.taskId} (${msg}); its ${f.nodes.length} node(s) re-queued`);
      return;
    }
    const r = c.reply;
    if (!this.rampDone) this.rampDone = true;
    const st = r.stats;
    this.pstats.busyPerThread[r.threadId] = (this.pstats.busyPerThread[r.threadId] ?? 0) + st.handlerSeconds;
    this.pstats.queueWaitSeconds += Math.max(0, r.startedAt - f.dispatchedAt) / 1000;
    if (f.preferThread >= 0 && f.preferThread === r.threadId) this.pstats.affinityHits++;
    if (r.end === 'exhausted' && f.nodes.length > 0) {
      const per = Math.max(1, st.nodes) / f.nodes.length;
      this.nodesPerSeed = this.nodesPerSeed > 0 ? 0.8 * this.nodesPerSeed + 0.2 * per : per;
    }
    if (st.nodes >= 4) {
      const spn = st.seconds / st.nodes;
      this.secondsPerNode = this.secondsPerNode > 0 ? 0.8 * this.secondsPerNode + 0.2 * spn : spn;
    }
    this.nodes += st.nodes;
    this.lpSolves += st.lpSolves;
    this.lpIterations += st.lpIterations;
    this.lpSeconds += st.lpSeconds;
    this.taskSeconds += st.seconds;
    this.prunedCount += st.pruned;
    this.pstats.nodesPerThread[r.threadId] = (this.pstats.nodesPerThread[r.threadId] ?? 0) + st.nodes;
    this.unproven.note(r.unprovenBound, Infinity);
    this.pstats.failedNodes += r.failed;
    if (r.end === 'unbounded') this.unbounded = true;
    for (const inc of r.incumbents) if (inc.objective < this.store.value) this.offerSolution(inc.solution, true);
    for (const p of r.pluginStats) {
      const t = this.pluginTotals.get(p.name);
      if (!t) this.pluginTotals.set(p.name, { ...p });
      else addPluginStats(t, p);
    }
    this.pcs.apply(r.pseudocosts);
    if (r.cuts && r.cuts.count > (this.cuts?.count ?? 0)) this.cuts = r.cuts;
    const cutoff = this.cutoff();
    const live: OpenNode[] = [];
    for (const child of viewNodes(r.children)) {
      child.id = this.nextNodeId++;
      this.pstats.ledger.received++;
      if (child.lowerBound < cutoff) live.push(child);
      else {
        this.prunedCount++;
        this.pstats.ledger.pruned++;
        this.noteUnproven(child.lowerBound);
      }
    }
    for (const nd of this.keepAffine(r.threadId, live)) this.queue.push(nd);
    // log an improvement once the reply is merged (children queued), so the bound shown is valid
    if (this.improved) {
      this.improved = false;
      this.reportProgress('*');
    }
  }

  /**
   * Offers a point to the incumbent store, which checks it against the model (integer columns
   * rounded, bounds and rows within FEASIBILITY_TOL, as in every search) and installs it when it
   * improves; then the queue is pruned. `found`: a point from a worker (counted as a solution; an
   * initial solution is not).
   */
  private offerSolution(x: Float64Array, found: boolean): void {
    const store = this.store;
    if (store.check(x) === null) {
      if (found) {
        const m = this.model;
        const v = m.maxViolation(x.map((xj, j) => (m.integrality[j] ? Math.round(xj) : xj)));
        this.log(`parallel: rejected a worker solution (${v.where}, violation ${v.value})`);
      }
      return;
    }
    if (!(found ? store.offer(x, 'worker') : store.seed(x))) return;
    this.shared.offerIncumbent(store.value);
    const cutoff = this.cutoff();
    this.queue.prune(cutoff, (nd) => {
      this.prunedCount++;
      this.pstats.ledger.pruned++;
      this.noteUnproven(nd.lowerBound);
    });
    this.improved = true;
  }

  private result(): ParallelSolveResult {
    const sign = this.sign;
    this.flushAffine();
    this.pstats.ledger.left = this.queue.size;
    const store = this.store;
    const { status, bound } = finalStatus({ limit: this.limit, unbounded: this.unbounded, incumbent: store.value, bound: this.dualBound() });
    const solution = store.incumbentPoint;
    const stats: PluginStats[] = [
      ...this.pluginTotals.values(),
      {
        name: 'parallel/subtree',
        calls: this.pstats.tasks,
        seconds: this.taskSeconds,
        fixings: 0,
        cutoffs: this.prunedCount,
        solutions: store.found,
      },
    ];
    return {
      status,
      objective: solution ? this.model.objectiveOf(solution) : null,
      bound: sign * bound,
      gap: this.unbounded ? Infinity : gapOf(store.value, bound),
      solution,
      nodes: this.nodes,
      seconds: this.elapsed(),
      lpSeconds: this.lpSeconds,
      lpIterations: this.lpIterations,
      lpSolves: this.lpSolves,
      solutions: store.found,
      stats,
      threads: this.s.threads,
      parallel: this.pstats,
    };
  }

  private progress(): SolveProgress {
    const v = this.store.value;
    const inc = Number.isFinite(v) ? this.sign * v : null;
    const db = this.dualBound();
    const b = this.sign * db;
    const gap = gapOf(v, db);
    return { nodes: this.nodes, open: this.heldCount() + this.inFlight.size, incumbent: inc, bound: b, gap, seconds: this.elapsed() };
  }

  private reportProgress(mark?: string): void {
    if (!this.searchLog.active) return;
    this.searchLog.line({ ...this.progress(), lpIterations: this.lpIterations, ...(mark ? { mark } : {}) });
  }

  private log(line: string): void {
    const l = this.options.log;
    if (!l) return;
    if (typeof l === 'function') l(line);
    else process.stderr.write(line + '\n');
  }
}
