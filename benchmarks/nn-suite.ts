/**
 * The NN-training MILP instance suite of the solver comparison: seeded, deterministic training
 * problems over the bundled data sets (Iris, Wine, breast cancer, digits), step, ReLU and binarized
 * (binary / ternary weights, step or sign activations) networks, integer (ternary {-1,0,1}) weights,
 * 30 to 500 training samples, with and without sparsity terms.
 *
 *   npx tsx benchmarks/nn-suite.ts [--suite quick|full] [--out DIR] [--only name,...]
 *
 * builds every instance and writes it as free MPS to DIR (default benchmarks/results/tmp/instances,
 * git-ignored) with an index suite-<suite>.json (sizes, options). Import `suiteSpecs` /
 * `buildInstance` / `exportInstance` to use the suite from code (benchmarks/compare.ts does).
 *
 * Instances are built without LP bound tightening (its result depends on a time budget, so the
 * file would vary between machines) except the "-tight" ones, whose tightening budget is large
 * enough to complete; `tightening` in the index says whether it did.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runScript, scriptArgs } from './lib/script-cli.js';
import { writeModelFile } from '../src/io/model-file.js';
import type { Model } from '../src/model/model.js';
import { buildTrainingModel, type TrainingModel } from '../src/nn/training-model.js';
import type { TrainOptions } from '../src/nn/train-options.js';
import { OptionError } from '../src/errors.js';

export type SuiteName = 'quick' | 'full';

/** One instance of the suite: a name and the training options that build it. */
export interface InstanceSpec {
  name: string;
  /** in the quick subset (the full suite holds every instance) */
  quick: boolean;
  /** what the instance exercises, for reports */
  tags: string[];
  options: TrainOptions;
}

/** Where instances go by default (git-ignored). */
export const DEFAULT_INSTANCE_DIR = fileURLToPath(new URL('./results/tmp/instances/', import.meta.url));

const SPARSE = { weights: 0.1, activations: 0.1, neurons: 0.1 } as const;

function spec(
  name: string,
  quick: boolean,
  dataset: string,
  activation: 'step' | 'relu' | 'sign',
  n: number,
  extra: Partial<TrainOptions> & { tight?: boolean } = {},
): InstanceSpec {
  const { tight, ...rest } = extra;
  const options: TrainOptions = {
    dataset,
    activation,
    hidden: [2],
    trainSamples: n,
    seed: 1,
    lpTightening: tight === true,
    ...(tight === true ? { lpTighteningTimeLimit: 300 } : {}),
    ...rest,
  };
  const tags = [dataset, activation, `n${n}`];
  if (options.sparsity) tags.push(options.sparsity.weightNorm === 'l0' ? 'sparse-l0' : 'sparse');
  if (options.integerWeights) tags.push('integer-weights');
  if (options.binarizedWeights) tags.push(`binarized-${options.binarizedWeights}`);
  if (tight) tags.push('lp-tightened');
  if ((options.hidden ?? [2]).join(',') !== '2') tags.push(`hidden-${(options.hidden ?? []).join('x')}`);
  return { name, quick, tags, options };
}

const SPECS: readonly InstanceSpec[] = [
  // quick subset
  spec('iris-step-n30', true, 'iris', 'step', 30),
  spec('iris-step-n30-tight', true, 'iris', 'step', 30, { tight: true }),
  spec('iris-relu-n60', true, 'iris', 'relu', 60),
  spec('iris-step-n60-intw', true, 'iris', 'step', 60, { integerWeights: true, weightBound: 1 }),
  spec('wine-step-n60-sparse', true, 'wine', 'step', 60, { sparsity: SPARSE }),
  spec('breast-cancer-step-n100', true, 'breast-cancer', 'step', 100),
  spec('digits-step-n30', true, 'digits', 'step', 30),
  // full suite only
  spec('iris-step-n150', false, 'iris', 'step', 150),
  spec('iris-relu-n150-sparse', false, 'iris', 'relu', 150, { sparsity: SPARSE }),
  spec('iris-step-n100-l0', false, 'iris', 'step', 100, { sparsity: { weights: 0.1, weightNorm: 'l0' } }),
  spec('wine-relu-n100', false, 'wine', 'relu', 100),
  spec('wine-step-n178', false, 'wine', 'step', 178),
  spec('wine-step-n100-intw', false, 'wine', 'step', 100, { integerWeights: true, weightBound: 1 }),
  spec('wine-step-n60-sparse-tight', false, 'wine', 'step', 60, { sparsity: SPARSE, tight: true }),
  spec('breast-cancer-relu-n200', false, 'breast-cancer', 'relu', 200),
  spec('breast-cancer-step-n300-sparse', false, 'breast-cancer', 'step', 300, { sparsity: SPARSE }),
  spec('breast-cancer-step-n500', false, 'breast-cancer', 'step', 500),
  spec('digits-step-n100', false, 'digits', 'step', 100, { hidden: [4] }),
  spec('digits-relu-n200', false, 'digits', 'relu', 200),
  spec('iris-binarized-ternary-n60', false, 'iris', 'step', 60, { binarizedWeights: 'ternary' }),
  spec('breast-cancer-sign-binary-n100', false, 'breast-cancer', 'sign', 100, { binarizedWeights: 'binary' }),
];

/** The instances of a suite, in run order (quick ones first). `only` filters by name (unknown names are an error). */
export function suiteSpecs(suite: SuiteName, only?: readonly string[]): InstanceSpec[] {
  if (suite !== 'quick' && suite !== 'full') throw new OptionError('nn-suite', `suite must be 'quick' or 'full', got "${String(suite)}"`);
  const list = SPECS.filter((s) => suite === 'full' || s.quick);
  if (only === undefined || only.length === 0) return list;
  const known = new Set(SPECS.map((s) => s.name));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new OptionError('nn-suite', `unknown instance(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return SPECS.filter((s) => only.includes(s.name));
}

export interface InstanceSize {
  cols: number;
  ints: number;
  rows: number;
  nonzeros: number;
}

/** A built instance: the in-memory training model (with its network structure) and its size. */
export interface BuiltInstance {
  spec: InstanceSpec;
  training: TrainingModel;
  model: Model;
  size: InstanceSize;
  buildSeconds: number;
  /** LP tightening: null when off; else how many of the pre-activation bounds were tightened */
  tightening: { columns: number; completed: number; complete: boolean } | null;
}

export function modelSize(m: Model): InstanceSize {
  let ints = 0;
  for (let j = 0; j < m.numCols; j++) ints += m.integrality[j]!;
  return { cols: m.numCols, ints, rows: m.numRows, nonzeros: m.colStart[m.numCols]! };
}

/** Builds one instance with buildTrainingModel. */
export async function buildInstance(spec: InstanceSpec): Promise<BuiltInstance> {
  const t0 = performance.now();
  const training = await buildTrainingModel(spec.options);
  const buildSeconds = (performance.now() - t0) / 1000;
  const t = training.tightening;
  return {
    spec,
    training,
    model: training.model,
    size: modelSize(training.model),
    buildSeconds,
    tightening: t ? { columns: t.columns, completed: t.completed, complete: t.completed === t.columns } : null,
  };
}

/** Builds one instance and writes it to `${dir}/${name}.mps`; returns the path and the built instance. */
export async function exportInstance(spec: InstanceSpec, dir: string = DEFAULT_INSTANCE_DIR): Promise<{ path: string; built: BuiltInstance }> {
  await mkdir(dir, { recursive: true });
  const built = await buildInstance(spec);
  const path = resolve(dir, `${spec.name}.mps`);
  await writeModelFile(built.model, path);
  return { path, built };
}

async function main(): Promise<void> {
  const { values } = scriptArgs('usage: npx tsx benchmarks/nn-suite.ts [--suite quick|full] [--out DIR] [--only name,...]', {
    options: { suite: { type: 'string', default: 'quick' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const suite = values.suite as SuiteName;
  const dir = resolve(values.out ?? DEFAULT_INSTANCE_DIR);
  const specs = suiteSpecs(suite, values.only?.split(',').map((s) => s.trim()).filter(Boolean));
  const index: unknown[] = [];
  for (const s of specs) {
    const { path, built } = await exportInstance(s, dir);
    const z = built.size;
    const tight = built.tightening ? ` tightening ${built.tightening.completed}/${built.tightening.columns}` : '';
    console.log(`${s.name.padEnd(32)} ${z.cols} cols, ${z.ints} ints, ${z.rows} rows, ${z.nonzeros} nz  (${built.buildSeconds.toFixed(1)} s${tight})  ${path}`);
    index.push({ name: s.name, path, tags: s.tags, options: s.options, size: z, tightening: built.tightening, buildSeconds: built.buildSeconds });
  }
  const indexPath = resolve(dir, `suite-${suite}.json`);
  await writeFile(indexPath, JSON.stringify(index, null, 2) + '\n');
  console.log(`index: ${indexPath}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runScript(main);
}
