import { execFile } from 'node:child_process';
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
});
