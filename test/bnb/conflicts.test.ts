/**
 * Conflict analysis on infeasible node LPs (dual proofs): every learned conflict is a valid
 * constraint — it holds at the reference optimal solution of every instance with a known optimum —
 * its propagation closes nodes, and the engine reaches the same optima with and without it.
 */
import { describe, expect, it } from 'vitest';
import { PropagationConflictAnalyzer } from '../../src/bnb/conflict-analysis.js';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { ConflictPool } from '../../src/bnb/conflict-pool.js';
import { RowActivityPropagator } from '../../src/bnb/propagator-row-activity.js';
import { Pseudocosts } from '../../src/bnb/pseudocosts.js';
import { Domain } from '../../src/bnb/domain.js';
import { IncumbentStore } from '../../src/bnb/incumbent-store.js';
import { NodeProcessor, processorOptions } from '../../src/bnb/node-processor.js';
import { bestBoundOrder } from '../../src/bnb/node-queue.js';
import { rootNode } from '../../src/bnb/open-node.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { PluginSet } from '../../src/bnb/plugin-set.js';
import { Search } from '../../src/bnb/search.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite } from '../../src/gen/index.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { expectClose } from '../helpers/solution-checks.js';
import { mulberry32 } from './helpers.js';
import '../../src/plugins.js';

/** A full search on mipnet's own pieces (propagation off so that node LPs go infeasible); returns the conflicts learned. */
async function searchConflicts(model: Model, propagation = false) {
  const lpFactory = await highsLpFactory();
  const resolved = globalRegistry.resolveParams({ 'propagator/row-activity/enabled': propagation, 'cuts/enabled': false });
  const plugins = PluginSet.open(globalRegistry, model, resolved, { branching: 'most-fractional', nodeSelection: 'best-bound' }, { lpFactory, role: 'serial' });
  const proc = new NodeProcessor(model, lpFactory(), plugins, new IncumbentStore(model), processorOptions(resolved));
  // the clauses learned from propagation (the pool may evict some later)
  const clauses: { cols: Int32Array; vals: Float64Array; rhs: number }[] = [];
  const pool = proc.conflicts!;
  const add = pool.addConflict.bind(pool);
  pool.addConflict = (cols, vals, rhs) => {
    const kept = add(cols, vals, rhs);
    if (kept) clauses.push({ cols, vals, rhs });
    return kept;
  };
  try {
    const search = new Search(proc, { compare: bestBoundOrder, plunge: true, plungeDepth: 8 });
    search.add(rootNode());
    search.run({ check: () => undefined }, 20000);
    return { conflicts: [...(proc.conflicts?.conflicts ?? [])], clauses, stats: proc.pluginStats(), value: proc.incumbents.value * proc.sign };
  } finally {
    proc.dispose();
    plugins.close();
  }
}

describe('conflict analysis', () => {
  const instances = correctnessSuite().filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0 && s.model.numRows > 0);

  it('every learned dual proof holds at the reference optimum, on the correctness suite', async () => {
    let learned = 0;
    for (const inst of instances) {
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      const { conflicts, value } = await searchConflicts(inst.model);
      expectClose(value, ref.objective!, `${inst.name}: search optimum`);
      const xs = ref.solution!;
      for (const c of conflicts) {
        let a = 0;
        for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
        expect(a, `${inst.name}: conflict ${a} >= ${c.rhs}`).toBeGreaterThanOrEqual(c.rhs - 1e-6 * Math.max(1, Math.abs(c.rhs)));
      }
      learned += conflicts.length;
    }
    expect(learned).toBeGreaterThan(0);
  });

  it('propagates a conflict: closes a box that cannot reach it, tightens bounds of one that can', () => {
    const b = new ModelBuilder('box');
    b.addBinary('x');
    b.addBinary('y');
    b.addColumn({ name: 'z', lower: 0, upper: 10, integer: true });
    const model = b.build();
    const pool = new ConflictPool(model, { maxConflicts: 10, maxLength: 10 });
    // x + y + z >= 8.5 (as if learned)
    pool.conflicts.push({ cols: Int32Array.of(0, 1, 2), vals: Float64Array.of(1, 1, 1), rhs: 8.5, uses: 0 });
    const d = new Domain(model);
    expect(pool.propagate(d, 0)).toBe('ok');
    expect(d.lower[2]).toBe(7); // z >= 8.5 - 2, rounded up
    const e = new Domain(model);
    expect(e.tighten(2, 0, 6, 1, -1)).toBeGreaterThan(0);
    expect(pool.propagate(e, 0)).toBe('infeasible'); // x + y + z <= 8 < 8.5
    expect(pool.conflicts[0]!.uses).toBeGreaterThan(0);
  });

  it('the engine reaches the same optima with and without conflicts, and reports their statistics', async () => {
    let proofs = 0;
    for (const inst of instances.slice(0, 14)) {
      const off = await solveModel(inst.model, { params: { 'conflicts/enabled': false, 'propagator/row-activity/enabled': false } });
      const on = await solveModel(inst.model, { params: { 'propagator/row-activity/enabled': false } });
      expect(on.status, inst.name).toBe('optimal');
      expectClose(on.objective!, off.objective!, `${inst.name}: with vs without conflicts`);
      proofs += on.stats.find((s) => s.name === 'conflicts/dual-proofs')?.cutsFound ?? 0;
    }
    expect(proofs).toBeGreaterThan(0);
  });
});

/** A seeded random pure-binary model: packing rows (<=), covering rows (>=) and a few equalities. */
function randomBinary(seed: number): Model {
  const rnd = mulberry32(seed);
  const n = 10 + Math.floor(rnd() * 10);
  const b = new ModelBuilder(`random-binary-${seed}`);
  for (let j = 0; j < n; j++) b.addBinary(`x${j}`, Math.round(rnd() * 20 - 8));
  const rows = 6 + Math.floor(rnd() * 8);
  for (let i = 0; i < rows; i++) {
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < n; j++) {
      if (rnd() < 0.35) {
        cols.push(j);
        vals.push(1 + Math.floor(rnd() * 5));
      }
    }
    if (cols.length < 2) continue;
    const sum = vals.reduce((a, v) => a + v, 0);
    const kind = rnd();
    if (kind < 0.5) b.addRow({ upper: Math.floor(sum * (0.3 + 0.3 * rnd())) }, cols, vals);
    else if (kind < 0.9) b.addRow({ lower: Math.ceil(sum * (0.2 + 0.3 * rnd())) }, cols, vals);
    else b.addRow({ lower: Math.floor(sum / 2), upper: Math.floor(sum / 2) }, cols, vals.map((v, k) => (k % 2 === 0 ? v : -v)));
  }
  return b.build();
}

function clauseHolds(c: { cols: Int32Array; vals: Float64Array; rhs: number }, x: ArrayLike<number>): number {
  let a = 0;
  for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * x[c.cols[k]!]!;
  return a;
}

describe('conflict analysis from propagation', () => {
  const propCtx = (model: Model, domain: Domain, since: number) => ({
    model,
    domain,
    source: 1,
    cutoff: Infinity,
    depth: 1,
    since,
    pseudocosts: new Pseudocosts(model.numCols),
  });

  it('resolves implied fixings down to the decisions: the expected nogood clause', () => {
    // A: x1 + x2 <= 1; C: x1 + x4 <= 1; B: x2 + x4 + x5 >= 1
    const b = new ModelBuilder('chain');
    const x = [0, 1, 2, 3, 4, 5].map((k) => b.addBinary(`x${k}`));
    b.addRow({ name: 'A', upper: 1 }, [x[1]!, x[2]!], [1, 1]);
    b.addRow({ name: 'C', upper: 1 }, [x[1]!, x[4]!], [1, 1]);
    b.addRow({ name: 'B', lower: 1 }, [x[2]!, x[4]!, x[5]!], [1, 1, 1]);
    const model = b.build();
    const d = new Domain(model);
    const prop = new RowActivityPropagator(model, 4, 1e-3);
    // decisions x0 = 0 (unrelated), x1 = 1 and x5 = 0
    d.tighten(x[0]!, 0, 0, BoundReason.BRANCHING, -1);
    const since = d.mark();
    d.tighten(x[1]!, 1, 1, BoundReason.BRANCHING, -1);
    d.tighten(x[5]!, 0, 0, BoundReason.BRANCHING, -1);
    expect(prop.propagate(propCtx(model, d, since))).toBe('infeasible');
    expect(prop.infeasibleRow).toBe(2); // B: x2 and x4 fixed to 0 by A and C
    // the trail records the rows that implied x2 <= 0 and x4 <= 0
    expect(d.explain(x[2]!).map((c) => [c.reason, c.explain, c.newUpper])).toEqual([[BoundReason.PROPAGATION, 0, 0]]);
    expect(d.explain(x[4]!).map((c) => [c.reason, c.explain, c.newUpper])).toEqual([[BoundReason.PROPAGATION, 1, 0]]);
    expect(d.explain(x[1]!)[0]!.explain).toBe(-1);
    const an = new PropagationConflictAnalyzer(model, undefined, 100);
    const clause = an.analyze(d, { row: prop.infeasibleRow })!;
    // (1 - x1) + x5 >= 1, i.e. -x1 + x5 >= 0
    expect(Array.from(clause.cols)).toEqual([x[1], x[5]]);
    expect(Array.from(clause.vals)).toEqual([-1, 1]);
    expect(clause.rhs).toBe(0);
    // a non-binary literal: no clause
    const g = new ModelBuilder('general');
    const y = g.addColumn({ name: 'y', lower: 0, upper: 5, integer: true });
    const z = g.addBinary('z');
    g.addRow({ lower: 3 }, [y, z], [1, 1]);
    const gm = g.build();
    const gd = new Domain(gm);
    gd.tighten(y, 0, 1, BoundReason.BRANCHING, -1);
    gd.tighten(z, 0, 0, BoundReason.BRANCHING, -1);
    expect(new PropagationConflictAnalyzer(gm, undefined, 100).analyze(gd, { row: 0 })).toBeNull();
  });

  it('a clause relying on a reduced-cost fixing keeps it as a literal (bound state), resolves through learned conflicts', () => {
    const b = new ModelBuilder('rc');
    const x = [0, 1, 2, 3].map((k) => b.addBinary(`x${k}`));
    b.addRow({ upper: 1 }, [x[0]!, x[1]!], [1, 1]); // x0 = 1 => x1 = 0
    b.addRow({ lower: 2 }, [x[1]!, x[2]!, x[3]!], [1, 1, 1]);
    b.addRow({ upper: 1 }, [x[2]!, x[3]!], [1, 1]);
    const model = b.build();
    const pool = new ConflictPool(model, { maxConflicts: 10, maxLength: 10 });
    const d = new Domain(model);
    d.tighten(x[3]!, 0, 0, BoundReason.REDUCED_COST, 5);
    const since = d.mark();
    d.tighten(x[0]!, 1, 1, BoundReason.BRANCHING, -1);
    const prop = new RowActivityPropagator(model, 4, 1e-3);
    expect(prop.propagate(propCtx(model, d, 0))).toBe('infeasible');
    expect(since).toBe(1);
    const c = new PropagationConflictAnalyzer(model, pool, 10).analyze(d, { row: prop.infeasibleRow })!;
    // (1 - x0) + x3 >= 1
    expect(Array.from(c.cols)).toEqual([x[0], x[3]]);
    expect(Array.from(c.vals)).toEqual([-1, 1]);
    expect(c.rhs).toBe(0);
    expect(pool.addConflict(c.cols, c.vals, c.rhs)).toBe(true);
    // the pool's propagation records the conflict as explanation: x0 = 1 now implies x3 = 1 through it
    const e = new Domain(model);
    e.tighten(x[0]!, 1, 1, BoundReason.BRANCHING, -1);
    expect(pool.propagate(e, 2)).toBe('ok');
    expect(e.lower[x[3]!]).toBe(1);
    expect(e.explain(x[3]!)[0]!.explain).toBe(-2 - pool.conflicts[0]!.id!);
    e.tighten(x[2]!, 1, 1, BoundReason.BRANCHING, -1);
    expect(prop.propagate(propCtx(model, e, 0))).toBe('infeasible');
    expect(prop.infeasibleRow).toBe(2); // x2 + x3 <= 1 with x3 >= 1 from the conflict
    const c2 = new PropagationConflictAnalyzer(model, pool, 10).analyze(e, { row: prop.infeasibleRow });
    // x3 >= 1 resolved through the conflict down to x0 = 1: (1 - x0) + (1 - x2) >= 1
    expect(Array.from(c2!.cols)).toEqual([x[0], x[2]]);
    expect(Array.from(c2!.vals)).toEqual([-1, -1]);
    expect(c2!.rhs).toBe(-1);
    expect(clauseHolds(c2!, [0, 1, 1, 0])).toBeGreaterThanOrEqual(c2!.rhs); // a feasible point
  });

  it('every learned clause holds at the reference optimum (correctness suite and random binary models); same optima on and off; statistics', async () => {
    const models: Model[] = [
      ...correctnessSuite()
        .filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0 && s.model.numRows > 0)
        .map((s) => s.model),
    ];
    for (let seed = 1; seed <= 25; seed++) models.push(randomBinary(seed));
    let learned = 0;
    let statFound = 0;
    let statApplied = 0;
    let checked = 0;
    const counts: string[] = [];
    for (const model of models) {
      const ref = await solveWithHighsMip(model, { gap: 0 });
      const { clauses, stats } = await searchConflicts(model, true);
      const row = stats.find((s) => s.name === 'conflicts/propagation');
      expect(row, model.name).toBeDefined();
      statFound += row!.cutsFound ?? 0;
      statApplied += row!.cutsApplied ?? 0;
      learned += clauses.length;
      if (clauses.length > 0) counts.push(`${model.name}: ${clauses.length}`);
      if (model.name.startsWith('random-binary') && model.numCols <= 14) {
        // small: every clause holds at every feasible point (enumerated)
        const x = new Float64Array(model.numCols);
        for (let mask = 0; mask < 1 << model.numCols; mask++) {
          for (let j = 0; j < model.numCols; j++) x[j] = (mask >> j) & 1;
          if (model.maxViolation(x).value > 1e-9) continue;
          for (const c of clauses) expect(clauseHolds(c, x), `${model.name}: clause at feasible point ${mask}`).toBeGreaterThanOrEqual(c.rhs);
        }
      }
      if (ref.status === 'optimal') {
        const xs = ref.solution!;
        for (const c of clauses) {
          expect(clauseHolds(c, xs), `${model.name}: clause ${Array.from(c.vals)} x${Array.from(c.cols)} >= ${c.rhs}`).toBeGreaterThanOrEqual(c.rhs - 1e-6);
        }
        checked++;
      }
      if (model.name.startsWith('random-binary') || checked % 3 === 0) {
        const on = await solveModel(model, { params: { 'conflicts/propagation': true } });
        const off = await solveModel(model, { params: { 'conflicts/propagation': false } });
        expect(on.status, model.name).toBe(off.status);
        if (on.status === 'optimal') expectClose(on.objective!, off.objective!, `${model.name}: with vs without propagation conflicts`);
        if (ref.status === 'optimal') expectClose(on.objective!, ref.objective!, `${model.name}: vs reference`);
        expect(off.stats.find((s) => s.name === 'conflicts/propagation')).toBeUndefined();
      }
    }
    console.log(`propagation clauses learned: ${learned}; ${counts.join(', ')}`);
    expect(learned).toBeGreaterThan(0);
    expect(statApplied).toBe(learned);
    expect(statFound).toBeGreaterThanOrEqual(statApplied);
  }, 300000);
});
