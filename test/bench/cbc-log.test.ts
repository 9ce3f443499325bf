/**
 * The CBC log / solution-file parser on real CBC 2.10.8 output captured with
 * native-bench/run-cbc.sh (fixtures/):
 *   cbc-time-limit.log.txt        iris, ReLU, 60 samples, stopped by an 8 s limit
 *   cbc-optimal.log.txt, .sol      iris, step, 12 samples (iris-step-n12.mps.gz), solved to optimality
 *   cbc-max.log.txt, .sol          a maximisation model (max.mps, run with -max)
 *   cbc-infeasible.log.txt        an integer-infeasible model
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cbcHasIntegerSolution, cbcSolutionVector, parseCbcLog, parseCbcSolution } from '../../benchmarks/lib/cbc-log.js';
import { evaluateSolution } from '../../benchmarks/lib/evaluate.js';
import { readModelFile } from '../../src/io/model-file.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const text = (name: string): string => readFileSync(fixture(name), 'utf8');

function expectTimeOrdered(trace: { t: number }[]): void {
  for (let k = 1; k < trace.length; k++) expect(trace[k]!.t).toBeGreaterThanOrEqual(trace[k - 1]!.t);
}

describe('parseCbcLog', () => {
  it('reads a time-limited run: status, incumbent, bound, nodes, wall time, trace', () => {
    const log = parseCbcLog(text('cbc-time-limit.log.txt'));
    expect(log.version).toBe('2.10.8');
    expect(log.result).toBe('Stopped on time limit');
    expect(log.status).toBe('time-limit');
    expect(log.objective).toBe(57);
    expect(log.bound).toBe(0);
    expect(log.nodes).toBe(94);
    expect(log.iterations).toBe(6552);
    expect(log.seconds).toBeCloseTo(8.24, 6);
    // continuous bound first, then the feasibility-pump solution of 57 at 2.29 s
    expect(log.trace[0]).toEqual({ t: 0.02, incumbent: null, bound: 0 });
    const firstInc = log.trace.find((p) => p.incumbent !== null)!;
    expect(firstInc).toEqual({ t: 2.29, incumbent: 57, bound: 0 });
    expect(log.trace[log.trace.length - 1]!.t).toBeCloseTo(8.01, 6);
    expectTimeOrdered(log.trace);
  });

  it('reads an optimal run and its improving incumbents', () => {
    const log = parseCbcLog(text('cbc-optimal.log.txt'));
    expect(log.status).toBe('optimal');
    expect(log.objective).toBe(0);
    expect(log.bound).toBe(0);
    expect(log.nodes).toBe(81);
    expect(log.iterations).toBe(843);
    expect(log.seconds).toBeCloseTo(1.17, 6); // Wallclock line, not the 1.15 of the last progress line
    expect(log.trace[log.trace.length - 1]!.t).toBeCloseTo(1.15, 6);
    const incs = log.trace.map((p) => p.incumbent).filter((v): v is number => v !== null);
    expect(incs[0]).toBe(10);
    expect(incs[incs.length - 1]).toBe(0);
    expect(new Set(incs)).toEqual(new Set([10, 2, 0]));
    for (let k = 1; k < incs.length; k++) expect(incs[k]!).toBeLessThanOrEqual(incs[k - 1]!);
    expectTimeOrdered(log.trace);
  });

  it('turns the internal (negated) progress values of a maximisation run back into the model sense', () => {
    const raw = text('cbc-max.log.txt');
    expect(raw).toContain(' -max ');
    const log = parseCbcLog(raw, 'maximize');
    expect(log.status).toBe('optimal');
    expect(log.objective).toBeCloseTo(196.60344828, 6);
    expect(log.bound).toBeCloseTo(196.60344828, 6);
    const incs = log.trace.map((p) => p.incumbent).filter((v): v is number => v !== null);
    expect(incs.length).toBeGreaterThanOrEqual(2);
    expect(incs[0]).toBeCloseTo(189.32857, 4);
    for (let k = 1; k < incs.length; k++) expect(incs[k]!).toBeGreaterThanOrEqual(incs[k - 1]! - 1e-4); // progress lines round
    expect(incs[incs.length - 1]).toBeCloseTo(196.60344828, 6);
    // read as a minimisation log, the same numbers come out negated
    expect(parseCbcLog(raw).trace.find((p) => p.incumbent !== null)!.incumbent).toBeCloseTo(-189.32857, 4);
  });

  it('reads a proven-infeasible run', () => {
    const log = parseCbcLog(text('cbc-infeasible.log.txt'));
    expect(log.status).toBe('infeasible');
    expect(log.objective).toBeNull();
    expect(log.nodes).toBe(0);
  });

  it("prefers the progress lines' full-precision bound over the summary's 3 decimals", () => {
    const log = parseCbcLog(
      [
        'Cbc0005I Partial search - best objective 60.5 (best possible 0.0034567), took 10 iterations and 3 nodes (1.50 seconds)',
        'Result - Stopped on time limit',
        'Objective value:                60.50000000',
        'Lower bound:                    0.003',
        'Time (Wallclock seconds):       1.52',
      ].join('\n'),
    );
    expect(log.bound).toBe(0.0034567);
    expect(log.objective).toBe(60.5);
    expect(log.seconds).toBe(1.52);
  });

  it('still yields a trace from a log cut off mid-search (no summary)', () => {
    const lines = text('cbc-time-limit.log.txt').split('\n');
    const cut = lines.slice(0, lines.findIndex((l) => l.startsWith('Cbc0010I')) + 1).join('\n');
    const log = parseCbcLog(cut);
    expect(log.status).toBe('unknown');
    expect(log.objective).toBe(57);
    expect(log.bound).toBe(0);
    expect(log.seconds).toBeCloseTo(2.79, 6);
  });
});

describe('CBC solution files', () => {
  it('evaluates the optimal solution on the model read from the same MPS: feasible, objective matches', async () => {
    const model = await readModelFile(fixture('iris-step-n12.mps.gz'));
    const sol = parseCbcSolution(text('cbc-optimal.sol'));
    expect(sol.statusLine).toBe('Optimal - objective value 0.00000000');
    expect(sol.objective).toBe(0);
    expect(cbcHasIntegerSolution(sol)).toBe(true);
    expect(sol.values.size).toBeGreaterThan(10);
    expect(sol.values.size).toBeLessThan(model.numCols); // CBC prints nonzeros only
    const x = cbcSolutionVector(sol, model.colNames);
    const check = evaluateSolution(model, x);
    expect(check.feasible).toBe(true);
    expect(check.objective).toBeCloseTo(0, 9);
    expect(x[model.colNames.indexOf('b_1_0')]).toBeCloseTo(1.7087708, 7);
  });

  it('evaluates the maximisation solution to CBC objective in the model sense', async () => {
    const model = await readModelFile(fixture('max.mps'));
    expect(model.sense).toBe('maximize');
    const sol = parseCbcSolution(text('cbc-max.sol'));
    const check = evaluateSolution(model, cbcSolutionVector(sol, model.colNames));
    expect(check.feasible).toBe(true);
    expect(check.objective).toBeCloseTo(sol.objective!, 6);
    expect(check.objective).toBeCloseTo(parseCbcLog(text('cbc-max.log.txt'), 'maximize').objective!, 6);
  });

  it('reads flagged (**) lines and recognises files without an integer solution', () => {
    const sol = parseCbcSolution(
      ['Stopped on time (no integer solution - continuous used) - objective value 3.5', '      0 x                 1.5                 0', '**    2 y                -2e-3                 1', ''].join('\n'),
    );
    expect(sol.objective).toBe(3.5);
    expect(cbcHasIntegerSolution(sol)).toBe(false);
    expect(sol.values.get('x')).toBe(1.5);
    expect(sol.values.get('y')).toBe(-0.002);
    expect(Array.from(cbcSolutionVector(sol, ['x', 'z', 'y']))).toEqual([1.5, 0, -0.002]);
    expect(cbcHasIntegerSolution(parseCbcSolution('Integer infeasible - objective value -13.33\n'))).toBe(false);
    expect(cbcHasIntegerSolution(parseCbcSolution('Stopped on time - objective value 30\n'))).toBe(true);
  });
});
