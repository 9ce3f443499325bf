/**
 * Compares mipnet, HiGHS's MIP solver (highs-js) and CBC on the NN-training MILP suite.
 *
 *   npx tsx benchmarks/compare.ts [--suite quick|full] [--time-limit 60] [--only name,...]
 *                                 [--solvers mipnet,mipnet+nn,highs,cbc] [--out benchmarks/results]
 *                                 [--warmup 3]
 *   npx tsx benchmarks/compare.ts --report benchmarks/results/compare-<suite>-<date>.json
 *
 * For every instance (benchmarks/nn-suite.ts) it writes the model as MPS, then runs, one after
 * another (never concurrently), each with the same time limit, one thread and relative gap 1e-6:
 *   mipnet     mipnet's engine on the model read back from the MPS file (generic engine: the
 *              network structure tags do not survive MPS);
 *   mipnet+nn  mipnet's engine on the in-memory model with its network structure (NN plugins on);
 *   highs      HiGHS MIP (highs-js, Wasm) on the model read back from the MPS file;
 *   cbc        native CBC on the MPS file (native-bench/run-cbc.sh; installed when missing,
 *              skipped with a message when that fails).
 * Every incumbent is re-evaluated on the model (objective and feasibility). Prints a table, and
 * writes benchmarks/results/compare-<suite>-<date>.json (machine, runs, traces) and a .svg with
 * the incumbent/bound traces of every instance. It ends with the targets of the comparison
 * (benchmarks/lib/targets.ts): incumbent at the limit vs the peers, time to proven optimum vs HiGHS,
 * LP share. `--report` prints the table and the targets of a saved report without running anything.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readModelFile } from '../src/io/model-file.js';
import type { Model } from '../src/model/model.js';
import { ensureCbc, runCbc } from './lib/cbc-runner.js';
import { runHighs } from './lib/highs-runner.js';
import { machineInfo, type MachineInfo } from './lib/machine.js';
import { runMipnet } from './lib/mipnet-runner.js';
import { parseParams, runScript, scriptArgs } from './lib/script-cli.js';
import { SOLVERS, type SolverName, type SolverRun } from './lib/solver-run.js';
import { renderTracePlots, type PlotPanel } from './lib/svg-plot.js';
import { formatTable, tableCells, TABLE_HEADER, type TableRow } from './lib/table.js';
import { formatTargets, summarizeTargets } from './lib/targets.js';
import { timeToReach } from './lib/trace.js';
import { DEFAULT_INSTANCE_DIR, exportInstance, suiteSpecs, type InstanceSize, type InstanceSpec, type SuiteName } from './nn-suite.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `usage: npx tsx benchmarks/compare.ts [--suite quick|full] [--time-limit 60] [--only name,...]
         [--solvers mipnet,mipnet+nn,highs,cbc] [--out benchmarks/results] [--warmup 3] [--mipnet-param k=v,...]
       npx tsx benchmarks/compare.ts --report FILE.json   (table and targets of a saved report)`;
const COLORS: Record<SolverName, string> = { mipnet: '#1f77b4', 'mipnet+nn': '#2ca02c', highs: '#ff7f0e', cbc: '#d62728' };

export interface InstanceResult {
  name: string;
  tags: string[];
  options: InstanceSpec['options'];
  size: InstanceSize;
  mps: string;
  buildSeconds: number;
  tightening: { columns: number; completed: number; complete: boolean } | null;
  sense: 'minimize' | 'maximize';
  /** best objective any solver found (feasible on re-evaluation) */
  bestObjective: number | null;
  /** contradictions between solvers (an incumbent beyond another solver's proven bound, …) */
  conflicts: string[];
  runs: SolverRun[];
}

export interface CompareReport {
  suite: SuiteName;
  date: string;
  timeLimit: number;
  gap: number;
  threads: 1;
  solvers: SolverName[];
  machine: MachineInfo;
  notes: string[];
  instances: InstanceResult[];
}

function errorRun(solver: SolverName, e: unknown, seconds: number): SolverRun {
  return {
    solver, status: 'error', objective: null, bound: null, gap: null, seconds, timeToOptimal: null, timeToBest: null,
    nodes: null, trace: [], note: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  };
}

function skippedRun(solver: SolverName, why: string): SolverRun {
  return { solver, status: 'skipped', objective: null, bound: null, gap: null, seconds: 0, timeToOptimal: null, timeToBest: null, nodes: null, trace: [], note: why };
}

/** Best feasible objective, times to reach it, and cross-solver contradictions. */
export function reconcile(sense: 'minimize' | 'maximize', runs: SolverRun[]): { best: number | null; conflicts: string[] } {
  const better = (a: number, b: number): boolean => (sense === 'minimize' ? a < b : a > b);
  let best: number | null = null;
  for (const r of runs) {
    if (r.objective === null || (r.check !== undefined && !r.check.feasible)) continue;
    if (best === null || better(r.objective, best)) best = r.objective;
  }
  const conflicts: string[] = [];
  if (best !== null) {
    const tol = 1e-6 * Math.max(1, Math.abs(best));
    for (const r of runs) {
      r.timeToBest = r.objective !== null && Math.abs(r.objective - best) <= tol ? timeToReach(r.trace, best, sense, 1e-6) ?? r.seconds : null;
      if (r.bound !== null && (sense === 'minimize' ? r.bound > best + tol : r.bound < best - tol)) {
        conflicts.push(`${r.solver} bound ${r.bound} is beyond the best objective ${best} found`);
      }
      if (r.status === 'optimal' && r.objective !== null && Math.abs(r.objective - best) > tol) {
        conflicts.push(`${r.solver} claims optimal ${r.objective} but ${best} was found`);
      }
    }
  }
  return { best, conflicts };
}

async function runOne(solver: SolverName, ctx: { path: string; mpsModel: Model; nnModel: Model; timeLimit: number; cbcOut: string; gap: number; params: Record<string, number | string | boolean> | undefined }): Promise<SolverRun> {
  const mp = ctx.params ? { params: ctx.params } : {};
  const t0 = performance.now();
  try {
    switch (solver) {
      case 'mipnet':
        return await runMipnet('mipnet', ctx.mpsModel, ctx.timeLimit, mp);
      case 'mipnet+nn':
        return await runMipnet('mipnet+nn', ctx.nnModel, ctx.timeLimit, mp);
      case 'highs':
        return await runHighs(ctx.mpsModel, ctx.timeLimit, { gap: ctx.gap });
      case 'cbc':
        return await runCbc(ctx.path, ctx.mpsModel, ctx.timeLimit, ctx.cbcOut, ctx.gap);
    }
  } catch (e) {
    return errorRun(solver, e, (performance.now() - t0) / 1000);
  }
}

function stamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** The SVG of a report: one panel per instance, incumbent and bound of each solver over time. */
export function reportSvg(report: CompareReport): string {
  const panels: PlotPanel[] = report.instances.map((inst) => ({
    title: inst.name,
    xMax: Math.max(report.timeLimit, ...inst.runs.map((r) => r.seconds)),
    series: inst.runs.filter((r) => r.trace.length > 0).map((r) => ({ label: r.solver, color: COLORS[r.solver], trace: r.trace })),
  }));
  return renderTracePlots(panels, {
    title: `mipnet vs HiGHS vs CBC: ${report.suite} suite, ${report.timeLimit} s limit, 1 thread (${report.date})`,
    columns: 3,
  });
}

/** The table of a report, with the column legend. */
function printReport(report: CompareReport): void {
  const rows: TableRow[] = report.instances.flatMap((inst) => inst.runs.map((run) => ({ instance: inst.name, size: inst.size, run })));
  console.log('\n' + formatTable(rows));
  console.log(`\ncolumns: ${TABLE_HEADER.join(', ')}`);
  console.log('t.opt = seconds to proven optimality; t.best = first time the incumbent reached the best objective any solver found;');
  console.log('LP% = share of mipnet\'s time inside node LP solves; heur% = share inside primal heuristics (their own LPs and');
  console.log('sub-MIPs included; LPs they solve on the node LP count in LP% too); check = incumbent re-evaluated (ok / VIOL).');
  console.log(`\ntargets:\n${formatTargets(summarizeTargets(report.instances))}`);
}

async function main(): Promise<void> {
  const { values } = scriptArgs(USAGE, {
    options: {
      suite: { type: 'string', default: 'quick' },
      'time-limit': { type: 'string', default: '60' },
      only: { type: 'string' },
      solvers: { type: 'string', default: SOLVERS.join(',') },
      out: { type: 'string', default: resolve(ROOT, 'benchmarks/results') },
      warmup: { type: 'string', default: '3' },
      report: { type: 'string' },
      'mipnet-param': { type: 'string' },
    },
  });
  const params = parseParams(values['mipnet-param']);
  if (values.report !== undefined) {
    printReport(JSON.parse(await readFile(values.report, 'utf8')) as CompareReport);
    return;
  }
  const suite = values.suite as SuiteName;
  const timeLimit = Number(values['time-limit']);
  if (!(timeLimit > 0)) throw new Error(`--time-limit must be a number > 0, got "${values['time-limit']}"`);
  const solvers = values.solvers!.split(',').map((s) => s.trim()).filter(Boolean) as SolverName[];
  const bad = solvers.filter((s) => !(SOLVERS as readonly string[]).includes(s));
  if (bad.length > 0) throw new Error(`unknown solver(s) ${bad.join(', ')} (known: ${SOLVERS.join(', ')})`);
  const specs = suiteSpecs(suite, values.only?.split(',').map((s) => s.trim()).filter(Boolean));
  const gap = 1e-6;
  const outDir = resolve(values.out!);
  const cbcOut = resolve(outDir, 'tmp/cbc');
  await mkdir(cbcOut, { recursive: true });

  const notes: string[] = [];
  let cbcVersion: string | null = null;
  let cbcSkip: string | null = null;
  if (solvers.includes('cbc')) {
    const c = ensureCbc();
    cbcVersion = c.version;
    if (!c.available) {
      cbcSkip = c.message ?? 'CBC not available';
      console.error(`${cbcSkip} -- the CBC column is skipped`);
      notes.push(cbcSkip);
    }
  }
  const date = new Date();
  const report: CompareReport = {
    suite, date: date.toISOString(), timeLimit, gap, threads: 1, solvers, machine: machineInfo(cbcVersion), notes, instances: [],
  };
  const base = resolve(outDir, `compare-${suite}-${stamp(date)}`);
  const m = report.machine;
  console.log(`mipnet solver comparison: ${suite} suite (${specs.length} instances), ${timeLimit} s limit, 1 thread, gap ${gap}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, highs ${m.highs}, cbc ${m.cbc ?? '-'}, load ${m.loadAverage.join(' ')}`);

  const warmup = Number(values.warmup);
  if (warmup > 0 && (solvers.includes('highs') || solvers.includes('mipnet') || solvers.includes('mipnet+nn'))) {
    // V8 compiles HiGHS's Wasm with a baseline tier first and optimises hot functions later: an
    // untimed warm-up solve keeps that one-off cost out of the first instance's timings.
    const w = await exportInstance(suiteSpecs('quick', ['iris-step-n30'])[0]!, DEFAULT_INSTANCE_DIR);
    console.log(`warm-up: ${warmup} s of HiGHS and of mipnet on iris-step-n30 (not reported)`);
    await runHighs(w.built.model, warmup, { gap });
    await runMipnet('mipnet+nn', w.built.model, warmup);
    notes.push(`warm-up: ${warmup} s of HiGHS and ${warmup} s of mipnet on iris-step-n30 before the timed runs`);
  }

  for (const spec of specs) {
    const { path, built } = await exportInstance(spec, DEFAULT_INSTANCE_DIR);
    const mpsModel = await readModelFile(path);
    const z = built.size;
    if (mpsModel.numCols !== z.cols || mpsModel.numRows !== z.rows) {
      throw new Error(`${spec.name}: MPS read back as ${mpsModel.numCols} cols / ${mpsModel.numRows} rows, built ${z.cols} / ${z.rows}`);
    }
    console.log(`\n${spec.name}: ${z.cols} cols, ${z.ints} ints, ${z.rows} rows, ${z.nonzeros} nz (built in ${built.buildSeconds.toFixed(1)} s)`);
    const runs: SolverRun[] = [];
    for (const solver of solvers) {
      const run =
        solver === 'cbc' && cbcSkip !== null
          ? skippedRun('cbc', cbcSkip)
          : await runOne(solver, { path, mpsModel, nnModel: built.model, timeLimit, cbcOut, gap, params });
      runs.push(run);
      const c = tableCells({ instance: spec.name, size: z, run });
      console.log(`  ${solver.padEnd(10)} ${run.status.padEnd(11)} obj ${c[4]}  bound ${c[5]}  gap ${c[6]}  ${c[9]} s  ${c[10]} nodes${run.note ? `  (${run.note})` : ''}`);
    }
    const { best, conflicts } = reconcile(mpsModel.sense, runs);
    for (const c of conflicts) console.log(`  CONFLICT: ${c}`);
    report.instances.push({
      name: spec.name, tags: spec.tags, options: spec.options, size: z, mps: relative(ROOT, path), buildSeconds: built.buildSeconds,
      tightening: built.tightening, sense: mpsModel.sense, bestObjective: best, conflicts, runs,
    });
    // keep what we have on disk even if a later instance crashes
    await writeFile(`${base}.json`, JSON.stringify(report, jsonReplacer, 2) + '\n');
  }
  await writeFile(`${base}.json`, JSON.stringify(report, jsonReplacer, 2) + '\n');
  await writeFile(`${base}.svg`, reportSvg(report));
  printReport(report);
  console.log(`\nresults: ${relative(process.cwd(), base)}.json, ${relative(process.cwd(), base)}.svg`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runScript(main);
}
