import { threadId } from 'node:worker_threads';
import type { PluginStats } from '../bnb/solve-types.js';
import { MipnetError } from '../errors.js';
import { createHighsLpSolver } from '../lp/highs-lp.js';
import type { LpBasis } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { arriveAndWait } from './barrier.js';
import { createNodeEngine } from './create-node-engine.js';
import { pooledHighsModule, workerHighs } from './highs-module.js';
import type {
  InitReply,
  InitRequest,
  RunRef,
  ShutdownReply,
  ShutdownRequest,
  SubtreeReply,
  SubtreeRequest,
  WorkerConfig,
  WorkerReply,
  WorkerRequest,
} from './messages.js';
import { decodeModelBuffer } from './model-buffer.js';
import { packNodes, unpackNodes } from './node-batch.js';
import type { NodeEngine } from './node-engine.js';
import { pseudocostDelta, resetPseudocosts, syncPseudocosts } from './pseudocost-reset.js';
import { SharedPseudocosts } from './shared-pseudocosts.js';
import { SharedState } from './shared-state.js';
import { exploreSubtree } from './subtree-explorer.js';
import './worker-plugins.js';

/**
 * The ONE worker entry of the parallel solver (piscina default export), dispatching on the request
 * type. A worker keeps the context of the run it last saw: the model decoded as views onto the
 * shared buffer and ONE node engine holding one warm HiGHS LP. A new run id, a shutdown request or
 * a failed task disposes it.
 */
interface WorkerContext {
  runId: number;
  model: Model;
  config: WorkerConfig;
  engine: NodeEngine;
  shared: SharedState;
  pseudocosts: SharedPseudocosts;
  rootBasis: LpBasis | undefined;
  rootStatus: string;
  /** whether the last task capped LP solves by a deadline */
  lpTimeLimited: boolean;
  /** plugin statistics already reported */
  reported: Map<string, PluginStats>;
}

let ctx: WorkerContext | undefined;

function disposeContext(): boolean {
  const c = ctx;
  ctx = undefined;
  if (!c) return false;
  c.engine.dispose();
  return true;
}

let building: Promise<WorkerContext> | undefined;

/** The context of `ref`'s run, built once (concurrent callers wait for the same build). */
async function ensureContext(ref: RunRef): Promise<WorkerContext> {
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
  const highs = await workerHighs(pooledHighsModule());
  const model = decodeModelBuffer(ref.modelBuffer);
  const lp = createHighsLpSolver(highs);
  let engine: NodeEngine;
  try {
    engine = createNodeEngine(ref.config, model, lp);
  } catch (e) {
    lp.dispose();
    throw e;
  }
  const c: WorkerContext = {
    runId: ref.runId,
    model,
    config: ref.config,
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
    const w = engine.warmUp();
    c.rootStatus = w.status;
    c.rootBasis = w.basis;
  } catch (e) {
    engine.dispose();
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
  if (req.fault === undefined || processed < req.faultAfterNodes) return;
  if (req.fault === 'exit') process.exit(3);
  throw new MipnetError('parallel worker', `injected test fault after ${processed} nodes of task ${req.taskId}`);
}

function pluginStatsDelta(c: WorkerContext): PluginStats[] {
  const out: PluginStats[] = [];
  for (const s of c.engine.pluginStats()) {
    const prev = c.reported.get(s.name);
    out.push(
      prev
        ? {
            name: s.name,
            calls: s.calls - prev.calls,
            seconds: s.seconds - prev.seconds,
            fixings: s.fixings - prev.fixings,
            cutoffs: s.cutoffs - prev.cutoffs,
            solutions: s.solutions - prev.solutions,
          }
        : s,
    );
    c.reported.set(s.name, s);
  }
  return out;
}

/**
 * Deterministic mode: a task must not depend on which worker runs it. The LP keeps traces of its
 * history that a reset of bounds and basis (with HiGHS clearSolver) does not remove: the solves
 * after it can take other pivots and, on a degenerate optimum, end on another vertex. So a
 * deterministic task gets a freshly loaded HiGHS model and node engine, started from the root basis.
 */
async function freshEngine(c: WorkerContext): Promise<void> {
  const highs = await workerHighs(pooledHighsModule());
  c.engine.dispose();
  const lp = createHighsLpSolver(highs);
  try {
    c.engine = createNodeEngine(c.config, c.model, lp);
  } catch (e) {
    lp.dispose();
    ctx = undefined;
    throw e;
  }
  c.reported.clear();
}

async function handleSubtree(req: SubtreeRequest): Promise<SubtreeReply> {
  const t0 = performance.now();
  const startedAt = performance.timeOrigin + t0;
  injectFault(req, 0);
  const c = await ensureContext(req);
  try {
    if (req.deterministic) await freshEngine(c);
    const engine = c.engine;
    engine.beginTask(req.deterministic ? c.rootBasis : undefined);
    if (Number.isFinite(req.deadline)) engine.setLpTimeLimit((req.deadline - Date.now()) / 1000);
    else if (c.lpTimeLimited) engine.setLpTimeLimit(Infinity);
    c.lpTimeLimited = Number.isFinite(req.deadline);
    resetPseudocosts(engine.pseudocosts, c.pseudocosts);
    const pc = engine.pseudocosts;
    const before = {
      downSum: pc.downSum.slice(),
      downCount: pc.downCount.slice(),
      upSum: pc.upSum.slice(),
      upCount: pc.upCount.slice(),
    };
    // non-deterministic: exchange pseudocosts live through shared memory (every PSEUDOCOST_SYNC_MS),
    // so that workers do not strong-branch on columns another worker has made reliable meanwhile;
    // the reply then carries no deltas (they are in the shared table already)
    let lastSync = performance.now();
    const sync = req.deterministic
      ? undefined
      : (): void => {
          const now = performance.now();
          if (now - lastSync < PSEUDOCOST_SYNC_MS) return;
          lastSync = now;
          syncPseudocosts(pc, c.pseudocosts, before);
        };
    const r = exploreSubtree(
      engine,
      {
        nodes: unpackNodes(req.nodes),
        maxNodes: req.maxNodes,
        mode: req.mode,
        targetOpen: req.targetOpen,
        plungeDepth: req.config.plungeDepth,
        incumbent: req.cutoff,
        deterministic: req.deterministic,
        afterNode: req.fault === undefined ? undefined : (k) => injectFault(req, k),
        betweenNodes: sync,
      },
      c.shared,
    );
    if (!req.deterministic) syncPseudocosts(pc, c.pseudocosts, before);
    const reply: SubtreeReply = {
      type: 'subtree',
      taskId: req.taskId,
      threadId,
      end: r.end,
      children: packNodes(r.open),
      incumbents: r.incumbents,
      pseudocosts: pseudocostDelta(pc, before),
      stats: r.stats,
      rootBound: r.rootBound,
      failed: r.failed,
      unprovenBound: r.unprovenBound,
      pluginStats: pluginStatsDelta(c),
      startedAt,
    };
    r.stats.handlerSeconds = (performance.now() - t0) / 1000;
    return reply;
  } catch (e) {
    // the LP may be in any state after a throw: rebuild the context on the next task
    disposeContext();
    throw e;
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
