/**
 * LP warm re-solve micro benchmark: our HighsLpSolver adapter vs a bare highs-js persistent-model
 * loop making the same raw calls.
 *
 *   npx tsx benchmarks/lp-resolve.bench.ts [rows] [cols] [--lp direct|wrapped|both]   (default 300 x 400)
 *
 * `--lp` picks the adapter's native path (HighsLpOptions.direct): direct Wasm calls, the highs-js
 * RawModelApi fallback, or both side by side in this process (default: the adapter's default).
 *
 * One iteration = change one column bound (x_j <= floor(x*_j) for a column fractional at the root
 * optimum), re-solve warm (dual simplex), restore the bound. The adapter pushes the restore
 * together with the next change (one changeColsBounds call) right before the next optimize; the
 * bare loop restores with its own changeColBounds call. Both read the model status, the
 * objective and the iteration count of every solve, like the engine does.
 * A second suite measures the raw costs the adapter design depends on (bound push: one call per
 * column vs one batched call; setting an option; fetching the solution).
 */
import Benchmark from 'benchmark';
import type { Model as HighsModel } from 'highs';
import { getHighs } from '../src/lp/highs-loader.js';
import { HighsLpSolver, type HighsLpOptions } from '../src/lp/highs-lp.js';
import { toHighsModelData } from '../src/lp/highs-model-data.js';
import { ModelBuilder } from '../src/model/model-builder.js';
import type { Model } from '../src/model/model.js';
import { mulberry32 } from '../src/gen/rng.js';

const seededRandom = mulberry32;

/** Random packing LP: min -c'x, A x <= b, 0 <= x <= 10, density 5 %. */
function packingLp(rows: number, cols: number, seed: number): Model {
  const rnd = seededRandom(seed);
  const b = new ModelBuilder(`packing-${rows}x${cols}`);
  for (let j = 0; j < cols; j++) b.addColumn({ upper: 10, cost: -(0.1 + rnd()) });
  for (let i = 0; i < rows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    for (let j = 0; j < cols; j++) if (rnd() < 0.05) { idx.push(j); val.push(0.05 + rnd()); }
    if (idx.length === 0) { idx.push(i % cols); val.push(1); }
    b.addRow({ upper: 5 + 10 * rnd() }, idx, val);
  }
  return b.build();
}

function opsLine(b: Benchmark): string {
  const hz = b.hz;
  return `${(b.name ?? "").padEnd(48)} ${hz.toFixed(0).padStart(8)} ops/s  ±${b.stats.rme.toFixed(1)}%  (${b.stats.sample.length} runs)`;
}

function runSuite(title: string, add: (s: Benchmark.Suite) => void): Promise<Benchmark[]> {
  return new Promise((resolve) => {
    const suite = new Benchmark.Suite(title);
    add(suite);
    const results: Benchmark[] = [];
    console.log(`\n${title}`);
    suite
      .on('cycle', (e: Benchmark.Event) => {
        const b = e.target as unknown as Benchmark;
        results.push(b);
        console.log('  ' + opsLine(b));
      })
      .on('complete', () => resolve(results))
      .run({ async: false });
  });
}

const args = process.argv.slice(2);
const lpAt = args.indexOf('--lp');
const lpMode = lpAt < 0 ? 'default' : args.splice(lpAt, 2)[1];
const variants: Record<string, [string, HighsLpOptions][]> = {
  default: [['', {}]],
  direct: [[' (direct)', { direct: true }]],
  wrapped: [[' (wrapped)', { direct: false }]],
  both: [[' (direct)', { direct: true }], [' (wrapped)', { direct: false }]],
};
const chosen = variants[lpMode ?? ''];
if (!chosen) throw new Error(`--lp must be direct, wrapped or both, got ${lpMode}`);
const rows = Number(args[0] ?? 300);
const cols = Number(args[1] ?? 400);
const highs = await getHighs();
const model = packingLp(rows, cols, 42);

// ---- (a) the adapter, one per native path asked for
const adapters = chosen.map(([label, options]) => {
  const lp = new HighsLpSolver(highs, options);
  lp.load(model);
  return { label: `(a) HighsLpSolver adapter${label}`, lp, root: lp.optimize(), k: 0, iterations: 0, solves: 0 };
});
const adapter = adapters[0]!.lp;
const root = adapters[0]!.root;
const x = adapter.primal().slice();
const picks: number[] = [];
for (let j = 0; j < cols; j++) if (x[j]! > 1e-6 && x[j]! < 10 - 1e-6 && Math.abs(x[j]! - Math.round(x[j]!)) > 1e-6) picks.push(j);
if (picks.length === 0) throw new Error('benchmark LP has no fractional column at the root');
console.log(`LP ${rows} rows x ${cols} cols, ${model.numNonzeros} nonzeros; root objective ${root.objective.toFixed(6)}, ` +
  `${root.iterations} iterations cold (${(root.seconds * 1000).toFixed(1)} ms); ${picks.length} fractional columns to branch on`);
for (const a of adapters) {
  if (a.root.objective !== root.objective || a.root.iterations !== root.iterations) throw new Error(`${a.label}: root solve differs`);
  console.log(`${a.label}: ${a.lp.directCalls ? 'direct Wasm calls' : 'highs-js RawModelApi'}`);
}

// ---- (b) bare highs-js persistent model, same options
const bare: HighsModel = highs.createModel(toHighsModelData(model, { relax: true, negateForMax: true }));
bare.options.set({ output_flag: false, presolve: 'off', solver: 'simplex', simplex_strategy: 1 });
const braw = bare.raw;
braw.run();

let kb = 0;
let sink = 0;
let bareIters = 0;
let bareSolves = 0;

try {
  const adapterStep = (a: (typeof adapters)[number]) => (): void => {
    const j = picks[a.k++ % picks.length]!;
    a.lp.changeColBounds(j, 0, Math.floor(x[j]!));
    const r = a.lp.optimize();
    sink += r.objective;
    a.iterations += r.iterations;
    a.solves++;
    a.lp.changeColBounds(j, 0, 10);
  };
  const bareStep = (): void => {
    const j = picks[kb++ % picks.length]!;
    braw.changeColBounds(j, 0, Math.floor(x[j]!));
    braw.run();
    const ms = braw.getModelStatus();
    const obj = braw.getObjectiveValue();
    const it = braw.getInfoValue('simplex_iteration_count');
    sink += ms + obj;
    bareIters += it.status === -1 ? 0 : Number(it.value);
    bareSolves++;
    braw.changeColBounds(j, 0, 10);
  };
  // a, b, b, a (adapters reversed the second time): each variant runs once early and once late, so
  // machine-load drift hits all alike; the ratios use the best run of each
  const main = await runSuite('warm re-solve after one bound change (change, solve, restore)', (s) => {
    for (const a of adapters) s.add(`${a.label} #1`, adapterStep(a));
    s.add('(b) bare highs-js persistent model #1', bareStep);
    s.add('(b) bare highs-js persistent model #2', bareStep);
    for (const a of [...adapters].reverse()) s.add(`${a.label} #2`, adapterStep(a));
  });
  const hz = (name: string): number => Math.max(...main.filter((r) => r.name?.startsWith(`${name} #`)).map((r) => r.hz));
  const b = hz('(b) bare highs-js persistent model');
  for (const ad of adapters) {
    const a = hz(ad.label);
    console.log(`  best: ${ad.label.slice(4)} ${a.toFixed(0)} ops/s, bare ${b.toFixed(0)} ops/s; adapter overhead ratio bare/adapter = ${(b / a).toFixed(3)} ` +
      `(adapter takes ${((b / a - 1) * 100).toFixed(1)} % longer per iteration)`);
  }
  console.log(`  mean simplex iterations per warm solve: ${adapters.map((a) => `${a.label.slice(4)} ${(a.iterations / a.solves).toFixed(2)}`).join(', ')}, ` +
    `bare ${(bareIters / bareSolves).toFixed(2)} (all solve "previous change restored + new change")`);

  // ---- raw costs behind the design decisions
  const n = model.numCols;
  const idx1 = new Int32Array([5]);
  const idx10 = new Int32Array(10).map((_, i) => i * 7);
  const lo10 = new Float64Array(10);
  const up10 = new Float64Array(10).fill(10);
  let flip = 0;
  braw.run(); // a fresh solution for getSolution (any model change invalidates it)
  await runSuite('raw costs (no solve)', (s) => {
    s.add(`getSolution (${n} cols, ${model.numRows} rows)`, () => { sink += braw.getSolution().value!.colValue[0]!; });
    s.add('getInfoValue simplex_iteration_count', () => { sink += Number(braw.getInfoValue('simplex_iteration_count').value); });
    s.add('changeColBounds x1 (one call)', () => { braw.changeColBounds(5, 0, 10); });
    s.add('changeColsBounds set of 1 (one call)', () => { braw.changeColsBounds({ kind: 'set', indices: idx1 }, lo10.subarray(0, 1), up10.subarray(0, 1)); });
    s.add('changeColBounds x10 (ten calls)', () => { for (let i = 0; i < 10; i++) braw.changeColBounds(idx10[i]!, 0, 10); });
    s.add('changeColsBounds set of 10 (one call)', () => { braw.changeColsBounds({ kind: 'set', indices: idx10 }, lo10, up10); });
    s.add('setOptionValue objective_bound', () => { braw.setOptionValue('objective_bound', (flip++ & 1) ? 1e9 : 2e9); });
  });
  braw.setOptionValue('objective_bound', Number.MAX_VALUE);
} finally {
  for (const a of adapters) a.lp.dispose();
  bare.dispose();
}
if (Number.isNaN(sink)) console.log('(sink)');
