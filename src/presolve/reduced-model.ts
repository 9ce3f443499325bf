import { Model } from '../model/model.js';
import type { PostsolveMap } from './postsolve.js';
import type { PresolveProblem } from './problem.js';

/** The reduced model and what postsolve needs to map its points back. */
export interface Reduced {
  model: Model;
  map: PostsolveMap;
}

/**
 * Builds the reduced model: the alive columns and rows in their original order (names, costs,
 * integrality, column tags carried over), the current bounds, row sides and coefficients, and the
 * accumulated objective offset. In bounds-only mode: every row and column of the original with
 * only the column bounds replaced (the structure and all index-based data stay valid).
 */
export function buildReduced(p: PresolveProblem): Reduced {
  const orig = p.model;
  if (p.boundsOnly) {
    const lower = Float64Array.from(p.lower);
    const upper = Float64Array.from(p.upper);
    const model = new Model({
      name: orig.name,
      sense: orig.sense,
      objectiveOffset: orig.objectiveOffset,
      colCost: orig.colCost,
      colLower: lower,
      colUpper: upper,
      integrality: orig.integrality,
      rowLower: orig.rowLower,
      rowUpper: orig.rowUpper,
      colStart: orig.colStart,
      rowIndex: orig.rowIndex,
      value: orig.value,
      colNames: orig.colNames,
      rowNames: orig.rowNames,
      tagKind: orig.tagKind,
      tagLayer: orig.tagLayer,
      tagNeuron: orig.tagNeuron,
      tagSample: orig.tagSample,
      ...(orig.structure ? { structure: orig.structure } : {}),
    });
    const colMap = new Int32Array(p.numCols);
    for (let j = 0; j < p.numCols; j++) colMap[j] = j;
    return { model, map: { original: orig, colMap, lower, upper, integrality: orig.integrality, records: p.postsolve.records } };
  }
  const newRow = new Int32Array(p.numRows).fill(-1);
  const rowNames: string[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i]) continue;
    newRow[i] = rowNames.length;
    rowNames.push(p.rowName(i));
    rowLower.push(p.rowLower[i]!);
    rowUpper.push(p.rowUpper[i]!);
  }
  const cols: number[] = [];
  let nnz = 0;
  for (let j = 0; j < p.numCols; j++) {
    if (!p.colAlive[j]) continue;
    cols.push(j);
    nnz += p.colLength[j]!;
  }
  const n = cols.length;
  const colMap = Int32Array.from(cols);
  const colStart = new Int32Array(n + 1);
  const rowIndex = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let at = 0;
  for (let c = 0; c < n; c++) {
    const j = colMap[c]!;
    for (let q = p.colStart[j]!; q < p.colStart[j + 1]!; q++) {
      const e = p.colEntry[q]!;
      if (!p.entryAlive[e]) continue;
      rowIndex[at] = newRow[p.entryRow[e]!]!;
      value[at] = p.entryValue[e]!;
      at++;
    }
    colStart[c + 1] = at;
  }
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(src: T, make: (k: number) => T): T => {
    const out = make(n);
    for (let c = 0; c < n; c++) out[c] = src[colMap[c]!]!;
    return out;
  };
  const lower = pick(p.lower, (k) => new Float64Array(k));
  const upper = pick(p.upper, (k) => new Float64Array(k));
  const integrality = pick(p.integrality, (k) => new Uint8Array(k));
  const model = new Model({
    name: orig.name,
    sense: orig.sense,
    objectiveOffset: p.offset,
    colCost: pick(p.cost, (k) => new Float64Array(k)),
    colLower: lower,
    colUpper: upper,
    integrality,
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    colStart,
    rowIndex,
    value,
    colNames: cols.map((j) => orig.colNames[j]!),
    rowNames,
    tagKind: pick(orig.tagKind, (k) => new Uint8Array(k)),
    tagLayer: pick(orig.tagLayer, (k) => new Int32Array(k)),
    tagNeuron: pick(orig.tagNeuron, (k) => new Int32Array(k)),
    tagSample: pick(orig.tagSample, (k) => new Int32Array(k)),
  });
  return { model, map: { original: orig, colMap, lower, upper, integrality, records: p.postsolve.records } };
}
