import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCbcLog } from '../../benchmarks/lib/cbc-log.js';
import { HighsRootTracker } from '../../benchmarks/lib/highs-runner.js';
import {
  checkRun, formatMiplibSummary, formatMiplibTable, formatWrongAnswers, judgeInstance, optimaFile, parseOptimaReadme, readOptimaFile, rootGapClosed,
  summarizeMiplib, TOL_CATALOGUE, TOL_PROVED, type MiplibInstance,
} from '../../benchmarks/lib/miplib.js';
import { closeRoot, relativeGap, type RootBound, type SolverRun } from '../../benchmarks/lib/solver-run.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

function run(solver: SolverRun['solver'], status: string, objective: number | null, bound: number | null, extra: Partial<SolverRun> = {}): SolverRun {
  return {
    solver, status, objective, bound, gap: relativeGap(objective, bound), seconds: status === 'optimal' ? 1 : 60,
    timeToOptimal: null, timeToBest: null, nodes: 10, trace: [], ...extra,
  };
}

const root = (bound: number | null, complete = true): RootBound => ({ lp: null, bound, seconds: null, complete, source: 'test' });

describe('known optima from the README table', () => {
  const readme = [
    '# set',
    '',
    '| instance | rows | cols | int | optimum | highs-js 30 s |',
    '| --- | --- | --- | --- | --- | --- |',
    '| a1 | 10 | 20 | 5 | -305.198175 | 1.8 s |',
    '| b2 | 1 | 2 | 2 | 65.6667 | limit |',
    '',
    'text after the table',
  ].join('\n');

  it('parses names, sizes, optima, the highs-js time and the tolerance it implies', () => {
    expect(parseOptimaReadme(readme)).toEqual([
      { name: 'a1', rows: 10, cols: 20, ints: 5, optimum: -305.198175, highsJs30s: 1.8, tolerance: TOL_PROVED },
      { name: 'b2', rows: 1, cols: 2, ints: 2, optimum: 65.6667, highsJs30s: null, tolerance: TOL_CATALOGUE },
    ]);
  });

  it('rejects a malformed table with the line it is on', () => {
    expect(() => parseOptimaReadme('no table here')).toThrow(/no table/);
    expect(() => parseOptimaReadme(readme.replace('| int |', '| ints |'))).toThrow(/line 3: expected the columns/);
    expect(() => parseOptimaReadme(readme.replace('| 1.8 s |', '| 1.8 s | x |'))).toThrow(/line 5: expected 6 cells/);
    expect(() => parseOptimaReadme(readme.replace('| limit |', '| soon |'))).toThrow(/line 6: highs-js time/);
    expect(() => parseOptimaReadme(readme.replace('| 65.6667 |', '| n/a |'))).toThrow(/line 6: optimum must be a number/);
    expect(() => parseOptimaReadme(readme.replace('| b2 |', '| a1 |'))).toThrow(/line 6: instance a1 listed twice/);
    expect(() => parseOptimaReadme(readme.replace('| 10 |', '| 1e1 |'))).toThrow(/rows must be a whole number/);
  });

  it('benchmarks/miplib3/optima.json is the README table, and every instance file is there', () => {
    const dir = join(ROOT, 'benchmarks/miplib3');
    const parsed = parseOptimaReadme(readFileSync(join(dir, 'README.md'), 'utf8'));
    const json: unknown = JSON.parse(readFileSync(join(dir, 'optima.json'), 'utf8'));
    expect(json).toEqual(optimaFile(parsed));
    const entries = readOptimaFile(json);
    expect(entries).toHaveLength(39);
    expect(entries.filter((e) => e.highsJs30s !== null)).toHaveLength(29);
    for (const e of entries) expect(existsSync(join(dir, `${e.name}.mps.gz`)), e.name).toBe(true);
    expect(() => readOptimaFile({ instances: [{ name: 'x', rows: 1 }] })).toThrow(/entry 0 \(x\) is malformed: cols/);
  });
});

describe('root gap closed', () => {
  it('is (z_root - z_LP) / (z* - z_LP) in either sense, null without a gap or a root bound', () => {
    expect(rootGapClosed(100, 100, 110)).toBe(0);
    expect(rootGapClosed(100, 105, 110)).toBeCloseTo(0.5, 12);
    expect(rootGapClosed(100, 110, 110)).toBe(1);
    expect(rootGapClosed(-50, -52.5, -60)).toBeCloseTo(0.25, 12); // maximisation: z_LP above z*
    expect(rootGapClosed(7, 7, 7)).toBeNull();
    expect(rootGapClosed(0, 0, 1e-12)).toBeNull();
    expect(rootGapClosed(100, null, 110)).toBeNull();
    expect(rootGapClosed(null, 105, 110)).toBeNull();
  });
});

describe('check against the known optimum', () => {
  const proved = { optimum: 1000, tolerance: TOL_PROVED }; // absolute 1e-3
  const catalogue = { optimum: 1000, tolerance: TOL_CATALOGUE }; // absolute 1e-2

  it('a claimed optimum must equal z* within the tolerance of the value', () => {
    expect(checkRun(run('mipnet', 'optimal', 1000.0009, 1000.0009), proved, 'minimize').wrong).toEqual([]);
    expect(checkRun(run('mipnet', 'optimal', 1000.002, 1000.002), proved, 'minimize').wrong).toEqual([
      'claims optimal 1000.002 but the known optimum is 1000 (tolerance 0.000001)',
      'bound 1000.002 cuts off the known optimum 1000',
    ]);
    expect(checkRun(run('mipnet', 'optimal', 1000.009, 1000), catalogue, 'minimize').wrong).toEqual([]);
    expect(checkRun(run('highs', 'optimal', null, 1000), catalogue, 'minimize').wrong).toEqual(['claims optimal without a solution']);
    // z* = 0: the tolerance is relative to max(1, |z*|)
    expect(checkRun(run('mipnet', 'optimal', 5e-7, 0), { optimum: 0, tolerance: TOL_PROVED }, 'minimize').wrong).toEqual([]);
    expect(checkRun(run('mipnet', 'optimal', 2e-6, 0), { optimum: 0, tolerance: TOL_PROVED }, 'minimize').wrong).toHaveLength(1);
  });

  it('an incumbent better than z*, a bound beyond it, a root bound beyond it and "infeasible" are wrong', () => {
    const unsolved = checkRun(run('mipnet', 'time-limit', 990, 900, { root: { lp: 1000.5, bound: 1001, seconds: 1, complete: true, source: 't' } }), proved, 'minimize');
    expect(unsolved.wrong).toEqual([
      'incumbent 990 is better than the known optimum 1000',
      'root LP bound 1000.5 cuts off the known optimum 1000',
      'root bound 1001 cuts off the known optimum 1000',
    ]);
    expect(checkRun(run('cbc', 'time-limit', 1010, 1000.0005), proved, 'minimize').wrong).toEqual([]);
    expect(checkRun(run('cbc', 'infeasible', null, null), proved, 'minimize').wrong).toEqual(['claims infeasible but the known optimum is 1000']);
    // maximisation: bounds from above, incumbents from below
    expect(checkRun(run('highs', 'time-limit', 990, 1100), proved, 'maximize').wrong).toEqual([]);
    expect(checkRun(run('highs', 'time-limit', 1010, 999), proved, 'maximize').wrong).toEqual([
      'incumbent 1010 is better than the known optimum 1000',
      'bound 999 cuts off the known optimum 1000',
    ]);
  });

  it('an infeasible incumbent is wrong, but only a warning for CBC (rounded solution file); failed runs are warnings', () => {
    const check = { objective: 1000, maxViolation: 0.02, maxIntegrality: 0, feasible: false };
    expect(checkRun(run('mipnet', 'optimal', 1000, 1000, { check }), proved, 'minimize').wrong).toEqual(['incumbent violates the model by 2.00e-2 (integrality 0.00e+0)']);
    const c = checkRun(run('cbc', 'optimal', 1000, 1000, { check }), proved, 'minimize');
    expect(c.wrong).toEqual([]);
    expect(c.warnings[0]).toContain('solution file');
    const e = checkRun(run('highs', 'error', null, null, { note: 'boom' }), proved, 'minimize');
    expect(e).toEqual({ solver: 'highs', wrong: [], warnings: ['run failed: boom'] });
    expect(checkRun(run('cbc', 'skipped', null, null), proved, 'minimize')).toEqual({ solver: 'cbc', wrong: [], warnings: [] });
  });
});

function instance(name: string, optimum: number, zLp: number | null, runs: SolverRun[], highsJs30s: number | null = 1): MiplibInstance {
  return judgeInstance({
    name, rows: 1, cols: 1, ints: 1, optimum, highsJs30s, tolerance: highsJs30s === null ? TOL_CATALOGUE : TOL_PROVED, sense: 'minimize',
    mps: `${name}.mps.gz`, zLp, zLpStatus: zLp === null ? 'time limit' : 'optimal', runs, problems: [], verdicts: [],
  });
}

describe('summary and targets', () => {
  const limit = 30;
  const solved = (solver: SolverRun['solver'], z: number, seconds: number, rootBound: number | null): SolverRun =>
    run(solver, 'optimal', z, z, { seconds, root: root(rootBound) });
  const open = (solver: SolverRun['solver'], obj: number | null, bound: number, rootBound: number | null): SolverRun =>
    run(solver, 'time-limit', obj, bound, { seconds: 30.4, root: root(rootBound) });
  const set = [
    // both solve; mipnet's root closes 50%, highs-js's 40%
    instance('a', 10, 0, [solved('mipnet', 10, 0, 5), solved('highs', 10, 30, 4), open('cbc', 12, 8, 3)]),
    // highs-js solves, mipnet does not (a miss); roots 10% vs 90%
    instance('b', 10, 0, [open('mipnet', 11, 9, 1), solved('highs', 10, 0, 9), solved('cbc', 10, 5, 10)]),
    // neither solves; no integrality gap (not counted for the roots); CBC claims a wrong optimum
    instance('c', 5, 5, [open('mipnet', 6, 5, 5), open('highs', null, 5, 5), solved('cbc', 6, 1, 4)], null),
    // highs-js did not finish its root: mipnet's root counts as at least as good
    instance('d', 2, 1, [open('mipnet', 3, 1.5, 1.5), open('highs', 3, 1.2, null), run('cbc', 'skipped', null, null)], null),
  ];

  it('counts solved runs, means with shift 10 s (unsolved at the limit), the four targets', () => {
    const s = summarizeMiplib(set, limit, ['mipnet', 'highs', 'cbc']);
    expect(s.highsSolved).toEqual(['a', 'b']);
    const by = Object.fromEntries(s.solvers.map((x) => [x.solver, x]));
    expect([by.mipnet!.solved, by.highs!.solved, by.cbc!.solved]).toEqual([1, 2, 1]); // CBC's wrong optimum on c is not solved
    expect([by.mipnet!.runs, by.cbc!.runs]).toEqual([4, 3]);
    // mipnet over a, b: times 0 and 30 (at the limit) -> sqrt(10 * 40) - 10 = 10; highs-js: 30 and 0 -> 10 too
    expect(by.mipnet!.sgmHighsSet).toBeCloseTo(10, 12);
    expect(by.highs!.sgmHighsSet).toBeCloseTo(10, 12);
    // mipnet over all four: 0, 30, 30, 30 -> (10 * 40^3)^(1/4) - 10
    expect(by.mipnet!.sgmAll).toBeCloseTo(Math.pow(10 * 40 ** 3, 0.25) - 10, 12);
    expect(by.cbc!.wrong).toBe(2);
    expect(s.targetA).toEqual({ misses: ['b'], met: false });
    expect(s.targetB!.met).toBe(true); // 10 <= 10
    expect(s.targetC!.noGap).toEqual(['c']);
    expect(s.targetC!.rows.map((r) => [r.instance, r.ok])).toEqual([['a', true], ['b', false], ['d', true]]);
    expect(s.targetC!.rows[1]!.mipnet).toBeCloseTo(0.1, 12);
    expect(s.targetC!.met).toBe(false); // 2 of 3 < 3/4
    expect(s.targetD.met).toBe(true); // the wrong answer is CBC's
    expect(s.targetD.wrong).toEqual([
      { instance: 'c', solver: 'cbc', what: 'claims optimal 6 but the known optimum is 5 (tolerance 0.00001)' },
      { instance: 'c', solver: 'cbc', what: 'bound 6 cuts off the known optimum 5' },
    ]);
  });

  it('prints the targets with what misses them, the table marks wrong answers, the loud block lists them', () => {
    const s = summarizeMiplib(set, limit, ['mipnet', 'highs', 'cbc']);
    const text = formatMiplibSummary(s);
    expect(text).toContain('solved within 30 s: mipnet 1/4, highs 2/4, cbc 1/3');
    expect(text).toContain('(a) every instance highs-js solves within the limit, mipnet solves: MISSED (1 of 2)');
    expect(text).toContain('misses: b');
    expect(text).toContain("(b) mipnet's SGM <= highs-js's on those instances: 10.00 s vs 10.00 s: met");
    expect(text).toContain('(c) root gap closed >= highs-js\'s on >= 3/4 of the instances: 2 of 3 (67%): MISSED');
    expect(text).toContain('b: mipnet 10.0% vs highs-js 90.0%');
    expect(text).toContain('not counted (z_LP = z*, no gap to close): c');
    expect(text).toContain('(d) no wrong answer from mipnet (or in reading a model): met; wrong answers of all solvers: 2');
    const table = formatMiplibTable(set).split('\n');
    expect(table).toHaveLength(2 + 12);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(table.find((l) => l.includes('| c ') && l.includes('| cbc '))).toMatch(/\| no gap \| +WRONG \|$/);
    expect(table.find((l) => l.includes('| a ') && l.includes('| mipnet '))).toMatch(/\| +50\.0% \| +ok \|$/);
    expect(formatWrongAnswers([])).toBe('');
    expect(formatWrongAnswers(s.targetD.wrong)).toContain('!!! WRONG c / cbc: claims optimal 6');
    // an instance-level problem (z_LP beyond z*) is a wrong answer of the model reading, so (d) fails
    const bad = instance('e', 10, 11, [solved('mipnet', 10, 1, 10), solved('highs', 10, 1, 10)]);
    expect(bad.problems[0]).toContain('LP relaxation 11 of the model as read cuts off the known optimum 10');
    expect(summarizeMiplib([bad], limit, ['mipnet', 'highs']).targetD.met).toBe(false);
  });

  it('targets (a)-(c) need both mipnet and highs-js', () => {
    const s = summarizeMiplib(set, limit, ['mipnet', 'cbc']);
    expect([s.targetA, s.targetB, s.targetC]).toEqual([null, null, null]);
    expect(formatMiplibSummary(s)).toContain('(a)-(c) need both mipnet and highs in --solvers');
  });
});

describe('root bounds of the runners', () => {
  it('closeRoot: a run decided within one node was decided at the root', () => {
    const r = root(5, false);
    expect(closeRoot(r, { status: 'optimal', nodes: 1, bound: 7, seconds: 2 })).toEqual({ ...r, bound: 7, seconds: 2, complete: true });
    expect(closeRoot(r, { status: 'optimal', nodes: 2, bound: 7, seconds: 2 })).toBe(r);
    expect(closeRoot(r, { status: 'time-limit', nodes: 0, bound: 7, seconds: 2 })).toBe(r);
  });

  it('HiGHS: root LP after the first LP iterations, root bound the last at 0 nodes, ended by the first node', () => {
    const t = new HighsRootTracker();
    t.see({ running_time: 0.1, mip_node_count: 0n, mip_dual_bound: -Infinity });
    t.see({ running_time: 0.1, mip_node_count: 0n, mip_dual_bound: 0, mip_total_lp_iterations: 0n }); // trivial bound before the LP
    t.see({ running_time: 0.2, mip_node_count: 0n, mip_dual_bound: 290.9, mip_total_lp_iterations: 10n });
    t.see({ running_time: 0.9, mip_node_count: 0n, mip_dual_bound: 304.8, mip_total_lp_iterations: 900n });
    t.see({ running_time: 1.0, mip_node_count: 3n, mip_dual_bound: 306, mip_total_lp_iterations: 990n });
    const r = t.finish('optimal', 9, 307, 2);
    expect([r.lp, r.bound, r.seconds, r.complete]).toEqual([290.9, 304.8, 0.9, true]);
    const stopped = new HighsRootTracker();
    stopped.see({ running_time: 0.2, mip_node_count: 0n, mip_dual_bound: 12, mip_total_lp_iterations: 5n });
    expect(stopped.finish('time-limit', 0, 12, 30).complete).toBe(false);
    expect(stopped.finish('optimal', 1, 13, 0.5)).toMatchObject({ bound: 13, complete: true });
  });

  it('CBC: root LP and root bound from Cbc0013I, in the model sense', () => {
    const max = parseCbcLog(readFileSync(join(FIXTURES, 'cbc-max.log.txt'), 'utf8'), 'maximize');
    expect(max.rootCuts).toEqual({ from: 197.34721, to: 196.60345 });
    const opt = parseCbcLog(readFileSync(join(FIXTURES, 'cbc-optimal.log.txt'), 'utf8'));
    expect(opt.rootCuts).toEqual({ from: 0, to: 0 });
    const two = parseCbcLog(
      ['Cbc0013I At root node, 4 cuts changed objective from 10 to 12.5 in 3 passes', 'Cbc0013I At root node, 1 cuts changed objective from 12 to 13 in 2 passes'].join('\n'),
    );
    expect(two.rootCuts).toEqual({ from: 10, to: 13 });
    expect(parseCbcLog('Result - Optimal solution found').rootCuts).toBeNull();
  });
});

function runScript(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', 'benchmarks/miplib.ts', ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      resolvePromise({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
  });
}

describe('benchmarks/miplib.ts end to end (p0033, 5 s, mipnet and highs-js)', () => {
  it('runs, checks, saves a report that --report re-prints; a report contradicting z* exits 3', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mipnet-miplib-'));
    const r = await runScript(['--instances', 'p0033', '--solvers', 'mipnet,highs', '--time-limit', '5', '--warmup', '0', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| p0033 +\| 3089 \| mipnet \| optimal \|/);
    expect(r.stdout).toMatch(/\| p0033 +\| 3089 \| highs +\| optimal \|/);
    expect(r.stdout).toContain('solved within 5 s: mipnet 1/1, highs 1/1');
    expect(r.stdout).not.toContain('WRONG');
    const file = /results: (\S+\.json)/.exec(r.stdout)![1]!;
    const saved = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { instances: MiplibInstance[] };
    const inst = saved.instances[0]!;
    expect(inst.zLp).toBeCloseTo(2520.5717391304347, 6);
    for (const x of inst.runs) {
      expect(x.objective).toBeCloseTo(3089, 6);
      expect(x.root?.complete).toBe(true);
      expect(x.root!.bound!).toBeGreaterThanOrEqual(inst.zLp! - 1e-6);
      expect(x.root!.bound!).toBeLessThanOrEqual(3089 + 1e-6);
    }
    expect(existsSync(join(out, 'tmp/highs/p0033.highs.log'))).toBe(true);

    const again = await runScript(['--report', join(ROOT, file)]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('solved within 5 s: mipnet 1/1, highs 1/1');

    inst.optimum = 3000; // as if the catalogue said 3000: every run's figures now contradict it
    const tampered = join(out, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(saved));
    const wrong = await runScript(['--report', tampered]);
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toContain('!!! WRONG p0033 / mipnet: claims optimal 3089 but the known optimum is 3000');
  }, 60_000);
});

describe('miplib --mipnet-param', () => {
  it('parses key=value lists into engine parameters and refuses malformed items', async () => {
    const { parseParams } = await import('../../benchmarks/lib/script-cli.js');
    expect(parseParams(undefined)).toBeUndefined();
    expect(parseParams('cuts/enabled=false,cuts/root-rounds=5,search/branching=x')).toEqual({ 'cuts/enabled': false, 'cuts/root-rounds': 5, 'search/branching': 'x' });
    expect(() => parseParams('cuts/enabled')).toThrow(/expected key=value, got "cuts\/enabled"/);
  });

  it('runMipnet passes the parameters to the engine and records the cuts applied', async () => {
    const { runMipnet } = await import('../../benchmarks/lib/mipnet-runner.js');
    const { generate } = await import('../../src/gen/index.js');
    const m = generate('multi-knapsack', 3, 25);
    const on = await runMipnet('mipnet', m, 20);
    const off = await runMipnet('mipnet', m, 20, { params: { 'cuts/enabled': false } });
    expect(on.plugins!.some((p) => p.name.startsWith('separator/') && (p.cutsApplied ?? 0) > 0)).toBe(true);
    expect(off.plugins!.some((p) => p.name.startsWith('separator/'))).toBe(false);
    expect(off.objective).toBeCloseTo(on.objective!, 6);
  });
});
