/**
 * Per-node cost of the serial branch-and-bound engine (not a test; vitest ignores it):
 *
 *   npx tsx benchmarks/node-throughput.bench.ts [nodes=3000] [rounds=1] [--lp direct|wrapped|both] [--only NAME]
 *   npx tsx benchmarks/node-throughput.bench.ts [nodes] [rounds] --against DIR [--only NAME]
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
 *
 * `--against DIR` compares two builds in this one process: this checkout's compiled `dist/` ("new")
 * and DIR's `dist/` ("old", e.g. a git worktree of an older commit with `npx tsc -p .` run there),
 * each with its own solveModel and HiGHS adapter (direct calls), on the same model objects,
 * alternating per round, best round of each; it prints the nodes/s ratio new/old and whether the
 * two searches were the same.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
const against = flag('--against');
const only = flag('--only');
const nodeBudget = Number(args[0] ?? 3000);
const rounds = Number(args[1] ?? 1);
if (!['direct', 'wrapped', 'both'].includes(lpMode)) throw new Error(`--lp must be direct, wrapped or both, got ${lpMode}`);

type SolveFn = (model: Model, options: { nodeLimit: number; params?: Record<string, boolean> }, deps: { lpFactory: LpSolverFactory }) => Promise<SolveResult>;
/** What is compared: a label, an engine and an LP backend. */
const variants: Array<{ label: string; solve: SolveFn; lpFactory: LpSolverFactory }> = [];
if (against) {
  const build = async (dir: string): Promise<{ solve: SolveFn; lpFactory: LpSolverFactory }> => {
    const root = pathToFileURL(resolve(dir, 'dist') + '/').href;
    if (!existsSync(new URL('bnb/solve.js', root))) throw new Error(`${dir}: no compiled dist/ (run npx tsc -p . there)`);
    const engine = (await import(new URL('bnb/solve.js', root).href)) as { solveModel: SolveFn };
    const lp = (await import(new URL('lp/highs-lp.js', root).href)) as { highsLpFactory: (o?: { direct?: boolean }) => Promise<LpSolverFactory> };
    // the NN plugin package of that build (registered on import, or by its core in older builds)
    const nnPlugins = new URL('nn-engine/register-nn-plugins.js', root);
    if (existsSync(nnPlugins)) await import(nnPlugins.href);
    return { solve: engine.solveModel, lpFactory: await lp.highsLpFactory({ direct: true }) };
  };
  variants.push({ label: 'new', ...(await build('.')) });
  variants.push({ label: 'old', ...(await build(against)) });
} else {
  const highs = await getHighs();
  if (lpMode !== 'wrapped') variants.push({ label: 'direct', solve: solveModel, lpFactory: () => new HighsLpSolver(highs, { direct: true }) });
  if (lpMode !== 'direct') variants.push({ label: 'wrapped', solve: solveModel, lpFactory: () => new HighsLpSolver(highs, { direct: false }) });
}

const nn = await buildTrainingModel({ dataset: 'iris', hidden: [2], trainSamples: 30, seed: 1, lpTightening: false });
/** The NN heuristics whose work depends on wall time (time shares, per-call time limits) are off: the same search every run. */
const NN_PARAMS = { 'heuristic/nn-ste/enabled': false, 'heuristic/nn-neighbourhood/enabled': false, 'heuristic/nn-integer-search/enabled': false, 'heuristic/nn-local-search/enabled': false };
const instances: Array<[string, Model, Record<string, boolean>?]> = [
  ['knapsack-50 (1 row)', correlatedKnapsack(301, 50)],
  ['knapsack-50 #2 (1 row)', correlatedKnapsack(302, 50)],
  ['iris NN 4-2-3, 30 samples (time-shared NN heuristics off)', nn.model, NN_PARAMS],
];

interface Run {
  r: SolveResult;
  wall: number;
  cpu: number;
}

async function runOnce(model: Model, v: (typeof variants)[number], params?: Record<string, boolean>): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await v.solve(model, { nodeLimit: nodeBudget, params }, { lpFactory: v.lpFactory });
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

console.log(`node budget ${nodeBudget}, ${rounds} round(s), ${against ? `this build vs ${against}` : `LP adapter: ${lpMode}`}`);
for (const [name, model, params] of instances) {
  if (only && !name.includes(only)) continue;
  console.log(`${name}: ${model.numCols} columns (${model.numIntegers} integer), ${model.numRows} rows, ${model.numNonzeros} nonzeros`);
  for (const v of variants) await v.solve(model, { nodeLimit: Math.min(300, nodeBudget), params }, { lpFactory: v.lpFactory }); // warm-up
  const best = new Map<string, Run>();
  const bestWall = new Map<string, number>();
  for (let k = 0; k < rounds; k++) {
    for (const v of k % 2 === 0 ? variants : [...variants].reverse()) {
      const run = await runOnce(model, v, params);
      const prev = best.get(v.label);
      if (!prev || run.cpu < prev.cpu) best.set(v.label, run);
      bestWall.set(v.label, Math.min(bestWall.get(v.label) ?? Infinity, run.wall / Math.max(1, run.r.nodes)));
    }
  }
  for (const v of variants) console.log(line(v.label, best.get(v.label)!));
  if (variants.length === 2) {
    const a = best.get(variants[0]!.label)!;
    const b = best.get(variants[1]!.label)!;
    const same = a.r.nodes === b.r.nodes && a.r.lpSolves === b.r.lpSolves && a.r.lpIterations === b.r.lpIterations && a.r.objective === b.r.objective;
    const rate = (x: Run): number => x.r.nodes / x.cpu;
    const [la, lb] = [variants[0]!.label, variants[1]!.label];
    console.log(
      `  ${la} vs ${lb}: nodes/s ratio (best wall round each) ${(bestWall.get(lb)! / bestWall.get(la)!).toFixed(3)}, ` +
        `nodes per CPU second ratio ${(rate(a) / rate(b)).toFixed(3)}, outside-LP time per node ratio ${(((b.wall - b.r.lpSeconds) / b.r.nodes) / ((a.wall - a.r.lpSeconds) / a.r.nodes)).toFixed(3)} (${lb}/${la}), same search: ${same}`,
    );
  }
}
