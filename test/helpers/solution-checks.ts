import { expect } from 'vitest';
import type { Model } from '../../src/model/model.js';

/** Relative tolerance of the correctness checks (objective agreement, bound validity). */
export const REL_TOL = 1e-6;
/** Feasibility tolerance for returned solutions (bounds, rows, integrality). */
export const FEAS_TOL = 1e-6;

/** Tolerance scaled like a relative comparison: REL_TOL * max(1, |reference|). */
export function tolerance(reference: number, rel = REL_TOL): number {
  return rel * Math.max(1, Math.abs(reference));
}

/** Asserts |a - b| <= rel * max(1, |b|) with a readable message. */
export function expectClose(actual: number, expected: number, what: string, rel = REL_TOL): void {
  const tol = tolerance(expected, rel);
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected} (tolerance ${tol})`).toBeLessThanOrEqual(tol);
}

/** Asserts x is feasible for the model (bounds, rows, integrality) and has the reported objective. */
export function expectFeasibleSolution(model: Model, x: ArrayLike<number>, objective: number, what: string): void {
  expect(x.length, `${what}: solution length`).toBe(model.numCols);
  const v = model.maxViolation(x);
  expect(v.value, `${what}: max violation ${v.value} at ${v.where}`).toBeLessThanOrEqual(FEAS_TOL);
  expectClose(model.objectiveOf(x), objective, `${what}: objectiveOf(solution) vs reported objective`);
}

/**
 * Asserts a dual bound is valid for the true optimum: bound <= optimum (minimise) or bound >=
 * optimum (maximise), up to the relative tolerance.
 */
export function expectValidBound(model: Model, bound: number, optimum: number, what: string): void {
  expect(Number.isNaN(bound), `${what}: bound is NaN`).toBe(false);
  const tol = tolerance(optimum);
  if (model.sense === 'maximize') {
    expect(bound, `${what}: bound ${bound} must be >= optimum ${optimum}`).toBeGreaterThanOrEqual(optimum - tol);
  } else {
    expect(bound, `${what}: bound ${bound} must be <= optimum ${optimum}`).toBeLessThanOrEqual(optimum + tol);
  }
}
