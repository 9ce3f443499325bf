import { describe, expect, it } from 'vitest';
import { relativeGap, type SolverRun } from '../../benchmarks/lib/solver-run.js';
import { formatTargets, shiftedGeometricMean, summarizeTargets } from '../../benchmarks/lib/targets.js';

function run(solver: SolverRun['solver'], objective: number | null, extra: Partial<SolverRun> = {}): SolverRun {
  return {
    solver, status: 'time-limit', objective, bound: 0, gap: relativeGap(objective, 0), seconds: 60,
    timeToOptimal: null, timeToBest: null, nodes: 5, trace: [], ...extra,
  };
}

const solved = (solver: SolverRun['solver'], t: number): SolverRun => run(solver, 0, { status: 'optimal', seconds: t, timeToOptimal: t });

describe('comparison targets', () => {
  it('shifted geometric mean', () => {
    expect(shiftedGeometricMean([])).toBeNull();
    expect(shiftedGeometricMean([3])).toBeCloseTo(3, 12);
    expect(shiftedGeometricMean([0, 8])).toBeCloseTo(2, 12); // sqrt(1 * 9) - 1
  });

  it('incumbent wins and misses in the model sense, infeasible and missing incumbents', () => {
    const s = summarizeTargets([
      { name: 'a', sense: 'minimize', runs: [run('mipnet+nn', 3), run('highs', 4), run('cbc', null)] },
      { name: 'b', sense: 'minimize', runs: [run('mipnet+nn', 5), run('highs', 4.5), run('cbc', 6)] },
      { name: 'c', sense: 'maximize', runs: [run('mipnet+nn', 5), run('highs', 4), run('cbc', 5 + 1e-9)] },
      { name: 'd', sense: 'minimize', runs: [run('mipnet+nn', null), run('highs', 9)] },
      // a peer whose point fails the re-evaluation does not count
      { name: 'e', sense: 'minimize', runs: [run('mipnet+nn', 2), run('highs', 1, { check: { objective: 1, maxViolation: 1, maxIntegrality: 0, feasible: false } })] },
    ]);
    expect(s.engine).toBe('mipnet+nn');
    expect(s.incumbent.map((r) => [r.instance, r.ok])).toEqual([['a', true], ['b', false], ['c', true], ['d', false], ['e', true]]);
    const text = formatTargets(s);
    expect(text).toContain('3 of 5 instances');
    expect(text).toContain('missed b: 5 vs highs 4.5, cbc 6');
  });

  it('time ratio over the instances every run solved, LP share over runs that reached the limit', () => {
    const s = summarizeTargets([
      { name: 'x', sense: 'minimize', runs: [solved('mipnet+nn', 0), solved('highs', 8), solved('cbc', 20)] },
      { name: 'y', sense: 'minimize', runs: [solved('mipnet+nn', 3), solved('highs', 3), run('cbc', 0, { status: 'skipped' })] },
      { name: 'z', sense: 'minimize', runs: [solved('mipnet+nn', 1), run('highs', 0), solved('cbc', 1)] },
      {
        name: 'w', sense: 'minimize',
        runs: [run('mipnet+nn', 1, { lpSeconds: 45, plugins: [{ name: 'heuristic/fix-lp', calls: 1, solutions: 0, seconds: 6 }] }), run('highs', 2)],
      },
    ]);
    expect(s.solvedByAll.map((r) => r.instance)).toEqual(['x', 'y']);
    // engine sgm: sqrt(1 * 4) - 1 = 1; HiGHS: sqrt(9 * 4) - 1 = 5
    expect(s.sgmEngine).toBeCloseTo(1, 12);
    expect(s.sgmHighs).toBeCloseTo(5, 12);
    expect(s.timeRatio).toBeCloseTo(0.2, 12);
    expect(s.lpShare).toEqual([{ instance: 'w', lp: 0.75, heuristics: 0.1 }]);
    const text = formatTargets(s);
    expect(text).toContain('ratio 0.200 (target <= 0.333: met)');
    expect(text).toContain('LP share >= 70% on runs that reached the limit: 1 of 1');
  });
});
