/**
 * Parallel scaling of mipnet's branch and bound (src/parallel/solve-parallel.ts).
 *
 *   npx tsx benchmarks/parallel-scaling.ts [--repeats 2] [--threads 1,2,4]
 *        [--instances knapsack,set-cover,nn-iris] [--scale 1] [--params '{"parallel/affinity":0}']
 *        [--impl new] [--impl old=/tmp/mipnet-old/dist/parallel/solve-parallel.js]
 *        [--deterministic] [--out benchmarks/results]
 *
 * Instances where parallelism matters, each with a fixed node budget (options.nodeLimit) so that
 * every thread count does the same number of nodes (about 5-10 s with one worker on a 2020s x86
 * core; --scale multiplies the budgets):
 *   knapsack   strongly correlated 0/1 multi-knapsack, 60 items x 5 rows: ~0.1 ms per node
 *              (coordination-bound: the hand-over costs show here)
 *   set-cover  src/gen 'set-cover' seed 2 size 150: ~4 ms per node, strong branching
 *   nn-iris    NN training MILP (src/nn/training-model.ts: iris, hidden [2], 60 samples, seed 1,
 *              no LP tightening): ~7 ms per node, big-M ReLU/sign structure
 * A run that ends before its node budget (optimal) is no equal-work comparison: the log shows the
 * status of every run.
 * For 1, 2, 4, ... workers (up to os.availableParallelism(), or --threads) and every --impl (a
 * module exporting solveParallel: 'new' is this checkout; old=PATH a copy of an older build, e.g.
 * `cp -r dist /tmp/mipnet-old/ && ln -s $PWD/node_modules /tmp/mipnet-old/`, so that before and
 * after run side by side in one process on the same load) it reports, median of --repeats runs:
 *   nodes/s     nodes / search seconds (wall time after the workers are up): the throughput
 *   speed-up    nodes/s relative to 1 worker of the same impl
 *   cores       CPU seconds of the process / wall seconds (all threads: workers, main, GC, JIT)
 *   nodes/cpu-s work efficiency: nodes per CPU second
 *   busy        share of the search phase the workers spent inside tasks
 *   main        share of the search phase the main thread's event loop was busy (new impl only)
 *   wait ms     mean milliseconds a task waited between dispatch and its start on a worker (new
 *               only; with double buffering mostly the time queued behind the running task: idle
 *               workers show as busy < 100%)
 *   nodes/task, LP solves/node, LP iterations/node (search overhead: a parallel tree is not the serial one)
 * A run whose process got less than 85% of min(threads, cores) CPUs is marked CONTENDED (other
 * processes on the machine took CPU) and left out of the medians unless all runs of its row were
 * (then 'runs' shows a '!').
 * It writes benchmarks/results/parallel-scaling-<host>.json with the machine (CPU model and
 * count, Node version, load average before and after: other processes distort the figures).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from '../src/gen/index.js';
import type { Model } from '../src/model/model.js';
import { buildTrainingModel } from '../src/nn/training-model.js';
import type { SolveOptions } from '../src/bnb/solve-types.js';
import type { ParallelSolveResult } from '../src/parallel/solve-parallel.js';
// the correlated multi-dimensional knapsack of the parallel tests (same seeds, same instances)
import { knapsack } from '../test/parallel/fixtures.js';
import { runScript, scriptArgs } from './lib/script-cli.js';

interface Instance {
  key: string;
  nodeLimit: number;
  make: () => Promise<Model>;
  /**
   * extra engine parameters, used when the impl knows them (an older build without the plugins
   * rejects them with OptionError: that impl then runs without them, and the run says so)
   */
  params?: Record<string, number | string | boolean>;
}

/**
 * The NN start heuristics (src/nn-engine) find a zero-error network for nn-iris at the root, which
 * ends the run after one node: off, so that every run does its full node budget.
 */
const NN_HEURISTICS_OFF = {
  'heuristic/nn-ste/enabled': false,
  'heuristic/nn-local-search/enabled': false,
  'heuristic/nn-lp-fit/enabled': false,
  'heuristic/nn-forward/enabled': false,
};

const INSTANCES: Instance[] = [
  { key: 'knapsack', nodeLimit: 60_000, make: async () => knapsack(31, 60, 5) },
  { key: 'set-cover', nodeLimit: 1_500, make: async () => generate('set-cover', 2, 150) },
  {
    key: 'nn-iris',
    nodeLimit: 1_000,
    // 60 samples: with 30 a lucky parallel dive can find a zero-error network in a few hundred nodes
    // and end the run early (optimal), which is no equal-work comparison
    make: async () => (await buildTrainingModel({ dataset: 'iris', hidden: [2], trainSamples: 60, seed: 1, lpTightening: false })).model,
    params: NN_HEURISTICS_OFF,
  },
];

type SolveParallel = (model: Model, options: SolveOptions) => Promise<ParallelSolveResult>;

interface Impl {
  name: string;
  solveParallel: SolveParallel;
}

interface Run {
  impl: string;
  instance: string;
  threads: number;
  repeat: number;
  status: string;
  objective: number | null;
  seconds: number;
  initSeconds: number;
  searchSeconds: number;
  nodes: number;
  nodesPerSecond: number;
  cpuSeconds: number;
  cores: number;
  nodesPerCpuSecond: number;
  busy: number;
  mainBusy: number | null;
  waitMsPerTask: number | null;
  tasks: number;
  nodesPerTask: number;
  lpSolvesPerNode: number;
  lpIterationsPerNode: number;
  affinityTasks: number | null;
  affinityHits: number | null;
  nodesPerThread: Record<number, number>;
  /** the process got clearly less CPU than its threads could use (other load on the machine) */
  contended: boolean;
  /** the impl rejected the instance's extra parameters (an older build): it ran without them */
  extraParamsDropped: boolean;
}

/** A run whose process used less than this share of min(threads, cores) CPUs was starved by other load. */
const CONTENDED_SHARE = 0.85;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

async function loadImpl(spec: string): Promise<Impl> {
  if (spec === 'new') {
    const m = await import('../src/parallel/solve-parallel.js');
    return { name: 'new', solveParallel: m.solveParallel };
  }
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`--impl must be 'new' or NAME=PATH, got ${spec}`);
  const path = resolve(spec.slice(eq + 1));
  const m = (await import(pathToFileURL(path).href)) as { solveParallel?: SolveParallel };
  if (typeof m.solveParallel !== 'function') throw new Error(`${path} exports no solveParallel`);
  return { name: spec.slice(0, eq), solveParallel: m.solveParallel };
}

function pct(x: number | null): string {
  return x === null ? '-' : (100 * x).toFixed(0) + '%';
}

const USAGE = `usage: npx tsx benchmarks/parallel-scaling.ts [--repeats 2] [--threads 1,2,4]
     [--instances knapsack,set-cover,nn-iris] [--scale 1] [--params '{"parallel/affinity":0}']
     [--impl new] [--impl old=PATH] [--deterministic] [--out benchmarks/results]`;

async function main(): Promise<void> {
  const { values } = scriptArgs(USAGE, {
    options: {
      repeats: { type: 'string', default: '2' },
      threads: { type: 'string' },
      instances: { type: 'string' },
      scale: { type: 'string', default: '1' },
      params: { type: 'string' },
      impl: { type: 'string', multiple: true },
      deterministic: { type: 'boolean', default: false },
      out: { type: 'string', default: 'benchmarks/results' },
    },
  });
  const repeats = Math.max(1, Number(values.repeats));
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be > 0, got ${values.scale}`);
  const maxThreads = os.availableParallelism();
  let threadCounts: number[] = [];
  if (values.threads) threadCounts = values.threads.split(',').map(Number);
  else for (let t = 1; t <= maxThreads; t *= 2) threadCounts.push(t);
  if (!threadCounts.includes(1)) threadCounts.unshift(1);
  const params: Record<string, number | string | boolean> = values.params ? JSON.parse(values.params) : {};
  const wanted = values.instances ? new Set(values.instances.split(',')) : undefined;
  const instances = INSTANCES.filter((i) => !wanted || wanted.has(i.key));
  const impls = await Promise.all((values.impl ?? ['new']).map(loadImpl));

  const cpus = os.cpus();
  const machine = {
    host: os.hostname(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    availableParallelism: maxThreads,
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageBefore: os.loadavg(),
  };
  console.log(`${machine.cpuModel} x${machine.cpuCount}, Node ${machine.node}, load average ${machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(
    `threads ${threadCounts.join(', ')}; ${repeats} repeat(s); impl ${impls.map((i) => i.name).join(', ')}; params ${JSON.stringify(params)}${values.deterministic ? '; deterministic' : ''}\n`,
  );

  // warm-up: the first solve of a process pays for JIT compilation of the main-thread code
  const warm = knapsack(24, 40, 4);
  for (const impl of impls) await impl.solveParallel(warm, { threads: 1, params, nodeLimit: 2000 });

  const runs: Run[] = [];
  const names = new Map<string, string>();
  for (const inst of instances) {
    const model = await inst.make();
    names.set(inst.key, model.name);
    const nodeLimit = Math.max(1, Math.round(inst.nodeLimit * scale));
    // repeats outermost and impls innermost: before and after alternate, so drifting load hits both
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const threads of threadCounts) {
        for (const impl of impls) {
          const solve = (extra: Record<string, number | string | boolean>): Promise<ParallelSolveResult> =>
            impl.solveParallel(model, { threads, params: { ...params, ...extra }, nodeLimit, deterministic: values.deterministic });
          let extraDropped = false;
          let cpu0 = process.cpuUsage();
          let r: ParallelSolveResult;
          try {
            r = await solve(inst.params ?? {});
          } catch (e) {
            if (!inst.params || !(e instanceof Error) || e.name !== 'OptionError') throw e;
            extraDropped = true;
            cpu0 = process.cpuUsage();
            r = await solve({});
          }
          const cpu = process.cpuUsage(cpu0);
          const cpuSeconds = (cpu.user + cpu.system) / 1e6;
          const p = r.parallel;
          const search = Math.max(1e-9, p.searchSeconds ?? r.seconds - p.initSeconds);
          const taskSeconds = r.stats.find((s) => s.name === 'parallel/subtree')?.seconds ?? 0;
          const run: Run = {
            impl: impl.name,
            instance: inst.key,
            threads,
            repeat,
            status: r.status,
            objective: r.objective,
            seconds: r.seconds,
            initSeconds: p.initSeconds,
            searchSeconds: search,
            nodes: r.nodes,
            nodesPerSecond: r.nodes / search,
            cpuSeconds,
            cores: cpuSeconds / r.seconds,
            nodesPerCpuSecond: r.nodes / cpuSeconds,
            busy: taskSeconds / (threads * search),
            mainBusy: p.mainBusySeconds === undefined ? null : p.mainBusySeconds / search,
            waitMsPerTask: p.queueWaitSeconds === undefined ? null : (1000 * p.queueWaitSeconds) / Math.max(1, p.tasks),
            tasks: p.tasks,
            nodesPerTask: r.nodes / Math.max(1, p.tasks),
            lpSolvesPerNode: r.lpSolves / Math.max(1, r.nodes),
            lpIterationsPerNode: r.lpIterations / Math.max(1, r.nodes),
            affinityTasks: p.affinityTasks ?? null,
            affinityHits: p.affinityHits ?? null,
            nodesPerThread: p.nodesPerThread,
            contended: cpuSeconds / r.seconds < CONTENDED_SHARE * Math.min(threads, maxThreads),
            extraParamsDropped: extraDropped,
          };
          runs.push(run);
          console.log(
            `  ${impl.name.padEnd(4)} ${inst.key} threads ${threads} #${repeat}: ${r.status} ${r.objective === null ? "-" : r.objective.toPrecision(8)} ${r.nodes} nodes in ${r.seconds.toFixed(2)}s (init ${p.initSeconds.toFixed(2)}s): ${run.nodesPerSecond.toFixed(0)} nodes/s, ${run.cores.toFixed(2)} cores, busy ${pct(run.busy)}, main ${pct(run.mainBusy)}, ${run.tasks} tasks, ${run.lpSolvesPerNode.toFixed(2)} LP/node${run.contended ? '  CONTENDED (other load)' : ''}${extraDropped ? '  (instance params unknown to this impl: ran without)' : ''}`,
          );
        }
      }
    }
  }

  // summary table: medians per impl, instance and thread count
  const head = ['impl', 'instance', 'thr', 'runs', 'nodes', 'search s', 'init s', 'nodes/s', 'speed-up', 'cores', 'nodes/cpu-s', 'busy', 'main', 'wait ms', 'nodes/task', 'LP/node', 'it/node'];
  const rows: string[][] = [head];
  const summary: Array<Record<string, number | string | null>> = [];
  for (const inst of instances) {
    for (const impl of impls) {
      // medians over the runs that had their CPUs (all runs when every one was contended)
      const of = (t: number): Run[] => {
        const all = runs.filter((r) => r.impl === impl.name && r.instance === inst.key && r.threads === t);
        const clean = all.filter((r) => !r.contended);
        return clean.length > 0 ? clean : all;
      };
      const baseNps = median(of(1).map((r) => r.nodesPerSecond));
      for (const threads of threadCounts) {
        const rs = of(threads);
        const m = (f: (r: Run) => number): number => median(rs.map(f));
        const mn = (f: (r: Run) => number | null): number | null => (rs.some((r) => f(r) === null) ? null : median(rs.map((r) => f(r)!)));
        const row = {
          impl: impl.name,
          instance: inst.key,
          model: names.get(inst.key)!,
          threads,
          nodes: m((r) => r.nodes),
          searchSeconds: m((r) => r.searchSeconds),
          initSeconds: m((r) => r.initSeconds),
          nodesPerSecond: m((r) => r.nodesPerSecond),
          speedup: m((r) => r.nodesPerSecond) / baseNps,
          cores: m((r) => r.cores),
          nodesPerCpuSecond: m((r) => r.nodesPerCpuSecond),
          busy: m((r) => r.busy),
          mainBusy: mn((r) => r.mainBusy),
          waitMsPerTask: mn((r) => r.waitMsPerTask),
          nodesPerTask: m((r) => r.nodesPerTask),
          lpSolvesPerNode: m((r) => r.lpSolvesPerNode),
          lpIterationsPerNode: m((r) => r.lpIterationsPerNode),
          runs: rs.length,
          contendedRuns: rs.filter((r) => r.contended).length,
        };
        summary.push(row);
        rows.push([
          impl.name,
          inst.key,
          String(threads),
          `${row.runs}${row.contendedRuns > 0 ? '!' : ''}`,
          String(Math.round(row.nodes)),
          row.searchSeconds.toFixed(2),
          row.initSeconds.toFixed(2),
          row.nodesPerSecond.toFixed(0),
          row.speedup.toFixed(2) + 'x',
          row.cores.toFixed(2),
          row.nodesPerCpuSecond.toFixed(0),
          pct(row.busy),
          pct(row.mainBusy),
          row.waitMsPerTask === null ? '-' : row.waitMsPerTask.toFixed(2),
          row.nodesPerTask.toFixed(0),
          row.lpSolvesPerNode.toFixed(2),
          row.lpIterationsPerNode.toFixed(1),
        ]);
      }
    }
  }
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));

  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const outDir = resolve(root, values.out!);
  await mkdir(outDir, { recursive: true });
  const host = machine.host.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = resolve(outDir, `parallel-scaling-${host}.json`);
  const doc = {
    benchmark: 'parallel-scaling',
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAfter: os.loadavg() },
    settings: {
      repeats,
      threadCounts,
      params,
      scale,
      impls: values.impl ?? ['new'],
      deterministic: values.deterministic,
      instances: instances.map((i) => ({ key: i.key, model: names.get(i.key), nodeLimit: Math.round(i.nodeLimit * scale), params: i.params ?? {} })),
    },
    summary,
    runs,
  };
  await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
}

runScript(main);
