import { threadId } from 'node:worker_threads';
import { packCuts } from '../bnb/cut-pool.js';
import { IncumbentStore } from '../bnb/incumbent-store.js';
import { NodeProcessor, processorOptions } from '../bnb/node-processor.js';
import type { OpenNode } from '../bnb/open-node.js';
import { loadPluginModules } from '../bnb/plugin-loader.js';
import { globalRegistry } from '../bnb/plugin-registry.js';
import { PluginSet } from '../bnb/plugin-set.js';
import { Search, type SearchControl, type SearchEnd } from '../bnb/search.js';
import type { PluginStats } from '../bnb/solve-types.js';
import { addPluginStats } from '../bnb/plugin-counters.js';
import '../bnb/builtin-plugins.js';
import { MipnetError } from '../errors.js';
import { createHighsLpSolver } from '../lp/highs-lp.js';
import type { LpBasis, LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { arriveAndWait } from './barrier.js';
import { pooledHighsModule, workerHighs } from './highs-module.js';
import {
  PROTOCOL_VERSION,
  type IncumbentMessage,
  type InitReply,
  type InitRequest,
  type RunRef,
  type ShutdownReply,
  type ShutdownRequest,
  type SubtreeEnd,
  type SubtreeReply,
  type SubtreeRequest,
  type SubtreeStats,
  type WorkerConfig,
  type WorkerReply,
  type WorkerRequest,
} from './messages.js';
import { decodeModelBuffer } from './model-buffer.js';
import { packNodes, unpackNodes } from './node-batch.js';
import { pseudocostDelta, syncPseudocosts } from './pseudocost-exchange.js';
import { SharedPseudocosts } from './shared-pseudocosts.js';
import { SharedState } from './shared-state.js';

/**
 * The ONE worker entry of the parallel solver (piscina default export), dispatching on the request
 * type. A worker runs the serial engine's pieces: the run's plugins (PluginSet, with the plugin
 * modules the main thread loaded), ONE NodeProcessor holding one warm HiGHS LP, and per task a
 * Search (the same loop as the serial solve) over the task's nodes. It keeps that context for the
 * run it last saw; a new run id, a shutdown request or a failed task closes it (exitSolve, dispose).
 */
interface WorkerContext {
  runId: number;
  model: Model;
  config: WorkerConfig;
  lpFactory: LpSolverFactory;
  engine: Engine;
  shared: SharedState;
  pseudocosts: SharedPseudocosts;
  rootBasis: LpBasis | undefined;
  rootStatus: string;
  /** whether the last task capped LP solves by a deadline */
  lpTimeLimited: boolean;
  /** plugin statistics already reported */
  reported: Map<string, PluginStats>;
}

/** The plugins, incumbent store and node processor of a worker (rebuilt for every deterministic task). */
interface Engine {
  plugins: PluginSet;
  store: IncumbentStore;
  processor: NodeProcessor;
  /** next id given to a node from another thread (negative: never an id the processor gives) */
  foreignId: number;
  /** improving points of the task in progress */
  found: IncumbentMessage[];
  /** share found points through shared memory (non-deterministic tasks) */
  publish: SharedState | undefined;
  /** 'search/plunge-depth' */
  plungeDepth: number;
}

let ctx: WorkerContext | undefined;

function closeEngine(e: Engine): void {
  try {
    e.processor.dispose();
  } finally {
    e.plugins.close();
  }
}

function disposeContext(): boolean {
  const c = ctx;
  ctx = undefined;
  if (!c) return false;
  closeEngine(c.engine);
  return true;
}

function buildEngine(model: Model, config: WorkerConfig, lpFactory: LpSolverFactory): Engine {
  const params = globalRegistry.resolveParams(config.params);
  const plugins = PluginSet.open(globalRegistry, model, params, config, { lpFactory, role: 'worker' });
  const store = new IncumbentStore(model);
  let processor: NodeProcessor;
  const lp = lpFactory();
  try {
    processor = new NodeProcessor(model, lp, plugins, store, { relGap: config.relGap, absGap: config.absGap, ...processorOptions(params) });
  } catch (e) {
    lp.dispose();
    plugins.close();
    throw e;
  }
  const engine: Engine = { plugins, store, processor, foreignId: -2, found: [], publish: undefined, plungeDepth: params.get('search/plunge-depth') as number };
  store.onImprove((objective, x) => {
    engine.found.push({ objective, solution: x });
    engine.publish?.offerIncumbent(objective);
  });
  return engine;
}

let building: Promise<WorkerContext> | undefined;

/** The context of `ref`'s run, built once (concurrent callers wait for the same build). */
async function ensureContext(ref: RunRef): Promise<WorkerContext> {
  if (ref.version !== PROTOCOL_VERSION) {
    throw new MipnetError('parallel worker', `protocol version ${ref.version} is not this worker's (${PROTOCOL_VERSION}); the main thread and the worker come from different builds`);
  }
  if (ctx && ctx.runId === ref.runId) return ctx;
  while (building) {
    await building.catch(() => undefined);
    if (ctx && ctx.runId === ref.runId) return ctx;
  }
  building = buildContext(ref);
  try {
    return await building;
  } finally {
    building = undefined;
  }
}

async function buildContext(ref: RunRef): Promise<WorkerContext> {
  disposeContext();
  // the plugin modules of the main thread (plugin packages, user plugin files), imported here too
  await loadPluginModules(ref.config.pluginModules, globalRegistry);
  const highs = await workerHighs(pooledHighsModule());
  const model = decodeModelBuffer(ref.modelBuffer);
  const lpFactory: LpSolverFactory = () => createHighsLpSolver(highs);
  const engine = buildEngine(model, ref.config, lpFactory);
  const c: WorkerContext = {
    runId: ref.runId,
    model,
    config: ref.config,
    lpFactory,
    engine,
    shared: new SharedState(ref.stateBuffer),
    pseudocosts: new SharedPseudocosts(ref.pseudocostBuffer),
    rootBasis: undefined,
    rootStatus: 'not solved',
    reported: new Map(),
    lpTimeLimited: false,
  };
  try {
    // solve the root LP once: warms the LP and gives the basis deterministic tasks restart from
    const w = engine.processor.solveRootLp();
    c.rootStatus = w.status;
    c.rootBasis = w.basis;
  } catch (e) {
    closeEngine(engine);
    throw e;
  }
  ctx = c;
  return c;
}

async function handleInit(req: InitRequest): Promise<InitReply> {
  const t0 = performance.now();
  const c = await ensureContext(req);
  arriveAndWait(req.barrier, req.parties);
  return { type: 'init', threadId, seconds: (performance.now() - t0) / 1000, rootStatus: c.rootStatus };
}

function injectFault(req: SubtreeRequest, processed: number): void {
  const f = req.fault;
  if (f === undefined || processed < f.afterNodes) return;
  if (f.kind === 'exit') process.exit(3);
  throw new MipnetError('parallel worker', `injected test fault after ${processed} nodes of task ${req.taskId}`);
}

function pluginStatsDelta(c: WorkerContext): PluginStats[] {
  const out: PluginStats[] = [];
  for (const s of c.engine.processor.pluginStats()) {
    const prev = c.reported.get(s.name);
    if (prev) {
      const d = { ...s };
      addPluginStats(d, prev, -1);
      out.push(d);
    } else out.push(s);
    c.reported.set(s.name, s);
  }
  return out;
}

/**
 * Deterministic mode: a task must not depend on which worker runs it. The LP keeps traces of its
 * history that a reset of bounds and basis (with HiGHS clearSolver) does not remove: the solves
 * after it can take other pivots and, on a degenerate optimum, end on another vertex. So a
 * deterministic task gets freshly created plugins, incumbent store and node processor (a freshly
 * loaded HiGHS model), started from the root basis.
 */
function freshEngine(c: WorkerContext): void {
  const old = c.engine;
  ctx = undefined;
  closeEngine(old);
  c.engine = buildEngine(c.model, c.config, c.lpFactory);
  c.reported.clear();
  ctx = c;
}

/**
 * A node from another thread has an id given by the coordinator, which may equal an id this
 * processor gave one of its own nodes. A fresh negative id (and no parent) keeps the ids the
 * worker's queue orders by distinct. The root keeps id 0.
 */
function adopt(e: Engine, node: OpenNode): OpenNode {
  if (node.count === 0 && node.id === 0) return node;
  node.id = e.foreignId--;
  node.parentId = -1;
  return node;
}

const END: Record<SearchEnd, SubtreeEnd> = {
  exhausted: 'exhausted',
  'node-limit': 'node-limit',
  'target-reached': 'target-reached',
  stopped: 'stopped',
  paused: 'stopped',
  unbounded: 'unbounded',
  'lp-time-limit': 'stopped',
};

async function handleSubtree(req: SubtreeRequest): Promise<SubtreeReply> {
  const t0 = performance.now();
  const startedAt = performance.timeOrigin + t0;
  injectFault(req, 0);
  const c = await ensureContext(req);
  try {
    if (req.deterministic) freshEngine(c);
    const e = c.engine;
    const proc = e.processor;
    proc.resetSearchState();
    if (req.deterministic && c.rootBasis) {
      proc.resetSearchState({ nextNodeId: 1, resetNodeCount: true });
      proc.restartLp(c.rootBasis);
    }
    // the root's cuts, shared: every worker's LP holds them (after the root basis: new rows enter basic)
    const pool = proc.cuts;
    if (pool && req.cuts) pool.importShared(proc.lp, req.cuts);
    const sharedCuts = req.cuts?.count ?? 0;
    if (Number.isFinite(req.deadline)) proc.setLpTimeLimit((req.deadline - Date.now()) / 1000);
    else if (c.lpTimeLimited) proc.setLpTimeLimit(Infinity);
    c.lpTimeLimited = Number.isFinite(req.deadline);
    // the task's incumbent; the best point this worker knows stays (the heuristics' start)
    e.store.reset(req.cutoff, false);
    e.found = [];
    e.publish = req.deterministic ? undefined : c.shared;
    const pc = proc.pseudocosts;
    pc.assign(c.pseudocosts);
    const before = {
      downSum: pc.downSum.slice(),
      downCount: pc.downCount.slice(),
      upSum: pc.upSum.slice(),
      upCount: pc.upCount.slice(),
    };
    const lp0 = proc.lp.stats();
    const search = new Search(proc, { compare: e.plugins.selector.compare, plunge: e.plugins.selector.plunge, plungeDepth: e.plungeDepth });
    for (const nd of unpackNodes(req.nodes)) search.add(adopt(e, nd));
    // non-deterministic: exchange pseudocosts live through shared memory (every PSEUDOCOST_SYNC_MS),
    // so that workers do not strong-branch on columns another worker has made reliable meanwhile;
    // the reply then carries no deltas (they are in the shared table already)
    let lastSync = performance.now();
    const shared = c.shared;
    const control: SearchControl = {
      check: () => {
        if (shared.shouldStop()) return 'stopped';
        if (!req.deterministic) e.store.tighten(shared.incumbent());
        return undefined;
      },
      claim: req.deterministic ? undefined : () => shared.claimNode(),
      afterNode: (k) => {
        if (req.fault !== undefined) injectFault(req, k);
        if (req.deterministic) return;
        const now = performance.now();
        if (now - lastSync < PSEUDOCOST_SYNC_MS) return;
        lastSync = now;
        syncPseudocosts(pc, c.pseudocosts, before);
      },
    };
    const end = search.run(control, req.maxNodes, req.mode === 'breadth' ? req.targetOpen : 0);
    const open = search.takeOpen();
    if (!req.deterministic) syncPseudocosts(pc, c.pseudocosts, before);
    const lp1 = proc.lp.stats();
    const stats: SubtreeStats = {
      nodes: search.nodes,
      lpSolves: lp1.solves - lp0.solves,
      lpIterations: lp1.iterations - lp0.iterations,
      lpSeconds: lp1.seconds - lp0.seconds,
      seconds: (performance.now() - t0) / 1000,
      handlerSeconds: 0,
      pruned: search.pruned,
      maxDepth: search.maxDepth,
    };
    const reply: SubtreeReply = {
      type: 'subtree',
      taskId: req.taskId,
      threadId,
      end: END[end],
      children: packNodes(open),
      incumbents: e.found,
      pseudocosts: pseudocostDelta(pc, before),
      stats,
      failed: search.failed,
      unprovenBound: search.unproven.value,
      pluginStats: pluginStatsDelta(c),
      startedAt,
    };
    if (pool) {
      const global = pool.globalCuts();
      if (global.length > sharedCuts) reply.cuts = packCuts(global);
    }
    e.found = [];
    stats.handlerSeconds = (performance.now() - t0) / 1000;
    return reply;
  } catch (err) {
    // the LP may be in any state after a throw: rebuild the context on the next task
    disposeContext();
    throw err;
  }
}

/** Minimum milliseconds between two live pseudocost exchanges of a worker. */
const PSEUDOCOST_SYNC_MS = 2;

function handleShutdown(req: ShutdownRequest): ShutdownReply {
  const disposed = disposeContext();
  arriveAndWait(req.barrier, req.parties, 2000);
  return { type: 'shutdown', threadId, disposed };
}

export default async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.type) {
    case 'init':
      return handleInit(req);
    case 'subtree':
      return handleSubtree(req);
    case 'shutdown':
      return handleShutdown(req);
    default: {
      const never: never = req;
      throw new MipnetError('parallel worker', `unknown request ${JSON.stringify(never)}`);
    }
  }
}
