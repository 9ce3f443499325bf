import type { ModelData, ObjectiveSense } from 'highs';
import type { Model } from '../model/model.js';

/** HiGHS' native objective-sense codes (highs.constants.objectiveSense), branded as highs-js expects. */
const MINIMIZE = 1 as unknown as ObjectiveSense;
const MAXIMIZE = -1 as unknown as ObjectiveSense;

export interface HighsModelDataOptions {
  /** Drop integrality (the LP relaxation). Default false. */
  relax?: boolean;
  /**
   * For a maximisation model, negate costs and offset and pass a minimisation model, so HiGHS
   * objectives, duals and reduced costs come out in minimisation sense. Default false (the model
   * keeps its own sense). No effect on a minimisation model.
   */
  negateForMax?: boolean;
}

/**
 * Converts a Model into highs-js `ModelData` (CSC). The matrix arrays are passed through without a
 * copy (highs-js copies every input into Wasm memory); costs are copied only when negated.
 * Names are not passed (HiGHS rejects some names and the engine never needs them there).
 */
export function toHighsModelData(model: Model, options: HighsModelDataOptions = {}): ModelData {
  const negate = options.negateForMax === true && model.sense === 'maximize';
  let colCost = model.colCost;
  let offset = model.objectiveOffset;
  if (negate) {
    colCost = new Float64Array(model.numCols);
    for (let j = 0; j < model.numCols; j++) colCost[j] = -model.colCost[j]! || 0; // avoid -0
    offset = -offset || 0;
  }
  const sense = model.sense === 'maximize' && !negate ? MAXIMIZE : MINIMIZE;
  const data: ModelData = {
    numCols: model.numCols,
    numRows: model.numRows,
    sense,
    offset,
    colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: model.rowLower,
    rowUpper: model.rowUpper,
    matrix: {
      format: 'csc',
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.colStart,
      indices: model.rowIndex,
      values: model.value,
    },
  };
  if (options.relax === true || model.numIntegers === 0) return data;
  const integrality = new Int32Array(model.numCols);
  for (let j = 0; j < model.numCols; j++) integrality[j] = model.integrality[j]! ? 1 : 0;
  return { ...data, integrality };
}
