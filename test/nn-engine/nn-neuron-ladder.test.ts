import { afterAll, describe, expect, it } from 'vitest';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { Model } from '../../src/model/model.js';
import { ladderRungs, NnNeuronLadderHeuristic } from '../../src/nn-engine/nn-heuristic-neuron-ladder.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { solve } from '../../src/solve.js';
import { blobs, initPlugins, rootLpContext, tinyModel } from './nn-fixtures.js';

const SPARSE = { weights: 0.1, neurons: 0.1 };

/** The model with the given columns' upper bounds set to 0 (a rung, built independently of the heuristic). */
function withZeroed(m: Model, cols: ArrayLike<number>): Model {
  const upper = Float64Array.from(m.colUpper);
  for (let k = 0; k < cols.length; k++) upper[cols[k]!] = 0;
  return new Model({ ...m, colCost: m.colCost, colUpper: upper, structure: undefined });
}

describe('neuron-count ladder, primal side (nn-neuron-ladder)', () => {
  const open: (() => void)[] = [];
  afterAll(() => open.forEach((f) => f()));

  it('has one rung per live count 1 … width−1 of every kill-switched hidden layer, dead neurons last', async () => {
    const tm = await tinyModel({ dataset: blobs(3, 12, 3), hidden: [3, 2], sparsity: SPARSE });
    const v = getNnView(tm.model)!;
    const rungs = ladderRungs(v);
    expect(rungs.map((r) => [r.layer, r.live])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
    ]);
    for (const r of rungs) {
      const L = v.layers[r.layer]!;
      expect(Array.from(r.deadKills)).toEqual(L.neurons.slice(r.live).map((nr) => nr.killCol));
    }
    // without kill-switches there is no ladder
    const plain = await tinyModel({ dataset: blobs(3, 12, 3), hidden: [3], sparsity: { weights: 0.1 } });
    expect(ladderRungs(getNnView(plain.model)!)).toEqual([]);
  });

  for (const seed of [5, 8]) {
    it(`each rung, visited until it is searched to its end, holds the optimum of the model with its dead neurons switched off (HiGHS), seed ${seed}`, async () => {
      const tm = await tinyModel({ dataset: blobs(seed, 10, 2), hidden: [3], sparsity: SPARSE });
      const m = tm.model;
      const h = new NnNeuronLadderHeuristic(m, { frequency: 1, timeLimit: 30, maxShare: 1, seed: 1, nodeLimit: 1e7, growth: 2, maxCallTime: 60, steTimeLimit: 0.5 });
      const life = await initPlugins(m, [h]);
      open.push(life.close);
      expect(life.active[0]).toBe(true);
      const ctx = await rootLpContext(m);
      // fewest visits first, then fewest live neurons: rung 1 (gradient), rung 2 (gradient), then their sub-MIPs
      const order: number[] = [];
      for (let call = 0; call < 6 && h.nextRung(Infinity); call++) {
        const rung = h.nextRung(Infinity)!;
        order.push(rung.live);
        const x = h.run(ctx);
        if (x) expect(m.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
      }
      expect(order).toEqual([1, 2, 1, 2]);
      expect(h.nextRung(Infinity), 'both rungs searched to their end').toBeNull();
      for (const rung of h.rungs) {
        const ref = await solveWithHighsMip(withZeroed(m, rung.deadKills), { timeLimit: 60 });
        expect(ref.status).toBe('optimal');
        expect(rung.best, `rung ${rung.live}`).toBeCloseTo(ref.objective!, 5);
      }
    });
  }

  it('a rung whose forced errors alone reach the cutoff is skipped (3 classes cannot be told apart by one step neuron)', async () => {
    const tm = await tinyModel({ dataset: blobs(4, 12, 3), hidden: [3], sparsity: SPARSE });
    const h = new NnNeuronLadderHeuristic(tm.model, { frequency: 1, timeLimit: 1, maxShare: 1, seed: 1, nodeLimit: 10, growth: 2, maxCallTime: 1, steTimeLimit: 0.1 });
    // one neuron: 2 patterns for 3 classes of 4 samples, so 4 samples are wrong, each costing 1 in the xor loss
    // (the xor loss is the objective's offset N plus the output terms: the objective counts it whole)
    expect(h.nextRung(4)?.live).toBe(2);
    expect(h.nextRung(4.001)?.live).toBe(1);
    // rungs at or above the incumbent's live count hold the incumbent: only smaller ones are visited
    const v = getNnView(tm.model)!;
    const x = new Float64Array(tm.model.numCols);
    const kills = v.layers[0]!.neurons.map((nr) => nr.killCol);
    x[kills[0]!] = 1;
    x[kills[1]!] = 1;
    expect(h.nextRung(Infinity, x)?.live).toBe(1);
    x[kills[1]!] = 0;
    expect(h.nextRung(Infinity, x)).toBeNull();
  });

  it('the optimum is the same with the ladder on and off, 1 and 2 threads (engine vs HiGHS)', async () => {
    for (const seed of [2]) {
      const tm = await tinyModel({ dataset: blobs(seed, 8, 3), hidden: [3], sparsity: SPARSE });
      const ref = await solveWithHighsMip(tm.model, { timeLimit: 120 });
      expect(ref.status).toBe('optimal');
      for (const [enabled, threads] of [[true, 1], [false, 1], [true, 2]] as const) {
        const r = await solve(tm.model, { threads, timeLimit: 120, params: { 'heuristic/nn-neuron-ladder/enabled': enabled } });
        expect(r.status, `ladder ${enabled ? 'on' : 'off'}, ${threads} thread(s)`).toBe('optimal');
        expect(r.objective!).toBeCloseTo(ref.objective!, 5);
        expect(r.bound).toBeLessThanOrEqual(ref.objective! + 1e-6);
      }
    }
  });
});
