import type { Model } from '../model/model.js';
import type { SolveOptions, SolveResult } from './solve-types.js';

/**
 * The LP relaxation is unbounded and no feasible point is known ('infeasible-or-unbounded'):
 * search for any integer-feasible point (same constraints, zero objective, stop at the first
 * solution) with what is left of the limits. Found: the MILP is unbounded (rational data: a
 * feasible MILP with an unbounded relaxation is unbounded), with that point. Proven none:
 * infeasible. Otherwise (limits): the result stays 'infeasible-or-unbounded'. `solveZero` runs the
 * same engine (serial or parallel) on the zero-objective model.
 */
export async function feasibilityPhase<R extends SolveResult>(
  model: Model,
  options: SolveOptions,
  result: R,
  limits: { timeLeft: number; nodeLimit: number },
  solveZero: (zero: Model, options: SolveOptions) => Promise<SolveResult>,
): Promise<R> {
  const left = limits.timeLeft;
  if (!(left > 0) || options.signal?.aborted || result.nodes >= limits.nodeLimit) return result;
  const zero = model.withZeroObjective(`${model.name} (feasibility)`);
  const feas = await solveZero(zero, {
    ...options,
    timeLimit: Number.isFinite(left) ? left : undefined,
    nodeLimit: Number.isFinite(limits.nodeLimit) ? limits.nodeLimit - result.nodes : undefined,
    solutionLimit: 1,
    initialSolution: undefined,
    onProgress: undefined,
    log: undefined,
  });
  const merged: R = {
    ...result,
    nodes: result.nodes + feas.nodes,
    seconds: result.seconds + feas.seconds,
    lpSeconds: result.lpSeconds + feas.lpSeconds,
    lpIterations: result.lpIterations + feas.lpIterations,
    lpSolves: result.lpSolves + feas.lpSolves,
  };
  const max = model.sense === 'maximize';
  if (feas.status === 'infeasible') return { ...merged, status: 'infeasible', bound: max ? -Infinity : Infinity, gap: Infinity };
  if (feas.solution) {
    return {
      ...merged,
      status: 'unbounded',
      objective: model.objectiveOf(feas.solution),
      solution: feas.solution,
      solutions: 1,
      bound: max ? Infinity : -Infinity,
      gap: Infinity,
    };
  }
  return merged;
}
