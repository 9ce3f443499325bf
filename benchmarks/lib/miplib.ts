/**
 * The MIPLIB 3 benchmark's pure parts (benchmarks/miplib.ts runs the solvers): the known optima
 * (parsed from benchmarks/miplib3/README.md into optima.json), the root gap closed, the check of
 * every reported figure against the known optimum, the summary with the targets of issue 11, and
 * the table.
 */
import { shiftedGeometricMean } from './targets.js';
import type { SolverRun } from './solver-run.js';
import { fmtNum, fmtPct, fmtRate, fmtSec, pipeTable } from './table.js';

/** Relative tolerance against an optimum highs-js proved (the README's time column). */
export const TOL_PROVED = 1e-6;
/** Relative tolerance against the catalogue's rounded value (instances highs-js did not solve). */
export const TOL_CATALOGUE = 1e-5;
/** Shift of the shifted geometric mean of times, seconds. */
export const SGM_SHIFT = 10;
/** Share of instances on which mipnet's root gap closed must reach highs-js's (target c). */
export const ROOT_TARGET_SHARE = 3 / 4;

/** One instance of the set with its known optimum. */
export interface KnownOptimum {
  name: string;
  rows: number;
  cols: number;
  ints: number;
  /** best known integer objective (MIPLIB 3 catalogue; all proven optimal) */
  optimum: number;
  /** seconds highs-js needed to prove it in the README's one-off 30 s measurement; null: it hit the limit */
  highsJs30s: number | null;
  /** relative tolerance of the comparison: TOL_PROVED where highs-js proved the value, else TOL_CATALOGUE */
  tolerance: number;
}

/** The content of benchmarks/miplib3/optima.json. */
export interface OptimaFile {
  '//': string;
  source: string;
  tolerances: { provedByHighsJs: number; catalogue: number };
  instances: KnownOptimum[];
}

const README_HEADER = ['instance', 'rows', 'cols', 'int', 'optimum', 'highs-js 30 s'];

function tableCells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/**
 * The known optima from the README's table `| instance | rows | cols | int | optimum | highs-js 30 s |`
 * (time column: "6.1 s" = highs-js proved it in 6.1 s, "limit" = it did not). Throws an error
 * naming the line for anything else.
 */
export function parseOptimaReadme(text: string): KnownOptimum[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*\|\s*instance\s*\|/.test(l));
  if (start < 0) throw new Error('optima README: no table with a "| instance |" header');
  const header = tableCells(lines[start]!);
  if (header.join('|') !== README_HEADER.join('|')) {
    throw new Error(`optima README line ${start + 1}: expected the columns ${README_HEADER.join(', ')}, got ${header.join(', ')}`);
  }
  if (!/^\s*\|[\s|:-]+\|\s*$/.test(lines[start + 1] ?? '')) throw new Error(`optima README line ${start + 2}: expected the table's separator row`);
  const out: KnownOptimum[] = [];
  const seen = new Set<string>();
  for (let i = start + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const where = `optima README line ${i + 1}`;
    const c = tableCells(lines[i]!);
    if (c.length !== README_HEADER.length) throw new Error(`${where}: expected ${README_HEADER.length} cells, got ${c.length}`);
    const [name, rows, cols, ints, optimum, time] = c as [string, string, string, string, string, string];
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`${where}: bad instance name "${name}"`);
    if (seen.has(name)) throw new Error(`${where}: instance ${name} listed twice`);
    seen.add(name);
    const count = (label: string, s: string): number => {
      if (!/^\d+$/.test(s)) throw new Error(`${where}: ${label} must be a whole number, got "${s}"`);
      return Number(s);
    };
    const value = Number(optimum);
    if (optimum === '' || !Number.isFinite(value)) throw new Error(`${where}: optimum must be a number, got "${optimum}"`);
    let highsJs30s: number | null = null;
    if (time !== 'limit') {
      const m = /^(\d+(?:\.\d+)?)\s*s$/.exec(time);
      if (!m) throw new Error(`${where}: highs-js time must be "<seconds> s" or "limit", got "${time}"`);
      highsJs30s = Number(m[1]);
    }
    out.push({
      name, rows: count('rows', rows), cols: count('cols', cols), ints: count('int', ints), optimum: value, highsJs30s,
      tolerance: highsJs30s === null ? TOL_CATALOGUE : TOL_PROVED,
    });
  }
  if (out.length === 0) throw new Error('optima README: the table has no rows');
  return out;
}

/** optima.json from the parsed README. */
export function optimaFile(instances: KnownOptimum[]): OptimaFile {
  return {
    '//': 'Built from README.md by `npx tsx benchmarks/miplib.ts --write-optima`; edit the README, not this file.',
    source: 'MIPLIB 3 catalogue (Bixby, Ceria, McZeal, Savelsbergh, 1998), instances from COIN-OR Data-miplib3; highsJs30s: one highs-js 1.15.3 run, 30 s, 1 thread',
    tolerances: { provedByHighsJs: TOL_PROVED, catalogue: TOL_CATALOGUE },
    instances,
  };
}

/** Reads optima.json's content, checking its shape (an error names what is wrong). */
export function readOptimaFile(json: unknown): KnownOptimum[] {
  const list = (json as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(list) || list.length === 0) throw new Error('optima.json: no "instances" list');
  return list.map((e: Partial<KnownOptimum>, k) => {
    const bad = (['rows', 'cols', 'ints', 'optimum', 'tolerance'] as const).filter((f) => typeof e[f] !== 'number' || !Number.isFinite(e[f]));
    if (typeof e.name !== 'string' || bad.length > 0 || (e.highsJs30s !== null && typeof e.highsJs30s !== 'number')) {
      throw new Error(`optima.json: entry ${k} (${String(e.name)}) is malformed${bad.length > 0 ? `: ${bad.join(', ')}` : ''}`);
    }
    return e as KnownOptimum;
  });
}

/** Whether z* and z_LP differ, i.e. there is an integrality gap for a root to close. */
export function hasIntegralityGap(zLp: number | null, zStar: number): boolean {
  return zLp !== null && Math.abs(zStar - zLp) > 1e-9 * Math.max(1, Math.abs(zStar));
}

/**
 * Root gap closed (z_root − z_LP) / (z* − z_LP): 0 = the root did not improve on the LP
 * relaxation, 1 = it proved the optimum. Same formula in both senses. Null without a root bound
 * or an LP bound, or when there is no integrality gap (z* = z_LP).
 */
export function rootGapClosed(zLp: number | null, zRoot: number | null, zStar: number): number | null {
  if (zLp === null || zRoot === null || !Number.isFinite(zRoot) || !hasIntegralityGap(zLp, zStar)) return null;
  return (zRoot - zLp) / (zStar - zLp);
}

/** The result of checking one run against the known optimum. */
export interface Verdict {
  solver: string;
  /** wrong answers: a figure that contradicts the known optimum, an infeasible incumbent */
  wrong: string[];
  /** remarks that are not wrong answers (a failed run, a CBC solution file off by its printed digits) */
  warnings: string[];
}

interface Known {
  optimum: number;
  tolerance: number;
}

/** The absolute tolerance: relative `tolerance` of max(1, |z*|). */
export function absTolerance(k: Known): number {
  return k.tolerance * Math.max(1, Math.abs(k.optimum));
}

/** True when `bound` is beyond z* (above it when minimising): it cuts off the optimum. */
function cutsOff(bound: number, k: Known, sense: 'minimize' | 'maximize'): boolean {
  const t = absTolerance(k);
  return sense === 'minimize' ? bound > k.optimum + t : bound < k.optimum - t;
}

const NO_SOLUTION = new Set(['infeasible', 'unbounded', 'infeasible-or-unbounded']);

/**
 * Checks every figure a run reports against the known optimum z*, with the instance's relative
 * tolerance (of max(1, |z*|)): a claimed optimum must equal z*; no incumbent may be better than z*
 * (it cannot be feasible); no bound (final, root LP, root) may cut z* off; an instance with an
 * optimum is neither infeasible nor unbounded; an incumbent must pass the re-evaluation on the
 * model — except CBC's, whose solution file prints 8 significant digits (a warning then).
 */
export function checkRun(run: SolverRun, k: Known, sense: 'minimize' | 'maximize'): Verdict {
  const v: Verdict = { solver: run.solver, wrong: [], warnings: [] };
  if (run.status === 'skipped') return v;
  if (run.status === 'error') {
    v.warnings.push(`run failed: ${run.note ?? 'error'}`);
    return v;
  }
  const z = String(k.optimum);
  if (NO_SOLUTION.has(run.status)) v.wrong.push(`claims ${run.status} but the known optimum is ${z}`);
  const t = absTolerance(k);
  const obj = run.objective;
  if (obj !== null && (sense === 'minimize' ? obj < k.optimum - t : obj > k.optimum + t)) {
    v.wrong.push(`incumbent ${String(obj)} is better than the known optimum ${z}`);
  } else if (run.status === 'optimal') {
    if (obj === null) v.wrong.push('claims optimal without a solution');
    else if (Math.abs(obj - k.optimum) > t) v.wrong.push(`claims optimal ${String(obj)} but the known optimum is ${z} (tolerance ${k.tolerance})`);
  }
  if (run.bound !== null && cutsOff(run.bound, k, sense)) v.wrong.push(`bound ${String(run.bound)} cuts off the known optimum ${z}`);
  if (run.root?.lp != null && cutsOff(run.root.lp, k, sense)) v.wrong.push(`root LP bound ${String(run.root.lp)} cuts off the known optimum ${z}`);
  if (run.root?.bound != null && cutsOff(run.root.bound, k, sense)) v.wrong.push(`root bound ${String(run.root.bound)} cuts off the known optimum ${z}`);
  if (run.check !== undefined && !run.check.feasible) {
    const what = `incumbent violates the model by ${run.check.maxViolation.toExponential(2)} (integrality ${run.check.maxIntegrality.toExponential(2)})`;
    if (run.solver === 'cbc') v.warnings.push(`${what}, as read back from its solution file (8 significant digits)`);
    else v.wrong.push(what);
  }
  return v;
}

/** One instance of a MIPLIB run (as saved in the report). */
export interface MiplibInstance extends KnownOptimum {
  sense: 'minimize' | 'maximize';
  /** the instance file, relative to the project root */
  mps: string;
  /** LP relaxation of the model as read, solved with HiGHS (lpRelaxation); null when not optimal */
  zLp: number | null;
  zLpStatus: string;
  runs: SolverRun[];
  /** problems of the instance itself (sizes read back, z_LP beyond z*) */
  problems: string[];
  /** checkRun of every run */
  verdicts: Verdict[];
}

/** Instance-level checks: the LP relaxation, being a bound, must not cut off z* either. */
export function checkInstance(inst: Pick<MiplibInstance, 'zLp' | 'optimum' | 'tolerance' | 'sense'>): string[] {
  if (inst.zLp !== null && cutsOff(inst.zLp, inst, inst.sense)) {
    return [`LP relaxation ${String(inst.zLp)} of the model as read cuts off the known optimum ${String(inst.optimum)} (model read wrongly?)`];
  }
  return [];
}

/** Recomputes problems and verdicts of an instance from its data (also for a saved report). */
export function judgeInstance(inst: MiplibInstance): MiplibInstance {
  return { ...inst, problems: checkInstance(inst), verdicts: inst.runs.map((r) => checkRun(r, inst, inst.sense)) };
}

function verdictOf(inst: MiplibInstance, solver: string): Verdict | undefined {
  return inst.verdicts.find((v) => v.solver === solver);
}

/** Solved: proven optimal (within the limit: a run stops at it) and not a wrong answer. */
export function isSolved(inst: MiplibInstance, run: SolverRun): boolean {
  return run.status === 'optimal' && (verdictOf(inst, run.solver)?.wrong.length ?? 0) === 0;
}

/** The time a run counts with in the means: its seconds when solved (at most the limit), else the limit. */
export function countedSeconds(inst: MiplibInstance, run: SolverRun, timeLimit: number): number {
  return isSolved(inst, run) ? Math.min(run.seconds, timeLimit) : timeLimit;
}

function runOf(inst: MiplibInstance, solver: string): SolverRun | undefined {
  const r = inst.runs.find((x) => x.solver === solver);
  return r === undefined || r.status === 'skipped' ? undefined : r;
}

export interface SolverSummary {
  solver: string;
  /** instances it ran on (skipped runs not counted) */
  runs: number;
  solved: number;
  /** shifted geometric mean of counted seconds over every instance it ran on */
  sgmAll: number | null;
  /** the same over the instances highs-js solved in this run */
  sgmHighsSet: number | null;
  wrong: number;
}

export interface RootRow {
  instance: string;
  mipnet: number | null;
  highs: number | null;
  ok: boolean;
}

export interface WrongAnswer {
  instance: string;
  /** solver, or "model" for an instance-level problem */
  solver: string;
  what: string;
}

export interface MiplibSummary {
  timeLimit: number;
  instances: number;
  solvers: SolverSummary[];
  /** instances highs-js solved in this run (the set of targets a and b) */
  highsSolved: string[];
  /** (a) instances of highsSolved that mipnet did not solve; null when mipnet or highs did not run */
  targetA: { misses: string[]; met: boolean } | null;
  /** (b) mipnet's SGM over highsSolved vs highs-js's */
  targetB: { mipnet: number | null; highs: number | null; met: boolean } | null;
  /** (c) root gap closed: instances with an integrality gap and both runs; `noGap` lists those without one */
  targetC: { rows: RootRow[]; ok: number; met: boolean; noGap: string[] } | null;
  /** (d) wrong answers: every solver's, and the instances' own problems; met when none is mipnet's or the model's */
  targetD: { wrong: WrongAnswer[]; met: boolean };
  warnings: WrongAnswer[];
}

/** The summary and the targets of issue 11, from judged instances (judgeInstance). */
export function summarizeMiplib(instances: readonly MiplibInstance[], timeLimit: number, solverOrder: readonly string[]): MiplibSummary {
  const highsSolved = instances.filter((i) => {
    const h = runOf(i, 'highs');
    return h !== undefined && isSolved(i, h);
  });
  const sgm = (set: readonly MiplibInstance[], solver: string): number | null => {
    const times = set.flatMap((i) => {
      const r = runOf(i, solver);
      return r === undefined ? [] : [countedSeconds(i, r, timeLimit)];
    });
    return shiftedGeometricMean(times, SGM_SHIFT);
  };
  const wrong: WrongAnswer[] = [];
  const warnings: WrongAnswer[] = [];
  for (const i of instances) {
    for (const p of i.problems) wrong.push({ instance: i.name, solver: 'model', what: p });
    for (const v of i.verdicts) {
      for (const w of v.wrong) wrong.push({ instance: i.name, solver: v.solver, what: w });
      for (const w of v.warnings) warnings.push({ instance: i.name, solver: v.solver, what: w });
    }
  }
  const solvers: SolverSummary[] = solverOrder.map((solver) => {
    const ran = instances.filter((i) => runOf(i, solver) !== undefined);
    return {
      solver,
      runs: ran.length,
      solved: ran.filter((i) => isSolved(i, runOf(i, solver)!)).length,
      sgmAll: sgm(ran, solver),
      sgmHighsSet: sgm(highsSolved, solver),
      wrong: wrong.filter((w) => w.solver === solver).length,
    };
  });
  const both = solverOrder.includes('mipnet') && solverOrder.includes('highs');
  let targetA: MiplibSummary['targetA'] = null;
  let targetB: MiplibSummary['targetB'] = null;
  let targetC: MiplibSummary['targetC'] = null;
  if (both) {
    const misses = highsSolved.filter((i) => {
      const m = runOf(i, 'mipnet');
      return m === undefined || !isSolved(i, m);
    });
    targetA = { misses: misses.map((i) => i.name), met: misses.length === 0 };
    const sm = sgm(highsSolved, 'mipnet');
    const sh = sgm(highsSolved, 'highs');
    targetB = { mipnet: sm, highs: sh, met: sm !== null && sh !== null && sm <= sh };
    const rows: RootRow[] = [];
    const noGap: string[] = [];
    for (const i of instances) {
      const m = runOf(i, 'mipnet');
      const h = runOf(i, 'highs');
      if (m === undefined || h === undefined || i.zLp === null) continue;
      if (!hasIntegralityGap(i.zLp, i.optimum)) {
        noGap.push(i.name);
        continue;
      }
      const cm = rootGapClosed(i.zLp, m.root?.bound ?? null, i.optimum);
      const ch = rootGapClosed(i.zLp, h.root?.bound ?? null, i.optimum);
      rows.push({ instance: i.name, mipnet: cm, highs: ch, ok: cm !== null && (ch === null || cm >= ch - 1e-9) });
    }
    const ok = rows.filter((r) => r.ok).length;
    targetC = { rows, ok, met: rows.length > 0 && ok >= ROOT_TARGET_SHARE * rows.length, noGap };
  }
  const targetD = { wrong, met: !wrong.some((w) => w.solver === 'mipnet' || w.solver === 'model') };
  return { timeLimit, instances: instances.length, solvers, highsSolved: highsSolved.map((i) => i.name), targetA, targetB, targetC, targetD, warnings };
}

const sec = (v: number | null): string => (v === null ? '-' : `${v.toFixed(2)} s`);
const metWord = (met: boolean): string => (met ? 'met' : 'MISSED');

/** The summary as text: solved counts, means, the four targets with what misses them, the warnings. */
export function formatMiplibSummary(s: MiplibSummary): string {
  const out: string[] = [];
  out.push(`solved within ${s.timeLimit} s: ${s.solvers.map((x) => `${x.solver} ${x.solved}/${x.runs}`).join(', ')}`);
  out.push(`shifted geometric mean of time (shift ${SGM_SHIFT} s, unsolved counted at the limit):`);
  out.push(`  all instances:  ${s.solvers.map((x) => `${x.solver} ${sec(x.sgmAll)} (${x.runs})`).join(', ')}`);
  out.push(`  the ${s.highsSolved.length} instances highs-js solves: ${s.solvers.map((x) => `${x.solver} ${sec(x.sgmHighsSet)}`).join(', ')}`);
  out.push('targets (issue 11):');
  if (s.targetA === null || s.targetB === null || s.targetC === null) out.push('  (a)-(c) need both mipnet and highs in --solvers');
  else {
    const a = s.targetA;
    out.push(`  (a) every instance highs-js solves within the limit, mipnet solves: ${metWord(a.met)} (${s.highsSolved.length - a.misses.length} of ${s.highsSolved.length})`);
    if (a.misses.length > 0) out.push(`      misses: ${a.misses.join(', ')}`);
    const b = s.targetB;
    out.push(`  (b) mipnet's SGM <= highs-js's on those instances: ${sec(b.mipnet)} vs ${sec(b.highs)}: ${metWord(b.met)}`);
    const c = s.targetC;
    const share = c.rows.length > 0 ? ` (${Math.round((100 * c.ok) / c.rows.length)}%)` : '';
    out.push(`  (c) root gap closed >= highs-js's on >= 3/4 of the instances: ${c.ok} of ${c.rows.length}${share}: ${metWord(c.met)}`);
    for (const r of c.rows.filter((x) => !x.ok)) out.push(`      ${r.instance}: mipnet ${fmtPct(r.mipnet)} vs highs-js ${fmtPct(r.highs)}`);
    if (c.noGap.length > 0) out.push(`      not counted (z_LP = z*, no gap to close): ${c.noGap.join(', ')}`);
  }
  const d = s.targetD;
  out.push(`  (d) no wrong answer from mipnet (or in reading a model): ${metWord(d.met)}; wrong answers of all solvers: ${d.wrong.length}`);
  for (const w of s.warnings) out.push(`  warning ${w.instance} / ${w.solver}: ${w.what}`);
  return out.join('\n');
}

/** The loud block printed when anything is wrong (empty string when nothing is). */
export function formatWrongAnswers(wrong: readonly WrongAnswer[]): string {
  if (wrong.length === 0) return '';
  const bar = '!'.repeat(72);
  return [bar, `!!! WRONG ANSWERS: ${wrong.length}`, ...wrong.map((w) => `!!! WRONG ${w.instance} / ${w.solver}: ${w.what}`), bar].join('\n');
}

export const MIPLIB_HEADER = ['instance', 'z*', 'solver', 'status', 'objective', 'bound', 'gap', 'time', 'nodes', 'nodes/s', 'z_LP', 'rootLP', 'z_root', 'closed', 'answer'];

/** The cells of one run, in MIPLIB_HEADER order. */
export function miplibCells(inst: MiplibInstance, run: SolverRun): string[] {
  const v = verdictOf(inst, run.solver);
  const answer = run.status === 'skipped' ? '-' : v && v.wrong.length > 0 ? 'WRONG' : v && v.warnings.length > 0 ? 'warn' : 'ok';
  const nps = run.nodes !== null && run.seconds > 0 ? run.nodes / run.seconds : null;
  const root = run.root;
  const zRoot = root?.bound == null ? '-' : `${fmtNum(root.bound)}${root.complete ? '' : '?'}`;
  const closed = !hasIntegralityGap(inst.zLp, inst.optimum) ? (inst.zLp === null ? '-' : 'no gap') : fmtPct(rootGapClosed(inst.zLp, root?.bound ?? null, inst.optimum));
  return [
    inst.name, fmtNum(inst.optimum), run.solver, run.status, fmtNum(run.objective), fmtNum(run.bound), fmtPct(run.gap), fmtSec(run.seconds),
    run.nodes === null ? '-' : String(run.nodes), fmtRate(nps), fmtNum(inst.zLp), fmtNum(root?.lp), zRoot, closed, answer,
  ];
}

/** The table of every run of every instance. */
export function formatMiplibTable(instances: readonly MiplibInstance[]): string {
  return pipeTable(MIPLIB_HEADER, instances.flatMap((i) => i.runs.map((r) => miplibCells(i, r))), 4);
}
