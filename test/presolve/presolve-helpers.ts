import { expect } from 'vitest';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder, type ColumnSpec } from '../../src/model/model-builder.js';
import type { Model, ObjectiveSense } from '../../src/model/model.js';
import { presolve, type PresolveResult } from '../../src/presolve/presolve.js';
import type { ReductionName, ReductionStats } from '../../src/presolve/stats.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';

export interface RowDef {
  name?: string;
  lower?: number;
  upper?: number;
  /** [column index, coefficient] */
  terms: [number, number][];
}

/** A small model from column specs and rows written as terms. */
export function buildModel(cols: ColumnSpec[], rows: RowDef[], sense: ObjectiveSense = 'minimize', offset = 0): Model {
  const b = new ModelBuilder('hand-made');
  b.sense = sense;
  b.objectiveOffset = offset;
  cols.forEach((c, j) => b.addColumn({ name: `x${j}`, ...c }));
  rows.forEach((r, i) => b.addRow({ name: r.name ?? `r${i}`, lower: r.lower, upper: r.upper }, r.terms.map((t) => t[0]), r.terms.map((t) => t[1])));
  return b.build();
}

/** The statistics of one reduction. */
export function reductionStats(result: PresolveResult, name: ReductionName): ReductionStats {
  const s = result.stats.reductions.find((r) => r.name === name);
  expect(s, `stats of ${name}`).toBeDefined();
  return s!;
}

/** The result narrowed to 'reduced' (fails otherwise). */
export function expectReduced(result: PresolveResult, what: string): Extract<PresolveResult, { status: 'reduced' }> {
  expect(result.status, `${what}: ${result.status === 'reduced' ? '' : result.reason}`).toBe('reduced');
  return result as Extract<PresolveResult, { status: 'reduced' }>;
}

/**
 * Solves the original with HiGHS (gap 0) and checks the presolve result against it: an
 * infeasible result needs an infeasible original; 'unbounded' an unbounded one and a feasible
 * point; 'reduced' that HiGHS on the reduced model agrees on the status and that the postsolved
 * point is feasible for the original with the original's optimum (1e-6 relative). Returns the
 * original's HiGHS status and optimum.
 */
export async function expectSameOptimum(model: Model, result: PresolveResult, what: string): Promise<{ status: string; objective: number | null }> {
  const ref = await solveWithHighsMip(model, { gap: 0 });
  const w = `${what} (HiGHS on the original: ${ref.status})`;
  if (result.status === 'infeasible') {
    expect(['infeasible', 'infeasible-or-unbounded'], `${w}: presolve says infeasible (${result.reason})`).toContain(ref.status);
    return ref;
  }
  if (result.status === 'unbounded') {
    expect(['unbounded', 'infeasible-or-unbounded'], w).toContain(ref.status);
    expectFeasibleSolution(model, result.solution, model.objectiveOf(result.solution), `${w}: unbounded witness`);
    return ref;
  }
  const red = await solveWithHighsMip(result.model, { gap: 0 });
  const rw = `${w}, on the reduced model: ${red.status}`;
  if (ref.status === 'optimal') {
    expect(red.status, rw).toBe('optimal');
    expectClose(red.objective!, ref.objective!, `${rw}: reduced optimum`);
    const x = result.postsolve(red.solution!);
    expectFeasibleSolution(model, x, ref.objective!, `${rw}: postsolved point`);
  } else if (ref.status === 'infeasible') {
    expect(['infeasible', 'infeasible-or-unbounded'], rw).toContain(red.status);
  } else {
    expect(['unbounded', 'infeasible-or-unbounded'], rw).toContain(red.status);
    if (red.solution) expect(model.maxViolation(result.postsolve(red.solution)).value, rw).toBeLessThanOrEqual(1e-6);
  }
  return ref;
}

/** Presolve with only `reductions` proves `model` infeasible (reason matching `reason`), and HiGHS agrees. */
export async function expectProvenInfeasible(model: Model, reductions: ReductionName[], what: string, reason?: RegExp): Promise<void> {
  const r = presolve(model, { reductions });
  expect(r.status, what).toBe('infeasible');
  if (reason && r.status === 'infeasible') expect(r.reason, what).toMatch(reason);
  await expectSameOptimum(model, r, what);
}
