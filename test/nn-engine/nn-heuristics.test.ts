import { afterAll, describe, expect, it } from 'vitest';
import type { PrimalHeuristic } from '../../src/bnb/plugins.js';
import { solveModel } from '../../src/bnb/solve.js';
import { NnForwardHeuristic } from '../../src/nn-engine/nn-heuristic-forward.js';
import { NnLocalSearchHeuristic } from '../../src/nn-engine/nn-heuristic-local-search.js';
import { NnLpFitHeuristic } from '../../src/nn-engine/nn-heuristic-lp-fit.js';
import { NnSteHeuristic } from '../../src/nn-engine/nn-heuristic-ste.js';
import { trainSte } from '../../src/nn-engine/nn-ste-trainer.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { nnWarmStart } from '../../src/nn-engine/nn-warm-start.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import type { LpSolverFactory } from '../../src/lp/lp-solver.js';
import { blobs, initPlugins, registries, rootLpContext, tinyModel } from './nn-fixtures.js';

const closers: (() => void)[] = [];
afterAll(() => {
  for (const c of closers) c();
});

function check(model: import('../../src/model/model.js').Model, x: Float64Array | null): number {
  expect(x).not.toBeNull();
  const r = Float64Array.from(x!, (v, j) => (model.integrality[j] ? Math.round(v) : v));
  expect(model.maxViolation(r).value).toBeLessThanOrEqual(1e-6);
  return model.objectiveOf(r);
}

const CASES = [
  { name: 'iris step/xor, bias-ordered', opts: { dataset: 'iris', trainSamples: 15, hidden: [3], seed: 4 } },
  { name: 'blobs step/zero-one with kill-switches', opts: { dataset: blobs(5, 12, 3), hidden: [2], loss: 'zero-one' as const, sparsity: { neurons: 0.1 } } },
  { name: 'blobs relu/zero-one', opts: { dataset: blobs(6, 10, 2), hidden: [2], activation: 'relu' as const } },
  { name: 'blobs sign, binary weights', opts: { dataset: blobs(5, 8, 2), hidden: [2], activation: 'sign' as const, binarizedWeights: 'binary' as const } },
];

describe('NN primal heuristics', () => {
  for (const c of CASES) {
    it(`each heuristic returns a feasible point: ${c.name}`, async () => {
      const tm = await tinyModel(c.opts);
      const m = tm.model;
      const ctx = await rootLpContext(m);
      const hs: PrimalHeuristic[] = [
        new NnForwardHeuristic(m, 1, 5),
        new NnLpFitHeuristic(m, 1, 5),
        new NnLocalSearchHeuristic(m, 1, 5, 4, 0.1, 1),
        new NnSteHeuristic(m, 5, { restarts: 2, epochs: 100, seed: 1, timeLimit: 2, rounds: 2, searchTimeLimit: 1 }),
      ];
      const started = await initPlugins(m, hs);
      closers.push(started.close);
      expect(started.active).toEqual([true, true, true, true]);
      const objs: number[] = [];
      for (const h of hs) objs.push(check(m, h.run(ctx)));
      // the objective of a heuristic point is a training loss: never below the LP bound
      for (const o of objs) expect(o).toBeGreaterThanOrEqual(ctx.lpObjective - 1e-6);
      // the gradient warm start then local search is at least as good as the plain forward pass
      expect(objs[3]!).toBeLessThanOrEqual(objs[0]! + 1e-9);
    });
  }

  it('the STE trainer is seeded and fits separable data', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 30, hidden: [3], seed: 1 });
    const v = getNnView(tm.model)!;
    const a = trainSte(v, { restarts: 3, epochs: 200, seed: 9 });
    const b = trainSte(v, { restarts: 3, epochs: 200, seed: 9 });
    expect(a.error).toBe(b.error);
    expect(Array.from(a.params.W[0]!)).toEqual(Array.from(b.params.W[0]!));
    expect(a.error).toBeLessThanOrEqual(4); // 30 iris samples, 3 step neurons: a few output bits at most
    for (const W of a.params.W) for (const w of W) expect(Math.abs(w)).toBeLessThanOrEqual(1);
  });

  it('the STE trainer finds a network on 10 classes (one-hot outputs: the target output weighted like the others together)', async () => {
    // 100 digits, 4 step neurons: the all-outputs-off network gets every sample wrong (error 100)
    const tm = await tinyModel({ dataset: 'digits', trainSamples: 100, hidden: [4], seed: 1 });
    const v = getNnView(tm.model)!;
    const t = trainSte(v, { restarts: 24, epochs: 400, seed: 1, timeLimit: 600 });
    expect(t.restarts).toBe(24);
    expect(t.error).toBeLessThanOrEqual(30);
  });

  it('the STE trainer keeps dead neurons dead: no weights, live 0', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 30, hidden: [3], seed: 1 });
    const v = getNnView(tm.model)!;
    const t = trainSte(v, { restarts: 3, epochs: 200, seed: 9, dead: [Uint8Array.of(0, 1, 1)] });
    const L = v.layers[0]!;
    expect(Array.from(t.params.live[0]!)).toEqual([1, 0, 0]);
    for (let i = 1; i < 3; i++) {
      expect(Math.abs(t.params.b[0]![i]!)).toBeLessThanOrEqual(v.epsilon); // (the margin repair may move a bias by ε)
      for (let j = 0; j < L.fanIn; j++) expect(t.params.W[0]![i * L.fanIn + j]).toBe(0);
    }
  });

  it('nnWarmStart gives a feasible initial solution for solveModel', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 30, hidden: [3], seed: 1 });
    const x = await nnWarmStart(tm.model, { restarts: 3, epochs: 200, rounds: 4 });
    const obj = check(tm.model, x);
    const { base } = registries();
    const r = await solveModel(tm.model, { initialSolution: x!, nodeLimit: 1 }, { registry: base });
    expect(r.objective!).toBeLessThanOrEqual(obj + 1e-9);
  });

  it('the warm start is counted as a heuristic solution in the search statistics', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 30, hidden: [3], seed: 1 });
    const { nn } = registries();
    const r = await solveModel(tm.model, { timeLimit: 10 }, { registry: nn });
    expect(r.objective).not.toBeNull();
    const ste = r.stats.find((s) => s.name === 'heuristic/nn-ste')!;
    expect(ste.calls).toBe(1);
    expect(ste.solutions).toBe(1);
    expect(tm.model.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
  });

  it('the NN heuristics take their LPs from the solve\'s LP factory, and every LP is disposed after the solve', async () => {
    const tm = await tinyModel({ dataset: 'iris', trainSamples: 30, hidden: [3], seed: 2, sparsity: { weights: 0.1 } });
    const highs = await highsLpFactory();
    let created = 0;
    let disposed = 0;
    const lpFactory: LpSolverFactory = () => {
      created++;
      const lp = highs();
      const dispose = lp.dispose.bind(lp);
      lp.dispose = () => {
        disposed++;
        dispose();
      };
      return lp;
    };
    const { nn } = registries();
    const r = await solveModel(tm.model, { nodeLimit: 60, params: { 'heuristic/nn-neighbourhood/frequency': 1 } }, { registry: nn, lpFactory });
    expect(r.objective).not.toBeNull();
    expect(r.stats.find((s) => s.name === 'heuristic/nn-lp-fit')!.calls).toBeGreaterThan(0);
    // the node LP, the NN heuristics' shared LP-fit (and the neighbourhood's sub-MIP when it ran), all from the factory
    expect(created).toBeGreaterThanOrEqual(2);
    expect(disposed).toBe(created);
  });
});
