/**
 * Parallel scaling of mipnet's branch and bound (src/parallel/solve-parallel.ts).
 *
 *   npx tsx benchmarks/parallel-scaling.ts [--repeats 3] [--threads 1,2,4] [--engine bnb|basic]
 *                                          [--subtree-nodes 64] [--deterministic] [--out benchmarks/results]
 *
 * For 1, 2, 4, ... workers (up to os.availableParallelism(), or --threads) it solves a few seeded
 * instances that need thousands of nodes, to optimality, with solveParallel (a fresh pool per run,
 * as a user would call it) and reports per instance and thread count (median of --repeats runs):
 *   time      wall seconds to a proven optimum (pool start-up included)
 *   init      seconds until every worker had loaded the model and solved the root LP
 *   nodes     nodes processed (the tree differs between thread counts: search order changes)
 *   nodes/s   nodes / (time - init): throughput of the search phase
 *   cpu s     CPU seconds of the whole process (all threads) during the run
 *   nodes/cpu-s  nodes per CPU second: the work efficiency of the parallel search, which other
 *             load on the machine does not distort (it cannot show idle cores, see busy)
 *   busy      share of the search phase the workers spent inside subtree tasks (coordination
 *             overhead and ramp-up show as idle time; CPU contention from other processes does not)
 *   speed-up  nodes/s relative to 1 worker, and time(1) / time(T)
 * Prints a table and writes benchmarks/results/parallel-scaling-<host>.json with the machine
 * (CPU model and count, Node version, load average before the runs: other processes on the
 * machine distort the figures) and every run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ModelBuilder } from '../src/model/model-builder.js';
import type { Model } from '../src/model/model.js';
import { solveParallel, type ParallelSolveResult } from '../src/parallel/solve-parallel.js';
import { mulberry32 } from '../src/gen/rng.js';

const rng = mulberry32;

/**
 * Strongly correlated multi-dimensional 0/1 knapsack (value = mean weight + small noise): weak LP
 * bounds, so thousands of nodes for a few dozen items. Same generator as test/parallel/fixtures.ts.
 */
function correlatedKnapsack(seed: number, items: number, dims: number, tightness = 0.5): Model {
  const rnd = rng(seed);
  const b = new ModelBuilder(`knapsack-${seed}-${items}x${dims}`);
  b.sense = 'maximize';
  const weights: number[][] = Array.from({ length: dims }, () => []);
  for (let j = 0; j < items; j++) {
    let wsum = 0;
    for (let d = 0; d < dims; d++) {
      const w = 10 + Math.floor(rnd() * 90);
      weights[d]!.push(w);
      wsum += w;
    }
    b.addBinary(`x${j}`, Math.round(wsum / dims + 10 * rnd()));
  }
  const idx = Array.from({ length: items }, (_, j) => j);
  for (let d = 0; d < dims; d++) {
    const total = weights[d]!.reduce((s, w) => s + w, 0);
    b.addRow({ name: `cap${d}`, upper: Math.floor(total * tightness) }, idx, weights[d]!);
  }
  return b.build();
}

const INSTANCES: Array<() => Model> = [
  () => correlatedKnapsack(24, 40, 4), // ~16k nodes serial
  () => correlatedKnapsack(26, 35, 5), // ~8k nodes serial
];

interface Run {
  instance: string;
  threads: number;
  repeat: number;
  status: string;
  objective: number | null;
  seconds: number;
  initSeconds: number;
  nodes: number;
  nodesPerSecond: number;
  busy: number;
  cpuSeconds: number;
  nodesPerCpuSecond: number;
  lpIterations: number;
  tasks: number;
  nodesPerThread: Record<number, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '3' },
      threads: { type: 'string' },
      engine: { type: 'string', default: 'bnb' },
      'subtree-nodes': { type: 'string' },
      deterministic: { type: 'boolean', default: false },
      out: { type: 'string', default: 'benchmarks/results' },
    },
  });
  const repeats = Math.max(1, Number(values.repeats));
  const maxThreads = os.availableParallelism();
  let threadCounts: number[] = [];
  if (values.threads) threadCounts = values.threads.split(',').map(Number);
  else for (let t = 1; t <= maxThreads; t *= 2) threadCounts.push(t);
  if (!threadCounts.includes(1)) threadCounts.unshift(1);
  const params: Record<string, number | string | boolean> = { 'parallel/engine': values.engine! };
  if (values['subtree-nodes']) params['parallel/subtree-nodes'] = Number(values['subtree-nodes']);

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
  console.log(`threads ${threadCounts.join(', ')}; ${repeats} repeat(s); engine ${values.engine}${values.deterministic ? ', deterministic' : ''}\n`);

  const runs: Run[] = [];
  for (const make of INSTANCES) {
    const model = make();
    for (const threads of threadCounts) {
      for (let repeat = 0; repeat < repeats; repeat++) {
        const cpu0 = process.cpuUsage();
        const r: ParallelSolveResult = await solveParallel(model, { threads, params, deterministic: values.deterministic });
        const cpu = process.cpuUsage(cpu0);
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        const search = Math.max(1e-9, r.seconds - r.parallel.initSeconds);
        const run: Run = {
          instance: model.name,
          threads,
          repeat,
          status: r.status,
          objective: r.objective,
          seconds: r.seconds,
          initSeconds: r.parallel.initSeconds,
          nodes: r.nodes,
          nodesPerSecond: r.nodes / search,
          cpuSeconds,
          nodesPerCpuSecond: r.nodes / cpuSeconds,
          busy: (r.stats.find((p) => p.name === 'parallel/subtree')?.seconds ?? 0) / (threads * search),
          lpIterations: r.lpIterations,
          tasks: r.parallel.tasks,
          nodesPerThread: r.parallel.nodesPerThread,
        };
        runs.push(run);
        console.log(
          `  ${model.name} threads ${threads} #${repeat}: ${r.status} ${r.objective} in ${r.seconds.toFixed(2)}s (init ${r.parallel.initSeconds.toFixed(2)}s), ${r.nodes} nodes, ${run.nodesPerSecond.toFixed(0)} nodes/s, ${run.nodesPerCpuSecond.toFixed(0)} nodes/cpu-s, busy ${(100 * run.busy).toFixed(0)}%`,
        );
      }
    }
  }

  // summary table: medians per instance and thread count
  const rows: string[][] = [['instance', 'threads', 'time s', 'init s', 'nodes', 'nodes/s', 'cpu s', 'nodes/cpu-s', 'busy', 'speed-up nodes/s', 'speed-up time']];
  const summary: Array<Record<string, number | string>> = [];
  for (const make of INSTANCES) {
    const name = make().name;
    const base = runs.filter((r) => r.instance === name && r.threads === 1);
    const baseNps = median(base.map((r) => r.nodesPerSecond));
    const baseTime = median(base.map((r) => r.seconds));
    for (const threads of threadCounts) {
      const rs = runs.filter((r) => r.instance === name && r.threads === threads);
      const nps = median(rs.map((r) => r.nodesPerSecond));
      const time = median(rs.map((r) => r.seconds));
      const row = {
        instance: name,
        threads,
        seconds: time,
        initSeconds: median(rs.map((r) => r.initSeconds)),
        nodes: median(rs.map((r) => r.nodes)),
        nodesPerSecond: nps,
        busy: median(rs.map((r) => r.busy)),
        cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
        nodesPerCpuSecond: median(rs.map((r) => r.nodesPerCpuSecond)),
        speedupNodesPerSecond: nps / baseNps,
        speedupTime: baseTime / time,
      };
      summary.push(row);
      rows.push([
        name,
        String(threads),
        time.toFixed(2),
        row.initSeconds.toFixed(2),
        String(Math.round(row.nodes)),
        nps.toFixed(0),
        row.cpuSeconds.toFixed(2),
        row.nodesPerCpuSecond.toFixed(0),
        (100 * row.busy).toFixed(0) + '%',
        row.speedupNodesPerSecond.toFixed(2) + 'x',
        row.speedupTime.toFixed(2) + 'x',
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));

  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const outDir = resolve(root, values.out!);
  await mkdir(outDir, { recursive: true });
  const host = machine.host.replace(/[^A-Za-z0-9._-]/g, '_');
  const file = resolve(outDir, `parallel-scaling-${host}.json`);
  const doc = {
    benchmark: 'parallel-scaling',
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAfter: os.loadavg() },
    settings: { repeats, threadCounts, params, deterministic: values.deterministic },
    summary,
    runs,
  };
  await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nwrote ${file}`);
}

await main();
