/**
 * Benchmark of node-local big-M re-tightening (search/big-m-tightening), not a test: the same
 * instance solved with it on and off, one thread, the same node limit (so the bounds compare at
 * equal tree size) and a time limit, runs alternating on/off to share the machine's load.
 *
 *   npx tsx benchmarks/big-m.bench.ts [--instances name,...] [--generated facility-location:30:1,...]
 *                                      [--nodes 1500] [--time-limit 60] [--min-improvement 0.1]
 *
 * --instances: NN suite instances (benchmarks/nn-suite.ts, in memory with their network structure);
 * --generated: `mipnet generate` instances as generator:size:seed (generic engine).
 * Prints per run: status, objective, bound, nodes, seconds, simplex iterations per LP solve, LP
 * share, and the row changes pushed (statistics entry lp-rows/big-m).
 */
import { solveModel } from '../src/bnb/solve.js';
import { generate } from '../src/gen/index.js';
import type { Model } from '../src/model/model.js';
import { scriptArgs } from './lib/script-cli.js';
import { buildInstance, suiteSpecs } from './nn-suite.js';

const USAGE = `usage: npx tsx benchmarks/big-m.bench.ts [--instances name,...] [--generated facility-location:30:1,...]
         [--nodes 1500] [--time-limit 60] [--min-improvement 0.1]`;
const { values } = scriptArgs(USAGE, {
  options: {
    instances: { type: 'string', default: 'wine-step-n60-sparse,iris-relu-n60,digits-step-n30' },
    generated: { type: 'string', default: 'facility-location:30:1,facility-location:40:1' },
    nodes: { type: 'string', default: '1500' },
    'time-limit': { type: 'string', default: '60' },
    'min-improvement': { type: 'string', default: '0.1' },
  },
});
const nodeLimit = Number(values.nodes);
const timeLimit = Number(values['time-limit']);
const minImprovement = Number(values['min-improvement']);

const cases: Array<{ name: string; model: Model }> = [];
const names = values.instances!.split(',').map((s) => s.trim()).filter(Boolean);
if (names.length > 0) for (const spec of suiteSpecs('full', names)) cases.push({ name: spec.name, model: (await buildInstance(spec)).model });
for (const g of values.generated!.split(',').map((s) => s.trim()).filter(Boolean)) {
  const [gen, size, seed] = g.split(':');
  cases.push({ name: g, model: generate(gen!, Number(seed ?? 1), Number(size)) });
}

// warm-up (HiGHS runtime, JIT): not reported
if (cases.length > 0) await solveModel(cases[0]!.model, { nodeLimit: 5, timeLimit: 5 });
console.log(`big-M re-tightening on/off: node limit ${nodeLimit}, time limit ${timeLimit} s, min-improvement ${minImprovement}, 1 thread`);
console.log('instance | big-M | status | objective | bound | nodes | s | it/LP | LP share | row changes');
for (const c of cases) {
  for (const on of [true, false]) {
    const r = await solveModel(c.model, {
      nodeLimit, timeLimit, params: { 'search/big-m-tightening': on, 'search/big-m-min-improvement': minImprovement },
    });
    const st = r.stats.find((s) => s.name === 'lp-rows/big-m');
    console.log([
      c.name, on ? 'on' : 'off', r.status, r.objective?.toFixed(4) ?? '-', r.bound.toFixed(4), r.nodes, r.seconds.toFixed(1),
      (r.lpIterations / Math.max(1, r.lpSolves)).toFixed(1), `${((100 * r.lpSeconds) / Math.max(1e-9, r.seconds)).toFixed(0)}%`, st ? st.fixings : '-',
    ].join(' | '));
  }
}
