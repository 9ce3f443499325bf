/**
 * Rosenhahn's sparsity study (J. Optim. Theory Appl. 199, 2023, Table 3): the 8 on/off
 * combinations of the weight (L1), activation and neuron penalties (0.1 each) on Wine and breast
 * cancer, 8 hidden step neurons, xor loss, 50/50 stratified split, repeated over seeds.
 *
 *   npx tsx benchmarks/sparsity-study.ts [--time-limit 20] [--seeds 1] [--samples 40]
 *        [--datasets wine,breast-cancer] [--hidden 8] [--backend engine|highs] [--no-nn-plugins]
 *
 * --samples sub-samples the training half (stratified, seeded) so a run fits in the time limit on
 * 2 cores; 0 = the whole training half. The engine runs with the NN plugins (src/nn-engine: NN
 * propagators, heuristics, the NN default branching rule) unless --no-nn-plugins. Every run is
 * re-verified by a forward pass (train() throws on a mismatch).
 */
import { NN_DEFAULT_BRANCHING, registerNnPlugins } from '../src/nn-engine/register-nn-plugins.js';
import { train, type TrainResult } from '../src/nn/train.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

const timeLimit = Number(arg('time-limit', '20'));
const seeds = Number(arg('seeds', '1'));
const samples = Number(arg('samples', '40'));
const datasets = arg('datasets', 'wine,breast-cancer').split(',');
const hidden = Number(arg('hidden', '8'));
const backend = arg('backend', 'engine') as 'engine' | 'highs';
const nnPlugins = !process.argv.includes('--no-nn-plugins');
const LAMBDA = 0.1;
if (nnPlugins) registerNnPlugins();

interface Row {
  acc: number[];
  weights: number[];
  acts: number[];
  neurons: number[];
  gap: number[];
  status: string[];
  seconds: number[];
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);
const sd = (a: number[]): number => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));

console.log(`sparsity study: ${hidden} hidden step neurons, xor loss, 50/50 split, ${samples || 'all'} training samples, ` +
  `time limit ${timeLimit} s per run, ${seeds} seed(s), backend ${backend}${backend === 'engine' ? (nnPlugins ? ' + NN plugins' : ' (no NN plugins)') : ''}`);
for (const ds of datasets) {
  console.log(`\n${ds}`);
  console.log('w a n | test acc (sd)   | #weights | #act  | #neur | gap      | status (count)      | s/run');
  for (let combo = 0; combo < 8; combo++) {
    const w = (combo >> 2) & 1;
    const a = (combo >> 1) & 1;
    const n = combo & 1;
    const row: Row = { acc: [], weights: [], acts: [], neurons: [], gap: [], status: [], seconds: [] };
    for (let seed = 1; seed <= seeds; seed++) {
      const r: TrainResult = await train({
        dataset: ds,
        hidden: [hidden],
        activation: 'step',
        loss: 'xor',
        trainFraction: 0.5,
        ...(samples > 0 ? { trainSamples: samples } : {}),
        seed,
        sparsity: { weights: w * LAMBDA, activations: a * LAMBDA, neurons: n * LAMBDA },
        solver: { timeLimit, ...(nnPlugins && backend === 'engine' ? { branching: NN_DEFAULT_BRANCHING } : {}) },
        backend,
      });
      row.status.push(r.certificate.status);
      row.seconds.push(r.certificate.seconds + r.model.buildSeconds);
      if (r.network) {
        row.acc.push(r.test!.accuracy);
        row.weights.push(r.counts!.weights);
        row.acts.push(r.counts!.activations);
        row.neurons.push(r.counts!.neurons);
        row.gap.push(r.certificate.gap);
      }
    }
    const statuses = [...new Set(row.status)].map((s) => `${s}×${row.status.filter((x) => x === s).length}`).join(',');
    console.log(
      `${w} ${a} ${n} | ${(100 * mean(row.acc)).toFixed(1).padStart(5)}% (${(100 * sd(row.acc)).toFixed(1).padStart(4)}) | ` +
        `${mean(row.weights).toFixed(1).padStart(8)} | ${mean(row.acts).toFixed(1).padStart(5)} | ${mean(row.neurons).toFixed(1).padStart(5)} | ` +
        `${(100 * mean(row.gap)).toFixed(2).padStart(7)}% | ${statuses.padEnd(19)} | ${mean(row.seconds).toFixed(1)}`,
    );
  }
}
