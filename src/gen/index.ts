/**
 * Seeded instance generators (shipped: benchmarks, the CLI and the correctness suite use them).
 * Every generator is deterministic in (seed, size) and returns a validated Model.
 */
import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { generalisedAssignment, assignmentWithSideConstraint } from './assignment.js';
import { emptyModel, noRowsModel, rowFreeOptimum } from './empty.js';
import { equalityIntegers } from './equality.js';
import { facilityLocation } from './facility-location.js';
import { freeIntegers } from './free-integers.js';
import { infeasibleParity, infeasibleRelaxation } from './infeasible.js';
import { integerKnapsack } from './integer-knapsack.js';
import { knapsack, multiKnapsack } from './knapsack.js';
import { maximisationMixed } from './maximisation.js';
import { setCover } from './set-cover.js';
import { stepPerceptron } from './step-perceptron.js';
import { unboundedRay } from './unbounded.js';

export { mulberry32, randInt, randUniform, shuffle, sampleIndices, type Rng } from './rng.js';
export { knapsack, multiKnapsack } from './knapsack.js';
export { integerKnapsack } from './integer-knapsack.js';
export { setCover } from './set-cover.js';
export { generalisedAssignment, assignmentWithSideConstraint } from './assignment.js';
export { facilityLocation } from './facility-location.js';
export { stepPerceptron, xorPoints, STEP_MARGIN, type XorPoints } from './step-perceptron.js';
export { infeasibleParity, infeasibleRelaxation } from './infeasible.js';
export { unboundedRay } from './unbounded.js';
export { emptyModel, noRowsModel, rowFreeOptimum } from './empty.js';
export { maximisationMixed } from './maximisation.js';
export { freeIntegers } from './free-integers.js';
export { equalityIntegers } from './equality.js';

export type InstanceGenerator = (seed: number, size?: number) => Model;

/** All generators by name (the names the CLI and benchmarks use). */
export const generators: Record<string, InstanceGenerator> = {
  knapsack: (seed, size) => knapsack(seed, size),
  'multi-knapsack': (seed, size) => multiKnapsack(seed, size),
  'integer-knapsack': (seed, size) => integerKnapsack(seed, size),
  'set-cover': (seed, size) => setCover(seed, size),
  'generalised-assignment': (seed, size) => generalisedAssignment(seed, size),
  'assignment-side': (seed, size) => assignmentWithSideConstraint(seed, size),
  'facility-location': (seed, size) => facilityLocation(seed, size),
  'step-perceptron': (seed, size) => stepPerceptron(seed, size, 2),
  'step-perceptron-h1': (seed, size) => stepPerceptron(seed, size, 1),
  'infeasible-parity': (seed, size) => infeasibleParity(seed, size),
  'infeasible-lp': (seed, size) => infeasibleRelaxation(seed, size),
  unbounded: (seed, size) => unboundedRay(seed, size),
  empty: (seed) => emptyModel(seed),
  'no-rows': (seed, size) => noRowsModel(seed, size),
  maximisation: (seed, size) => maximisationMixed(seed, size),
  'free-integers': (seed, size) => freeIntegers(seed, size),
  equality: (seed, size) => equalityIntegers(seed, size),
};

/**
 * One instance by generator name, with the arguments checked (for the CLI and benchmarks):
 * OptionError for an unknown generator (listing the known ones), a seed that is not an integer, or
 * a size that is not a positive integer. Without `size` each generator uses its default.
 */
export function generate(name: string, seed: number, size?: number): Model {
  const op = 'generate instance';
  const gen = Object.prototype.hasOwnProperty.call(generators, name) ? generators[name] : undefined;
  if (!gen) throw new OptionError(op, `unknown generator "${name}" (known: ${Object.keys(generators).join(', ')})`);
  if (!Number.isSafeInteger(seed)) throw new OptionError(op, `seed must be an integer, got ${seed}`);
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 1 || size > 100000)) {
    throw new OptionError(op, `size must be an integer in [1, 100000], got ${size}`);
  }
  return gen(seed, size);
}

/** What is known about an instance without solving it (checked by the correctness suite). */
export interface SuiteExpectation {
  /** 'optimal' = has a finite optimum; 'infeasible' / 'unbounded' are known by construction. */
  status: 'optimal' | 'infeasible' | 'unbounded';
  /** the optimum when known analytically (empty / row-free models) */
  objective?: number;
}

export interface SuiteInstance {
  name: string;
  model: Model;
  expected: SuiteExpectation;
}

function instance(generator: string, seed: number, size?: number): SuiteInstance {
  const model = generators[generator]!(seed, size);
  const name = `${generator}/s${seed}${size !== undefined ? `-n${size}` : ''}`;
  let expected: SuiteExpectation = { status: 'optimal' };
  if (generator === 'infeasible-parity' || generator === 'infeasible-lp') expected = { status: 'infeasible' };
  else if (generator === 'unbounded') expected = { status: 'unbounded' };
  else if (generator === 'empty' || generator === 'no-rows') expected = { status: 'optimal', objective: rowFreeOptimum(model) };
  return { name, model, expected };
}

/**
 * The correctness suite: small instances (about 10-40 integer columns) of every generator, sized
 * so HiGHS solves each in well under a second and a plain branch-and-bound in a few seconds.
 */
export function correctnessSuite(): SuiteInstance[] {
  return [
    instance('knapsack', 1, 20),
    instance('knapsack', 2, 25),
    instance('knapsack', 3, 30),
    instance('multi-knapsack', 1, 15),
    instance('multi-knapsack', 2, 20),
    instance('multi-knapsack', 3, 20),
    instance('integer-knapsack', 1, 10),
    instance('integer-knapsack', 2, 15),
    instance('integer-knapsack', 3, 15),
    instance('set-cover', 1, 30),
    instance('set-cover', 2, 40),
    instance('set-cover', 3, 40),
    instance('generalised-assignment', 1, 8),
    instance('generalised-assignment', 2, 10),
    instance('generalised-assignment', 3, 10),
    instance('assignment-side', 1, 5),
    instance('assignment-side', 2, 6),
    instance('facility-location', 1, 6),
    instance('facility-location', 2, 8),
    instance('facility-location', 3, 8),
    instance('step-perceptron', 1, 5),
    instance('step-perceptron', 2, 6),
    instance('step-perceptron-h1', 1, 8),
    instance('step-perceptron-h1', 2, 10),
    instance('step-perceptron-h1', 4, 8),
    instance('infeasible-parity', 1, 5),
    instance('infeasible-parity', 2, 4),
    instance('infeasible-lp', 1, 6),
    instance('unbounded', 1, 3),
    instance('unbounded', 2, 4),
    instance('empty', 1),
    instance('no-rows', 1, 6),
    instance('maximisation', 1, 12),
    instance('maximisation', 2, 15),
    instance('free-integers', 1, 8),
    instance('free-integers', 2, 12),
    instance('equality', 1, 10),
    instance('equality', 2, 12),
  ];
}
