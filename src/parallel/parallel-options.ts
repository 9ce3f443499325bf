import { OptionError } from '../errors.js';
import type { SolveOptions } from '../bnb/solve-types.js';
import type { FaultKind } from './messages.js';

/**
 * Settings of the parallel search, read from SolveOptions and the 'parallel/...' parameters
 * (which are removed before the remaining parameters reach the node engines).
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
   * nodes a worker processes per subtree task ('parallel/subtree-nodes'); when not given, the
   * non-deterministic mode sizes tasks to last about `taskSeconds` (deterministic mode: 64)
   */
  subtreeNodes: number;
  subtreeNodesGiven: boolean;
  /** target duration of a task when subtree-nodes is not given ('parallel/task-seconds') */
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
   * open nodes handed out in one task ('parallel/nodes-per-task'); when not given, the
   * non-deterministic mode hands out more (up to 64) when subtrees turn out small
   */
  nodesPerTask: number;
  nodesPerTaskGiven: boolean;
  /** open nodes the ramp-up expansion at the root aims for, per thread ('parallel/ramp-up-per-thread') */
  rampUpPerThread: number;
  /** deterministic mode: tasks per thread in one round ('parallel/round-tasks-per-thread') */
  roundTasksPerThread: number;
  /** which node engine the workers run ('parallel/engine': 'basic' | 'bnb') */
  engine: 'basic' | 'bnb';
  /** test only: the task (0-based, in dispatch order) whose worker fails ('parallel/test-fault-task'; -1 = none) */
  faultTask: number;
  /** test only: how it fails ('parallel/test-fault-kind': 'exit' | 'throw') */
  faultKind: FaultKind;
  /** test only: after how many nodes of that task ('parallel/test-fault-after') */
  faultAfterNodes: number;
  /** the remaining (non-parallel) parameters, for the node engine */
  engineParams: Record<string, number | string | boolean>;
}

const OP = 'solve in parallel';

function int(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new OptionError(OP, `${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/** Validates options and splits off the parallel parameters. Throws OptionError on bad values. */
export function parallelSettings(options: SolveOptions, defaultEngine: 'basic' | 'bnb'): ParallelSettings {
  const threads = options.threads === undefined ? 1 : int('threads', options.threads, 1, 256);
  if (options.timeLimit !== undefined && !(options.timeLimit > 0)) {
    throw new OptionError(OP, `timeLimit must be > 0 seconds, got ${options.timeLimit}`);
  }
  if (options.nodeLimit !== undefined && !(options.nodeLimit >= 1)) {
    throw new OptionError(OP, `nodeLimit must be >= 1, got ${options.nodeLimit}`);
  }
  if (options.solutionLimit !== undefined && !(options.solutionLimit >= 1)) {
    throw new OptionError(OP, `solutionLimit must be >= 1, got ${options.solutionLimit}`);
  }
  const gap = options.gap ?? 1e-6;
  const absGap = options.absGap ?? 1e-9;
  if (!(gap >= 0) || !Number.isFinite(gap)) throw new OptionError(OP, `gap must be a finite number >= 0, got ${gap}`);
  if (!(absGap >= 0) || !Number.isFinite(absGap)) throw new OptionError(OP, `absGap must be a finite number >= 0, got ${absGap}`);
  const s: ParallelSettings = {
    threads,
    deterministic: options.deterministic === true,
    timeLimit: options.timeLimit ?? Infinity,
    nodeLimit: options.nodeLimit ?? Infinity,
    gap,
    absGap,
    solutionLimit: options.solutionLimit ?? Infinity,
    subtreeNodes: 64,
    subtreeNodesGiven: false,
    taskSeconds: 0.05,
    nodesPerTask: 8,
    nodesPerTaskGiven: false,
    queuedTasks: 1,
    affinity: 0.25,
    rampUpPerThread: 2,
    roundTasksPerThread: 2,
    engine: defaultEngine,
    faultTask: -1,
    faultKind: 'exit',
    faultAfterNodes: 1,
    engineParams: {},
  };
  for (const [name, value] of Object.entries(options.params ?? {})) {
    if (!name.startsWith('parallel/')) {
      s.engineParams[name] = value;
      continue;
    }
    switch (name) {
      case 'parallel/subtree-nodes':
        s.subtreeNodes = int(name, value, 1, 1_000_000);
        s.subtreeNodesGiven = true;
        break;
      case 'parallel/task-seconds':
        if (typeof value !== 'number' || !(value > 0) || value > 3600) {
          throw new OptionError(OP, `${name} must be a number in (0, 3600], got ${String(value)}`);
        }
        s.taskSeconds = value;
        break;
      case 'parallel/queued-tasks':
        s.queuedTasks = int(name, value, 0, 1000);
        break;
      case 'parallel/affinity':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
          throw new OptionError(OP, `${name} must be a number in [0, 1], got ${String(value)}`);
        }
        s.affinity = value;
        break;
      case 'parallel/nodes-per-task':
        s.nodesPerTask = int(name, value, 1, 100_000);
        s.nodesPerTaskGiven = true;
        break;
      case 'parallel/ramp-up-per-thread':
        s.rampUpPerThread = int(name, value, 1, 1000);
        break;
      case 'parallel/round-tasks-per-thread':
        s.roundTasksPerThread = int(name, value, 1, 1000);
        break;
      case 'parallel/engine':
        if (value !== 'basic' && value !== 'bnb') throw new OptionError(OP, `${name} must be 'basic' or 'bnb', got ${String(value)}`);
        s.engine = value;
        break;
      case 'parallel/test-fault-task':
        s.faultTask = int(name, value, -1, 1_000_000_000);
        break;
      case 'parallel/test-fault-kind':
        if (value !== 'exit' && value !== 'throw') throw new OptionError(OP, `${name} must be 'exit' or 'throw', got ${String(value)}`);
        s.faultKind = value;
        break;
      case 'parallel/test-fault-after':
        s.faultAfterNodes = int(name, value, 0, 1_000_000_000);
        break;
      default:
        throw new OptionError(
          OP,
          `unknown parameter "${name}" (parallel parameters: subtree-nodes, task-seconds, nodes-per-task, queued-tasks, affinity, ramp-up-per-thread, round-tasks-per-thread, engine, test-fault-task, test-fault-kind, test-fault-after)`,
        );
    }
  }
  return s;
}
