import type { ResolvedParams } from '../bnb/plugin-registry.js';
import type { ValidatedOptions } from '../bnb/solve.js';
import type { SolveOptions } from '../bnb/solve-types.js';
import type { FaultKind } from './messages.js';

/**
 * Settings of the parallel search: the validated SolveOptions plus the registered 'parallel/…'
 * parameters (plugin-registry.ts PARALLEL_PARAMS, listed by `mipnet plugins`).
 */
export interface ParallelSettings {
  threads: number;
  deterministic: boolean;
  timeLimit: number;
  nodeLimit: number;
  gap: number;
  absGap: number;
  solutionLimit: number;
  /**
   * nodes a worker processes per subtree task ('parallel/subtree-nodes'); when 0 (adaptive), the
   * non-deterministic mode sizes tasks to last about `taskSeconds` (deterministic mode: 64)
   */
  subtreeNodes: number;
  subtreeNodesGiven: boolean;
  /** target duration of a task when subtree-nodes is adaptive ('parallel/task-seconds') */
  taskSeconds: number;
  /** non-deterministic mode: tasks queued in the pool beyond one per worker ('parallel/queued-tasks') */
  queuedTasks: number;
  /**
   * non-deterministic mode, subtree affinity ('parallel/affinity', in [0, 1]; 0 = off): the task
   * sent right after a worker's reply starts from that worker's own open nodes (its plunge child
   * first, whose parent LP the worker still holds) when their bound is within this fraction of the
   * gap (bound to incumbent cutoff) of the best open bound; with no incumbent always
   */
  affinity: number;
  /**
   * open nodes handed out in one task ('parallel/nodes-per-task'); when 0 (adaptive): 8, and the
   * non-deterministic mode hands out more (up to 64) when subtrees turn out small
   */
  nodesPerTask: number;
  nodesPerTaskGiven: boolean;
  /** open nodes the ramp-up expansion at the root aims for, per thread ('parallel/ramp-up-per-thread') */
  rampUpPerThread: number;
  /** deterministic mode: tasks per thread in one round ('parallel/round-tasks-per-thread') */
  roundTasksPerThread: number;
}

/** The settings of a parallel solve from its validated options and resolved parameters. */
export function parallelSettings(options: SolveOptions, v: ValidatedOptions, params: ResolvedParams): ParallelSettings {
  const subtree = params.get('parallel/subtree-nodes') as number;
  const perTask = params.get('parallel/nodes-per-task') as number;
  return {
    threads: v.threads,
    deterministic: options.deterministic === true,
    timeLimit: v.timeLimit,
    nodeLimit: v.nodeLimit,
    gap: v.relGap,
    absGap: v.absGap,
    solutionLimit: v.solutionLimit,
    subtreeNodes: subtree > 0 ? subtree : 64,
    subtreeNodesGiven: subtree > 0,
    taskSeconds: params.get('parallel/task-seconds') as number,
    nodesPerTask: perTask > 0 ? perTask : 8,
    nodesPerTaskGiven: perTask > 0,
    queuedTasks: params.get('parallel/queued-tasks') as number,
    affinity: params.get('parallel/affinity') as number,
    rampUpPerThread: params.get('parallel/ramp-up-per-thread') as number,
    roundTasksPerThread: params.get('parallel/round-tasks-per-thread') as number,
  };
}

/**
 * Test-only fault injection (not a user option): the task `task` (0-based, in dispatch order)
 * fails after `afterNodes` nodes — its worker exits or throws.
 */
export interface FaultInjection {
  task: number;
  kind: FaultKind;
  afterNodes: number;
}

/** Injected dependencies of a parallel solve (tests). */
export interface ParallelDeps {
  fault?: FaultInjection;
}
