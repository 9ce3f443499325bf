import { describe, it, expect, beforeAll } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import '../../src/bnb/builtin-plugins.js';
import { Domain } from '../../src/bnb/domain.js';
import { FixLpHeuristic, type FixLpAssignment, type FixLpOptions } from '../../src/bnb/heuristic-fix-lp.js';
import { RoundingHeuristic } from '../../src/bnb/heuristic-rounding.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import type { HeuristicContext } from '../../src/bnb/plugins.js';
import { Pseudocosts } from '../../src/bnb/pseudocosts.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite, facilityLocation } from '../../src/gen/index.js';
import { OptionError } from '../../src/errors.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import type { LpSolver, LpSolverFactory } from '../../src/lp/lp-solver.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { Model } from '../../src/model/model.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { generalMilp, mulberry32 } from './helpers.js';

let lpFactory: LpSolverFactory;
beforeAll(async () => {
  lpFactory = await highsLpFactory();
});

const ALL: FixLpOptions = {
  frequency: 1,
  iterations: 1000,
  assignments: ['nearest', 'locks', 'zero', 'lower', 'upper', 'lock-bound'],
  propagate: true,
  lpBudget: 1000,
};

function heuristic(model: Model, assignments: FixLpOptions['assignments'], propagate: boolean): FixLpHeuristic {
  return new FixLpHeuristic(model, { ...ALL, assignments, propagate });
}

interface LpCtx {
  ctx: HeuristicContext;
  lp: LpSolver;
  solves: () => number;
}

/**
 * A heuristic context over a real HiGHS LP: the node LP is solved under the domain's bounds and
 * solveLp solves under given bounds (restoring the node bounds afterwards, as the processor does).
 */
function lpContext(model: Model, domain: Domain, depth?: number): LpCtx;
function lpContext(model: Model, domain: Domain, depth: number, mustSolve: false): LpCtx | null;
function lpContext(model: Model, domain: Domain, depth = 0, mustSolve = true): LpCtx | null {
  const lp = lpFactory();
  lp.load(model);
  lp.setColBounds(domain.lower, domain.upper);
  const out = lp.optimize();
  if (!mustSolve && out.status !== 'optimal') {
    lp.dispose();
    return null;
  }
  expect(out.status).toBe('optimal');
  let solves = 0;
  const ctx: HeuristicContext = {
    model,
    domain,
    source: 1,
    cutoff: Infinity,
    depth,
    pseudocosts: new Pseudocosts(model.numCols),
    lpStatus: 'optimal',
    lpObjective: out.objective,
    primal: lp.primal().slice(),
    reducedCosts: lp.reducedCosts().slice(),
    rowActivity: lp.rowActivity().slice(),
    nodeCount: 0,
    incumbentSolution: null,
    timeLeft: () => Infinity,
    solveLp(lower, upper, iterations) {
      solves++;
      lp.setColBounds(lower, upper);
      lp.setLimits({ iterations });
      const r = lp.optimize();
      const primal = r.status === 'optimal' ? lp.primal().slice() : null;
      lp.setColBounds(domain.lower, domain.upper);
      lp.setLimits({ iterations: Infinity });
      return { status: r.status, objective: r.objective, primal };
    },
  };
  return { ctx, lp, solves: () => solves };
}

/**
 * Facilities with continuous flows tied to binaries by equality rows: y_j = cap_j x_j, demand
 * sum y_j >= demand, cost per open facility. The LP opens facilities fractionally with y at the
 * fractional capacity, so rounding x alone leaves y inconsistent with the equality rows.
 */
function linkedModel(demand: number): Model {
  const b = new ModelBuilder('linked');
  const caps = [3, 4, 2];
  const xs = caps.map((_, j) => b.addBinary(`x${j}`, 10 + j));
  const ys = caps.map((_, j) => b.addColumn({ name: `y${j}`, lower: 0, upper: 10, cost: 0.1 }));
  caps.forEach((c, j) => b.addRow({ name: `link${j}`, lower: 0, upper: 0 }, [ys[j]!, xs[j]!], [1, -c]));
  b.addRow({ name: 'demand', lower: demand }, ys, ys.map(() => 1));
  return b.build();
}

/** y = 4 (x0 + x1 + x2) >= 8.8: only x = (1, 1, 1); the LP gives (1, 1, 0.2), rounded (1, 1, 0). */
function allThreeModel(): Model {
  const b = new ModelBuilder('all-three');
  const xs = [1, 2, 3].map((c, j) => b.addBinary(`x${j}`, c));
  const y = b.addColumn({ name: 'y', lower: 0, upper: 12, cost: 0 });
  b.addRow({ name: 'link', lower: 0, upper: 0 }, [y, ...xs], [1, -4, -4, -4]);
  b.addRow({ name: 'need', lower: 8.8 }, [y], [1]);
  return b.build();
}

/** 2 x0 + 2 x1 + 2 x2 + z = 3 with z in [0, 0.5] (or without z): LP feasible, no integer point. */
function parityModel(withZ: boolean): Model {
  const b = new ModelBuilder('parity');
  const xs = [0, 1, 2].map((j) => b.addBinary(`x${j}`, 1));
  if (withZ) {
    const z = b.addColumn({ name: 'z', lower: 0, upper: 0.5, cost: 0 });
    b.addRow({ name: 'odd', lower: 3, upper: 3 }, [...xs, z], [2, 2, 2, 1]);
  } else {
    b.addRow({ name: 'odd', lower: 3, upper: 3 }, xs, [2, 2, 2]);
  }
  return b.build();
}

function expectIntegralFeasible(model: Model, x: Float64Array | null, domain?: Domain): void {
  expect(x).not.toBeNull();
  expect(model.maxViolation(x!).value).toBeLessThanOrEqual(1e-6);
  for (let j = 0; j < model.numCols; j++) {
    if (model.integrality[j]) expect(x![j]).toBe(Math.round(x![j]!));
    if (domain) {
      expect(x![j]!).toBeGreaterThanOrEqual(domain.lower[j]! - 1e-9);
      expect(x![j]!).toBeLessThanOrEqual(domain.upper[j]! + 1e-9);
    }
  }
}

describe('fix-lp heuristic', () => {
  it('finds a feasible point where rounding the LP solution fails (with and without propagation)', () => {
    const m = linkedModel(5.6); // LP: x1 = 1, x0 = 1.6 / 3 -> nearest (1, 1, 0), y = (3, 4, 0)
    const d = new Domain(m);
    const { ctx, lp } = lpContext(m, d);
    expect(ctx.primal[0]! - Math.round(ctx.primal[0]!)).not.toBe(0);
    // rounding alone proposes an infeasible point (the framework would reject it)
    const rounded = new RoundingHeuristic(m, 1).run(ctx);
    expect(rounded).not.toBeNull();
    expect(m.maxViolation(rounded!).value).toBeGreaterThan(1e-3);
    for (const propagate of [false, true]) {
      const x = heuristic(m, ['nearest'], propagate).run(ctx);
      expectIntegralFeasible(m, x, d);
      expect(Array.from(x!.subarray(0, 3))).toEqual([1, 1, 0]);
      expect(x![3]! + x![4]! + x![5]!).toBeGreaterThanOrEqual(5.6 - 1e-9);
    }
    lp.dispose();
  });

  it('propagation makes a rounding consistent: the last integer follows from the others', () => {
    const m = allThreeModel();
    const d = new Domain(m);
    const { ctx, lp } = lpContext(m, d);
    expect(ctx.primal[2]).toBeCloseTo(0.2, 9);
    expect(heuristic(m, ['nearest', 'locks'], false).run(ctx)).toBeNull();
    const x = heuristic(m, ['nearest'], true).run(ctx);
    expectIntegralFeasible(m, x, d);
    expect(Array.from(x!.subarray(0, 3))).toEqual([1, 1, 1]);
    lp.dispose();
  });

  it('tries the trivial assignments at the root only', () => {
    const m = allThreeModel();
    const d = new Domain(m);
    const root = lpContext(m, d, 0);
    const x = heuristic(m, ['nearest', 'zero', 'upper'], false).run(root.ctx);
    expectIntegralFeasible(m, x, d);
    expect(Array.from(x!.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(root.solves()).toBe(3); // nearest, zero, upper
    root.lp.dispose();
    const deep = lpContext(m, d, 3);
    expect(heuristic(m, ['nearest', 'zero', 'upper'], false).run(deep.ctx)).toBeNull();
    expect(deep.solves()).toBe(1);
    deep.lp.dispose();
  });

  it('returns null when no assignment is feasible', () => {
    for (const withZ of [true, false]) {
      const m = parityModel(withZ);
      const d = new Domain(m);
      const { ctx, lp, solves } = lpContext(m, d);
      expect(heuristic(m, ALL.assignments, false).run(ctx)).toBeNull();
      expect(heuristic(m, ALL.assignments, true).run(ctx)).toBeNull();
      if (withZ) expect(solves()).toBeGreaterThanOrEqual(2);
      lp.dispose();
    }
  });

  it('respects the node domain: columns fixed at the node keep their domain values', () => {
    const m = linkedModel(5);
    const cases: Array<{ assignment: FixLpAssignment; node: Array<[number, number]>; expected: number[] }> = [
      // 'upper' would open everything; the node has x1 = 0: (1, 0, 1) supplies 3 + 2 = 5
      { assignment: 'upper', node: [[1, 0]], expected: [1, 0, 1] },
      // 'zero' would close everything; the node has x0 = x1 = 1: (1, 1, 0)
      { assignment: 'zero', node: [[0, 1], [1, 1]], expected: [1, 1, 0] },
    ];
    for (const propagate of [false, true]) {
      for (const c of cases) {
        const d = new Domain(m);
        for (const [j, v] of c.node) d.tighten(j, v, v, BoundReason.BRANCHING, -1);
        const { ctx, lp } = lpContext(m, d);
        const x = heuristic(m, [c.assignment], propagate).run(ctx);
        expectIntegralFeasible(m, x, d);
        expect(Array.from(x!.subarray(0, 3)), `${c.assignment} propagate=${propagate}`).toEqual(c.expected);
        lp.dispose();
      }
    }
  });

  it('proposes only points that are integral, feasible and inside the node domain (random MILPs and nodes)', () => {
    const rng = mulberry32(7);
    let found = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const m = seed % 3 === 0 ? facilityLocation(seed, 5) : generalMilp(seed, 8, 4, 6);
      for (let node = 0; node < 4; node++) {
        const d = new Domain(m);
        for (let j = 0; j < m.numCols; j++) {
          if (!m.integrality[j] || rng() > 0.3) continue;
          const v = d.lower[j]! + Math.floor(rng() * (Math.min(d.upper[j]!, d.lower[j]! + 3) - d.lower[j]! + 1));
          d.tighten(j, v, v, BoundReason.BRANCHING, -1);
        }
        const a = lpContext(m, d, node, false);
        if (!a) continue;
        for (const propagate of [false, true]) {
          const x = heuristic(m, ALL.assignments, propagate).run(a.ctx);
          if (x === null) continue;
          found++;
          expectIntegralFeasible(m, x, d);
        }
        a.lp.dispose();
      }
    }
    expect(found).toBeGreaterThan(5);
  });

  it('is registered with resolvable, ranged parameters', () => {
    expect(globalRegistry.has('heuristic', 'fix-lp')).toBe(true);
    const p = globalRegistry.resolveParams({ 'heuristic/fix-lp/frequency': 5, 'heuristic/fix-lp/trivial': false });
    expect(p.get('heuristic/fix-lp/frequency')).toBe(5);
    expect(p.get('heuristic/fix-lp/trivial')).toBe(false);
    expect(p.get('heuristic/fix-lp/iterations')).toBeGreaterThan(0);
    expect(typeof p.get('heuristic/fix-lp/enabled')).toBe('boolean');
    expect(() => globalRegistry.resolveParams({ 'heuristic/fix-lp/iterations': 0 })).toThrow(OptionError);
    expect(() => globalRegistry.resolveParams({ 'heuristic/fix-lp/frequency': 1.5 })).toThrow(OptionError);
    const heur = globalRegistry.createEnabled('heuristic', linkedModel(5), globalRegistry.resolveParams({ 'heuristic/fix-lp/enabled': true }));
    expect(heur.map((h) => h.name)).toContain('fix-lp');
    const off = globalRegistry.createEnabled('heuristic', linkedModel(5), globalRegistry.resolveParams({ 'heuristic/fix-lp/enabled': false }));
    expect(off.map((h) => h.name)).not.toContain('fix-lp');
  });

  it('finds solutions through solveModel on the correctness suite, optimum unchanged', async () => {
    let found = 0;
    for (const inst of correctnessSuite()) {
      if (inst.expected.status !== 'optimal') continue;
      const m = inst.model;
      // instances with continuous columns (the heuristic's target)
      if (m.integrality.every((v) => v === 1)) continue;
      // presolve off: it would decide some of these models before any heuristic runs
      const r = await solveModel(m, { timeLimit: 20, presolve: false, params: { 'heuristic/fix-lp/enabled': true } }, { lpFactory });
      const ref = inst.expected.objective ?? (await solveWithHighsMip(m, { gap: 0 })).objective!;
      expect(r.status, inst.name).toBe('optimal');
      expect(r.objective!, inst.name).toBeCloseTo(ref, 6);
      expect(m.maxViolation(r.solution!).value, inst.name).toBeLessThanOrEqual(1e-6);
      const st = r.stats.find((s) => s.name === 'heuristic/fix-lp');
      expect(st, inst.name).toBeDefined();
      found += st!.solutions;
    }
    expect(found).toBeGreaterThanOrEqual(1);
  });
});
