import { describe, expect, it } from 'vitest';
import { LpBackendError } from '../../src/errors.js';
import { ScriptedLpSolver, type ScriptedLpResult } from '../../src/lp/mock-lp.js';
import { smallLp } from './lp-models.js';

describe('ScriptedLpSolver', () => {
  it('returns scripted outcomes in order and records optimize calls', () => {
    const s = new ScriptedLpSolver([
      { status: 'optimal', objective: 1, primal: [0.5, 1], iterations: 3 },
      { status: 'infeasible', objective: Infinity },
    ]);
    s.load(smallLp());
    const a = s.optimize();
    expect(a).toEqual({ status: 'optimal', objective: 1, iterations: 3, seconds: 0 });
    expect(Array.from(s.primal())).toEqual([0.5, 1]);
    // row activity computed from the model: x + 2y, 3x + y
    expect(Array.from(s.rowActivity())).toEqual([2.5, 2.5]);
    expect(s.optimize().status).toBe('infeasible');
    expect(() => s.primal()).toThrow(/no solution available/);
    expect(s.optimizeCount).toBe(2);
    expect(s.stats()).toEqual({ solves: 2, iterations: 3, seconds: 0, boundChangesPushed: 0, rowChangesPushed: 0 });
    expect(() => s.optimize()).toThrow(/script exhausted/);
  });

  it('computes outcomes from the current bounds with a script function', () => {
    const seen: number[] = [];
    const s = new ScriptedLpSolver((lower, upper, call): ScriptedLpResult => {
      seen.push(call);
      return lower[0]! > upper[0]! ? { status: 'infeasible', objective: Infinity } : { status: 'optimal', objective: upper[0]! };
    });
    s.load(smallLp());
    expect(s.optimize().objective).toBe(10);
    s.changeColBounds(0, 0, 4);
    expect(s.optimize().objective).toBe(4);
    // default primal: finite lower bounds
    expect(Array.from(s.primal())).toEqual([0, 0]);
    s.changeColBounds(0, 5, 4);
    expect(s.optimize().status).toBe('infeasible');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('keeps coefficient and row bound changes and uses them for row activities', () => {
    const s = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 0, primal: [1, 1] }));
    s.load(smallLp());
    s.changeCoefficient(0, 1, 5); // x + 5y
    s.changeRowBounds(1, -Infinity, 7);
    s.changeRowBounds(1, -Infinity, 7); // unchanged: not counted
    s.optimize();
    expect(Array.from(s.rowActivity())).toEqual([6, 4]);
    expect(s.coefficient(0, 1)).toBe(5);
    expect(s.coefficient(1, 0)).toBe(3);
    expect(s.rowBounds(1)).toEqual({ lower: -Infinity, upper: 7 });
    expect(s.stats().rowChangesPushed).toBe(2);
    expect(() => s.changeCoefficient(0, 0, NaN)).toThrow(LpBackendError);
    expect(() => s.changeRowBounds(0, 3, 1)).toThrow(/lower bound 3 > upper bound 1/);
  });

  it('records only bound changes that differ, and the bounds at each optimize', () => {
    const s = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 0 }));
    s.load(smallLp());
    s.changeColBounds(0, 0, 10); // unchanged
    s.changeColBounds(1, 2, 3);
    s.optimize();
    s.setColBounds([1, 2], [1, 3]);
    s.optimize();
    expect(s.pushed).toEqual([
      { col: 1, lower: 2, upper: 3 },
      { col: 0, lower: 1, upper: 1 },
    ]);
    expect(s.stats().boundChangesPushed).toBe(2);
    expect(Array.from(s.boundsAtOptimize[0]!.upper)).toEqual([10, 3]);
    expect(Array.from(s.boundsAtOptimize[1]!.lower)).toEqual([1, 2]);
    expect(s.calls.map((c) => c.op)).toEqual([
      'load', 'changeColBounds', 'changeColBounds', 'optimize', 'setColBounds', 'optimize',
    ]);
  });

  it('records cutoffs and turns an optimal result above the cutoff into cutoff', () => {
    const s = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 5 }));
    s.load(smallLp());
    s.setCutoff(4);
    expect(s.optimize().status).toBe('cutoff');
    s.setCutoff(6);
    expect(s.optimize().status).toBe('optimal');
    expect(s.cutoffs).toEqual([4, 6]);
    const raw = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 5 }), { applyCutoff: false });
    raw.load(smallLp());
    raw.setCutoff(4);
    expect(raw.optimize().status).toBe('optimal');
  });

  it('records limits and basis calls and returns scripted duals', () => {
    const s = new ScriptedLpSolver([{ status: 'optimal', objective: 0, rowDual: [-1, 0], reducedCosts: [0, 2] }]);
    s.load(smallLp());
    s.setLimits({ iterations: 7 });
    expect(s.getBasis()).toBeUndefined();
    s.optimize();
    expect(Array.from(s.rowDual())).toEqual([-1, 0]);
    expect(Array.from(s.reducedCosts())).toEqual([0, 2]);
    const b = s.getBasis()!;
    expect(Array.from(b.rowStatus)).toEqual([1, 1]);
    s.setBasis({ colStatus: new Int32Array([1, 0]), rowStatus: new Int32Array([0, 1]) });
    expect(Array.from(s.getBasis()!.colStatus)).toEqual([1, 0]);
    expect(() => s.setBasis({ colStatus: new Int32Array(1), rowStatus: new Int32Array(2) })).toThrow(LpBackendError);
    expect(s.calls.find((c) => c.op === 'setLimits')).toEqual({ op: 'setLimits', limits: { iterations: 7 } });
  });

  it('adds and deletes rows: coefficients, bounds, activities, a set basis and the calls follow', () => {
    const s = new ScriptedLpSolver(() => ({ status: 'optimal', objective: 0, primal: [1, 2] }));
    s.load(smallLp()); // rows x + 2y <= 4, 3x + y <= 6
    s.optimize();
    s.setBasis({ colStatus: new Int32Array([1, 0]), rowStatus: new Int32Array([0, 1]) });
    // rows 2..4: x <= 3, x + y >= 1, 2x - y in [-1, 1]
    s.addRows(3, [-Infinity, 1, -1], [3, Infinity, 1], [0, 1, 3, 5], [0, 0, 1, 0, 1], [1, 1, 1, 2, -1]);
    expect(s.rowCount()).toBe(5);
    expect(() => s.primal()).toThrow(/rows were added or deleted/);
    expect(s.coefficient(3, 1)).toBe(1);
    expect(s.coefficient(2, 1)).toBe(0);
    expect(s.rowBounds(4)).toEqual({ lower: -1, upper: 1 });
    expect(Array.from(s.getBasis()!.rowStatus)).toEqual([0, 1, 1, 1, 1]); // added rows basic
    s.changeCoefficient(4, 1, -3); // 2x - 3y
    s.changeRowBounds(3, 2, Infinity);
    s.optimize();
    expect(Array.from(s.rowActivity())).toEqual([5, 5, 1, 3, -4]);
    expect(s.rowDual().length).toBe(5);
    s.deleteRows([3, 2]);
    expect(s.rowCount()).toBe(3);
    // row 2 is the former row 4 with its changed coefficient
    expect(s.coefficient(2, 1)).toBe(-3);
    expect(s.rowBounds(2)).toEqual({ lower: -1, upper: 1 });
    expect(() => s.rowBounds(3)).toThrow(/out of range/);
    expect(Array.from(s.getBasis()!.rowStatus)).toEqual([0, 1, 1]);
    s.optimize();
    expect(Array.from(s.rowActivity())).toEqual([5, 5, -4]);
    expect(s.calls.filter((c) => c.op === 'addRows' || c.op === 'deleteRows')).toEqual([
      { op: 'addRows', count: 3, first: 2 },
      { op: 'deleteRows', rows: [2, 3] },
    ]);
    expect(() => s.deleteRows([1])).toThrow(/delete rows.*model/);
    expect(() => s.addRows(1, [0], [1], [0, 1], [2], [1])).toThrow(/add rows.*column index 2/);
    expect(s.rowCount()).toBe(3);
    expect(() => s.setBasis({ colStatus: new Int32Array(2), rowStatus: new Int32Array(2) })).toThrow(LpBackendError);
    expect(s.stats().rowChangesPushed).toBe(2);
  });

  it('answers tableau and ray calls from the scripted basis and proof, and checks their sizes', () => {
    let calls = 0;
    const results: ScriptedLpResult[] = [
      { status: 'optimal', objective: 0, primal: [1, 1], basicVariables: [1, -2], tableau: [[0.5, 1, 0.5, 0], [2.5, 0, -0.5, 1]] },
      { status: 'infeasible', objective: Infinity, dualRay: () => (calls++, [1, -1]) },
      { status: 'optimal', objective: 0, basicVariables: [0, 1], tableau: [[1, 0, 0], [0, 1, 0, 0]] },
      { status: 'infeasible', objective: Infinity, dualRay: [1] },
      { status: 'optimal', objective: 0, basicVariables: [0, 1] },
    ];
    const s = new ScriptedLpSolver(results);
    s.load(smallLp());
    const basic = new Int32Array(2);
    expect(s.basicVariables(basic)).toBe(false); // not solved
    s.optimize();
    expect(s.basicVariables(basic)).toBe(true);
    expect(Array.from(basic)).toEqual([1, -2]);
    const out = new Float64Array(2);
    const slack = new Float64Array(2);
    expect(s.tableauRow(1, out, slack)).toBe(true);
    expect([...out, ...slack]).toEqual([2.5, 0, -0.5, 1]);
    expect(s.dualRay(new Float64Array(2))).toBe(false); // not infeasible
    expect(() => s.tableauRow(2, out)).toThrow(/position 2/);
    s.optimize();
    expect(s.basicVariables(basic)).toBe(false);
    const y = new Float64Array(2);
    expect(s.dualRay(y)).toBe(true);
    expect(s.dualRay(y)).toBe(true);
    expect(Array.from(y)).toEqual([1, -1]);
    expect(calls).toBe(1); // computed once
    expect(() => s.optimize()).toThrow(/tableau row 0 has 3 entries, expected 4/);
    expect(() => s.optimize()).toThrow(/dual ray has 1 entries/);
    expect(() => s.optimize()).toThrow(/basicVariables and tableau go together/);
  });

  it('follows the dispose contract and rejects misuse', () => {
    const s = new ScriptedLpSolver([{ status: 'optimal', objective: 0, primal: [1] }]);
    expect(() => s.optimize()).toThrow(/no model loaded/);
    s.load(smallLp());
    expect(() => s.load(smallLp())).toThrow(LpBackendError);
    expect(() => s.changeColBounds(7, 0, 1)).toThrow(/out of range/);
    expect(() => s.optimize()).toThrow(/primal has 1 values/);
    s.dispose();
    s.dispose();
    expect(s.calls.filter((c) => c.op === 'dispose')).toHaveLength(1);
    expect(() => s.optimize()).toThrow(LpBackendError);
    expect(() => s.colLower()).toThrow(/disposed/);
  });
});
