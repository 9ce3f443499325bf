#!/usr/bin/env node
/**
 * The `mipnet` command line: solve MILP files, train networks exactly, predict, export models.
 * Every error the user can cause is printed as one clear line (exit code 2); Ctrl-C stops a run
 * and returns the best solution found so far (a second Ctrl-C exits at once).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { SolveOptions, SolveResult } from './bnb/solve-types.js';
import { loadPluginModules } from './bnb/plugin-loader.js';
import { globalRegistry } from './bnb/plugin-registry.js';
import { loadDataset } from './data/load-dataset.js';
import { MipnetError } from './errors.js';
import { generate, generators } from './gen/index.js';
import { readModelFile, writeModelFile } from './io/model-file.js';
import type { Model } from './model/model.js';
import { formatCertificate } from './nn/certificate.js';
import { certificateFile, certificateJson, formatProof, type CertificateFile } from './nn/certificate-file.js';
import { checkCertificate, parseCertificateFile } from './nn/check-certificate.js';
import { confusionMatrix, accuracy } from './nn/metrics.js';
import { predict } from './nn/network.js';
import { loadNetwork, saveNetwork } from './nn/network-io.js';
import { train } from './nn/train.js';
import { verifyRobustness } from './nn/verify.js';
import type { TrainOptions } from './nn/train-options.js';
import { buildTrainingModel } from './nn/training-model.js';
import { ensureBuiltinPlugins } from './plugins.js';
import { solve } from './solve.js';
import { formatSolveResult, solveResultToJson } from './solve-report.js';

// ---------------------------------------------------------------------------------------------
// option parsers: each names the option and the bad value

function positiveNumber(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got "${v}"`);
    return x;
  };
}
function nonNegativeNumber(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new InvalidArgumentError(`${name} must be a number >= 0, got "${v}"`);
    return x;
  };
}
function positiveInt(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${v}"`);
    return x;
  };
}
function nonNegativeInt(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0) throw new InvalidArgumentError(`${name} must be an integer >= 0, got "${v}"`);
    return x;
  };
}
function fraction(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0 || x > 1) throw new InvalidArgumentError(`${name} must be in (0, 1], got "${v}"`);
    return x;
  };
}
/** `--hidden 4` or `--hidden 4,3` (widths of the hidden layers; `0` = no hidden layer). */
function hiddenList(v: string): number[] {
  const parts = v.split(',').map((s) => s.trim());
  const out = parts.map((s) => Number(s));
  if (out.length === 1 && out[0] === 0) return [];
  if (out.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new InvalidArgumentError(`--hidden takes positive widths separated by commas (e.g. 4 or 4,3), got "${v}"`);
  }
  return out;
}
/** `--sparsity weights=0.1,neurons=0.1,activations=0.1` */
function sparsityList(v: string): NonNullable<TrainOptions['sparsity']> {
  const out: NonNullable<TrainOptions['sparsity']> = {};
  for (const part of v.split(',')) {
    const [key, val, extra] = part.split('=').map((s) => s.trim());
    const x = Number(val);
    if (!key || val === undefined || extra !== undefined || !Number.isFinite(x) || x < 0) {
      throw new InvalidArgumentError(`--sparsity takes key=value pairs with values >= 0 (weights, neurons, activations), got "${part}"`);
    }
    if (key === 'weights') out.weights = x;
    else if (key === 'neurons') out.neurons = x;
    else if (key === 'activations') out.activations = x;
    else throw new InvalidArgumentError(`--sparsity: unknown term "${key}" (known: weights, neurons, activations)`);
  }
  return out;
}
/** `--conv C:k` or `--conv C:k:max:2` / `C:k:avg:2`: channels, kernel, optional pooling. */
function convSpec(v: string): NonNullable<TrainOptions['conv']> {
  const parts = v.split(':');
  const channels = Number(parts[0]);
  const kernel = Number(parts[1]);
  const bad = () => new InvalidArgumentError(`--conv takes channels:kernel[:max|avg:size], e.g. 2:3:max:2, got "${v}"`);
  if (parts.length !== 2 && parts.length !== 4) throw bad();
  if (!Number.isInteger(channels) || channels < 1 || !Number.isInteger(kernel) || kernel < 1) throw bad();
  const out: NonNullable<TrainOptions['conv']> = { channels, kernel };
  if (parts.length === 4) {
    const kind = parts[2];
    const size = Number(parts[3]);
    if ((kind !== 'max' && kind !== 'avg') || !Number.isInteger(size) || size < 1) throw bad();
    out.pool = { kind, size };
  }
  return out;
}
/** `--image 8x8` */
function imageSpec(v: string): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(v.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new InvalidArgumentError(`--image takes HEIGHTxWIDTH, e.g. 8x8, got "${v}"`);
  return [Number(m[1]), Number(m[2])];
}
/** a comma-separated list of numbers (raw features) */
function numberList(name: string) {
  return (v: string): number[] => {
    const out = v.split(',').map((s) => Number(s.trim()));
    if (out.length === 0 || out.some((x) => !Number.isFinite(x))) throw new InvalidArgumentError(`${name} takes finite numbers separated by commas, got "${v}"`);
    return out;
  };
}

/** `--param name=value` (repeatable): namespaced engine parameters. */
function collectList(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function paramPair(v: string, prev: Record<string, number | string | boolean> = {}): Record<string, number | string | boolean> {
  const eq = v.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`--param takes name=value, got "${v}"`);
  const name = v.slice(0, eq).trim();
  const raw = v.slice(eq + 1).trim();
  let value: number | string | boolean = raw;
  if (raw === 'true' || raw === 'on') value = true;
  else if (raw === 'false' || raw === 'off') value = false;
  else if (raw !== '' && Number.isFinite(Number(raw))) value = Number(raw);
  return { ...prev, [name]: value };
}

// ---------------------------------------------------------------------------------------------
// shared solver options

interface SolverFlags {
  timeLimit?: number;
  gap?: number;
  nodeLimit?: number;
  threads?: number;
  plugin?: string[];
  cuts?: boolean;
  presolve?: boolean;
  separators?: string[];
  deterministic?: boolean;
  branching?: string;
  nodeSelection?: string;
  param?: Record<string, number | string | boolean>;
  quiet?: boolean;
}

function addSolverOptions(cmd: Command, defaults: { timeLimit?: number } = {}): Command {
  const tl = new Option('--time-limit <seconds>', 'wall-clock limit in seconds').argParser(positiveNumber('--time-limit'));
  if (defaults.timeLimit !== undefined) tl.default(defaults.timeLimit);
  return cmd
    .addOption(tl)
    .addOption(new Option('--gap <relative>', 'stop at this relative gap (default 1e-6)').argParser(nonNegativeNumber('--gap')))
    .addOption(new Option('--node-limit <n>', 'stop after this many nodes').argParser(positiveInt('--node-limit')))
    .addOption(new Option('--threads <n>', 'worker threads (1 = serial in this thread)').argParser(positiveInt('--threads')).default(availableParallelism(), 'available cores'))
    .option('--deterministic', 'parallel runs give the same result and node count every time')
    .option('--branching <rule>', 'branching rule (see `mipnet plugins`)')
    .option('--node-selection <rule>', 'node selector (see `mipnet plugins`)')
    .addOption(new Option('--param <name=value>', 'engine parameter, repeatable (see `mipnet plugins`)').argParser(paramPair))
    .addOption(new Option('--plugin <file>', 'load a plugin module (a .js/.mjs file or a package), repeatable; it runs in every worker thread too').argParser(collectList))
    .option('--no-presolve', 'no presolve')
    .option('--no-cuts', 'no cutting planes')
    .addOption(new Option('--separators <names>', 'run only these separators, e.g. gomory,knapsack-cover (see `mipnet plugins`)').argParser((v: string) => v.split(',').map((x) => x.trim()).filter((x) => x !== '')))
    .option('-q, --quiet', 'no progress log on stderr');
}

function solverOptions(flags: SolverFlags, signal: AbortSignal): SolveOptions {
  const o: SolveOptions = { signal, log: !flags.quiet };
  if (flags.timeLimit !== undefined) o.timeLimit = flags.timeLimit;
  if (flags.gap !== undefined) o.gap = flags.gap;
  if (flags.nodeLimit !== undefined) o.nodeLimit = flags.nodeLimit;
  if (flags.threads !== undefined) o.threads = flags.threads;
  if (flags.deterministic) o.deterministic = true;
  if (flags.branching !== undefined) o.branching = flags.branching;
  if (flags.nodeSelection !== undefined) o.nodeSelection = flags.nodeSelection;
  if (flags.param) o.params = flags.param;
  if (flags.plugin) o.plugins = flags.plugin;
  if (flags.cuts === false) o.cuts = false;
  if (flags.presolve === false) o.presolve = false;
  if (flags.separators) o.separators = flags.separators;
  return o;
}

/** Ctrl-C: the first one stops the search and keeps the best solution; the second exits now. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  process.on('SIGINT', () => {
    count++;
    if (count === 1) {
      process.stderr.write('\nmipnet: interrupted — finishing with the best solution found so far (Ctrl-C again to quit now)\n');
      controller.abort();
    } else {
      process.exit(130);
    }
  });
  return controller.signal;
}

// ---------------------------------------------------------------------------------------------
// training options

interface TrainFlags extends SolverFlags {
  data: string;
  label?: string;
  hidden: number[];
  activation: 'step' | 'relu' | 'sign';
  conv?: NonNullable<TrainOptions['conv']>;
  image?: [number, number];
  binarized?: 'binary' | 'ternary';
  layerPruning?: number | boolean;
  loss?: TrainOptions['loss'];
  weightBound?: number;
  integerWeights?: boolean;
  integerInputs?: number;
  sparsity?: NonNullable<TrainOptions['sparsity']>;
  weightNorm?: 'l1' | 'l0';
  killSwitches?: boolean;
  featureCap?: number;
  symmetry: boolean;
  zeroPatternRows?: boolean;
  lpTightening?: boolean;
  epsilon?: number;
  scaling?: TrainOptions['scaling'];
  trainFraction?: number;
  samples?: number;
  seed?: number;
  backend?: 'engine' | 'highs';
}

function addTrainOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--data <name|path>', 'bundled data set (iris, wine, breast-cancer, digits) or a CSV file')
    .option('--label <column>', 'label column (name or 0-based index) of a plain CSV file with a header row')
    .addOption(new Option('--hidden <widths>', 'hidden layer widths, e.g. 4 or 4,3 (0 = none)').argParser(hiddenList).default([2], '2'))
    .addOption(new Option('--activation <kind>', 'hidden activation (sign needs --binarized)').choices(['step', 'relu', 'sign']).default('step'))
    .addOption(new Option('--conv <spec>', 'first-layer convolution channels:kernel[:max|avg:size], e.g. 2:3:max:2 (images, e.g. digits)').argParser(convSpec))
    .addOption(new Option('--image <HxW>', 'image shape for --conv (default: square)').argParser(imageSpec))
    .addOption(new Option('--binarized <weights>', 'binarized dense layers: binary {-1,1} or ternary {-1,0,1} weights').choices(['binary', 'ternary']))
    .addOption(new Option('--layer-pruning [cost]', 'a switch per prunable hidden layer, keeping one costs cost (default 0.1)').argParser(nonNegativeNumber('--layer-pruning')))
    .addOption(new Option('--loss <kind>', 'loss (default: xor for step, zero-one for relu)').choices(['xor', 'zero-one', 'hinge']))
    .addOption(new Option('--weight-bound <W>', 'weights in [-W, W]').argParser(positiveNumber('--weight-bound')))
    .option('--integer-weights', 'integer weights and biases')
    .addOption(new Option('--integer-inputs <levels>', 'scaled inputs × levels, rounded (Rosenhahn: 10)').argParser(positiveInt('--integer-inputs')))
    .addOption(new Option('--sparsity <terms>', 'penalties, e.g. weights=0.1,neurons=0.1,activations=0.1').argParser(sparsityList))
    .addOption(new Option('--weight-norm <norm>', 'weight penalty: l1 (magnitude) or l0 (count)').choices(['l1', 'l0']))
    .option('--kill-switches', 'neuron kill-switches even without a neuron penalty')
    .addOption(new Option('--feature-cap <n>', 'at most n nonzero first-layer weights').argParser(positiveInt('--feature-cap')))
    .option('--no-symmetry', 'no symmetry-breaking rows on hidden neurons')
    .option('--zero-pattern-rows', 'rows tying the outputs of samples whose step inputs are all 0 (default: on with an activation penalty)')
    .option('--no-zero-pattern-rows', 'no zero-pattern rows')
    .option('--lp-tightening', 'tighten big-M bounds by LP before the search (default: only with a feature cap, where it helps)')
    .option('--no-lp-tightening', 'big-M bounds from interval arithmetic only')
    .addOption(new Option('--epsilon <eps>', 'step margin ε').argParser(positiveNumber('--epsilon')))
    .addOption(new Option('--scaling <kind>', 'input scaling fitted on the training split').choices(['minmax', 'standard', 'none']))
    .addOption(new Option('--train-fraction <f>', 'stratified share of the data used for training').argParser(fraction('--train-fraction')))
    .addOption(new Option('--samples <n>', 'stratified sub-sample of n training samples').argParser(positiveInt('--samples')))
    .addOption(new Option('--seed <n>', 'seed of the split and sub-sample').argParser(nonNegativeInt('--seed')))
    .addOption(new Option('--backend <name>', "MILP solver: mipnet's engine or HiGHS' own MIP (reference)").choices(['engine', 'highs']));
}

function trainOptions(flags: TrainFlags, signal: AbortSignal): TrainOptions {
  const dataset = flags.label !== undefined ? loadDataset(flags.data, { label: flags.label }) : flags.data;
  const o: TrainOptions = {
    dataset,
    hidden: flags.hidden,
    activation: flags.activation,
    symmetryBreaking: flags.symmetry,
    solver: solverOptions(flags, signal),
  };
  if (flags.lpTightening !== undefined) o.lpTightening = flags.lpTightening;
  if (flags.zeroPatternRows !== undefined) o.zeroPatternRows = flags.zeroPatternRows;
  if (flags.conv !== undefined) {
    o.conv = { ...flags.conv, ...(flags.image ? { imageHeight: flags.image[0], imageWidth: flags.image[1] } : {}) };
  } else if (flags.image !== undefined) {
    throw new MipnetError('train', '--image only applies together with --conv');
  }
  if (flags.binarized !== undefined) o.binarizedWeights = flags.binarized;
  if (flags.layerPruning !== undefined) o.layerPruning = typeof flags.layerPruning === 'number' ? { cost: flags.layerPruning } : {};
  if (flags.loss !== undefined) o.loss = flags.loss;
  if (flags.weightBound !== undefined) o.weightBound = flags.weightBound;
  if (flags.integerWeights) o.integerWeights = true;
  if (flags.integerInputs !== undefined) o.integerInputs = flags.integerInputs;
  if (flags.sparsity !== undefined || flags.weightNorm !== undefined) o.sparsity = { ...flags.sparsity, ...(flags.weightNorm ? { weightNorm: flags.weightNorm } : {}) };
  if (flags.killSwitches) o.killSwitches = true;
  if (flags.featureCap !== undefined) o.featureCap = flags.featureCap;
  if (flags.epsilon !== undefined) o.epsilon = flags.epsilon;
  if (flags.scaling !== undefined) o.scaling = flags.scaling;
  if (flags.trainFraction !== undefined) o.trainFraction = flags.trainFraction;
  if (flags.samples !== undefined) o.trainSamples = flags.samples;
  if (flags.seed !== undefined) o.seed = flags.seed;
  if (flags.backend !== undefined) o.backend = flags.backend;
  return o;
}

// ---------------------------------------------------------------------------------------------
// commands

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

async function cmdSolve(file: string, flags: SolverFlags & { json?: boolean; solution?: string }): Promise<number> {
  const model: Model = await readModelFile(file);
  const result: SolveResult = await solve(model, solverOptions(flags, interruptSignal()));
  if (flags.solution && result.solution) {
    const lines = model.colNames.map((n, j) => `${n} ${result.solution![j]}`);
    try {
      writeFileSync(flags.solution, lines.join('\n') + '\n');
    } catch (err) {
      throw new MipnetError('write solution', `cannot write ${flags.solution}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  print(flags.json ? JSON.stringify(solveResultToJson(model, result), null, 2) : formatSolveResult(model, result));
  return 0;
}

function writeCertificate(file: string, content: CertificateFile): void {
  try {
    writeFileSync(file, certificateJson(content));
  } catch (err) {
    throw new MipnetError('write certificate', `cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function cmdCheckCertificate(file: string, flags: { data?: string; timeLimit?: number; json?: boolean }): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new MipnetError('check certificate', `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const cert = parseCertificateFile(text, file);
  const r = await checkCertificate(cert, { ...(flags.data !== undefined ? { dataset: flags.data } : {}), ...(flags.timeLimit !== undefined ? { timeLimit: flags.timeLimit } : {}) });
  if (flags.json) print(JSON.stringify(r, null, 2));
  else {
    const lines = r.items.map((i) => `${i.verdict.padEnd(8)} ${i.item.padEnd(18)} ${i.detail}`);
    lines.push(`${r.valid} valid, ${r.invalid} invalid, ${r.unknown} unknown`);
    print(lines.join('\n'));
  }
  return r.invalid > 0 ? 1 : 0;
}

async function cmdTrain(flags: TrainFlags & { out?: string; json?: boolean; certificate?: string }): Promise<number> {
  const options = trainOptions(flags, interruptSignal());
  const result = await train(options);
  if (flags.out && result.network) saveNetwork(result.network, flags.out);
  if (flags.certificate) writeCertificate(flags.certificate, certificateFile(options, result));
  if (flags.json) {
    const { solve: raw, ...rest } = result;
    print(JSON.stringify({ ...rest, solve: { ...raw, solution: undefined } }, null, 2));
    return 0;
  }
  const lines: string[] = [];
  lines.push(`model       ${result.model.name}: ${result.model.columns} columns (${result.model.integers} integer), ${result.model.rows} rows, ${result.model.nonzeros} nonzeros`);
  lines.push(formatCertificate(result.certificate, { ...(result.loss !== null ? { loss: result.loss } : {}), ...(result.penalty !== null ? { penalty: result.penalty } : {}) }));
  lines.push(...formatProof(result.proof));
  if (result.train) lines.push(`train       accuracy ${(100 * result.train.accuracy).toFixed(2)}% on ${result.train.samples} samples`);
  if (result.test) lines.push(`test        accuracy ${(100 * result.test.accuracy).toFixed(2)}% on ${result.test.samples} samples`);
  if (result.counts) lines.push(`sparsity    ${result.counts.weights} nonzero weights, ${result.counts.activations} firing hidden activations, ${result.counts.neurons} live hidden neurons`);
  if (flags.out && result.network) lines.push(`network     written to ${flags.out}`);
  if (flags.certificate) lines.push(`certificate written to ${flags.certificate} (check it with: mipnet check-certificate ${flags.certificate})`);
  if (!result.network) lines.push('network     none found within the limits');
  print(lines.join('\n'));
  return 0;
}

async function cmdPredict(flags: { model: string; data: string; label?: string; json?: boolean }): Promise<number> {
  const network = loadNetwork(flags.model);
  const ds = loadDataset(flags.data, flags.label !== undefined ? { label: flags.label } : {});
  if (ds.d !== network.inputs) {
    throw new MipnetError('predict', `the network takes ${network.inputs} features but ${flags.data} has ${ds.d}`);
  }
  const pred = predict(network, ds.X, ds.n);
  const acc = accuracy(pred, ds.y);
  const cm = confusionMatrix(pred, ds.y, network.classes.length);
  if (flags.json) {
    print(JSON.stringify({ predictions: Array.from(pred), accuracy: acc, confusion: cm }, null, 2));
    return 0;
  }
  const lines = [`accuracy ${(100 * acc).toFixed(2)}% on ${ds.n} samples`, 'confusion (rows: true class, columns: predicted; last column: no class)'];
  cm.matrix.forEach((row, t) => lines.push('  ' + [...row, cm.noClass[t]!].map((v: number) => String(v).padStart(5)).join('')));
  print(lines.join('\n'));
  return 0;
}

async function cmdVerify(flags: SolverFlags & {
  model: string; sample?: number[]; data?: string; index?: number; label?: number; target: number; epsilon: number;
  bounds?: 'interval' | 'lp'; backend?: 'engine' | 'highs'; json?: boolean;
}): Promise<number> {
  const network = loadNetwork(flags.model);
  let sample = flags.sample;
  let label = flags.label;
  if (flags.data !== undefined) {
    if (sample !== undefined) throw new MipnetError('verify', 'give either --sample or --data with --index, not both');
    const ds = loadDataset(flags.data);
    const i = flags.index ?? 0;
    if (i >= ds.n) throw new MipnetError('verify', `--index ${i} is out of range (${flags.data} has ${ds.n} samples)`);
    sample = Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d));
    label ??= ds.y[i]!;
  }
  if (sample === undefined) throw new MipnetError('verify', 'give the input with --sample x1,x2,… or --data <name> --index i');
  if (sample.length !== network.inputs) throw new MipnetError('verify', `the network takes ${network.inputs} features but --sample has ${sample.length}`);
  if (label === undefined) throw new MipnetError('verify', 'give the true class with --label');
  const K = network.classes.length;
  for (const [name, c] of [['--label', label], ['--target', flags.target]] as const) {
    if (c >= K) throw new MipnetError('verify', `${name} ${c} is out of range (the network has ${K} classes)`);
  }
  const solveOptions = { ...solverOptions(flags, interruptSignal()), ...(flags.backend ? { backend: flags.backend } : {}) };
  const r = await verifyRobustness(network, { sample, label, target: flags.target, epsilon: flags.epsilon, ...(flags.bounds ? { boundTightening: flags.bounds } : {}) }, solveOptions);
  if (flags.json) {
    print(JSON.stringify(r, null, 2));
    return 0;
  }
  const lines = [
    `verdict     ${r.status}${r.status === 'robust' ? ` (no input within ${flags.epsilon} scores ${network.classes[flags.target]} above ${network.classes[label]})` : ''}`,
    `bound       max score gap <= ${Number.isFinite(r.bound) ? r.bound.toPrecision(8) : r.bound}`,
    `objective   ${r.objective === null ? '-' : r.objective.toPrecision(8)}`,
    `neurons     ${r.unstable} unstable (branched), ${r.stable} fixed by bounds`,
    `search      ${r.solverStatus}, ${r.nodes} nodes, ${r.seconds.toFixed(2)} s`,
  ];
  if (r.counterexample) lines.push(`input       ${r.counterexample.map((v) => Number(v.toPrecision(6))).join(',')}  (checked by a forward pass: margin ${r.margin?.toPrecision(6)})`);
  print(lines.join('\n'));
  return 0;
}

async function cmdExport(flags: TrainFlags & { out: string }): Promise<number> {
  const opts = trainOptions({ ...flags, quiet: true }, new AbortController().signal);
  const tm = await buildTrainingModel(opts);
  await writeModelFile(tm.model, flags.out);
  print(`wrote ${flags.out}: ${tm.model.numCols} columns (${tm.model.numIntegers} integer), ${tm.model.numRows} rows, ${tm.model.numNonzeros} nonzeros`);
  return 0;
}

async function cmdPlugins(flags: { plugin?: string[] }): Promise<number> {
  ensureBuiltinPlugins();
  if (flags.plugin) await loadPluginModules(flags.plugin, globalRegistry);
  const lines: string[] = [];
  for (const kind of ['branching', 'node-selection', 'propagator', 'heuristic', 'separator'] as const) {
    lines.push(`${kind}:`);
    for (const d of globalRegistry.list(kind)) lines.push(`  ${d.name.padEnd(24)} ${d.description ?? ''}`);
  }
  lines.push('parameters (--param name=value):');
  for (const [name, spec] of globalRegistry.paramSpecs()) {
    const range = spec.type === 'real' || spec.type === 'integer' ? ` [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]` : spec.type === 'string' ? ` {${spec.values.join(', ')}}` : '';
    lines.push(`  ${name.padEnd(44)} ${spec.type}${range} default ${String(spec.default)}  ${spec.description ?? ''}`);
  }
  print(lines.join('\n'));
  return 0;
}

// ---------------------------------------------------------------------------------------------

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('mipnet')
    .description('Train neural networks exactly as mixed-integer linear programs, and solve MILPs with a TypeScript branch-and-bound over HiGHS LP relaxations.')
    .showHelpAfterError('(run `mipnet help <command>` for usage)')
    .exitOverride();
  let code = 0;

  addSolverOptions(
    program
      .command('solve')
      .description('solve a MILP from an MPS or CPLEX LP file (.mps, .lp, optionally .gz)')
      .argument('<file>', 'model file'),
  )
    .option('--json', 'print the result as JSON')
    .option('--solution <file>', 'write the solution (name value per line)')
    .action(async (file: string, flags) => {
      code = await cmdSolve(file, flags);
    });

  addSolverOptions(addTrainOptions(program.command('train').description('train a network exactly and print its certificate')), { timeLimit: 60 })
    .option('--out <file>', 'write the trained network as JSON')
    .option('--json', 'print the full result as JSON')
    .option('--certificate <file>', 'write what the run proves as JSON: the bound in parts, the rungs, every claim (check it with `mipnet check-certificate`)')
    .action(async (flags) => {
      code = await cmdTrain(flags);
    });

  program
    .command('check-certificate')
    .description('re-check a training certificate on its own: the data, the network (forward pass), the architecture claims (recomputed) and the subset claims (re-proved with highs-js MIP)')
    .argument('<file>', 'certificate written by `mipnet train --certificate`')
    .option('--data <name|path>', 'bundled data set or CSV file (default: the one the certificate names)')
    .option('--time-limit <s>', 'seconds of highs-js MIP per subset claim', positiveNumber('--time-limit'), 60)
    .option('--json', 'print the verdicts as JSON')
    .action(async (file: string, flags) => {
      code = await cmdCheckCertificate(file, flags);
    });

  program
    .command('predict')
    .description('predict with a trained network and report accuracy')
    .requiredOption('--model <file>', 'network JSON written by `mipnet train --out`')
    .requiredOption('--data <name|path>', 'bundled data set or CSV file')
    .option('--label <column>', 'label column of a plain CSV file')
    .option('--json', 'print predictions as JSON')
    .action(async (flags) => {
      code = await cmdPredict(flags);
    });

  addSolverOptions(
    program
      .command('verify')
      .description('decide whether a trained ReLU network is robust around a sample (MIP over an L-inf ball)'),
  )
    .requiredOption('--model <file>', 'network JSON (dense ReLU layers, score output)')
    .addOption(new Option('--sample <x1,x2,...>', 'the input, raw features').argParser(numberList('--sample')))
    .option('--data <name|path>', 'take the input from a data set (with --index)')
    .addOption(new Option('--index <i>', 'sample index in --data (default 0)').argParser(nonNegativeInt('--index')))
    .addOption(new Option('--label <class>', 'true class index (default: the sample\'s label in --data)').argParser(nonNegativeInt('--label')))
    .addOption(new Option('--target <class>', 'class the adversary tries to lift above the label').argParser(nonNegativeInt('--target')).makeOptionMandatory())
    .addOption(new Option('--epsilon <r>', 'L-inf radius in the network\'s scaled input space').argParser(nonNegativeNumber('--epsilon')).makeOptionMandatory())
    .addOption(new Option('--bounds <kind>', 'neuron bounds: interval or lp (tighter, costs LPs)').choices(['interval', 'lp']))
    .addOption(new Option('--backend <name>', "mipnet's engine or HiGHS' own MIP").choices(['engine', 'highs']))
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      code = await cmdVerify(flags);
    });

  addTrainOptions(program.command('export-mps').description('write the training MILP for any other solver (.mps, .lp, .gz)'))
    .requiredOption('--out <file>', 'output file (.mps, .lp, .mps.gz, .lp.gz)')
    .action(async (flags) => {
      code = await cmdExport(flags);
    });

  program
    .command('generate')
    .description(`write a seeded benchmark instance (${Object.keys(generators).join(', ')})`)
    .argument('<generator>', 'generator name')
    .requiredOption('--out <file>', 'output file (.mps, .lp, .mps.gz, .lp.gz)')
    .addOption(new Option('--seed <n>', 'seed').argParser(nonNegativeInt('--seed')).default(1))
    .addOption(new Option('--size <n>', 'instance size (generator-specific)').argParser(positiveInt('--size')))
    .action(async (name: string, flags: { out: string; seed: number; size?: number }) => {
      const model = generate(name, flags.seed, flags.size);
      await writeModelFile(model, flags.out);
      print(`wrote ${flags.out}: ${model.numCols} columns (${model.numIntegers} integer), ${model.numRows} rows`);
    });

  program
    .command('plugins')
    .description('list branching rules, node selectors, propagators, heuristics and their parameters')
    .addOption(new Option('--plugin <file>', 'also list the plugins of this module, repeatable').argParser(collectList))
    .action(async (flags: { plugin?: string[] }) => {
      code = await cmdPlugins(flags);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // commander already printed the message (or the help / version text)
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof MipnetError) {
      process.stderr.write(`mipnet: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mipnet: internal error: ${message}\n`);
    if (process.env.MIPNET_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    return 70;
  }
  return code;
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith('/mipnet') || process.argv[1]?.endsWith('/cli.js')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mipnet: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
