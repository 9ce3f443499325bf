import { describe, expect, it } from 'vitest';
import { reconcile } from '../../benchmarks/compare.js';
import { evaluateSolution } from '../../benchmarks/lib/evaluate.js';
import { runHighs, tracedHighsSolve } from '../../benchmarks/lib/highs-runner.js';
import { relativeGap, type SolverRun } from '../../benchmarks/lib/solver-run.js';
import { formatTable } from '../../benchmarks/lib/table.js';
import { closeTrace, pushTrace, timeToReach, type TracePoint } from '../../benchmarks/lib/trace.js';
import { knapsack, maximisationMixed } from '../../src/gen/index.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';

function run(solver: SolverRun['solver'], objective: number | null, bound: number | null, trace: TracePoint[], status = 'time-limit'): SolverRun {
  return { solver, status, objective, bound, gap: relativeGap(objective, bound), seconds: 10, timeToOptimal: null, timeToBest: null, nodes: 5, trace };
}

describe('traces', () => {
  it('drops repeats, keeps time order, closes at the end and finds the time to a target', () => {
    const t: TracePoint[] = [];
    pushTrace(t, { t: 0, incumbent: null, bound: 0 });
    pushTrace(t, { t: 1, incumbent: null, bound: 0 });
    pushTrace(t, { t: 2, incumbent: 9, bound: 0 });
    pushTrace(t, { t: 1.5, incumbent: 7, bound: 1 });
    expect(t).toEqual([{ t: 0, incumbent: null, bound: 0 }, { t: 2, incumbent: 9, bound: 0 }, { t: 2, incumbent: 7, bound: 1 }]);
    const c = closeTrace(t, 5, 7, 2);
    expect(c[c.length - 1]).toEqual({ t: 5, incumbent: 7, bound: 2 });
    expect(t.length).toBe(3);
    expect(timeToReach(c, 7, 'minimize')).toBe(2);
    expect(timeToReach(c, 6, 'minimize')).toBeNull();
    expect(timeToReach([{ t: 3, incumbent: 10, bound: null }], 9, 'maximize')).toBe(3);
  });
});

describe('reconcile', () => {
  it('finds the best feasible objective, the times to reach it, and contradictions', () => {
    const a = run('mipnet', 12, 0, [{ t: 1, incumbent: 30, bound: 0 }, { t: 4, incumbent: 12, bound: 0 }]);
    const b = run('cbc', 16, 14, [{ t: 2, incumbent: 16, bound: 14 }]); // bound 14 > best 12: a contradiction
    const c = run('highs', 10, 0, [{ t: 1, incumbent: 10, bound: 0 }]);
    c.check = { objective: 10, maxViolation: 1, maxIntegrality: 0, feasible: false }; // infeasible: not counted
    const { best, conflicts } = reconcile('minimize', [a, b, c]);
    expect(best).toBe(12);
    expect(a.timeToBest).toBe(4);
    expect(b.timeToBest).toBeNull();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toContain('cbc bound 14');
    const d = run('highs', 13, 13, [], 'optimal');
    expect(reconcile('minimize', [a, d]).conflicts.some((s) => s.includes('claims optimal'))).toBe(true);
  });
});

describe('evaluateSolution', () => {
  it('recomputes the objective and measures row, bound and integrality violations', () => {
    const b = new ModelBuilder('t');
    const x = b.addColumn({ cost: 2, upper: 4, integer: true });
    const y = b.addColumn({ cost: -1, upper: 3 });
    b.objectiveOffset = 1;
    b.addRow({ lower: 2, upper: 5 }, [x, y], [1, 1]);
    const m = b.build();
    expect(evaluateSolution(m, [2, 1])).toEqual({ objective: 4, maxViolation: 0, maxIntegrality: 0, feasible: true });
    const bad = evaluateSolution(m, [2.5, 3]);
    expect(bad.maxViolation).toBeCloseTo(0.5, 12);
    expect(bad.maxIntegrality).toBeCloseTo(0.5, 12);
    expect(bad.feasible).toBe(false);
    expect(evaluateSolution(m, [1]).feasible).toBe(false);
  });
});

describe('HiGHS runner', () => {
  it('the traced solve agrees with the reference driver solveWithHighsMip', async () => {
    for (const model of [knapsack(3, 25), maximisationMixed(3, 12)]) {
      const ref = await solveWithHighsMip(model, { timeLimit: 20 });
      const traced = await tracedHighsSolve(model, 20, 1e-6);
      expect(traced.status).toBe(ref.status);
      expect(traced.objective).toBeCloseTo(ref.objective!, 6);
      expect(traced.bound).toBeCloseTo(ref.bound, 6);
      const r = await runHighs(model, 20);
      expect(r.status).toBe('optimal');
      expect(r.check?.feasible).toBe(true);
      expect(r.check?.objective).toBeCloseTo(ref.objective!, 6);
      expect(r.timeToOptimal).not.toBeNull();
      const last = r.trace[r.trace.length - 1]!;
      expect(last.incumbent).toBeCloseTo(ref.objective!, 6);
    }
  });
});

describe('formatTable', () => {
  it('prints a header, a separator and one aligned row per run', () => {
    const size = { cols: 10, ints: 4, rows: 7 };
    const a = run('mipnet', 12, 0, []);
    a.lpSeconds = 5;
    a.plugins = [
      { name: 'heuristic/fix-lp', calls: 3, solutions: 1, seconds: 2 },
      { name: 'heuristic/nn-ste', calls: 1, solutions: 1, seconds: 0.5 },
      { name: 'propagator/row-activity', calls: 9, solutions: 0, seconds: 4 },
    ];
    const table = formatTable([{ instance: 'x', size, run: a }, { instance: 'x', size, run: run('cbc', null, null, []) }]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toMatch(/\| 50% \| +25% \|/); // LP share, heuristics' share (propagators not counted)
    expect(lines[2]).toContain('100.0%'); // gap of 12 vs 0
    expect(lines[3]).toMatch(/\| cbc +\| time-limit \|/);
  });
});
