/**
 * Cutting planes: the cut pool's numerics and filters, and validity — no cut any separator
 * adds may remove a known optimal solution. Every instance of the correctness suite with a finite
 * optimum is solved by HiGHS (the reference point x*), the root cut loop runs on mipnet's own
 * NodeProcessor, and every cut in the LP afterwards must hold at x*. The engine with cuts must
 * also reach the same optima as without.
 */
import { describe, expect, it } from 'vitest';
import { CutPool, DEFAULT_CUT_POOL_OPTIONS, packCuts, unpackCuts } from '../../src/bnb/cut-pool.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite, generate } from '../../src/gen/index.js';
import { ScriptedLpSolver } from '../../src/lp/mock-lp.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { expectClose } from '../helpers/solution-checks.js';
import { openProcessor, rootCuts } from '../helpers/root-cuts.js';
import { rootNode } from '../../src/bnb/open-node.js';
import '../../src/plugins.js';
import { blobs, tinyModel } from '../nn-engine/nn-fixtures.js';

describe('cut pool', () => {
  const x = Float64Array.of(0.5, 0.5, 0.5);
  const lo = Float64Array.of(0, 0, -Infinity);
  const up = Float64Array.of(1, 1, Infinity);

  it('keeps a violated cut scaled to a largest coefficient of 1, refuses one that is not violated', () => {
    const pool = new CutPool(3);
    expect(pool.propose([0, 1], [2, 2], 2, -Infinity, 1, false, 0, x, lo, up)).toBeUndefined(); // 2x0 + 2x1 <= 1 at (0.5, 0.5): 2 > 1
    expect(pool.propose([0, 1], [1, 1], 2, -Infinity, 1, false, 0, x, lo, up)).toBe('not-violated');
    expect(pool.candidateCount).toBe(1);
  });

  it('removes a tiny coefficient by relaxing its term over the bounds, and drops the cut over an unbounded column', () => {
    const pool = new CutPool(3);
    // x0 + x1 + 1e-12 x2 >= 1.9 with x2 free: the >= side is lost with the term: nothing left
    expect(pool.propose([0, 1, 2], [1, 1, 1e-12], 3, 1.9, Infinity, false, 0, x, lo, up)).toBe('numerics');
    // with x2 in [0, 1]: the side becomes x0 + x1 >= 1.9 - 1e-12, still violated at (0.5, 0.5)
    const bounded = Float64Array.of(1, 1, 1);
    expect(pool.propose([0, 1, 2], [1, 1, 1e-12], 3, 1.9, Infinity, false, 0, x, lo, bounded)).toBeUndefined();
  });

  it('drops cuts of huge dynamism, NaN or without a finite side; sums duplicate columns', () => {
    const pool = new CutPool(3, { ...DEFAULT_CUT_POOL_OPTIONS, maxDynamism: 1e3 });
    expect(pool.propose([0, 1], [1, 1e-5], 2, -Infinity, 0, false, 0, x, lo, up)).toBe('numerics');
    expect(pool.propose([0], [Number.NaN], 1, -Infinity, 0, false, 0, x, lo, up)).toBe('numerics');
    expect(pool.propose([0], [1], 1, -Infinity, Infinity, false, 0, x, lo, up)).toBe('numerics');
    expect(pool.propose([0, 0], [0.5, 0.5], 2, -Infinity, 0.1, false, 0, x, lo, up)).toBeUndefined(); // x0 <= 0.1
    expect(pool.refused.numerics).toBe(3);
  });

  it('a worker LP imports the shared cuts it lacks, in order, once', () => {
    const m = generate('knapsack', 1, 6);
    const lp = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 0, primal: new Array(m.numCols).fill(0) }));
    lp.load(m);
    const shared = packCuts([
      { cols: Int32Array.of(0, 1), vals: Float64Array.of(1, 1), lower: -Infinity, upper: 1, local: false, source: 0, efficacy: 1, age: 0 },
      { cols: Int32Array.of(2), vals: Float64Array.of(1), lower: -Infinity, upper: 0, local: false, source: 0, efficacy: 1, age: 0 },
    ]);
    const pool = new CutPool(m.numCols);
    expect(pool.importShared(lp, shared)).toBe(2);
    expect(lp.rowCount()).toBe(m.numRows + 2);
    expect(pool.importShared(lp, shared)).toBe(0);
    expect(lp.rowCount()).toBe(m.numRows + 2);
    expect(pool.globalCuts()).toHaveLength(2);
  });

  it('packs and unpacks cuts losslessly', () => {
    const cuts = [
      { cols: Int32Array.of(0, 2), vals: Float64Array.of(1, -0.5), lower: -Infinity, upper: 1, local: false, source: 0, efficacy: 1, age: 0 },
      { cols: Int32Array.of(1), vals: Float64Array.of(1), lower: 0.5, upper: Infinity, local: false, source: 0, efficacy: 1, age: 0 },
    ];
    const back = unpackCuts(packCuts(cuts));
    expect(back.map((c) => [Array.from(c.cols), Array.from(c.vals), c.lower, c.upper])).toEqual(cuts.map((c) => [Array.from(c.cols), Array.from(c.vals), c.lower, c.upper]));
  });
});

describe('cut validity', () => {
  const instances = correctnessSuite().filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0);

  it('no root cut removes the reference optimal solution, on every instance of the correctness suite with a known optimum', async () => {
    let total = 0;
    for (const inst of instances) {
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      expect(ref.solution, inst.name).not.toBeNull();
      const xs = ref.solution!;
      const { cuts } = await rootCuts(inst.model);
      for (const c of cuts) {
        let a = 0;
        for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
        const tol = 1e-6 * Math.max(1, Math.abs(a));
        expect(a, `${inst.name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeGreaterThanOrEqual(c.lower - tol);
        expect(a, `${inst.name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeLessThanOrEqual(c.upper + tol);
      }
      total += cuts.length;
    }
    expect(total).toBeGreaterThan(0); // the separators did cut on this suite
  });

  it('raises the root bound on knapsacks and the engine reaches the same optima with and without cuts', async () => {
    const m = generate('multi-knapsack', 3, 25);
    const without = await rootCuts(m, { 'cuts/enabled': false });
    const withCuts = await rootCuts(m);
    if (without.result.kind !== 'branched' || withCuts.result.kind !== 'branched') throw new Error(`roots ${without.result.kind}, ${withCuts.result.kind}`);
    expect(withCuts.cuts.length).toBeGreaterThan(0);
    expect(withCuts.result.bound).toBeGreaterThan(without.result.bound + 1e-6);
    const sep = withCuts.stats.filter((s) => s.name.startsWith('separator/'));
    expect(sep.reduce((s, r) => s + (r.cutsApplied ?? 0), 0)).toBe(withCuts.cuts.length);
    expect(sep.reduce((s, r) => s + (r.boundGain ?? 0), 0)).toBeGreaterThan(0);
    for (const inst of instances.slice(0, 12)) {
      const a = await solveModel(inst.model, { cuts: false });
      const b = await solveModel(inst.model, {});
      expect(b.status, inst.name).toBe('optimal');
      expectClose(b.objective!, a.objective!, `${inst.name}: with vs without cuts`);
    }
  });

  it('cuts at nodes by depth frequency: separated below the root, gone from the LP after their node, same optima', async () => {
    const nodeParams = { 'separator/gomory/frequency': 1, 'separator/knapsack-cover/frequency': 1 };
    // the processor: root, then one child; the child's cuts leave the LP with it
    const m = generate('multi-knapsack', 5, 30);
    const { proc, close } = await openProcessor(m, nodeParams);
    try {
      const root = proc.processNode(rootNode());
      if (root.kind !== 'branched') throw new Error(`root ${root.kind}`);
      const rootRows = proc.lp.rowCount();
      const applied = (): number => proc.pluginStats().filter((s) => s.name.startsWith('separator/')).reduce((t, r) => t + (r.cutsApplied ?? 0), 0);
      const atRoot = applied();
      let below = 0;
      for (const child of root.children) {
        proc.processNode(child);
        expect(proc.lp.rowCount()).toBe(rootRows);
        expect(proc.cuts!.inLp.length).toBe(rootRows - m.numRows);
        below = applied() - atRoot;
      }
      expect(below).toBeGreaterThan(0);
    } finally {
      close();
    }
    for (const inst of instances.slice(0, 16)) {
      const a = await solveModel(inst.model, { cuts: false });
      const b = await solveModel(inst.model, { params: nodeParams });
      expect(b.status, inst.name).toBe('optimal');
      expectClose(b.objective!, a.objective!, `${inst.name}: node cuts vs no cuts`);
    }
  });

  it('with big-M re-tightening: root cuts read the tightened LP rows and hold at the optimum; same optima', async () => {
    const params = { 'search/big-m-tightening': true, 'separator/gomory/min-fraction': 1e-4, 'separator/gomory/frequency': 2 };
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const tm = await tinyModel({ dataset: blobs(seed, 10, 2), hidden: [2], sparsity: { weights: 0.1, neurons: 0.1 } });
      const m = tm.model;
      const ref = await solveWithHighsMip(m, { gap: 0 });
      expect(ref.status).toBe('optimal');
      const xs = ref.solution!;
      const { cuts } = await rootCuts(m, params);
      for (const c of cuts) {
        let a = 0;
        for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
        const tol = 1e-6 * Math.max(1, Math.abs(a));
        expect(a, `seed ${seed}: cut ${c.lower} <= ${a} <= ${c.upper}`).toBeGreaterThanOrEqual(c.lower - tol);
        expect(a, `seed ${seed}: cut ${c.lower} <= ${a} <= ${c.upper}`).toBeLessThanOrEqual(c.upper + tol);
      }
      total += cuts.length;
      const b = await solveModel(m, { params, presolve: false });
      expect(b.status, `seed ${seed}`).toBe('optimal');
      expectClose(b.objective!, ref.objective!, `seed ${seed}: big-M + cuts vs HiGHS`);
    }
    expect(total).toBeGreaterThan(0);
  });

  it('--separators picks separators, unknown names are refused', async () => {
    const m = generate('multi-knapsack', 3, 25);
    const only = await solveModel(m, { separators: ['knapsack-cover'], nodeLimit: 1 });
    expect(only.stats.some((s) => s.name === 'separator/gomory')).toBe(false);
    expect(only.stats.some((s) => s.name === 'separator/knapsack-cover')).toBe(true);
    await expect(solveModel(m, { separators: ['nope'] })).rejects.toThrow(/unknown separator "nope" \(known: .*gomory/);
  });
});
