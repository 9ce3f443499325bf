/**
 * The MIPLIB 3 benchmark: mipnet, HiGHS's MIP solver (highs-js) and CBC on the classic instances of
 * benchmarks/miplib3/ (fixed MPS, gzip), checked against their known optima (optima.json).
 *
 *   npx tsx benchmarks/miplib.ts [--time-limit 60] [--instances a,b,...] [--solvers mipnet,highs,cbc]
 *                                [--threads 1] [--out benchmarks/results] [--warmup 3]
 *   npx tsx benchmarks/miplib.ts --report benchmarks/results/miplib-<date>.json
 *   npx tsx benchmarks/miplib.ts --write-optima
 *
 * Per instance it reads the file (readModelFile), solves its LP relaxation with HiGHS (z_LP, the
 * common denominator of the root gap closed), then runs the solvers one after another (never
 * concurrently), each with the same time limit, relative gap 1e-6 and one thread:
 *   mipnet  solveModel (src/bnb/solve.ts) on the model read; with --threads N > 1, solve
 *           (src/solve.ts) on N worker threads. Root bound: a second, untimed solveModel run with
 *           nodeLimit 1 (the engine has no root-bound hook), unless the timed run decided the
 *           instance within one node;
 *   highs   HiGHS MIP (highs-js, Wasm) on the model read, through benchmarks/lib/highs-runner.ts
 *           (the callback-traced run that a test checks against solveWithHighsMip); root LP and
 *           root bound from its MIP callbacks, which fire at each log line (the log itself goes to
 *           <out>/tmp/highs/<name>.highs.log);
 *   cbc     native CBC on the file, uncompressed to <out>/tmp/miplib3/ (native-bench/run-cbc.sh;
 *           coinor-cbc installed when missing, the column skipped when that fails); root LP and
 *           bound from its Cbc0013I log line (logs in <out>/tmp/cbc/).
 * Every reported figure is checked against the known optimum (benchmarks/lib/miplib.ts: a wrong
 * claimed optimum, an incumbent better than it, a bound that cuts it off, an infeasible incumbent);
 * a wrong answer is printed loudly and the command exits with status 3. It prints the table, the
 * summary (solved counts, shifted geometric means) and the targets of issue 11, and writes
 * <out>/miplib-<date>.json and an .svg of the incumbent/bound traces. `--report` re-prints (and
 * re-checks) a saved run; `--write-optima` rebuilds benchmarks/miplib3/optima.json from the README.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readModelFile } from '../src/io/model-file.js';
import type { Model } from '../src/model/model.js';
import { prepareCbcColumn, runCbc } from './lib/cbc-runner.js';
import { runHighs } from './lib/highs-runner.js';
import { lpRelaxation } from './lib/lp-bound.js';
import { machineInfo, type MachineInfo } from './lib/machine.js';
import { runMipnet } from './lib/mipnet-runner.js';
import {
  formatMiplibSummary, formatMiplibTable, formatWrongAnswers, judgeInstance, miplibCells, optimaFile, parseOptimaReadme, readOptimaFile,
  summarizeMiplib, type KnownOptimum, type MiplibInstance,
} from './lib/miplib.js';
import { parseParams, runScript, scriptArgs } from './lib/script-cli.js';
import type { SolverName, SolverRun } from './lib/solver-run.js';
import { renderTracePlots, type PlotPanel } from './lib/svg-plot.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MIPLIB_DIR = resolve(ROOT, 'benchmarks/miplib3');
const OPTIMA_PATH = resolve(MIPLIB_DIR, 'optima.json');
const MIPLIB_SOLVERS = ['mipnet', 'highs', 'cbc'] as const;
type MiplibSolver = (typeof MIPLIB_SOLVERS)[number];
const COLORS: Record<MiplibSolver, string> = { mipnet: '#1f77b4', highs: '#ff7f0e', cbc: '#d62728' };
const GAP = 1e-6;
/** exit status when a wrong answer was found (1 is an error of the command itself, 2 a usage error) */
export const WRONG_ANSWER_EXIT = 3;

const USAGE = `usage: npx tsx benchmarks/miplib.ts [--time-limit 60] [--instances a,b,...] [--solvers mipnet,highs,cbc]
         [--threads 1] [--out benchmarks/results] [--warmup 3] [--mipnet-param k=v,...]
       npx tsx benchmarks/miplib.ts --report FILE.json   (table, summary and checks of a saved run)
       npx tsx benchmarks/miplib.ts --write-optima       (rebuild benchmarks/miplib3/optima.json from its README)
--threads applies to mipnet (highs-js is single-threaded, CBC runs its serial code); --warmup N
spends N s each on an untimed mipnet and highs-js solve of p0033 first (0: none). Exit status 3
when any solver gave a wrong answer. --mipnet-param sets engine parameters of mipnet's runs
(e.g. cuts/enabled=false; values true/false/numbers/strings).`;

export interface MiplibReport {
  benchmark: 'miplib3';
  date: string;
  timeLimit: number;
  gap: number;
  /** mipnet's threads (the other solvers run one thread) */
  threads: number;
  solvers: MiplibSolver[];
  machine: MachineInfo;
  notes: string[];
  instances: MiplibInstance[];
}

function notRun(solver: SolverName, status: 'error' | 'skipped', note: string, seconds = 0): SolverRun {
  return { solver, status, objective: null, bound: null, gap: null, seconds, timeToOptimal: null, timeToBest: null, nodes: null, trace: [], note };
}

interface RunContext {
  name: string;
  path: string;
  model: Model;
  timeLimit: number;
  threads: number;
  params: Record<string, number | string | boolean> | undefined;
  highsLogDir: string;
  cbcOut: string;
  /** where CBC's uncompressed copy of the instance goes */
  mpsDir: string;
}

async function runOne(solver: MiplibSolver, ctx: RunContext): Promise<SolverRun> {
  const t0 = performance.now();
  try {
    switch (solver) {
      case 'mipnet':
        return await runMipnet('mipnet', ctx.model, ctx.timeLimit, { threads: ctx.threads, root: true, ...(ctx.params ? { params: ctx.params } : {}) });
      case 'highs': {
        let log = '';
        const run = await runHighs(ctx.model, ctx.timeLimit, { gap: GAP, log: (text) => (log += text) });
        await writeFile(resolve(ctx.highsLogDir, `${ctx.name}.highs.log`), log);
        return run;
      }
      case 'cbc': {
        // run-cbc.sh looks for an OBJSENSE section with awk, which cannot read a gzipped file (it
        // then passes -max): CBC gets an uncompressed copy
        const plain = resolve(ctx.mpsDir, `${ctx.name}.mps`);
        await writeFile(plain, gunzipSync(await readFile(ctx.path)));
        return await runCbc(plain, ctx.model, ctx.timeLimit, ctx.cbcOut, GAP);
      }
    }
  } catch (e) {
    return notRun(solver, 'error', e instanceof Error ? `${e.name}: ${e.message}` : String(e), (performance.now() - t0) / 1000);
  }
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return typeof v === 'bigint' ? Number(v) : v;
}

/** The SVG of a report: one panel per instance, incumbent and bound of each solver over time, and z*. */
export function miplibSvg(report: MiplibReport): string {
  const panels: PlotPanel[] = report.instances.map((inst) => ({
    title: inst.name,
    xMax: Math.max(report.timeLimit, ...inst.runs.map((r) => r.seconds)),
    series: [
      ...inst.runs
        .filter((r) => r.trace.length > 0)
        .map((r) => ({ label: r.solver, color: COLORS[r.solver as MiplibSolver] ?? '#555', trace: r.trace })),
      { label: 'z*', color: '#999', trace: [{ t: 0, incumbent: inst.optimum, bound: null }] },
    ],
  }));
  return renderTracePlots(panels, {
    title: `MIPLIB 3: mipnet vs HiGHS vs CBC, ${report.timeLimit} s limit, 1 thread (${report.date})`,
    columns: 4,
  });
}

/** Prints table, summary, targets and the wrong answers of a report; returns the number of wrong answers. */
function printReport(report: MiplibReport): number {
  const instances = report.instances.map(judgeInstance);
  console.log('\n' + formatMiplibTable(instances));
  console.log('\nz* = known optimum; time in s; z_LP = LP relaxation of the model as read (HiGHS); rootLP = the solver\'s own first');
  console.log('root LP bound (after its presolve; mipnet has none); z_root = bound after the root node (? = the root was not');
  console.log('finished in the limit); closed = root gap closed (z_root - z_LP) / (z* - z_LP); answer = check against z*.');
  for (const n of report.notes) console.log(`note: ${n}`);
  const summary = summarizeMiplib(instances, report.timeLimit, report.solvers);
  console.log('\n' + formatMiplibSummary(summary));
  const loud = formatWrongAnswers(summary.targetD.wrong);
  if (loud !== '') console.log('\n' + loud);
  return summary.targetD.wrong.length;
}

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The known optima, in file order; `only` (names) filters them, an unknown name is an error. */
export async function loadOptima(only: readonly string[] = []): Promise<KnownOptimum[]> {
  const all = readOptimaFile(JSON.parse(await readFile(OPTIMA_PATH, 'utf8')));
  if (only.length === 0) return all;
  const unknown = only.filter((n) => !all.some((k) => k.name === n));
  if (unknown.length > 0) throw new Error(`unknown instance(s) ${unknown.join(', ')} (known: ${all.map((k) => k.name).join(', ')})`);
  return all.filter((k) => only.includes(k.name));
}

/** Reads an instance and checks it against its catalogue sizes. */
async function readInstance(k: KnownOptimum): Promise<{ path: string; model: Model }> {
  const path = resolve(MIPLIB_DIR, `${k.name}.mps.gz`);
  const model = await readModelFile(path);
  if (model.numRows !== k.rows || model.numCols !== k.cols || model.numIntegers !== k.ints) {
    throw new Error(
      `${k.name}: read ${model.numRows} rows, ${model.numCols} cols, ${model.numIntegers} integers; the catalogue says ${k.rows}, ${k.cols}, ${k.ints}`,
    );
  }
  return { path, model };
}

async function main(): Promise<void> {
  const { values } = scriptArgs(USAGE, {
    options: {
      'time-limit': { type: 'string', default: '60' },
      instances: { type: 'string' },
      solvers: { type: 'string', default: MIPLIB_SOLVERS.join(',') },
      threads: { type: 'string', default: '1' },
      out: { type: 'string', default: resolve(ROOT, 'benchmarks/results') },
      warmup: { type: 'string', default: '3' },
      'mipnet-param': { type: 'string' },
      report: { type: 'string' },
      'write-optima': { type: 'boolean', default: false },
    },
  });
  if (values['write-optima']) {
    const entries = parseOptimaReadme(await readFile(resolve(MIPLIB_DIR, 'README.md'), 'utf8'));
    await writeFile(OPTIMA_PATH, JSON.stringify(optimaFile(entries), null, 2) + '\n');
    console.log(`${relative(process.cwd(), OPTIMA_PATH)}: ${entries.length} instances`);
    return;
  }
  if (values.report !== undefined) {
    const report = JSON.parse(await readFile(values.report, 'utf8')) as MiplibReport;
    if (report.benchmark !== 'miplib3' || !Array.isArray(report.instances)) throw new Error(`${values.report} is not a saved MIPLIB run`);
    if (printReport(report) > 0) process.exitCode = WRONG_ANSWER_EXIT;
    return;
  }
  const timeLimit = Number(values['time-limit']);
  if (!(timeLimit > 0) || !Number.isFinite(timeLimit)) throw new Error(`--time-limit must be a number > 0, got "${values['time-limit']}"`);
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`--threads must be a whole number >= 1, got "${values.threads}"`);
  const warmup = Number(values.warmup);
  if (!(warmup >= 0)) throw new Error(`--warmup must be a number >= 0, got "${values.warmup}"`);
  const params = parseParams(values['mipnet-param']);
  const solvers = list(values.solvers) as MiplibSolver[];
  const bad = solvers.filter((s) => !(MIPLIB_SOLVERS as readonly string[]).includes(s));
  if (bad.length > 0 || solvers.length === 0) throw new Error(`unknown solver(s) "${bad.join(', ')}" (known: ${MIPLIB_SOLVERS.join(', ')})`);
  const optima = await loadOptima(list(values.instances));
  const outDir = resolve(values.out!);
  const cbcOut = resolve(outDir, 'tmp/cbc');
  const highsLogDir = resolve(outDir, 'tmp/highs');
  const mpsDir = resolve(outDir, 'tmp/miplib3');
  for (const d of [cbcOut, highsLogDir, mpsDir]) await mkdir(d, { recursive: true });
  // read (and size-check) every instance before anything runs
  const inputs = [];
  for (const k of optima) inputs.push({ k, ...(await readInstance(k)) });

  const notes = [
    'mipnet root bound: a second solveModel run with nodeLimit 1 (untimed), unless the timed run decided the instance within one node',
    'highs-js root: its MIP callbacks (mipLogging at each log line, mipInterrupt): first dual bound after LP iterations at 0 nodes = root LP, last at 0 nodes = root bound',
    'CBC root: its log line Cbc0013I "At root node, ... changed objective from <root LP> to <root bound>"',
  ];
  if (threads > 1) notes.push(`mipnet ran ${threads} worker threads (solve); highs-js and CBC one thread`);
  if (params) notes.push(`mipnet parameters: ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  const { version: cbcVersion, skip: cbcSkip } = prepareCbcColumn(solvers.includes('cbc'), notes);
  const date = new Date();
  const report: MiplibReport = { benchmark: 'miplib3', date: date.toISOString(), timeLimit, gap: GAP, threads, solvers, machine: machineInfo(cbcVersion), notes, instances: [] };
  const base = resolve(outDir, `miplib-${date.toISOString().slice(0, 16).replace('T', '-').replace(':', '')}`);
  const m = report.machine;
  console.log(`MIPLIB 3 benchmark: ${optima.length} instances, ${timeLimit} s limit, gap ${GAP}, solvers ${solvers.join(', ')}, mipnet threads ${threads}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, highs ${m.highs}, cbc ${m.cbc ?? '-'}, load ${m.loadAverage.join(' ')}`);

  if (warmup > 0 && (solvers.includes('mipnet') || solvers.includes('highs'))) {
    // V8 runs HiGHS's Wasm with a baseline compiler first: an untimed solve keeps that out of the first timings
    const { model } = await readInstance((await loadOptima(['p0033']))[0]!);
    console.log(`warm-up: up to ${warmup} s each of mipnet and highs-js on p0033 (not reported)`);
    await runHighs(model, warmup, { gap: GAP });
    await runMipnet('mipnet', model, warmup);
    notes.push(`warm-up: up to ${warmup} s each of mipnet and highs-js on p0033 before the timed runs`);
  }

  for (const { k, path, model } of inputs) {
    const lp = await lpRelaxation(model, timeLimit);
    console.log(`\n${k.name}: ${k.rows} rows, ${k.cols} cols (${k.ints} integer), z* ${k.optimum} (tolerance ${k.tolerance}), z_LP ${lp.objective ?? lp.status}`);
    const runs: SolverRun[] = [];
    for (const solver of solvers) {
      runs.push(solver === 'cbc' && cbcSkip !== null ? notRun('cbc', 'skipped', cbcSkip) : await runOne(solver, { name: k.name, path, model, timeLimit, threads, params, highsLogDir, cbcOut, mpsDir }));
    }
    const inst = judgeInstance({
      ...k, sense: model.sense, mps: relative(ROOT, path), zLp: lp.objective, zLpStatus: lp.status, runs, problems: [], verdicts: [],
    });
    for (const p of inst.problems) console.log(`  !!! WRONG (model): ${p}`);
    for (const run of runs) {
      const c = miplibCells(inst, run);
      console.log(`  ${run.solver.padEnd(7)} ${run.status.padEnd(11)} obj ${c[4]}  bound ${c[5]}  gap ${c[6]}  ${c[7]} s  ${c[8]} nodes  z_root ${c[12]}  closed ${c[13]}  ${c[14]}${run.note ? `  (${run.note})` : ''}`);
      const v = inst.verdicts.find((x) => x.solver === run.solver)!;
      for (const w of v.wrong) console.log(`  !!! WRONG ${run.solver}: ${w}`);
      for (const w of v.warnings) console.log(`  warning ${run.solver}: ${w}`);
    }
    report.instances.push(inst);
    // keep what we have on disk even if a later instance crashes
    await writeFile(`${base}.json`, JSON.stringify(report, jsonReplacer, 2) + '\n');
  }
  await writeFile(`${base}.svg`, miplibSvg(report));
  const wrong = printReport(report);
  console.log(`\nresults: ${relative(process.cwd(), base)}.json, ${relative(process.cwd(), base)}.svg`);
  if (wrong > 0) process.exitCode = WRONG_ANSWER_EXIT;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runScript(main);
}
