/**
 * Plugin modules (SolveOptions.plugins / --plugin): loaded in the main thread and in every worker,
 * run with the framework's lifecycle, and every way a module can fail gets one error naming it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadPluginModules } from '../../src/bnb/plugin-loader.js';
import { globalRegistry, PluginRegistry } from '../../src/bnb/plugin-registry.js';
import { registerBuiltinPlugins } from '../../src/bnb/builtin-plugins.js';
import { solveModel } from '../../src/bnb/solve.js';
import type { SolveResult } from '../../src/bnb/solve-types.js';
import { PluginLoadError } from '../../src/errors.js';
import { generate } from '../../src/gen/index.js';
import { ParallelSolver } from '../../src/parallel/solve-parallel.js';
import '../../src/plugins.js';
import { buildTrainingModel } from '../../src/nn/training-model.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));
const pool = new ParallelSolver(2);
afterAll(async () => {
  await pool.close();
});

function ruleStats(r: SolveResult, rule: string) {
  return r.stats.find((s) => s.name === `branching/${rule}`);
}

describe('plugin modules', () => {
  it('a branching rule from a file runs with 1 and 2 threads: same optimum, its statistics in both', async () => {
    const model = generate('knapsack', 4, 25);
    const reference = await solveModel(model, { timeLimit: 30 });
    // cuts off: they decide this knapsack at the root, and the test is about the rule's calls in the tree
    const options = { plugins: [fixture('cost-rule.mjs')], branching: 'fixture-cost-rule', params: { 'branching/fixture-cost-rule/weight': 2 }, timeLimit: 30, cuts: false };
    const serial = await solveModel(model, options);
    const parallel = await pool.solve(model, { ...options, threads: 2 });
    const again = await pool.solve(model, { ...options, threads: 2, deterministic: true });
    const repeat = await pool.solve(model, { ...options, threads: 2, deterministic: true });
    for (const [what, r] of [['serial', serial], ['2 threads', parallel], ['deterministic', again]] as const) {
      expect(r.status, what).toBe('optimal');
      expect(r.objective!, what).toBeCloseTo(reference.objective!, 9);
      const st = ruleStats(r, 'fixture-cost-rule');
      expect(st, `${what}: ${r.stats.map((s) => s.name).join(', ')}`).toBeDefined();
      // the rule scores every branched node: at least one, and never more than the nodes processed
      expect(st!.calls, what).toBeGreaterThan(0);
      expect(st!.calls, what).toBeLessThan(r.nodes);
      expect(ruleStats(r, 'pseudocost'), what).toBeUndefined();
    }
    // node statistics agree where they must: a deterministic parallel run repeats itself exactly
    expect(repeat.nodes).toBe(again.nodes);
    expect(ruleStats(repeat, 'fixture-cost-rule')!.calls).toBe(ruleStats(again, 'fixture-cost-rule')!.calls);
    // the serial search branches on every node it processes that is not closed: the rule was called once per branching
    expect(ruleStats(serial, 'fixture-cost-rule')!.calls).toBeGreaterThanOrEqual(Math.floor(serial.nodes / 2));
  });

  it('loading a module twice is a no-op, and its plugins are listed with their parameters', async () => {
    const registry = new PluginRegistry();
    registerBuiltinPlugins(registry);
    await loadPluginModules([fixture('cost-rule.mjs')], registry);
    await loadPluginModules([fixture('cost-rule.mjs')], registry);
    expect(registry.list('branching').filter((d) => d.name === 'fixture-cost-rule')).toHaveLength(1);
    expect(registry.paramSpecs().has('branching/fixture-cost-rule/weight')).toBe(true);
    expect(registry.originOf('branching', 'fixture-cost-rule')).toMatchObject({ kind: 'module' });
    expect(registry.modules()).toHaveLength(1);
  });

  it('a missing module, one that throws, one that registers nothing or a taken name, or exports no descriptor: one error naming the module', async () => {
    const registry = new PluginRegistry();
    registerBuiltinPlugins(registry);
    const cases: Array<[string, RegExp]> = [
      ['no-such-plugin.mjs', /load plugin module .*no-such-plugin\.mjs: no such file/],
      ['throws.mjs', /load plugin module .*throws\.mjs: importing it failed: fixture plugin exploded on import/],
      ['registers-nothing.mjs', /load plugin module .*registers-nothing\.mjs: it registers no plugin/],
      ['name-taken.mjs', /load plugin module .*name-taken\.mjs: register plugin: branching\/pseudocost is already registered \(built in\)/],
      ['not-a-descriptor.mjs', /load plugin module .*not-a-descriptor\.mjs: its "default" export is not a plugin descriptor/],
    ];
    for (const [file, message] of cases) {
      const p = loadPluginModules([fixture(file)], registry);
      await expect(p, file).rejects.toThrow(PluginLoadError);
      await expect(loadPluginModules([fixture(file)], registry), file).rejects.toThrow(message);
    }
    // a failed module leaves nothing behind; the built-in rule is still the engine's own
    expect(registry.list('branching').filter((d) => d.name === 'pseudocost')).toHaveLength(1);
    expect(registry.modules()).toEqual([]);
    await expect(solveModel(generate('knapsack', 1, 5), { plugins: [fixture('throws.mjs')] })).rejects.toThrow(/throws\.mjs: importing it failed/);
    await expect(solveModel(generate('knapsack', 1, 5), { plugins: 'x.mjs' as unknown as string[] })).rejects.toThrow(/option plugins must be an array/);
  });

  it('a module that fails only in a worker thread gets the same kind of error, naming the module', async () => {
    const model = generate('knapsack', 2, 12);
    await expect(pool.solve(model, { threads: 2, plugins: [fixture('worker-throws.mjs')], branching: 'fixture-main-only' })).rejects.toThrow(
      /solve in parallel: in a worker thread: load plugin module .*worker-throws\.mjs: importing it failed: fixture plugin refuses worker threads/,
    );
    // the pool is still usable afterwards
    const ok = await pool.solve(model, { threads: 2 });
    expect(ok.status).toBe('optimal');
  });

  it('the framework runs the lifecycle: initSolve, the calls, exitSolve, shared resources disposed, dispose — in workers too', async () => {
    const model = generate('knapsack', 3, 20);
    const log = ((globalThis as { __fixtureLifecycle?: string[] }).__fixtureLifecycle ??= []);
    log.length = 0;
    // cuts off: they decide this knapsack at the root (an integral LP calls no heuristic)
    const options = { plugins: [fixture('counting-heuristic.mjs')], params: { 'heuristic/fixture-lifecycle/enabled': true }, cuts: false };
    const serial = await solveModel(model, options);
    expect(log).toEqual(['init:serial', 'exit', 'resource-disposed', 'dispose']);
    expect(serial.stats.find((s) => s.name === 'heuristic/fixture-lifecycle')!.calls).toBeGreaterThan(0);
    const parallel = await pool.solve(model, { ...options, threads: 2 });
    expect(parallel.stats.find((s) => s.name === 'heuristic/fixture-lifecycle')!.calls).toBeGreaterThan(0);
    expect(log).toHaveLength(4); // the workers' calls happen in their own threads
  });

  it('the NN plugin package reaches the worker threads: a training model solved with 2 threads runs its plugins there', async () => {
    const tm = await buildTrainingModel({ dataset: 'iris', trainSamples: 20, hidden: [2], seed: 1, lpTightening: false });
    const r = await pool.solve(tm.model, { threads: 2, nodeLimit: 50, params: { 'heuristic/nn-ste/enabled': false } });
    const names = r.stats.map((s) => s.name);
    expect(names).toContain('branching/nn-pseudocost'); // the default rule on network models
    expect(r.stats.find((s) => s.name === 'propagator/nn-bounds')!.calls).toBeGreaterThan(0);
    expect(names).not.toContain('heuristic/nn-ste');
  });

  it('plugins that have nothing to do on a model are not run and not listed (NN plugins on a plain MILP)', async () => {
    const r = await solveModel(generate('knapsack', 5, 30), {});
    const names = r.stats.map((s) => s.name);
    expect(names.some((n) => n.includes('/nn-'))).toBe(false);
    expect(names).toContain('propagator/row-activity');
    expect(globalRegistry.list('heuristic').some((d) => d.name === 'nn-ste')).toBe(true); // registered, inactive here
  });
});
