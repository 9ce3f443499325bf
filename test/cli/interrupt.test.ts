/**
 * Ctrl-C (README, "Command line"): the first SIGINT stops a running search and the command prints
 * the best network or solution found so far with status `interrupted`, exit code 0.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, field, interruptWhen, makeTempDir, removeDir, runCli } from './cli-helpers.js';

let dir: string;

beforeAll(() => {
  assertCliBuilt();
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

/** a log line that reports a new incumbent (H: heuristic, *: LP solution, I: initial) */
const INCUMBENT_LINE = /^[A-Z*]\s+\d+\s+\d+\s+\d/m;

describe('Ctrl-C', () => {
  it('train: SIGINT stops the search; exit 0, status interrupted, the network found so far is printed', async () => {
    const out = join(dir, 'interrupted-net.json');
    const r = await interruptWhen(
      ['train', '--data', 'iris', '--hidden', '3', '--threads', '1', '--time-limit', '120', '--out', out],
      /Nodes\s+Open/,
      40_000,
      dir,
    );
    const context = `exit ${r.code} after ${r.exitMs} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    expect(r.exitMs, context).toBeLessThan(10_000);
    expect(r.signal, context).toBeNull();
    expect(r.code, context).toBe(0);
    expect(r.stderr, context).toMatch(/^mipnet: interrupted/m);
    expect(field(r.stdout, 'status'), context).toBe('interrupted');
    expect(r.stdout, context).toMatch(/^objective\s+\d+(\.\d+)?\b/m);
    expect(field(r.stdout, 'verified'), context).toMatch(/^yes\b/);
    expect(field(r.stdout, 'network'), context).toBe(`written to ${out}`);
    expect(r.stderr, context).not.toMatch(/^\s+at /m);
  }, 90_000);

  it('solve: SIGINT stops the search; exit 0, status interrupted, the incumbent is printed', async () => {
    const file = join(dir, 'set-cover-200.mps');
    const g = await runCli(['generate', 'set-cover', '--size', '200', '--out', file]);
    expect(g.code, g.stderr).toBe(0);
    // this instance runs for well over 20 s; interrupt it once a first incumbent is logged
    const r = await interruptWhen(['solve', file, '--threads', '1', '--time-limit', '120'], INCUMBENT_LINE, 40_000, dir);
    const context = `exit ${r.code} after ${r.exitMs} ms\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
    expect(r.exitMs, context).toBeLessThan(10_000);
    expect(r.signal, context).toBeNull();
    expect(r.code, context).toBe(0);
    expect(r.stderr, context).toMatch(/^mipnet: interrupted/m);
    expect(field(r.stdout, 'status'), context).toBe('interrupted');
    const objective = Number(field(r.stdout, 'objective'));
    const bound = Number(field(r.stdout, 'bound'));
    expect(Number.isFinite(objective), context).toBe(true);
    expect(bound, context).toBeLessThanOrEqual(objective);
    expect(r.stderr, context).not.toMatch(/^\s+at /m);
  }, 90_000);
});
