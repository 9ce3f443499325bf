import { ColumnKind, type ColumnTag } from './column-tag.js';
import type { NetworkStructure } from './structure.js';

export type ObjectiveSense = 'minimize' | 'maximize';

/** Compressed sparse rows of the constraint matrix (derived from the CSC, cached). */
export interface RowMatrix {
  rowStart: Int32Array;
  colIndex: Int32Array;
  value: Float64Array;
}

/**
 * A MILP held in typed arrays:
 *
 *     min/max  c'x + offset   s.t.  rowLower <= A x <= rowUpper,  colLower <= x <= colUpper,
 *              x_j integer where integrality[j] = 1.
 *
 * A is stored column-wise (CSC). Infinite bounds are ±Infinity. Immutable once built (the engine
 * never changes a Model; it works on its own copies of the bounds). Build one with ModelBuilder or
 * a reader (readMps / readLp).
 */
export class Model {
  readonly name: string;
  readonly sense: ObjectiveSense;
  readonly objectiveOffset: number;
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 = integer (binary when bounds are [0,1]), 0 = continuous */
  readonly integrality: Uint8Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSC: column j has entries colStart[j] .. colStart[j+1]-1 */
  readonly colStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly value: Float64Array;
  readonly colNames: readonly string[];
  readonly rowNames: readonly string[];
  /** structure tags per column (ColumnKind, -1 = n/a for layer/neuron/sample) */
  readonly tagKind: Uint8Array;
  readonly tagLayer: Int32Array;
  readonly tagNeuron: Int32Array;
  readonly tagSample: Int32Array;
  /** optional network structure attached by an NN builder */
  readonly structure: NetworkStructure | undefined;
  private rowMatrixCache: RowMatrix | undefined;

  constructor(init: {
    name: string;
    sense: ObjectiveSense;
    objectiveOffset: number;
    colCost: Float64Array;
    colLower: Float64Array;
    colUpper: Float64Array;
    integrality: Uint8Array;
    rowLower: Float64Array;
    rowUpper: Float64Array;
    colStart: Int32Array;
    rowIndex: Int32Array;
    value: Float64Array;
    colNames: readonly string[];
    rowNames: readonly string[];
    tagKind?: Uint8Array;
    tagLayer?: Int32Array;
    tagNeuron?: Int32Array;
    tagSample?: Int32Array;
    structure?: NetworkStructure;
  }) {
    this.name = init.name;
    this.sense = init.sense;
    this.objectiveOffset = init.objectiveOffset;
    this.numCols = init.colCost.length;
    this.numRows = init.rowLower.length;
    this.colCost = init.colCost;
    this.colLower = init.colLower;
    this.colUpper = init.colUpper;
    this.integrality = init.integrality;
    this.rowLower = init.rowLower;
    this.rowUpper = init.rowUpper;
    this.colStart = init.colStart;
    this.rowIndex = init.rowIndex;
    this.value = init.value;
    this.colNames = init.colNames;
    this.rowNames = init.rowNames;
    const n = this.numCols;
    this.tagKind = init.tagKind ?? new Uint8Array(n);
    this.tagLayer = init.tagLayer ?? new Int32Array(n).fill(-1);
    this.tagNeuron = init.tagNeuron ?? new Int32Array(n).fill(-1);
    this.tagSample = init.tagSample ?? new Int32Array(n).fill(-1);
    this.structure = init.structure;
  }

  get numNonzeros(): number {
    return this.colStart[this.numCols]!;
  }

  /**
   * The same constraints with a zero objective, minimised (shares every array with this model): the
   * feasibility problem of an unbounded relaxation.
   */
  withZeroObjective(name = `${this.name} (feasibility)`): Model {
    return new Model({
      name,
      sense: 'minimize',
      objectiveOffset: 0,
      colCost: new Float64Array(this.numCols),
      colLower: this.colLower,
      colUpper: this.colUpper,
      integrality: this.integrality,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
      colStart: this.colStart,
      rowIndex: this.rowIndex,
      value: this.value,
      colNames: this.colNames,
      rowNames: this.rowNames,
      tagKind: this.tagKind,
      tagLayer: this.tagLayer,
      tagNeuron: this.tagNeuron,
      tagSample: this.tagSample,
      structure: this.structure,
    });
  }

  /** Number of integer columns. */
  get numIntegers(): number {
    let k = 0;
    for (let j = 0; j < this.numCols; j++) k += this.integrality[j]!;
    return k;
  }

  tag(col: number): ColumnTag {
    return {
      kind: this.tagKind[col] as ColumnKind,
      layer: this.tagLayer[col],
      neuron: this.tagNeuron[col],
      sample: this.tagSample[col],
    };
  }

  /** True when any column carries an NN structure tag. */
  get hasStructure(): boolean {
    if (this.structure) return true;
    for (let j = 0; j < this.numCols; j++) if (this.tagKind[j] !== ColumnKind.NONE) return true;
    return false;
  }

  /** Row-wise copy of the matrix (CSR), computed once. */
  rowMatrix(): RowMatrix {
    if (this.rowMatrixCache) return this.rowMatrixCache;
    const m = this.numRows;
    const nnz = this.numNonzeros;
    const rowStart = new Int32Array(m + 1);
    for (let k = 0; k < nnz; k++) rowStart[this.rowIndex[k]! + 1]!++;
    for (let i = 0; i < m; i++) rowStart[i + 1]! += rowStart[i]!;
    const fill = rowStart.slice(0, m);
    const colIndex = new Int32Array(nnz);
    const value = new Float64Array(nnz);
    for (let j = 0; j < this.numCols; j++) {
      for (let k = this.colStart[j]!; k < this.colStart[j + 1]!; k++) {
        const i = this.rowIndex[k]!;
        const p = fill[i]!++;
        colIndex[p] = j;
        value[p] = this.value[k]!;
      }
    }
    this.rowMatrixCache = { rowStart, colIndex, value };
    return this.rowMatrixCache;
  }

  /** Objective c'x + offset of a point (in the model's own sense). */
  objectiveOf(x: ArrayLike<number>): number {
    let s = this.objectiveOffset;
    for (let j = 0; j < this.numCols; j++) s += this.colCost[j]! * x[j]!;
    return s;
  }

  /**
   * Largest violation of bounds, rows and integrality by x (0 when feasible). Used to check every
   * incumbent the engine reports.
   */
  maxViolation(x: ArrayLike<number>): { value: number; where: string } {
    let worst = 0;
    let where = '';
    for (let j = 0; j < this.numCols; j++) {
      const v = x[j]!;
      const lo = this.colLower[j]! - v;
      const hi = v - this.colUpper[j]!;
      if (lo > worst) { worst = lo; where = `column ${this.colNames[j]} below its lower bound`; }
      if (hi > worst) { worst = hi; where = `column ${this.colNames[j]} above its upper bound`; }
      if (this.integrality[j]) {
        const f = Math.abs(v - Math.round(v));
        if (f > worst) { worst = f; where = `integer column ${this.colNames[j]} fractional`; }
      }
    }
    const act = new Float64Array(this.numRows);
    for (let j = 0; j < this.numCols; j++) {
      const v = x[j]!;
      if (v === 0) continue;
      for (let k = this.colStart[j]!; k < this.colStart[j + 1]!; k++) act[this.rowIndex[k]!]! += this.value[k]! * v;
    }
    for (let i = 0; i < this.numRows; i++) {
      const lo = this.rowLower[i]! - act[i]!;
      const hi = act[i]! - this.rowUpper[i]!;
      if (lo > worst) { worst = lo; where = `row ${this.rowNames[i]} below its lower bound`; }
      if (hi > worst) { worst = hi; where = `row ${this.rowNames[i]} above its upper bound`; }
    }
    return { value: worst, where };
  }
}
