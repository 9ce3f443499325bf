/**
 * `--threads 2` from the compiled CLI: the worker threads must start from dist/ (their module path
 * resolved at run time), agree with the serial optimum, and stop on Ctrl-C.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, field, interruptWhen, makeTempDir, removeDir, runCli } from './cli-helpers.js';

let dir: string;
let knapsack: string;

beforeAll(async () => {
  assertCliBuilt();
  dir = makeTempDir();
  knapsack = join(dir, 'knapsack-15.mps');
  const g = await runCli(['generate', 'knapsack', '--size', '15', '--seed', '2', '--out', knapsack]);
  if (g.code !== 0) throw new Error(`generate failed: ${g.stderr}`);
});
afterAll(() => removeDir(dir));

interface SolveJson {
  status: string;
  objective: number;
  nodes: number;
  threads: number;
  solution: Record<string, number>;
}

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));

describe('solve --threads 2', () => {
  it('--plugin: a module that calls registerPlugin from the package runs in every worker; one that throws in workers is named', async () => {
    const ok = await runCli(['solve', knapsack, '--json', '--quiet', '--threads', '2', '--plugin', fixture('side-effect-rule.mjs'), '--branching', 'fixture-side-effect-rule', '--no-cuts']);
    expect(ok.code, ok.stderr).toBe(0);
    const r = JSON.parse(ok.stdout) as SolveJson & { stats: Array<{ name: string; calls: number }> };
    expect(r.status).toBe('optimal');
    expect(r.stats.find((s) => s.name === 'branching/fixture-side-effect-rule')!.calls).toBeGreaterThan(0);
    const bad = await runCli(['solve', knapsack, '--quiet', '--threads', '2', '--plugin', fixture('worker-throws.mjs'), '--branching', 'fixture-main-only']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^mipnet: solve in parallel: in a worker thread: load plugin module .*worker-throws\.mjs: importing it failed: fixture plugin refuses worker threads$/);
  });

  it('reaches the serial optimum', async () => {
    const serial = await runCli(['solve', knapsack, '--json', '--quiet', '--threads', '1']);
    expect(serial.code, serial.stderr).toBe(0);
    const s = JSON.parse(serial.stdout) as SolveJson;
    expect(s.status).toBe('optimal');
    expect(s.threads).toBe(1);

    const par = await runCli(['solve', knapsack, '--json', '--quiet', '--threads', '2'], { timeoutMs: 90_000 });
    expect(par.code, par.stderr).toBe(0);
    const p = JSON.parse(par.stdout) as SolveJson;
    expect(p.status).toBe('optimal');
    expect(p.threads).toBe(2);
    expect(p.objective).toBeCloseTo(s.objective, 6);
    expect(Object.keys(p.solution)).toHaveLength(15);
  });

  it('--deterministic gives the same objective and node count on two runs', async () => {
    const runs: SolveJson[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['solve', knapsack, '--json', '--quiet', '--threads', '2', '--deterministic'], { timeoutMs: 90_000 });
      expect(r.code, r.stderr).toBe(0);
      runs.push(JSON.parse(r.stdout) as SolveJson);
    }
    expect(runs[0]!.status).toBe('optimal');
    expect(runs[1]!.status).toBe('optimal');
    expect(runs[1]!.objective).toBe(runs[0]!.objective);
    expect(runs[1]!.nodes).toBe(runs[0]!.nodes);
  });

  it('Ctrl-C stops a parallel search: exit 0, status interrupted, the incumbent is printed', async () => {
    const file = join(dir, 'set-cover-200.mps');
    const g = await runCli(['generate', 'set-cover', '--size', '200', '--out', file]);
    expect(g.code, g.stderr).toBe(0);
    // wait for the first incumbent line of the search log (same format as the serial log)
    const r = await interruptWhen(['solve', file, '--threads', '2', '--time-limit', '120'], /^[A-Z*]\s+\d+\s+\d+\s+\d/m, 45_000, dir);
    const context = `exit ${r.code} after ${r.exitMs} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    expect(r.exitMs, context).toBeLessThan(10_000);
    expect(r.signal, context).toBeNull();
    expect(r.code, context).toBe(0);
    expect(field(r.stdout, 'status'), context).toBe('interrupted');
    const objective = Number(field(r.stdout, 'objective'));
    expect(Number.isFinite(objective), context).toBe(true);
    expect(Number(field(r.stdout, 'bound')), context).toBeLessThanOrEqual(objective);
    expect(r.stderr, context).not.toMatch(/^\s+at /m);
  }, 90_000);
});
