import type { Model } from '../../src/model/model.js';
import type { SolutionCheck } from './solver-run.js';

/**
 * Evaluates a column vector on a model: objective (with offset), largest row/bound violation and
 * largest integrality violation. `tol` decides `feasible` (absolute, as solvers' default 1e-6
 * feasibility tolerances are; a little looser to allow for printed/rounded solution files).
 */
export function evaluateSolution(model: Model, x: ArrayLike<number>, tol = 1e-5): SolutionCheck {
  if (x.length !== model.numCols) {
    return { objective: NaN, maxViolation: Infinity, maxIntegrality: Infinity, feasible: false };
  }
  let obj = model.objectiveOffset;
  let maxViol = 0;
  let maxInt = 0;
  const act = new Float64Array(model.numRows);
  for (let j = 0; j < model.numCols; j++) {
    const v = x[j]!;
    obj += model.colCost[j]! * v;
    maxViol = Math.max(maxViol, model.colLower[j]! - v, v - model.colUpper[j]!);
    if (model.integrality[j] === 1) maxInt = Math.max(maxInt, Math.abs(v - Math.round(v)));
    for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) act[model.rowIndex[k]!]! += model.value[k]! * v;
  }
  for (let i = 0; i < model.numRows; i++) {
    maxViol = Math.max(maxViol, model.rowLower[i]! - act[i]!, act[i]! - model.rowUpper[i]!);
  }
  if (Number.isNaN(obj)) maxViol = Infinity;
  return { objective: obj, maxViolation: maxViol, maxIntegrality: maxInt, feasible: maxViol <= tol && maxInt <= tol };
}
