/**
 * The conflict graph (conflict-graph.ts) and the clique and implied-bound separators: the graph on
 * hand-made rows, the implied-bound cut of a weak big-M row, and validity — no cut of the two
 * separators removes HiGHS MIP's optimal point on the correctness suite and on seeded node-packing
 * and fixed-charge instances, where the cuts raise the root bound; the engine reaches the same
 * optima with them as without cuts.
 */
import { describe, expect, it } from 'vitest';
import { ConflictGraph, literal } from '../../src/bnb/conflict-graph.js';
import { IncumbentStore } from '../../src/bnb/incumbent-store.js';
import { NodeProcessor, processorOptions } from '../../src/bnb/node-processor.js';
import { rootNode } from '../../src/bnb/open-node.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { PluginSet, standaloneSolveContext } from '../../src/bnb/plugin-set.js';
import type { SeparationContext } from '../../src/bnb/plugins.js';
import { ImpliedBoundSeparator } from '../../src/bnb/separator-implied-bound.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite, mulberry32, randInt } from '../../src/gen/index.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { expectClose } from '../helpers/solution-checks.js';
import '../../src/plugins.js';

const MINE = { 'separator/gomory/enabled': false, 'separator/knapsack-cover/enabled': false };

/** Runs the root node with only the clique and implied-bound separators (or with cuts off). */
async function rootCuts(model: Model, params: Record<string, number | string | boolean> = MINE) {
  const lpFactory = await highsLpFactory();
  const resolved = globalRegistry.resolveParams(params);
  const plugins = PluginSet.open(globalRegistry, model, resolved, { branching: 'most-fractional', nodeSelection: 'best-bound' }, { lpFactory, role: 'serial' });
  const proc = new NodeProcessor(model, lpFactory(), plugins, new IncumbentStore(model), processorOptions(resolved));
  try {
    const r = proc.processNode(rootNode());
    const bound = r.kind === 'branched' ? r.bound : r.kind === 'integral' ? r.objective : Number.NaN;
    return { result: r, bound, cuts: [...(proc.cuts?.inLp ?? [])], stats: proc.pluginStats() };
  } finally {
    proc.dispose();
    plugins.close();
  }
}

/** Every cut holds at x* (HiGHS MIP's optimal point); returns the number of cuts. */
async function checkValid(model: Model, name: string): Promise<{ cuts: number; optimum: number; bound: number }> {
  const ref = await solveWithHighsMip(model, { gap: 0 });
  expect(ref.solution, name).not.toBeNull();
  const xs = ref.solution!;
  const { cuts, bound } = await rootCuts(model);
  for (const c of cuts) {
    let a = 0;
    for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
    const tol = 1e-6 * Math.max(1, Math.abs(a));
    expect(a, `${name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeGreaterThanOrEqual(c.lower - tol);
    expect(a, `${name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeLessThanOrEqual(c.upper + tol);
  }
  // the root bound (minimisation sense) never passes the optimum
  const optimum = model.sense === 'maximize' ? -ref.objective! : ref.objective!;
  if (Number.isFinite(bound)) expect(bound, `${name}: root bound vs optimum`).toBeLessThanOrEqual(optimum + 1e-6 * Math.max(1, Math.abs(optimum)));
  return { cuts: cuts.length, optimum, bound };
}

/** Node packing on a random graph: maximise the weight of an independent set (edge rows x_i + x_j <= 1). */
function nodePacking(seed: number, n: number, density: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`node-packing_s${seed}_n${n}`);
  b.sense = 'maximize';
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(b.addBinary(`x${i}`, randInt(rng, 1, 20)));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng() < density) b.addRow({ name: `e${i}_${j}`, upper: 1 }, [x[i]!, x[j]!], [1, 1]);
  return b.build();
}

/**
 * Set packing: `rows` random packing rows over n binaries (sizes 2..5, some with complemented
 * literals written as x_i - x_j <= 0), maximise weight.
 */
function setPacking(seed: number, n: number, rows: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`set-packing_s${seed}_n${n}`);
  b.sense = 'maximize';
  const x: number[] = [];
  for (let i = 0; i < n; i++) x.push(b.addBinary(`x${i}`, randInt(rng, 1, 30)));
  for (let r = 0; r < rows; r++) {
    const size = randInt(rng, 2, 5);
    const cols = new Set<number>();
    while (cols.size < size) cols.add(randInt(rng, 0, n - 1));
    b.addRow({ name: `p${r}`, upper: 1 }, [...cols].map((i) => x[i]!), [...cols].map(() => 1));
  }
  for (let r = 0; r < n / 4; r++) {
    const i = randInt(rng, 0, n - 1);
    const j = (i + randInt(rng, 1, n - 1)) % n;
    b.addRow({ name: `imp${r}`, upper: 0 }, [x[i]!, x[j]!], [1, -1]); // x_i <= x_j: (x_i = 1, x_j = 0) conflict
  }
  return b.build();
}

/**
 * Fixed charge, weak formulation: facilities f (open y_f binary, fixed cost) serve customers c
 * (x_fc in [0, 1], sum_f x_fc = 1) under aggregated capacities sum_c d_c x_fc <= cap_f y_f and a
 * weak big-M row per facility on its total service s_f = sum_c x_fc <= 10 |C| y_f (s_f in [0, |C|]);
 * no strong linking rows x_fc <= y_f: the implied bound cuts recover them.
 */
function fixedCharge(seed: number, facilities: number, customers: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`fixed-charge_s${seed}`);
  const y: number[] = [];
  for (let f = 0; f < facilities; f++) y.push(b.addBinary(`open${f}`, randInt(rng, 40, 120)));
  const d: number[] = [];
  for (let c = 0; c < customers; c++) d.push(randInt(rng, 5, 30));
  const total = d.reduce((s, v) => s + v, 0);
  const x: number[][] = [];
  for (let f = 0; f < facilities; f++) {
    x.push([]);
    for (let c = 0; c < customers; c++) x[f]!.push(b.addColumn({ name: `x_${f}_${c}`, lower: 0, upper: 1, cost: randInt(rng, 1, 60) }));
  }
  for (let c = 0; c < customers; c++) b.addRow({ name: `demand${c}`, lower: 1, upper: 1 }, x.map((r) => r[c]!), x.map(() => 1));
  for (let f = 0; f < facilities; f++) {
    const cap = Math.ceil(((2 * total) / facilities) * (0.5 + rng()));
    b.addRow({ name: `capacity${f}`, upper: 0 }, [...x[f]!, y[f]!], [...d, -cap]);
    const s = b.addColumn({ name: `s${f}`, lower: 0, upper: customers });
    b.addRow({ name: `service${f}`, lower: 0, upper: 0 }, [...x[f]!, s], [...x[f]!.map(() => 1), -1]);
    b.addRow({ name: `bigm${f}`, upper: 0 }, [s, y[f]!], [1, -10 * customers]);
  }
  return b.build();
}

/** A model from rows over `n` columns (binary unless `cols` says otherwise). */
function rowsModel(n: number, rows: { cols: number[]; vals: number[]; lower?: number; upper?: number }[], cols: ({ lower: number; upper: number; integer: boolean } | undefined)[] = []): Model {
  const b = new ModelBuilder('rows');
  for (let j = 0; j < n; j++) {
    const c = cols[j];
    if (c) b.addColumn({ name: `c${j}`, lower: c.lower, upper: c.upper, integer: c.integer });
    else b.addBinary(`x${j}`);
  }
  rows.forEach((r, i) => b.addRow({ name: `r${i}`, lower: r.lower, upper: r.upper }, r.cols, r.vals));
  return b.build();
}

const T = (j: number) => literal(j, 1);
const F = (j: number) => literal(j, 0);

describe('conflict graph', () => {
  it('a set-packing row is one clique, flagged as a model row', () => {
    const g = ConflictGraph.build(rowsModel(4, [{ cols: [0, 1, 2], vals: [1, 1, 1], upper: 1 }]));
    expect(g.numCliques).toBe(1);
    expect(g.cliqueIsRow[0]).toBe(1);
    expect(g.numEdges).toBe(0);
    expect(g.conflicts(T(0), T(1))).toBe(true);
    expect(g.conflicts(T(2), T(0))).toBe(true);
    expect(g.conflicts(T(0), T(3))).toBe(false);
    expect(g.conflicts(F(0), F(1))).toBe(false);
    expect(g.conflicts(T(0), F(1))).toBe(false);
    expect(g.hasConflicts(T(3))).toBe(false);
  });

  it('a knapsack row: only pairs over the capacity conflict', () => {
    // 5 x0 + 4 x1 + 3 x2 + x3 <= 8: only 5 + 4 > 8
    const g = ConflictGraph.build(rowsModel(4, [{ cols: [0, 1, 2, 3], vals: [5, 4, 3, 1], upper: 8 }]));
    expect(g.conflicts(T(0), T(1))).toBe(true);
    expect(g.conflicts(T(0), T(2))).toBe(false); // 5 + 3 = 8 fits
    expect(g.conflicts(T(1), T(2))).toBe(false);
    expect(g.conflicts(T(0), T(3))).toBe(false);
    expect(g.cliqueIsRow[0]).toBe(0); // the clique x0 + x1 <= 1 is not the row
  });

  it('pairs beyond the clique go to the pairwise adjacency, largest coefficients first', () => {
    // 10 x0 + 9 x1 + 2 x2 + x3 <= 11: clique {x0, x1}; x2 conflicts with x0 only; x3 with nothing
    const g = ConflictGraph.build(rowsModel(4, [{ cols: [0, 1, 2, 3], vals: [10, 9, 2, 1], upper: 11 }]));
    expect(g.conflicts(T(0), T(1))).toBe(true);
    expect(g.conflicts(T(2), T(0))).toBe(true);
    expect(g.conflicts(T(0), T(2))).toBe(true);
    expect(g.conflicts(T(2), T(1))).toBe(false);
    expect(g.conflicts(T(3), T(0))).toBe(false);
    expect(g.numEdges).toBe(1);
    const out = new Int32Array(8);
    const seen = new Int32Array(8);
    expect(Array.from(out.subarray(0, g.neighbours(T(0), out, seen, 1))).sort()).toEqual([T(1), T(2)].sort());
  });

  it('complemented literals: negative coefficients and >= sides', () => {
    // x0 - x1 <= 0 (x0 <= x1): x0 = 1 with x1 = 0 conflicts; x0 + x2 >= 1: x0 = 0 with x2 = 0 conflicts
    const g = ConflictGraph.build(
      rowsModel(3, [
        { cols: [0, 1], vals: [1, -1], upper: 0 },
        { cols: [0, 2], vals: [1, 1], lower: 1 },
      ]),
    );
    expect(g.conflicts(T(0), F(1))).toBe(true);
    expect(g.conflicts(T(0), T(1))).toBe(false);
    expect(g.conflicts(F(0), F(2))).toBe(true);
    expect(g.conflicts(T(0), T(2))).toBe(false);
    expect(g.conflicts(F(0), T(2))).toBe(false);
  });

  it('continuous columns enter through their minimum activity; an unbounded one leaves no conflict', () => {
    const bounded = rowsModel(3, [{ cols: [0, 1, 2], vals: [3, 3, 1], upper: 5 }], [undefined, undefined, { lower: 1, upper: 10, integer: false }]);
    expect(ConflictGraph.build(bounded).conflicts(T(0), T(1))).toBe(true); // 1 + 3 + 3 > 5
    const loose = rowsModel(3, [{ cols: [0, 1, 2], vals: [3, 3, 1], upper: 5 }], [undefined, undefined, { lower: -2, upper: 10, integer: false }]);
    expect(ConflictGraph.build(loose).conflicts(T(0), T(1))).toBe(false); // -2 + 6 <= 5
    const free = rowsModel(3, [{ cols: [0, 1, 2], vals: [3, 3, 1], upper: 5 }], [undefined, undefined, { lower: -Infinity, upper: 10, integer: false }]);
    expect(ConflictGraph.build(free).isEmpty).toBe(true);
  });

  it('a pair exactly at the bound does not conflict (margin)', () => {
    const g = ConflictGraph.build(rowsModel(2, [{ cols: [0, 1], vals: [1, 1], upper: 2 - 1e-9 }]));
    expect(g.conflicts(T(0), T(1))).toBe(false);
  });
});

describe('implied bounds', () => {
  it('a weak big-M row x - 100 y <= 5 with x <= 10 gives x <= 5 + 5 y', () => {
    const m = rowsModel(2, [{ cols: [0, 1], vals: [1, -100], upper: 5 }], [{ lower: 0, upper: 10, integer: false }]);
    const sep = new ImpliedBoundSeparator(m, 0, 10, 1e-4, 100, 1000, true);
    const sc = standaloneSolveContext(m, (() => {
      throw new Error('no LP');
    }) as never);
    try {
      expect(sep.initSolve(sc.context)).toBe(true);
      expect(sep.implicationCount).toBe(1);
      const cuts: { cols: number[]; vals: number[]; lower: number; upper: number }[] = [];
      const ctx = {
        primal: Float64Array.of(10, 0.1),
        addCut: (cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, lower: number, upper: number) => {
          cuts.push({ cols: Array.from(cols).slice(0, count), vals: Array.from(vals).slice(0, count), lower, upper });
          return true;
        },
      } as unknown as SeparationContext;
      sep.separate(ctx);
      expect(cuts).toHaveLength(1);
      const c = cuts[0]!;
      expect(c.cols).toEqual([0, 1]);
      expect(c.lower).toBe(-Infinity);
      expect(c.vals[0]).toBe(1);
      expect(c.vals[1]).toBeCloseTo(-5, 4);
      expect(c.upper).toBeCloseTo(5, 4);
    } finally {
      sc.close();
    }
  });
});

describe('clique and implied-bound cuts: validity and bound', () => {
  const instances = correctnessSuite().filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0);

  it('no cut removes the reference optimal solution on the correctness suite', async () => {
    for (const inst of instances) await checkValid(inst.model, inst.name);
  });

  it('on node-packing and set-packing instances clique cuts raise the root bound and stay valid', async () => {
    const models = [nodePacking(1, 30, 0.25), nodePacking(2, 40, 0.15), nodePacking(3, 25, 0.4), setPacking(4, 40, 30), setPacking(5, 60, 40)];
    for (const m of models) {
      const { optimum, bound } = await checkValid(m, m.name);
      const lp = await rootCuts(m, { 'cuts/enabled': false });
      expect(bound).toBeLessThanOrEqual(optimum + 1e-6);
      expect(bound).toBeGreaterThanOrEqual(lp.bound - 1e-6);
      if (m.name.startsWith('set-packing')) continue; // validity only: sparse packing rows may leave no violated clique
      const mine = await rootCuts(m);
      expect(mine.stats.find((s) => s.name === 'separator/clique')?.cutsApplied, m.name).toBeGreaterThan(0);
      // minimisation sense: the bound rises strictly over the LP's
      expect(bound, `${m.name}: ${bound} vs LP ${lp.bound}`).toBeGreaterThan(lp.bound + 1e-6);
    }
  });

  it('on a weak fixed-charge instance implied-bound cuts fire and raise the root bound', async () => {
    for (const seed of [1, 2]) {
      const m = fixedCharge(seed, 6, 10);
      const { optimum, bound } = await checkValid(m, m.name);
      const lp = await rootCuts(m, { 'cuts/enabled': false });
      const mine = await rootCuts(m);
      expect(mine.stats.find((s) => s.name === 'separator/implied-bound')?.cutsApplied, m.name).toBeGreaterThan(0);
      expect(bound, `${m.name}: ${bound} vs LP ${lp.bound}`).toBeGreaterThan(lp.bound + 1e-6);
      expect(bound).toBeLessThanOrEqual(optimum + 1e-6);
    }
  });

  it('the engine reaches the same optima with the two separators as without cuts', async () => {
    const models = [nodePacking(6, 30, 0.2), setPacking(7, 40, 30), fixedCharge(3, 5, 8), ...instances.slice(0, 6).map((s) => s.model)];
    for (const m of models) {
      const a = await solveModel(m, { cuts: false });
      const b = await solveModel(m, { separators: ['clique', 'implied-bound'] });
      expect(b.status, m.name).toBe('optimal');
      expectClose(b.objective!, a.objective!, `${m.name}: with vs without cuts`);
    }
  });
});
