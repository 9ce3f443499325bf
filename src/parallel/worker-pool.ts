import { Piscina } from 'piscina';
import { createBarrier } from './barrier.js';
import type { CompiledWasm } from './highs-module.js';
import type { InitReply, RunRef, ShutdownReply, SubtreeReply, SubtreeRequest, WorkerReply, WorkerRequest } from './messages.js';
import { workerFileUrl } from './worker-location.js';

/**
 * A fixed-size piscina pool running src/parallel/worker.ts, with the two broadcasts the solver
 * needs (init: every worker loads the model and warms its LP; shutdown: every worker disposes its
 * HiGHS model) and subtree tasks. A worker that dies is replaced by piscina (minThreads), its task's
 * promise rejects, and the solver re-queues the node.
 */
export class WorkerPool {
  readonly threads: number;
  private readonly pool: Piscina<WorkerRequest, WorkerReply>;
  private closed = false;

  /** `highsModule`: the compiled HiGHS Wasm, handed to every worker so none compiles its own */
  constructor(threads: number, highsModule?: CompiledWasm) {
    this.threads = threads;
    this.pool = new Piscina<WorkerRequest, WorkerReply>({
      filename: workerFileUrl().href,
      workerData: { highsModule },
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: 1,
      recordTiming: false,
    });
    // errors outside tasks (a worker dying while idle) must not crash the process: tasks carry their own
    this.pool.on('error', () => {});
  }

  /** Every worker loads the run's model and solves the root LP; resolves with one reply per worker. */
  async init(ref: RunRef): Promise<InitReply[]> {
    const barrier = createBarrier();
    const tasks: Promise<WorkerReply>[] = [];
    for (let k = 0; k < this.threads; k++) {
      tasks.push(this.pool.run({ ...ref, type: 'init', barrier, parties: this.threads }));
    }
    return (await Promise.all(tasks)) as InitReply[];
  }

  runSubtree(req: SubtreeRequest): Promise<SubtreeReply> {
    return this.pool.run(req) as Promise<SubtreeReply>;
  }

  /** Asks every worker to dispose its HiGHS model (best effort), then stops all threads. */
  async close(): Promise<ShutdownReply[]> {
    if (this.closed) return [];
    this.closed = true;
    let replies: ShutdownReply[] = [];
    try {
      const barrier = createBarrier();
      const tasks: Promise<WorkerReply>[] = [];
      for (let k = 0; k < this.threads; k++) {
        tasks.push(this.pool.run({ type: 'shutdown', barrier, parties: this.threads }));
      }
      const settled = await Promise.allSettled(tasks);
      replies = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<WorkerReply>).value as ShutdownReply);
    } finally {
      await this.pool.destroy();
    }
    return replies;
  }
}
