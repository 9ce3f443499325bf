/**
 * The c-MIR and flow cover separators: hand-computed cuts, validity against HiGHS optima on the
 * correctness suite and on seeded fixed-charge instances, root bound gains, and equal optima of
 * the engine with and without them.
 */
import { describe, expect, it } from 'vitest';
import type { SeparationContext } from '../../src/bnb/plugins.js';
import { CmirSeparator, MirWorkspace } from '../../src/bnb/separator-cmir.js';
import { FlowCoverSeparator } from '../../src/bnb/separator-flow-cover.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite, mulberry32, randInt } from '../../src/gen/index.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { rootCuts } from '../helpers/root-cuts.js';
import { expectClose } from '../helpers/solution-checks.js';

/** Only these separators on. */
function only(...names: string[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const s of ['gomory', 'knapsack-cover', 'cmir', 'flow-cover']) out[`separator/${s}/enabled`] = names.includes(s);
  return out;
}

/** Single-node flow: max Σ p_j x_j − f_j y_j s.t. Σ x_j ≤ b, x_j ≤ u_j y_j (as a minimisation). */
function singleNode(seed: number, n: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`single-node_s${seed}_n${n}`);
  const xs: number[] = [];
  let total = 0;
  for (let j = 0; j < n; j++) {
    const u = randInt(rng, 5, 20);
    total += u;
    const x = b.addColumn({ name: `x${j}`, lower: 0, upper: u, cost: -randInt(rng, 5, 12) });
    const y = b.addBinary(`y${j}`, randInt(rng, 10, 60));
    b.addRow({ name: `vub${j}`, upper: 0 }, [x, y], [1, -u]);
    xs.push(x);
  }
  b.addRow({ name: 'node', upper: Math.round(total / 2) + 0.5 }, xs, xs.map(() => 1));
  return b.build();
}

/** Fixed-charge transportation: supplies, demands (=), x_ij ≤ u_ij y_ij. */
function fixedChargeTransportation(seed: number, sources: number, sinks: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`fct_s${seed}_${sources}x${sinks}`);
  const demand = Array.from({ length: sinks }, () => randInt(rng, 5, 25));
  const totalDemand = demand.reduce((s, v) => s + v, 0);
  const supply = Array.from({ length: sources }, () => Math.ceil((1.5 * totalDemand) / sources) + randInt(rng, 0, 5));
  const x: number[][] = [];
  for (let i = 0; i < sources; i++) {
    x.push([]);
    for (let j = 0; j < sinks; j++) {
      const u = Math.min(supply[i]!, demand[j]!);
      const xi = b.addColumn({ name: `x${i}_${j}`, lower: 0, upper: Infinity, cost: randInt(rng, 1, 8) });
      const yi = b.addBinary(`y${i}_${j}`, randInt(rng, 20, 80));
      b.addRow({ name: `vub${i}_${j}`, upper: 0 }, [xi, yi], [1, -u]);
      x[i]!.push(xi);
    }
  }
  for (let i = 0; i < sources; i++) b.addRow({ name: `supply${i}`, upper: supply[i]! }, x[i]!, x[i]!.map(() => 1));
  for (let j = 0; j < sinks; j++) b.addRow({ name: `demand${j}`, lower: demand[j]!, upper: demand[j]! }, x.map((r) => r[j]!), x.map(() => 1));
  return b.build();
}

/** Fixed-charge network flow (fixnet-like): balance equalities at the nodes, arcs x ≤ u y. */
function fixedChargeNetwork(seed: number, nodes: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`fcnf_s${seed}_n${nodes}`);
  const balance = Array.from({ length: nodes }, () => 0);
  for (let v = 1; v < nodes; v++) {
    const d = randInt(rng, 1, 6);
    balance[v] = d;
    balance[0]! -= d; // node 0 supplies all demand
  }
  const inArcs: number[][] = Array.from({ length: nodes }, () => []);
  const outArcs: number[][] = Array.from({ length: nodes }, () => []);
  const cap = -balance[0]!;
  const arc = (p: number, q: number): void => {
    const u = randInt(rng, Math.ceil(cap / 3), cap);
    const id = inArcs.reduce((s, a) => s + a.length, 0);
    const xa = b.addColumn({ name: `x${p}_${q}_${id}`, lower: 0, upper: Infinity, cost: randInt(rng, 1, 5) });
    const ya = b.addBinary(`y${p}_${q}_${id}`, randInt(rng, 10, 40));
    b.addRow({ name: `vub${p}_${q}_${id}`, upper: 0 }, [xa, ya], [1, -u]);
    outArcs[p]!.push(xa);
    inArcs[q]!.push(xa);
  };
  for (let v = 1; v < nodes; v++) arc(v - 1, v); // a path makes it feasible when capacities allow
  for (let v = 1; v < nodes; v++) arc(0, v);
  for (let t = 0; t < nodes; t++) {
    const p = randInt(rng, 1, nodes - 1);
    const q = randInt(rng, 1, nodes - 1);
    if (p !== q) arc(p, q);
  }
  for (let v = 0; v < nodes; v++) {
    const cols = [...inArcs[v]!, ...outArcs[v]!];
    const vals = [...inArcs[v]!.map(() => 1), ...outArcs[v]!.map(() => -1)];
    b.addRow({ name: `balance${v}`, lower: balance[v]!, upper: balance[v]! }, cols, vals);
  }
  return b.build();
}

function fixedChargeInstances(): { name: string; model: Model }[] {
  const out: { name: string; model: Model }[] = [];
  for (const s of [1, 2, 3]) out.push({ name: `single-node/s${s}`, model: singleNode(s, 8) });
  for (const s of [1, 2]) out.push({ name: `fct/s${s}`, model: fixedChargeTransportation(s, 3, 4) });
  for (const s of [1, 2, 3]) out.push({ name: `fcnf/s${s}`, model: fixedChargeNetwork(s, 6) });
  return out;
}

/** A minimal separation context over a point (only what the two separators read). */
function fakeContext(model: Model, x: number[]) {
  const primal = Float64Array.from(x);
  const rowActivity = new Float64Array(model.numRows);
  const rm = model.rowMatrix();
  for (let i = 0; i < model.numRows; i++) for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) rowActivity[i]! += rm.value[k]! * primal[rm.colIndex[k]!]!;
  const cuts: { cols: number[]; vals: number[]; upper: number; local: boolean }[] = [];
  const ctx = {
    primal,
    rowActivity,
    addCut(cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, _lower: number, upper: number, local: boolean): boolean {
      cuts.push({ cols: Array.from(cols).slice(0, count), vals: Array.from(vals).slice(0, count), upper, local });
      return true;
    },
  } as unknown as SeparationContext;
  return { ctx, cuts };
}

/** The cut as a map column → coefficient, scaled so that column `by` has coefficient 1, and its rhs. */
function normalised(cut: { cols: number[]; vals: number[]; upper: number }, by: number): { coef: Map<number, number>; rhs: number } {
  const k = cut.cols.indexOf(by);
  const s = cut.vals[k]!;
  return { coef: new Map(cut.cols.map((j, t) => [j, cut.vals[t]! / s])), rhs: cut.upper / s };
}

describe('c-MIR and flow cover cuts by hand', () => {
  it('MIR of y − x ≤ 1.5 (y integer, x ≥ 0) at (y, x) = (1.5, 0) is y − 2x ≤ 1', () => {
    const b = new ModelBuilder('mir');
    const y = b.addColumn({ name: 'y', lower: 0, upper: 10, integer: true });
    const x = b.addColumn({ name: 'x', lower: 0, upper: 10 });
    b.addRow({ name: 'r', upper: 1.5 }, [y, x], [1, -1]);
    const m = b.build();
    const ws = new MirWorkspace(m);
    ws.addRow(0, 1, 1.5);
    expect(ws.cut(Float64Array.of(1.5, 0))).toBe(true);
    const cut = normalised({ cols: Array.from(ws.outCols.subarray(0, ws.outCount)), vals: Array.from(ws.outVals.subarray(0, ws.outCount)), upper: ws.outRhs }, y);
    expect(cut.coef.get(x)).toBeCloseTo(-2, 12);
    expect(cut.rhs).toBeCloseTo(1, 8);
    expect(cut.rhs).toBeGreaterThanOrEqual(1); // the safety margin relaxes, never tightens
    expect(ws.outEfficacy).toBeCloseTo(0.5 / Math.sqrt(5), 6);
  });

  it('flow cover of x1 + x2 ≤ 4, x_j ≤ 3 y_j at x = (3, 1), y = (1, 1/3) is x1 + x2 − y1 − y2 ≤ 2 (cover {1, 2}, λ = 2)', () => {
    const b = new ModelBuilder('flow');
    const x1 = b.addColumn({ name: 'x1', lower: 0, upper: Infinity });
    const x2 = b.addColumn({ name: 'x2', lower: 0, upper: Infinity });
    const y1 = b.addBinary('y1');
    const y2 = b.addBinary('y2');
    b.addRow({ name: 'node', upper: 4 }, [x1, x2], [1, 1]);
    b.addRow({ name: 'vub1', upper: 0 }, [x1, y1], [1, -3]);
    b.addRow({ name: 'vub2', upper: 0 }, [x2, y2], [1, -3]);
    const m = b.build();
    const point = [3, 1, 1, 1 / 3];
    for (const sep of [new FlowCoverSeparator(m, 0, 1000), new CmirSeparator(m, 0, 5, 1000, 1000)]) {
      expect(sep.initSolve()).toBe(true);
      const { ctx, cuts } = fakeContext(m, point);
      sep.separate(ctx);
      expect(cuts.length, sep.name).toBe(1);
      expect(cuts[0]!.local).toBe(false);
      const cut = normalised(cuts[0]!, x1);
      expect(cut.coef.get(x2), sep.name).toBeCloseTo(1, 12);
      expect(cut.coef.get(y1), sep.name).toBeCloseTo(-1, 12);
      expect(cut.coef.get(y2), sep.name).toBeCloseTo(-1, 12);
      expect(cut.rhs, sep.name).toBeCloseTo(2, 6);
      expect(cut.rhs, sep.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('every c-MIR cut of random mixed rows holds at sampled feasible points', () => {
    const rng = mulberry32(7);
    let cutsMade = 0;
    for (let trial = 0; trial < 150; trial++) {
      const b = new ModelBuilder(`rand${trial}`);
      const ints = [0, 1, 2].map((t) => b.addColumn({ name: `z${t}`, lower: randInt(rng, -1, 0), upper: randInt(rng, 1, 3), integer: true }));
      const y = b.addBinary('y');
      const x = [0, 1].map((t) => b.addColumn({ name: `x${t}`, lower: 0, upper: t === 0 ? Infinity : 4 }));
      const u = randInt(rng, 1, 6);
      b.addRow({ name: 'vub', upper: 0 }, [x[0]!, y], [1, -u]);
      const cols = [...ints, y, ...x];
      const coef = cols.map(() => randInt(rng, -10, 10) / 2);
      const rhs = randInt(rng, -5, 15) / 3;
      b.addRow({ name: 'row', upper: rhs }, cols, coef);
      const m = b.build();
      const ws = new MirWorkspace(m);
      ws.addRow(1, 1, rhs);
      const lo = m.colLower;
      const up = m.colUpper;
      const value = (j: number, r: number): number => (Number.isFinite(up[j]!) ? lo[j]! + r * (up[j]! - lo[j]!) : lo[j]! + 6 * r);
      const point = new Float64Array(m.numCols);
      for (let j = 0; j < m.numCols; j++) point[j] = value(j, rng());
      if (!ws.cut(point)) continue;
      cutsMade++;
      const cc = Array.from(ws.outCols.subarray(0, ws.outCount));
      const cv = Array.from(ws.outVals.subarray(0, ws.outCount));
      for (let s = 0; s < 3000; s++) {
        const p = new Float64Array(m.numCols);
        for (let j = 0; j < m.numCols; j++) p[j] = m.integrality[j] ? lo[j]! + Math.floor(rng() * (up[j]! - lo[j]! + 1)) : value(j, rng());
        if (p[x[0]!]! > u * p[y]!) p[x[0]!] = u * p[y]! * rng();
        let act = 0;
        for (let k = 0; k < cols.length; k++) act += coef[k]! * p[cols[k]!]!;
        if (act > rhs) continue;
        let lhs = 0;
        for (let k = 0; k < cc.length; k++) lhs += cv[k]! * p[cc[k]!]!;
        expect(lhs, `trial ${trial}`).toBeLessThanOrEqual(ws.outRhs + 1e-9 * Math.max(1, Math.abs(lhs)));
      }
    }
    expect(cutsMade).toBeGreaterThan(20);
  });

  it('is not listed on a model without qualifying rows', () => {
    const b = new ModelBuilder('lp');
    const x = b.addColumn({ name: 'x', lower: 0, upper: 1 });
    b.addRow({ name: 'r', upper: 1 }, [x], [1]);
    const m = b.build();
    expect(new CmirSeparator(m, 0, 5, 1000, 1000).initSolve()).toBe(false);
    expect(new FlowCoverSeparator(m, 0, 1000).initSolve()).toBe(false);
  });
});

/** Every cut holds at x* (relative tolerance 1e-6). */
function expectCutsHold(name: string, cuts: { cols: Int32Array; vals: Float64Array; lower: number; upper: number }[], xs: Float64Array): void {
  for (const c of cuts) {
    let a = 0;
    for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
    const tol = 1e-6 * Math.max(1, Math.abs(a));
    expect(a, `${name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeGreaterThanOrEqual(c.lower - tol);
    expect(a, `${name}: cut ${c.lower} <= a x* = ${a} <= ${c.upper}`).toBeLessThanOrEqual(c.upper + tol);
  }
}

describe('c-MIR and flow cover validity and strength', () => {
  const suite = correctnessSuite().filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0);

  it('no cmir / flow-cover root cut removes the reference optimum (correctness suite and fixed-charge instances)', async () => {
    let total = 0;
    for (const inst of [...suite, ...fixedChargeInstances()]) {
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      expect(ref.solution, inst.name).not.toBeNull();
      const { cuts } = await rootCuts(inst.model, only('cmir', 'flow-cover'));
      expectCutsHold(inst.name, cuts, ref.solution!);
      total += cuts.length;
    }
    expect(total).toBeGreaterThan(0);
  }, 120_000);

  it('each raises the root bound on fixed-charge instances, never above the optimum', async () => {
    for (const inst of fixedChargeInstances().filter((i) => i.name === 'single-node/s1' || i.name === 'fct/s1')) {
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      const lp = await rootCuts(inst.model, { 'cuts/enabled': false });
      if (lp.result.kind !== 'branched') throw new Error(`${inst.name}: root ${lp.result.kind}`);
      for (const sep of ['cmir', 'flow-cover']) {
        if (sep === 'flow-cover' && inst.name.startsWith('fct')) continue; // its rows are demand (outflow) sides
        const r = await rootCuts(inst.model, only(sep));
        const bound = r.result.kind === 'branched' || r.result.kind === 'cutoff' ? r.result.bound : r.result.kind === 'integral' ? r.result.objective : NaN;
        expect(bound, `${inst.name} ${sep}`).toBeGreaterThan(lp.result.bound + 1e-6);
        expect(bound, `${inst.name} ${sep}`).toBeLessThanOrEqual(ref.objective! + 1e-6 * Math.max(1, Math.abs(ref.objective!)));
      }
    }
  }, 60_000);

  it('the engine reaches the same optima with cmir and flow-cover as with cuts off', async () => {
    const picks = [...suite.filter((s) => /facility|maximisation|integer-knapsack|equality/.test(s.name)).slice(0, 6), ...fixedChargeInstances().slice(0, 6)];
    for (const inst of picks) {
      const a = await solveModel(inst.model, { cuts: false });
      const b = await solveModel(inst.model, { separators: ['cmir', 'flow-cover'] });
      expect(b.status, inst.name).toBe('optimal');
      expectClose(b.objective!, a.objective!, `${inst.name}: with vs without cuts`);
    }
  }, 120_000);
});
