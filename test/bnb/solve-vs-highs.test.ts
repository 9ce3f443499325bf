import { describe, it, expect, beforeAll } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { LpSolverFactory } from '../../src/lp/lp-solver.js';
import type { Model } from '../../src/model/model.js';
import { correlatedKnapsack, generalMilp, knapsack, mulberry32, setCover } from './helpers.js';

const models: Model[] = [
  knapsack(101, 20),
  knapsack(102, 25, 2),
  knapsack(103, 22, 1, 'minimize'), // min of negated values
  setCover(104, 24, 20),
  setCover(105, 30, 30),
  generalMilp(106, 10, 3, 6),
  generalMilp(107, 12, 0, 7),
  generalMilp(108, 10, 4, 5, 'maximize'),
  generalMilp(109, 8, 5, 6, 'maximize'),
  generalMilp(110, 14, 2, 8),
];

let lpFactory: LpSolverFactory;
const reference = new Map<string, { status: string; objective: number | null }>();

beforeAll(async () => {
  lpFactory = await highsLpFactory();
  for (const m of models) {
    const r = await solveWithHighsMip(m);
    reference.set(m.name, { status: r.status, objective: r.objective });
  }
});

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
}

describe('solveModel agrees with HiGHS MIP on seeded random MILPs', () => {
  for (const branching of ['most-fractional', 'pseudocost', 'strong']) {
    for (const nodeSelection of ['best-bound', 'best-estimate', 'depth-first']) {
      it(`${branching} / ${nodeSelection}`, async () => {
        for (const m of models) {
          const ref = reference.get(m.name)!;
          const r = await solveModel(m, { branching, nodeSelection }, { lpFactory });
          expect(r.status, m.name).toBe(ref.status === 'optimal' ? 'optimal' : ref.status);
          if (ref.objective === null) {
            expect(r.objective, m.name).toBeNull();
            continue;
          }
          expect(close(r.objective!, ref.objective), `${m.name}: ${r.objective} vs HiGHS ${ref.objective}`).toBe(true);
          // the bound is valid and closes the gap
          if (m.sense === 'minimize') expect(r.bound).toBeLessThanOrEqual(ref.objective + 1e-6 * Math.max(1, Math.abs(ref.objective)));
          else expect(r.bound).toBeGreaterThanOrEqual(ref.objective - 1e-6 * Math.max(1, Math.abs(ref.objective)));
          expect(r.gap).toBeLessThanOrEqual(1e-6);
          expect(m.maxViolation(r.solution!).value).toBeLessThanOrEqual(1e-6);
          expect(m.objectiveOf(r.solution!)).toBe(r.objective);
          for (let j = 0; j < m.numCols; j++) if (m.integrality[j]) expect(Number.isInteger(r.solution![j])).toBe(true);
        }
      });
    }
  }

  it('finds the same optimum with propagation and heuristics switched off', async () => {
    for (const m of models.slice(0, 6)) {
      const ref = reference.get(m.name)!;
      const r = await solveModel(
        m,
        {
          params: {
            'propagator/row-activity/enabled': false,
            'propagator/reduced-cost/enabled': false,
            'heuristic/rounding/enabled': false,
            'search/objective-integrality': false,
          },
        },
        { lpFactory },
      );
      expect(r.status).toBe('optimal');
      expect(close(r.objective!, ref.objective!)).toBe(true);
    }
  });

  it('reports per-plugin statistics counted by the framework', async () => {
    const r = await solveModel(models[1]!, { branching: 'pseudocost', cuts: false }, { lpFactory });
    const names = r.stats.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['branching/pseudocost', 'propagator/row-activity', 'propagator/reduced-cost', 'heuristic/rounding']));
    const br = r.stats.find((s) => s.name === 'branching/pseudocost')!;
    expect(br.calls).toBeGreaterThan(0);
    expect(r.lpSolves).toBeGreaterThanOrEqual(r.nodes);
    expect(r.lpIterations).toBeGreaterThan(0);
  });

  it('stopped runs (node limits, gaps, random parameters) always report a valid bound and feasible solutions', async () => {
    const rng = mulberry32(77);
    const pool = [correlatedKnapsack(401, 20), ...models];
    for (let t = 0; t < 24; t++) {
      const m = pool[t % pool.length]!;
      const ref = reference.get(m.name) ?? { objective: (await solveWithHighsMip(m)).objective };
      const opt = ref.objective!;
      const tol = 1e-6 * Math.max(1, Math.abs(opt));
      const r = await solveModel(
        m,
        {
          branching: ['most-fractional', 'pseudocost', 'strong'][t % 3],
          nodeSelection: ['best-bound', 'best-estimate', 'depth-first'][Math.floor(t / 3) % 3],
          nodeLimit: 1 + Math.floor(rng() * 20),
          gap: rng() < 0.3 ? rng() * 0.1 : undefined,
          params: { 'search/plunge-depth': Math.floor(rng() * 10), 'heuristic/diving/enabled': rng() < 0.5 },
        },
        { lpFactory },
      );
      if (m.sense === 'minimize') expect(r.bound, m.name).toBeLessThanOrEqual(opt + tol);
      else expect(r.bound, m.name).toBeGreaterThanOrEqual(opt - tol);
      if (r.solution) {
        expect(m.maxViolation(r.solution).value).toBeLessThanOrEqual(1e-6);
        expect(r.objective).toBe(m.objectiveOf(r.solution));
      }
      if (r.status === 'optimal') expect(Math.abs(r.objective! - opt)).toBeLessThanOrEqual(tol);
    }
  });
});

