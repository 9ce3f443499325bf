/**
 * Helpers for the end-to-end tests of the `mipnet` command line: they spawn the compiled CLI
 * (`dist/cli.js`, built by `npm test` / `npx tsc -p .` before vitest runs) as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Absolute path of the compiled CLI. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run \`npx tsc -p .\` (or \`npm test\`) first`);
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** wall-clock milliseconds from spawn to exit */
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  /** kill the child (SIGKILL) after this many ms; the test then fails on the exit code */
  timeoutMs?: number;
}

/** Runs `node dist/cli.js ...args` to completion and collects exit code, stdout and stderr. */
export function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const child = spawnCli(args, opts.cwd);
  return collect(child, opts.timeoutMs ?? 90_000);
}

/** Starts the CLI without waiting (for the Ctrl-C tests). */
export function spawnCli(args: string[], cwd?: string): ChildProcess {
  assertCliBuilt();
  const env = { ...process.env };
  delete env.MIPNET_DEBUG; // stack traces on stderr are only printed in debug mode
  return spawn(process.execPath, [CLI, ...args], { cwd: cwd ?? process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Waits for a spawned CLI to exit, collecting its output. */
export function collect(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  const t0 = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => (stdout += d));
  child.stderr!.on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/**
 * Starts the CLI, waits until its stderr matches `ready` (the search log has started), sends one
 * SIGINT and collects the result. `exitMs`: milliseconds from the SIGINT to the exit.
 */
export async function interruptWhen(args: string[], ready: RegExp, maxWaitMs: number, cwd?: string): Promise<CliRun & { exitMs: number; stderrAtSigint: string }> {
  const child: ChildProcess = spawnCli(args, cwd);
  const done = collect(child, maxWaitMs + 30_000);
  let stderr = '';
  child.stderr!.on('data', (d: string) => (stderr += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const t0 = Date.now();
  while (!ready.test(stderr) && !exited && Date.now() - t0 < maxWaitMs) await new Promise((res) => setTimeout(res, 100));
  const stderrAtSigint = stderr;
  const exitedEarly = exited;
  const tSig = Date.now();
  if (!exited) child.kill('SIGINT');
  const r = await done;
  const exitMs = Date.now() - tSig;
  expect(exitedEarly, `the run ended before it could be interrupted:\n${r.stdout}\n${r.stderr}`).toBe(false);
  expect(ready.test(stderrAtSigint), `the log did not start within ${maxWaitMs} ms:\n${stderrAtSigint}`).toBe(true);
  return { ...r, exitMs, stderrAtSigint };
}

/** A fresh temporary directory; remove it with `rmSync(dir, { recursive: true, force: true })`. */
export function makeTempDir(prefix = 'mipnet-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` to `dir/name` and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/**
 * A 0-1 knapsack in CPLEX LP format: max 10 x1 + 13 x2 + 7 x3 + 8 x4 s.t. 4 x1 + 6 x2 + 3 x3 + 5 x4 <= 10.
 * Optimum 23 at x1 = x2 = 1 (weight 10). No three items fit (the lightest three weigh 12); the
 * other pairs that fit give {x1,x3} 17, {x1,x4} 18, {x2,x3} 20, {x3,x4} 15.
 */
export const KNAPSACK_LP = [
  'Maximize',
  ' obj: 10 x1 + 13 x2 + 7 x3 + 8 x4',
  'Subject To',
  ' cap: 4 x1 + 6 x2 + 3 x3 + 5 x4 <= 10',
  'Binary',
  ' x1 x2 x3 x4',
  'End',
  '',
].join('\n');
export const KNAPSACK_OPTIMUM = 23;
export const KNAPSACK_SOLUTION: Record<string, number> = { x1: 1, x2: 1, x3: 0, x4: 0 };

/** The value printed after `label` on a `label   value` line of the CLI's summary (stdout). */
export function field(stdout: string, label: string): string | undefined {
  const re = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(.*)$`, 'm');
  return re.exec(stdout)?.[1]?.trim();
}

/** The lines of a text, without empty ones. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * A user error: exit code 2, exactly one line on stderr that starts with `mipnet:` or commander's
 * `error:` and matches `mentions`, no stack trace. The only other stderr line allowed is commander's
 * usage hint after an option error (`(run \`mipnet help <command>\` for usage)`). Nothing on stdout
 * except (for a solve) nothing at all: a failed command prints no result.
 */
export function expectUserError(r: CliRun, mentions: RegExp): void {
  const context = `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
  expect(r.code, context).toBe(2);
  expect(r.stderr, context).not.toMatch(/^\s+at /m);
  expect(r.stderr, context).not.toMatch(/internal error|TypeError|RangeError|ReferenceError|Cannot read prop/);
  const errLines = lines(r.stderr).filter((l) => !/^\(run `mipnet help <command>` for usage\)$/.test(l));
  expect(errLines, context).toHaveLength(1);
  expect(errLines[0], context).toMatch(/^(mipnet: |error: )/);
  expect(errLines[0], context).toMatch(mentions);
  expect(r.stdout, context).toBe('');
}
