import { afterAll, describe, expect, it } from 'vitest';
import type { HeuristicContext, IncumbentSolution } from '../../src/bnb/plugins.js';
import { solveModel } from '../../src/bnb/solve.js';
import type { Model } from '../../src/model/model.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { allocParams } from '../../src/nn-engine/nn-forward-pass.js';
import { NnIntegerSearchHeuristic } from '../../src/nn-engine/nn-heuristic-integer-search.js';
import { NnNeighbourhoodHeuristic, type NeighbourhoodOptions } from '../../src/nn-engine/nn-heuristic-neighbourhood.js';
import { NnLpFit } from '../../src/nn-engine/nn-lp-fit.js';
import { NnPatternSearch } from '../../src/nn-engine/nn-pattern-search.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import type { PluginLifecycle } from '../../src/bnb/plugins.js';
import { blobs, initPlugins, registries, rootLpContext, tinyModel } from './nn-fixtures.js';

const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
});

/** `plugin` after the framework's initSolve (closed after the tests); whether it accepted the model is in `active`. */
async function started<T extends PluginLifecycle>(m: Model, plugin: T): Promise<T & { active: boolean }> {
  const s = await initPlugins(m, [plugin]);
  closers.push(s.close);
  return Object.assign(plugin, { active: s.active[0]! });
}

const OPTS: NeighbourhoodOptions = { frequency: 1, timeLimit: 60, nodeLimit: 60, maxShare: 1, freeFraction: 0.3, neuronShare: 0.5, seed: 7 };

function heuristic(m: Model, opts: Partial<NeighbourhoodOptions> = {}): Promise<NnNeighbourhoodHeuristic & { active: boolean }> {
  return started(m, new NnNeighbourhoodHeuristic(m, { ...OPTS, ...opts }));
}

/**
 * The root LP's context as seen below the root (the neighbourhood search leaves the root node
 * alone), with `start` as the search's incumbent.
 */
async function nodeContext(m: Model, start: IncumbentSolution | null): Promise<HeuristicContext> {
  return { ...(await rootLpContext(m)), depth: 1, incumbentSolution: start };
}

/** The root LP's context with `start` as the search's incumbent. */
async function rootContext(m: Model, start: IncumbentSolution | null): Promise<HeuristicContext> {
  return { ...(await rootLpContext(m)), incumbentSolution: start };
}

/** Rounded copy of x, feasible for the model (max violation ≤ 1e-6); returns its objective. */
function feasibleObjective(m: Model, x: Float64Array | null): number {
  expect(x).not.toBeNull();
  const r = Float64Array.from(x!, (v, j) => (m.integrality[j] ? Math.round(v) : v));
  expect(m.maxViolation(r).value).toBeLessThanOrEqual(1e-6);
  return m.objectiveOf(r);
}

/**
 * A poor but feasible starting point: the network with every weight 0 (every step neuron at its
 * bias), completed by an LP.
 */
async function poorStart(m: Model): Promise<IncumbentSolution> {
  const v = getNnView(m)!;
  const fit = new NnLpFit(m, await highsLpFactory(), 5);
  closers.push(() => fit.dispose());
  const s = new NnPatternSearch(v, fit, 1);
  const p = allocParams(v);
  for (const b of p.b) b.fill(-1);
  const c = s.fit(p, true);
  expect(c).not.toBeNull();
  const obj = feasibleObjective(m, c!.x);
  expect(c!.objective).toBeCloseTo(obj, 9);
  return { x: Float64Array.from(c!.x, (v, j) => (m.integrality[j] ? Math.round(v) : v)), objective: obj };
}

const INSTANCE = { dataset: 'iris', trainSamples: 24, hidden: [2], seed: 3 };

/** One call from a poor start on a fresh model of `instance`: it must return a better feasible point. */
async function improveOnce(instance: Parameters<typeof tinyModel>[0]) {
  const m = (await tinyModel(instance)).model;
  const start = await poorStart(m);
  const h = await heuristic(m);
  const x = h.run(await nodeContext(m, start));
  const obj = feasibleObjective(m, x);
  expect(obj).toBeLessThan(start.objective);
  return { m, h, x, obj };
}

describe('nn-neighbourhood heuristic', () => {
  it('improves the incumbent it starts from with a feasible point', async () => {
    const { m, h, x, obj } = await improveOnce(INSTANCE);
    expect(h.searches).toBe(1);
    expect(h.nodes).toBeGreaterThan(0);
    expect(h.nodes).toBeLessThanOrEqual(OPTS.nodeLimit);
    // a second call from the improved point: better than it when it returns a point
    const y = h.run(await nodeContext(m, { x: Float64Array.from(x!), objective: obj }));
    if (y) expect(feasibleObjective(m, y)).toBeLessThan(obj);
  });

  it('respects integer weights (feasible points only)', async () => {
    const { m, x } = await improveOnce({ ...INSTANCE, integerWeights: true, weightBound: 1 });
    for (const c of getNnView(m)!.intParams) expect(Number.isInteger(Math.round(x![c]!))).toBe(true);
  });

  it('is deterministic for a fixed seed when the node limit ends the sub-search', async () => {
    const runOnce = async (seed: number): Promise<number[]> => {
      const tm = await tinyModel({ dataset: blobs(5, 18, 3), hidden: [2], sparsity: { weights: 0.1, neurons: 0.1 } });
      const ctx = await nodeContext(tm.model, await poorStart(tm.model));
      const h = await heuristic(tm.model, { seed, nodeLimit: 25 });
      const out: number[] = [];
      for (let k = 0; k < 3; k++) {
        const x = h.run(ctx);
        out.push(x ? tm.model.objectiveOf(x) : NaN, h.nodes);
      }
      return out;
    };
    const a = await runOnce(11);
    const b = await runOnce(11);
    expect(a).toEqual(b);
    expect(a.some((v) => Number.isFinite(v))).toBe(true);
  });

  it('respects its time budget and its share of the search time', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 60, hidden: [3], seed: 2 });
    const m = tm.model;
    const ctx = await nodeContext(m, await poorStart(m));
    const h = await heuristic(m, { timeLimit: 0.2, nodeLimit: 1e8, freeFraction: 0.9, maxShare: 0.01 });
    const t0 = performance.now();
    h.run(ctx);
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(0.2 + 1.5);
    expect(h.searches).toBe(1);
    // it has used far more than 1% of its lifetime: the next call returns at once
    const t1 = performance.now();
    expect(h.run(ctx)).toBeNull();
    expect(performance.now() - t1).toBeLessThan(50);
    expect(h.searches).toBe(1);
  });

  it('is a no-op at the root, without a starting point, and on a model without network structure', async () => {
    const tm = await tinyModel(INSTANCE);
    const h = await heuristic(tm.model);
    expect(h.run(await nodeContext(tm.model, null))).toBeNull(); // no incumbent yet
    const start = await poorStart(tm.model);
    expect(h.run(await rootContext(tm.model, start))).toBeNull(); // the root is left to the other heuristics
    expect(h.searches).toBe(0);
    expect(h.run(await nodeContext(tm.model, start))).not.toBeNull();
    expect(h.searches).toBe(1);
    const b = new ModelBuilder('knap');
    b.sense = 'maximize';
    const x = [b.addBinary('x0', 5), b.addBinary('x1', 4), b.addBinary('x2', 3)];
    b.addRow({ name: 'cap', upper: 2 }, x, [1, 1, 1]);
    const plain = b.build();
    const g = await heuristic(plain);
    expect(g.frequency).toBe(0);
    expect(g.active).toBe(false);
    expect(g.run(await rootLpContext(plain))).toBeNull();
    expect(g.searches).toBe(0);
  });

  it('takes part in a search through the registry and can be switched off', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 45, hidden: [2], integerWeights: true, weightBound: 1, seed: 5 });
    const { nn } = registries();
    const r = await solveModel(tm.model, { timeLimit: 4 }, { registry: nn });
    expect(r.solution).not.toBeNull();
    feasibleObjective(tm.model, r.solution);
    const st = r.stats.find((s) => s.name === 'heuristic/nn-neighbourhood')!;
    expect(st.calls).toBeGreaterThan(0);
    const off = await solveModel(tm.model, { timeLimit: 2, params: { 'heuristic/nn-neighbourhood/enabled': false } }, { registry: nn });
    expect(off.stats.some((s) => s.name === 'heuristic/nn-neighbourhood')).toBe(false);
  });
});

describe('nn-integer-search heuristic', () => {
  const ISO = { frequency: 1, timeLimit: 30, rounds: 20, maxShare: 1, seed: 3 };
  const INT = { dataset: 'iris', trainSamples: 30, hidden: [2], integerWeights: true, weightBound: 1, seed: 3 };

  it('improves a poor start on an integer-weight network with a feasible point, deterministically', async () => {
    const runOnce = async (): Promise<{ obj: number; start: number; x: number[]; evals: number }> => {
      const tm = await tinyModel(INT);
      const m = tm.model;
      const start = await poorStart(m);
      const h = await started(m, new NnIntegerSearchHeuristic(m, ISO));
      expect(h.frequency).toBe(1);
      const x = h.run(await rootContext(m, start));
      const obj = feasibleObjective(m, x);
      for (const c of getNnView(m)!.intParams) expect(Number.isInteger(x![c]!)).toBe(true);
      return { obj, start: start.objective, x: Array.from(x!), evals: h.evaluations };
    };
    const a = await runOnce();
    expect(a.obj).toBeLessThan(a.start);
    const b = await runOnce();
    expect(b).toEqual(a);
  });

  it('respects its time budget, and is a no-op with continuous parameters or without structure', async () => {
    const tm = await tinyModel({ ...INT, trainSamples: 90 });
    const h = await started(tm.model, new NnIntegerSearchHeuristic(tm.model, { ...ISO, timeLimit: 0.1, rounds: 1e8 }));
    const ctx = await rootContext(tm.model, await poorStart(tm.model));
    const t0 = performance.now();
    h.run(ctx);
    expect((performance.now() - t0) / 1000).toBeLessThan(0.1 + 1);
    expect(h.searches).toBe(1);
    const cont = await tinyModel(INSTANCE);
    const g = await started(cont.model, new NnIntegerSearchHeuristic(cont.model, ISO));
    expect(g.frequency).toBe(0);
    expect(g.active).toBe(false); // inactive: not called, not listed
    expect(g.run(await rootLpContext(cont.model))).toBeNull();
    const b = new ModelBuilder('k');
    b.addRow({ name: 'r', upper: 1 }, [b.addBinary('x', -1)], [1]);
    const plain = b.build();
    const k = await started(plain, new NnIntegerSearchHeuristic(plain, ISO));
    expect(k.frequency).toBe(0);
    expect(k.active).toBe(false);
    expect(k.run(await rootLpContext(plain))).toBeNull();
  });
});
