/**
 * Benchmark of the NN plugins (not a test): for each case, solveModel with the built-in plugins
 * only, solveModel with the NN plugins (several branching rules), and HiGHS' MIP, same time limit.
 *
 *   npx tsx benchmarks/nn-engine.bench.ts [timeLimit] [case-filter] [configs]
 *
 * configs: comma list of base | highs | nn:<branching> | nn-noheur:<branching> | nn-noprop:<branching> | nn-nogroups:<branching> | nn-noorb:<branching>,
 * a branching may carry its parameters: nn:nn-pseudocost?lookahead=8&reliability=4
 */
import { registerBuiltinPlugins } from '../src/bnb/builtin-plugins.js';
import { PluginRegistry } from '../src/bnb/plugin-registry.js';
import { solveModel } from '../src/bnb/solve.js';
import { solveWithHighsMip } from '../src/lp/highs-mip-reference.js';
import { registerNnPlugins } from '../src/nn-engine/register-nn-plugins.js';
import { buildTrainingModel } from '../src/nn/training-model.js';
import type { TrainOptions } from '../src/nn/train-options.js';

const CASES: Record<string, TrainOptions> = {
  'iris-30-h3': { dataset: 'iris', trainSamples: 30, hidden: [3] },
  'iris-60-h3': { dataset: 'iris', trainSamples: 60, hidden: [3] },
  'iris-90-h3': { dataset: 'iris', trainSamples: 90, hidden: [3] },
  'iris-150-h3': { dataset: 'iris', hidden: [3] },
  'iris-60-h2': { dataset: 'iris', trainSamples: 60, hidden: [2] },
  'iris-12-h1': { dataset: 'iris', trainSamples: 12, hidden: [1] },
  'iris-30-h1': { dataset: 'iris', trainSamples: 30, hidden: [1] },
  'iris-60-h3-nosym-k': { dataset: 'iris', trainSamples: 60, hidden: [3], symmetryBreaking: false, sparsity: { neurons: 0.1 } },
  'iris-60-h3-sym-k': { dataset: 'iris', trainSamples: 60, hidden: [3], sparsity: { neurons: 0.1 } },
  'iris-15-h1-s2': { dataset: 'iris', trainSamples: 15, hidden: [1], seed: 2 },
  'iris-18-h1-s3': { dataset: 'iris', trainSamples: 18, hidden: [1], seed: 3 },
  'iris-12-h2-k-nosym': { dataset: 'iris', trainSamples: 12, hidden: [2], symmetryBreaking: false, sparsity: { neurons: 0.6 } },
  'iris-12-h2-k-sym': { dataset: 'iris', trainSamples: 12, hidden: [2], sparsity: { neurons: 0.6 } },
  'wine-40-h2': { dataset: 'wine', trainSamples: 40, hidden: [2] },
  'bc-60-h2': { dataset: 'breast-cancer', trainSamples: 60, hidden: [2] },
};

const timeLimit = Number(process.argv[2] ?? 20);
const filter = new RegExp(process.argv[3] ?? '.');
const configs = (process.argv[4] ?? 'base,nn:pseudocost,highs').split(',');

const base = new PluginRegistry();
registerBuiltinPlugins(base);
const nn = new PluginRegistry();
registerBuiltinPlugins(nn);
registerNnPlugins(nn);
const HEUR_OFF = { 'heuristic/nn-ste/enabled': false, 'heuristic/nn-forward/enabled': false, 'heuristic/nn-lp-fit/enabled': false, 'heuristic/nn-local-search/enabled': false };
const PROP_OFF = { 'propagator/nn-bounds/enabled': false, 'propagator/nn-pattern-groups/enabled': false, 'propagator/nn-orbitopal/enabled': false };
const GROUPS_OFF = { 'propagator/nn-pattern-groups/enabled': false };
const ORB_OFF = { 'propagator/nn-orbitopal/enabled': false };

console.log('| case | config | status | objective | bound | gap | nodes | nodes/s | LP share |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, opts] of Object.entries(CASES)) {
  if (!filter.test(name)) continue;
  const tm = await buildTrainingModel({ seed: 1, lpTighteningTimeLimit: 5, ...opts });
  for (const cfg of configs) {
    if (cfg === 'highs') {
      const h = await solveWithHighsMip(tm.model, { timeLimit });
      const gap = h.objective === null ? Infinity : Math.abs(h.objective - h.bound) / Math.max(1e-10, Math.abs(h.objective));
      console.log(`| ${name} | highs-mip | ${h.status} | ${h.objective} | ${h.bound.toFixed(3)} | ${gap.toFixed(3)} | ${h.nodes} | ${(h.nodes / h.seconds).toFixed(0)} | - |`);
      continue;
    }
    const [kind, spec] = cfg.split(':') as [string, string | undefined];
    const [branching, query] = (spec ?? 'pseudocost').split('?') as [string, string | undefined];
    const registry = kind === 'base' ? base : nn;
    const params: Record<string, number | boolean> = kind === 'nn-noheur' ? { ...HEUR_OFF } : kind === 'nn-noprop' ? { ...PROP_OFF } : kind === 'nn-nogroups' ? { ...GROUPS_OFF } : kind === 'nn-noorb' ? { ...ORB_OFF } : {};
    for (const kv of (query ?? '').split('&').filter(Boolean)) {
      const [k, val] = kv.split('=') as [string, string];
      params[`branching/${branching}/${k}`] = Number(val);
    }
    const r = await solveModel(tm.model, { timeLimit, branching, params }, { registry });
    console.log(
      `| ${name} | ${cfg} | ${r.status} | ${r.objective} | ${r.bound.toFixed(3)} | ${r.gap.toFixed(3)} | ${r.nodes} | ${(r.nodes / r.seconds).toFixed(0)} | ${(r.lpSeconds / r.seconds).toFixed(2)} |`,
    );
    if (process.env.NN_BENCH_STATS) for (const s of r.stats) console.log(`|  | ${s.name} | calls ${s.calls} | ${s.seconds.toFixed(2)} s | fixings ${s.fixings} | cutoffs ${s.cutoffs} | sols ${s.solutions} | | |`);
  }
}
