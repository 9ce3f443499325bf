import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runScript(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe('benchmark scripts on the command line', () => {
  it('--help prints the usage and exits 0', async () => {
    const r = await runScript('benchmarks/compare.ts', ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: npx tsx benchmarks/compare.ts');
  }, 60_000);

  it('an unknown option is one error line naming it plus the usage, exit 2, no stack trace', async () => {
    const r = await runScript('benchmarks/nn-suite.ts', ['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).toContain('usage: npx tsx benchmarks/nn-suite.ts');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('a bad value is reported by its message, exit 1, no stack trace', async () => {
    const r = await runScript('benchmarks/compare.ts', ['--suite', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*suite must be 'quick' or 'full', got "nope"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('--report prints the table and the targets of a saved report', async () => {
    const run = (solver: string, objective: number | null, status = 'time-limit', seconds = 60) => ({
      solver, status, objective, bound: 0, gap: null, seconds, timeToOptimal: status === 'optimal' ? seconds : null, timeToBest: null, nodes: 7, trace: [],
    });
    const report = {
      suite: 'quick', date: '2026-12-02T00:00:00Z', timeLimit: 60, gap: 1e-6, threads: 1, solvers: ['mipnet+nn', 'highs'], machine: {}, notes: [],
      instances: [
        { name: 'inst-a', sense: 'minimize', size: { cols: 3, ints: 2, rows: 1 }, runs: [run('mipnet+nn', 4), run('highs', 5)] },
        { name: 'inst-b', sense: 'minimize', size: { cols: 3, ints: 2, rows: 1 }, runs: [run('mipnet+nn', 0, 'optimal', 1), run('highs', 0, 'optimal', 4)] },
      ],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'mipnet-report-')), 'r.json');
    writeFileSync(file, JSON.stringify(report));
    const r = await runScript('benchmarks/compare.ts', ['--report', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| inst-a +\| 3\/2\/1 +\| mipnet\+nn \|/);
    expect(r.stdout).toContain('incumbent mipnet+nn <= every peer at the limit: 2 of 2 instances');
    expect(r.stdout).toContain('ratio 0.250 (target <= 0.333: met)');
  }, 60_000);
});
