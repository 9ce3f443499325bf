/**
 * search-status.ts: the one place where cutoffs, dual bounds, gaps and the final status are
 * decided (serial solves, workers, sub-MIPs and the parallel coordinator use it), and the search's
 * answer when node LPs fail.
 */
import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { cutoffFor, finalStatus, formatGap, gapOf, roundBound, UnprovenBound, withinGap } from '../../src/bnb/search-status.js';
import { ScriptedLpSolver } from '../../src/lp/mock-lp.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { formatSolveResult } from '../../src/solve-report.js';

describe('search status', () => {
  it('cutoff: the gap tolerances, and incumbent - 1 + 1e-6 for an integral objective', () => {
    expect(cutoffFor(Infinity, { relGap: 1e-6, absGap: 1e-9, objectiveIntegral: true })).toBe(Infinity);
    expect(cutoffFor(100, { relGap: 1e-3, absGap: 1e-9, objectiveIntegral: false })).toBeCloseTo(99.9, 12);
    expect(cutoffFor(100, { relGap: 1e-6, absGap: 1e-9, objectiveIntegral: true })).toBeCloseTo(99 + 1e-6, 12);
    // a relative gap wider than 1 unit wins over the integral rule
    expect(cutoffFor(1000, { relGap: 0.01, absGap: 0, objectiveIntegral: true })).toBeCloseTo(990, 12);
  });

  it('dual bound: open work, nodes closed without proof and the incumbent, rounded up for integral objectives', () => {
    const u = new UnprovenBound(true);
    u.note(7.2, 10); // closed by tolerance below the incumbent: counts, rounded up
    u.note(12, 10); // above the incumbent: proven useless
    expect(u.value).toBe(8);
    expect(u.dualBound(9.5, 10)).toBe(8);
    expect(u.dualBound(5.0000001, 10)).toBe(5);
    expect(roundBound(-Infinity, true)).toBe(-Infinity);
    const c = new UnprovenBound(false);
    c.note(3.5, Infinity);
    expect(c.dualBound(Infinity, Infinity)).toBe(3.5);
  });

  it('gap: relative to |incumbent|, 0 when equal, Infinity without one; printed for people', () => {
    expect(gapOf(10, 9)).toBeCloseTo(0.1, 12);
    expect(gapOf(5, 5)).toBe(0);
    expect(gapOf(Infinity, 3)).toBe(Infinity);
    expect(gapOf(0, -0.006)).toBeCloseTo(6e7, 0);
    expect(formatGap(0.1)).toBe('10.00%');
    expect(formatGap(0.1, 4)).toBe('10.0000%');
    expect(formatGap(6e7)).toBe('large'); // an incumbent of 0: not 6000000000.00%
    expect(formatGap(Infinity)).toBe('inf');
    expect(withinGap(10, 9.99, 1e-3, 0)).toBe(true);
    expect(withinGap(10, 9.9, 1e-3, 0)).toBe(false);
    expect(withinGap(Infinity, 0, 1, 1)).toBe(false);
  });

  it('final status: unbounded, limits, optimal vs gap-limit, infeasible only when nothing was left unproven', () => {
    expect(finalStatus({ limit: undefined, unbounded: true, incumbent: 1, bound: 0 })).toEqual({ status: 'unbounded', bound: -Infinity });
    expect(finalStatus({ limit: undefined, unbounded: true, incumbent: Infinity, bound: 0 })).toEqual({ status: 'infeasible-or-unbounded', bound: -Infinity });
    expect(finalStatus({ limit: 'time-limit', unbounded: false, incumbent: 5, bound: 3 })).toEqual({ status: 'time-limit', bound: 3 });
    expect(finalStatus({ limit: undefined, unbounded: false, incumbent: 5, bound: 5 - 1e-9 }).status).toBe('optimal');
    expect(finalStatus({ limit: undefined, unbounded: false, incumbent: 5, bound: 4 }).status).toBe('gap-limit');
    expect(finalStatus({ limit: undefined, unbounded: false, incumbent: Infinity, bound: Infinity })).toEqual({ status: 'infeasible', bound: Infinity });
    expect(finalStatus({ limit: undefined, unbounded: false, incumbent: Infinity, bound: 2 })).toEqual({ status: 'node-limit', bound: 2 });
  });

  it('node LPs that fail with every integer column fixed are closed without proof: no false "infeasible", no throw', async () => {
    const b = new ModelBuilder('two binaries');
    const x = b.addBinary('x', 1);
    const y = b.addBinary('y', 2);
    b.addRow({ name: 'r', lower: 1 }, [x, y], [1, 1]);
    const model = b.build();
    const lps: ScriptedLpSolver[] = [];
    const lpFactory = () => {
      const lp = new ScriptedLpSolver(() => ({ status: 'error', objective: NaN, message: 'scripted failure' }));
      lps.push(lp);
      return lp;
    };
    const log: string[] = [];
    const r = await solveModel(model, { log: (l) => log.push(l), params: { 'heuristic/rounding/enabled': false, 'heuristic/fix-lp/enabled': false, 'heuristic/diving/enabled': false } }, { lpFactory });
    expect(r.status).toBe('node-limit');
    expect(r.solution).toBeNull();
    expect(r.bound).toBe(-Infinity); // nothing proven
    expect(log.some((l) => /node LP\(s\) failed with every integer column fixed/.test(l))).toBe(true);
    // the root splits x; x = 0 fixes y = 1 by propagation (all fixed: closed unproven); x = 1 splits y
    expect(r.nodes).toBe(5);
    expect(lps.length).toBeGreaterThan(0);
    expect(lps.every((lp) => lp.calls.some((c) => c.op === 'dispose'))).toBe(true);
  });

  it('a solve report prints a huge gap as "large"', () => {
    const b = new ModelBuilder('m');
    b.addBinary('x', 1);
    const text = formatSolveResult(b.build(), {
      status: 'time-limit', objective: 0, bound: -0.006, gap: gapOf(0, -0.006), solution: null, nodes: 1, seconds: 1,
      lpSeconds: 0, lpIterations: 0, lpSolves: 0, solutions: 0, stats: [], threads: 1,
    });
    expect(text).toMatch(/^gap\s+large$/m);
  });
});
