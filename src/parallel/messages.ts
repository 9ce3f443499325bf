import type { PluginStats } from '../bnb/solve-types.js';
import type { CutBatch } from '../bnb/cut-pool.js';
import type { NodeBatch } from './node-batch.js';

/**
 * The protocol between solveParallel (main thread) and src/parallel/worker.ts: one tagged request
 * union in, one typed reply per request type out. Every request carries the run id; a worker keeps
 * the context (decoded model, warm LP, engine) of the run it last saw and rebuilds it when the id
 * changes.
 */

/** Version of the protocol below; a worker refuses a request of another version. */
export const PROTOCOL_VERSION = 3;

/** Settings a worker needs to build its search (plain JSON): the same NodeProcessor and Search as the serial engine. */
export interface WorkerConfig {
  relGap: number;
  absGap: number;
  /** branching rule and node selector by registered name (validated by the main thread) */
  branching: string;
  nodeSelection: string;
  /** plugin / search / parallel parameters as the user gave them (validated by the main thread) */
  params: Record<string, number | string | boolean>;
  /** URLs of the plugin modules (plugin packages such as the NN plugins, user plugin files) the worker imports first */
  pluginModules: string[];
}

/** Test-only fault injection: the worker exits or throws on this task. */
export type FaultKind = 'exit' | 'throw';

export interface RunRef {
  /** PROTOCOL_VERSION of the sender */
  version: number;
  runId: number;
  modelBuffer: SharedArrayBuffer;
  stateBuffer: SharedArrayBuffer;
  /** global pseudocosts: Float64 [downSum n | downCount n | upSum n | upCount n] */
  pseudocostBuffer: SharedArrayBuffer;
  config: WorkerConfig;
}

export interface InitRequest extends RunRef {
  type: 'init';
  /** rendezvous so that each of `parties` init tasks lands on a different worker */
  barrier: SharedArrayBuffer;
  parties: number;
}

export interface SubtreeRequest extends RunRef {
  type: 'subtree';
  taskId: number;
  /** the open nodes handed out (best first); the worker explores them together, best bound first */
  nodes: NodeBatch;
  /** process at most this many nodes, then hand back what is still open */
  maxNodes: number;
  /**
   * 'dive': the serial search on the task's nodes (local best bound first, plunging into the
   * preferred child), returning the open rest; 'breadth': best-first expansion until `targetOpen`
   * nodes are open (ramp-up).
   */
  mode: 'dive' | 'breadth';
  targetOpen: number;
  /** incumbent objective (min sense) when the task was made; the live shared one is read too unless deterministic */
  cutoff: number;
  /** wall-clock deadline of the run (Date.now() milliseconds; Infinity = none): caps each LP solve */
  deadline: number;
  /** deterministic: ignore the live shared incumbent, use a freshly loaded LP started from the root basis and the pseudocost snapshot */
  deterministic: boolean;
  /** test only (ParallelDeps.fault): fail this task */
  fault?: { kind: FaultKind; afterNodes: number };
  /** the global cuts found so far (the root's), in order: the worker adds those its LP lacks */
  cuts?: CutBatch;
}

export interface ShutdownRequest {
  type: 'shutdown';
  barrier: SharedArrayBuffer;
  parties: number;
}

export type WorkerRequest = InitRequest | SubtreeRequest | ShutdownRequest;

export interface InitReply {
  type: 'init';
  threadId: number;
  seconds: number;
  /** root LP status seen by the worker */
  rootStatus: string;
}

/** An integer-feasible point found in a subtree. */
export interface IncumbentMessage {
  /** objective in minimisation sense */
  objective: number;
  solution: Float64Array;
}

/** Pseudocost observations made during a task, aggregated per column (sparse). */
export interface PseudocostDeltas {
  cols: Int32Array;
  downSum: Float64Array;
  downCount: Float64Array;
  upSum: Float64Array;
  upCount: Float64Array;
}

export interface SubtreeStats {
  nodes: number;
  lpSolves: number;
  lpIterations: number;
  lpSeconds: number;
  /** seconds exploring */
  seconds: number;
  /** seconds in the worker's handler for the task (exploring plus set-up and packing) */
  handlerSeconds: number;
  /** nodes closed as infeasible / by bound */
  pruned: number;
  /** max depth reached */
  maxDepth: number;
}

export type SubtreeEnd =
  | 'exhausted' // the whole subtree was explored (children empty)
  | 'node-limit' // maxNodes reached; children hold the open rest
  | 'target-reached' // breadth mode: targetOpen reached
  | 'stopped' // stop flag seen; children hold the open rest
  | 'unbounded'; // an LP relaxation was unbounded

export interface SubtreeReply {
  type: 'subtree';
  taskId: number;
  threadId: number;
  end: SubtreeEnd;
  /** open nodes left (including unprocessed ones); nothing of the subtree is lost */
  children: NodeBatch;
  incumbents: IncumbentMessage[];
  pseudocosts: PseudocostDeltas;
  stats: SubtreeStats;
  /** nodes whose LP failed with every integer column fixed (closed without proof, their bound in unprovenBound) */
  failed: number;
  /**
   * smallest bound of the nodes closed without proof below the incumbent (tolerance pruning, LP
   * failures), so the global dual bound stays valid; Infinity when none
   */
  unprovenBound: number;
  /** plugin statistics of this task (framework counts) */
  pluginStats: PluginStats[];
  /** the global cuts in the worker's LP after the task, when it added some of its own (the root's cut loop) */
  cuts?: CutBatch;
  /**
   * when the worker started the task, in epoch milliseconds (performance.timeOrigin +
   * performance.now(), comparable across threads): minus the dispatch time it is the task's wait
   * in the pool queue
   */
  startedAt: number;
}

export interface ShutdownReply {
  type: 'shutdown';
  threadId: number;
  disposed: boolean;
}

export type WorkerReply = InitReply | SubtreeReply | ShutdownReply;
