/**
 * The README's "Writing a plugin" example, taken from README.md as written: the plugin module
 * (the ```js block) is written to a file, loaded through SolveOptions.plugins with 1 and 2
 * threads, and the README's command lines (the ```sh block) are run with the compiled CLI, where
 * the module reaches every worker thread. The rule must solve to the default rule's optimum, show
 * up in the per-plugin statistics, and its parameter must be ranged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, globalRegistry, solve } from '../../src/index.js';
import { assertCliBuilt, CLI, runCli } from './cli-helpers.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const section = readme.slice(readme.indexOf('### Writing a plugin'));

/** The first fenced block of `lang` in the section. */
function block(lang: string): string {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  if (!m) throw new Error(`README "Writing a plugin" has no \`\`\`${lang} block`);
  return m[1]!;
}

let dir: string;
let file: string;
beforeAll(() => {
  assertCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'mipnet-readme-plugin-'));
  file = join(dir, 'my-rule.mjs');
  writeFileSync(file, block('js'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README plugin example', () => {
  for (const threads of [1, 2]) {
    it(`loads from its file and solves to the default rule's optimum with ${threads} thread(s); its statistics count the calls`, async () => {
      const model = generate('knapsack', 2, 30);
      const reference = await solve(model, { timeLimit: 30 });
      expect(reference.status).toBe('optimal');
      const r = await solve(model, { timeLimit: 30, threads, plugins: [file], branching: 'my-rule', params: { 'branching/my-rule/weight': 2 } });
      expect(r.status).toBe('optimal');
      expect(r.threads).toBe(threads);
      expect(r.objective!).toBeCloseTo(reference.objective!, 6);
      const entry = r.stats.find((s) => s.name === 'branching/my-rule');
      expect(entry, JSON.stringify(r.stats.map((s) => s.name))).toBeDefined();
      expect(entry!.calls).toBeGreaterThan(0);
      expect(r.stats.some((s) => s.name === 'branching/pseudocost')).toBe(false);
    });
  }

  it('is listed with its parameter, and an out-of-range value for it is refused', async () => {
    expect(globalRegistry.list('branching').map((d) => d.name)).toContain('my-rule');
    expect([...globalRegistry.paramSpecs().keys()]).toContain('branching/my-rule/weight');
    const model = generate('knapsack', 2, 15);
    await expect(solve(model, { plugins: [file], branching: 'my-rule', params: { 'branching/my-rule/weight': 11 } })).rejects.toThrow(/weight.*11.*range/);
  });

  it("the README's command lines run as written (the module in every worker thread)", async () => {
    const lines = block('sh').trim().split('\n');
    expect(lines.length).toBe(2);
    let last = '';
    for (const line of lines) {
      const args = line.replace(/^node dist\/cli\.js /, '').split(/\s+/);
      const r = await runCli(args, { cwd: dir });
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      last = r.stdout + r.stderr;
    }
    expect(last).toMatch(/status\s+optimal/);
    expect(last).toMatch(/2 threads/);
    expect(last).toMatch(/branching\/my-rule\s+[1-9]/);
    // the same command with a missing module: one error line naming it, exit code 2
    const bad = await runCli(['solve', 'k.mps', '--plugin', './missing-rule.mjs', '--quiet'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^mipnet: load plugin module \.\/missing-rule\.mjs: no such file/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(CLI).toMatch(/dist\/cli\.js$/);
  });
});
