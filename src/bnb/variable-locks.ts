import type { Model } from '../model/model.js';

/**
 * Variable locks (SCIP's term): for each column, how many rows decreasing it (down) or increasing
 * it (up) can violate. A column with no down-locks can be rounded down safely, and so on.
 */
export interface VariableLocks {
  down: Int32Array;
  up: Int32Array;
}

export function variableLocks(model: Model): VariableLocks {
  const n = model.numCols;
  const down = new Int32Array(n);
  const up = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) {
      const i = model.rowIndex[k]!;
      const a = model.value[k]!;
      const hasL = model.rowLower[i]! > -Infinity;
      const hasU = model.rowUpper[i]! < Infinity;
      // decreasing x_j lowers a*x when a > 0: endangers the row's lower side
      if ((a > 0 && hasL) || (a < 0 && hasU)) down[j]!++;
      if ((a > 0 && hasU) || (a < 0 && hasL)) up[j]!++;
    }
  }
  return { down, up };
}
