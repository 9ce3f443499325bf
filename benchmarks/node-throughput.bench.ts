/**
 * Per-node cost of the serial branch-and-bound engine (not a test; vitest ignores it):
 *
 *   npx tsx benchmarks/node-throughput.bench.ts [nodes=3000] [rounds=1] [--lp direct|wrapped|both] [--only NAME]
 *
 * Runs solveModel with a fixed node budget on two 50-binary strongly correlated knapsacks and the
 * iris NN training MILP (1 hidden layer of 2 neurons, 30 samples, no LP tightening), after a warm-up solve (JIT and Wasm tier-up). Prints per instance: nodes/s, the LP
 * share of the wall time (time inside LpSolver.optimize), LP solves per node, simplex iterations per
 * solve, wall time per node outside the LP, and process CPU time per node (more robust than wall
 * time on a shared machine).
 *
 * `--lp both` compares the HiGHS adapter's direct Wasm calls with its highs-js RawModelApi fallback
 * (HighsLpOptions.direct) side by side in this process, alternating the two per round and keeping
 * the best round of each; the search must be identical (same nodes, LP solves and iterations).
 */
import { solveModel } from '../src/bnb/solve.js';
import type { SolveResult } from '../src/bnb/solve-types.js';
import { getHighs } from '../src/lp/highs-loader.js';
import { HighsLpSolver } from '../src/lp/highs-lp.js';
import type { LpSolverFactory } from '../src/lp/lp-solver.js';
import type { Model } from '../src/model/model.js';
import { buildTrainingModel } from '../src/nn/training-model.js';
import { correlatedKnapsack } from '../test/bnb/helpers.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const lpMode = flag('--lp') ?? 'direct';
const only = flag('--only');
const nodeBudget = Number(args[0] ?? 3000);
const rounds = Number(args[1] ?? 1);
if (!['direct', 'wrapped', 'both'].includes(lpMode)) throw new Error(`--lp must be direct, wrapped or both, got ${lpMode}`);

const highs = await getHighs();
const factories: [string, LpSolverFactory][] = [];
if (lpMode !== 'wrapped') factories.push(['direct', () => new HighsLpSolver(highs, { direct: true })]);
if (lpMode !== 'direct') factories.push(['wrapped', () => new HighsLpSolver(highs, { direct: false })]);

const nn = await buildTrainingModel({ dataset: 'iris', hidden: [2], trainSamples: 30, seed: 1, lpTightening: false });
const instances: [string, Model][] = [
  ['knapsack-50 (1 row)', correlatedKnapsack(301, 50)],
  ['knapsack-50 #2 (1 row)', correlatedKnapsack(302, 50)],
  ['iris NN 4-2-3, 30 samples', nn.model],
];

interface Run {
  r: SolveResult;
  wall: number;
  cpu: number;
}

async function runOnce(model: Model, factory: LpSolverFactory): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await solveModel(model, { nodeLimit: nodeBudget }, { lpFactory: factory });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { r, wall, cpu: (c.user + c.system) / 1e6 };
}

function line(label: string, { r, wall, cpu }: Run): string {
  const n = Math.max(1, r.nodes);
  return (
    `  ${label.padEnd(8)} ${String(r.nodes).padStart(5)} nodes  ${(r.nodes / wall).toFixed(0).padStart(6)} nodes/s  ` +
    `LP ${((100 * r.lpSeconds) / wall).toFixed(0).padStart(3)}% of time  ${(r.lpSolves / n).toFixed(2)} LP solves/node  ` +
    `${(r.lpIterations / Math.max(1, r.lpSolves)).toFixed(1)} iters/solve  ` +
    `outside LP ${((1e6 * (wall - r.lpSeconds)) / n).toFixed(0).padStart(5)} us/node  ` +
    `CPU ${((1e6 * cpu) / n).toFixed(0).padStart(5)} us/node  (wall ${wall.toFixed(2)} s)`
  );
}

console.log(`node budget ${nodeBudget}, ${rounds} round(s), LP adapter: ${lpMode}`);
for (const [name, model] of instances) {
  if (only && !name.includes(only)) continue;
  console.log(`${name}: ${model.numCols} columns (${model.numIntegers} integer), ${model.numRows} rows, ${model.numNonzeros} nonzeros`);
  for (const [, f] of factories) await solveModel(model, { nodeLimit: Math.min(300, nodeBudget) }, { lpFactory: f }); // warm-up
  const best = new Map<string, Run>();
  for (let k = 0; k < rounds; k++) {
    for (const [label, f] of k % 2 === 0 ? factories : [...factories].reverse()) {
      const run = await runOnce(model, f);
      const prev = best.get(label);
      if (!prev || run.cpu < prev.cpu) best.set(label, run);
    }
  }
  for (const [label] of factories) console.log(line(label, best.get(label)!));
  if (factories.length === 2) {
    const a = best.get('direct')!;
    const b = best.get('wrapped')!;
    const same = a.r.nodes === b.r.nodes && a.r.lpSolves === b.r.lpSolves && a.r.lpIterations === b.r.lpIterations && a.r.objective === b.r.objective;
    console.log(`  direct vs wrapped: CPU/node ${((100 * (a.cpu - b.cpu)) / b.cpu).toFixed(1)}%, same search: ${same}`);
  }
}
