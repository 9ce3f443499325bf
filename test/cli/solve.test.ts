/**
 * End-to-end tests of `mipnet solve`, `mipnet generate`, `mipnet plugins` and `--help`: the compiled
 * CLI is spawned as a child process; exit code, stdout and stderr are checked.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFile, solve } from '../../src/index.js';
import {
  KNAPSACK_LP,
  KNAPSACK_OPTIMUM,
  KNAPSACK_SOLUTION,
  assertCliBuilt,
  field,
  lines,
  makeTempDir,
  removeDir,
  runCli,
  writeFile,
} from './cli-helpers.js';

let dir: string;
let knapsack: string;

beforeAll(() => {
  assertCliBuilt();
  dir = makeTempDir();
  knapsack = writeFile(dir, 'knapsack.lp', KNAPSACK_LP);
});
afterAll(() => removeDir(dir));

describe('mipnet solve', () => {
  it('solves a small LP-format knapsack to its known optimum (exit 0, summary on stdout)', async () => {
    const r = await runCli(['solve', knapsack, '--time-limit', '30']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^status {6}optimal$/m);
    expect(field(r.stdout, 'objective')).toBe(String(KNAPSACK_OPTIMUM));
    expect(field(r.stdout, 'bound')).toBe(String(KNAPSACK_OPTIMUM));
    expect(field(r.stdout, 'gap')).toBe('0.0000%');
    expect(field(r.stdout, 'model')).toMatch(/4 columns \(4 integer\), 1 rows, 4 nonzeros, maximize/);
    // the progress log goes to stderr, never to stdout
    expect(r.stderr).toMatch(/Nodes/);
    expect(r.stdout).not.toMatch(/Nodes\s+Open/);
  });

  it('--quiet turns the progress log off', async () => {
    const r = await runCli(['solve', knapsack, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(field(r.stdout, 'objective')).toBe(String(KNAPSACK_OPTIMUM));
  });

  it('--json prints parseable JSON with status, objective, bound and the solution keyed by column name', async () => {
    const r = await runCli(['solve', knapsack, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      status: string;
      objective: number;
      bound: number;
      solution: Record<string, number>;
      model: { columns: number; sense: string };
      stats: Array<{ name: string; calls: number }>;
    };
    expect(j.status).toBe('optimal');
    expect(j.objective).toBeCloseTo(KNAPSACK_OPTIMUM, 9);
    expect(j.bound).toBeCloseTo(KNAPSACK_OPTIMUM, 9);
    expect(j.model.columns).toBe(4);
    expect(j.model.sense).toBe('maximize');
    expect(Object.keys(j.solution).sort()).toEqual(['x1', 'x2', 'x3', 'x4']);
    for (const [name, v] of Object.entries(KNAPSACK_SOLUTION)) expect(j.solution[name], name).toBeCloseTo(v, 9);
    expect(Array.isArray(j.stats)).toBe(true);
  });

  it('--solution writes one "name value" line per column', async () => {
    const solFile = join(dir, 'knapsack.sol');
    const r = await runCli(['solve', knapsack, '--quiet', '--solution', solFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(solFile)).toBe(true);
    const got = lines(readFileSync(solFile, 'utf8')).map((l) => l.split(/\s+/));
    expect(got).toHaveLength(4);
    const values: Record<string, number> = {};
    for (const parts of got) {
      expect(parts, parts.join(' ')).toHaveLength(2);
      values[parts[0]!] = Number(parts[1]);
    }
    expect(Object.keys(values).sort()).toEqual(['x1', 'x2', 'x3', 'x4']);
    for (const [name, v] of Object.entries(KNAPSACK_SOLUTION)) expect(values[name], name).toBeCloseTo(v, 9);
  });

  it('an infeasible model is an outcome, not an error: exit 0 with status infeasible', async () => {
    const f = writeFile(
      dir,
      'infeasible.lp',
      ['Minimize', ' obj: x + y', 'Subject To', ' c1: 2 x + 2 y = 3', 'General', ' x y', 'End', ''].join('\n'),
    );
    const r = await runCli(['solve', f, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'status')).toBe('infeasible');
    expect(field(r.stdout, 'objective')).toBe('-');
    expect(r.stderr).toBe('');
  });

  it('an unbounded model is an outcome, not an error: exit 0 with status unbounded (or infeasible-or-unbounded)', async () => {
    const f = writeFile(
      dir,
      'unbounded.lp',
      ['Maximize', ' obj: x + y', 'Subject To', ' c1: x - y <= 1', 'Bounds', ' x >= 0', ' y >= 0', 'General', ' x y', 'End', ''].join('\n'),
    );
    const r = await runCli(['solve', f, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'status')).toMatch(/^(unbounded|infeasible-or-unbounded)$/);
    expect(r.stderr).toBe('');
  });
});

describe('mipnet generate + solve', () => {
  it('generate knapsack --size 15 --seed 2 writes an MPS file that solve solves to the library optimum', async () => {
    const file = join(dir, 'gen-knapsack.mps');
    const g = await runCli(['generate', 'knapsack', '--size', '15', '--seed', '2', '--out', file]);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/^wrote .*gen-knapsack\.mps: 15 columns \(15 integer\), 1 rows$/m);
    expect(existsSync(file)).toBe(true);

    const r = await runCli(['solve', file, '--json', '--quiet', '--time-limit', '60']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { status: string; objective: number; solution: Record<string, number> };
    expect(j.status).toBe('optimal');
    expect(Object.keys(j.solution)).toHaveLength(15);

    const model = await readModelFile(file);
    const lib = await solve(model, { timeLimit: 60 });
    expect(lib.status).toBe('optimal');
    expect(lib.objective).not.toBeNull();
    expect(j.objective).toBeCloseTo(lib.objective!, 6);

    // and the text summary agrees
    const t = await runCli(['solve', file, '--quiet']);
    expect(t.code, t.stderr).toBe(0);
    expect(field(t.stdout, 'status')).toBe('optimal');
    expect(Number(field(t.stdout, 'objective'))).toBeCloseTo(lib.objective!, 6);
  });

  it('--no-presolve, --no-cuts and --separators switch presolve and cuts; the optimum stays', async () => {
    const file = join(dir, 'mk.mps');
    const g = await runCli(['generate', 'multi-knapsack', '--size', '25', '--seed', '3', '--out', file]);
    expect(g.code, g.stderr).toBe(0);
    const run = async (extra: string[]) => {
      const r = await runCli(['solve', file, '--json', '--quiet', '--threads', '1', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { status: string; objective: number; stats: Array<{ name: string; cutsApplied?: number }> };
    };
    const all = await run([]);
    const none = await run(['--no-presolve', '--no-cuts']);
    const cover = await run(['--separators', 'knapsack-cover']);
    for (const r of [all, none, cover]) expect(r.status).toBe('optimal');
    expect(none.objective).toBeCloseTo(all.objective, 6);
    expect(cover.objective).toBeCloseTo(all.objective, 6);
    const names = (r: typeof all) => r.stats.map((s) => s.name);
    expect(names(all)).toEqual(expect.arrayContaining(['presolve', 'separator/gomory', 'separator/knapsack-cover']));
    expect(names(none).some((n) => n === 'presolve' || n.startsWith('separator/'))).toBe(false);
    expect(names(cover)).not.toContain('separator/gomory');
    const bad = await runCli(['solve', file, '--separators', 'nope', '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown separator "nope"/);
  });

  it('the same instance written as .lp.gz and .mps.gz solves to the same optimum', async () => {
    const objectives: number[] = [];
    for (const ext of ['lp.gz', 'mps.gz']) {
      const file = join(dir, `gen-knapsack-12.${ext}`);
      const g = await runCli(['generate', 'knapsack', '--size', '12', '--seed', '5', '--out', file]);
      expect(g.code, g.stderr).toBe(0);
      expect(readFileSync(file).subarray(0, 2).toString('hex'), 'gzip magic').toBe('1f8b');
      const r = await runCli(['solve', file, '--json', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as { status: string; objective: number };
      expect(j.status, ext).toBe('optimal');
      objectives.push(j.objective);
    }
    expect(objectives[0]).toBeCloseTo(objectives[1]!, 9);
  });

  it('generate with an unknown generator is a user error naming the known ones', async () => {
    const r = await runCli(['generate', 'nosuchgen', '--out', join(dir, 'x.mps')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mipnet: .*unknown generator "nosuchgen".*knapsack/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('mipnet plugins and --help', () => {
  it('plugins lists the pseudocost rule and its reliability parameter', async () => {
    const r = await runCli(['plugins']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^branching:$/m);
    expect(r.stdout).toMatch(/^ {2}pseudocost\b/m);
    expect(r.stdout).toMatch(/^ {2}most-fractional\b/m);
    expect(r.stdout).toMatch(/^parameters \(--param name=value\):$/m);
    expect(r.stdout).toMatch(/^ {2}branching\/pseudocost\/reliability\s+integer|^ {2}branching\/pseudocost\/reliability\s+real/m);
    // the parallel settings are registered, ranged parameters; test fault injection is not among them
    expect(r.stdout).toMatch(/^ {2}parallel\/affinity\s+real \[0, 1\] default 0\.25/m);
    expect(r.stdout).toMatch(/^ {2}parallel\/subtree-nodes\s+integer \[0, 1000000\]/m);
    expect(r.stdout).not.toMatch(/test-fault|parallel\/engine/);
    // the NN plugin package is listed too
    expect(r.stdout).toMatch(/^ {2}nn-pseudocost\b/m);
    expect(r.stderr).toBe('');
  });

  it('plugins --plugin lists the plugins of a module', async () => {
    const file = new URL('../fixtures/plugins/cost-rule.mjs', import.meta.url).pathname;
    const r = await runCli(['plugins', '--plugin', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}fixture-cost-rule\b/m);
    expect(r.stdout).toMatch(/^ {2}branching\/fixture-cost-rule\/weight\s+real \[0, 10\]/m);
  });

  it('--help exits 0 and lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const cmd of ['solve', 'train', 'predict', 'export-mps', 'generate', 'plugins']) {
      expect(r.stdout, cmd).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
  });

  it('solve --help exits 0 and documents the solver options', async () => {
    const r = await runCli(['solve', '--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const opt of ['--time-limit', '--gap', '--json', '--solution', '--param', '--branching']) expect(r.stdout, opt).toContain(opt);
  });

  it('an unknown command exits 2 with commander\'s one-line error', async () => {
    const r = await runCli(['nosuchcommand']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown command 'nosuchcommand'/m);
  });
});
