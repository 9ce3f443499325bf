import { ModelError } from '../errors.js';
import { ColumnKind, type ColumnTag } from './column-tag.js';
import { Model, type ObjectiveSense } from './model.js';
import type { NetworkStructure } from './structure.js';

/** Integer bounds must be integral up to this tolerance (else: ModelError). */
const INTEGRAL_TOL = 1e-9;

export interface ColumnSpec {
  name?: string;
  lower?: number; // default 0
  upper?: number; // default +Infinity
  cost?: number; // default 0
  integer?: boolean;
  tag?: ColumnTag;
}

export interface RowSpec {
  name?: string;
  lower?: number; // default -Infinity
  upper?: number; // default +Infinity
}

/**
 * Builds a Model incrementally: add columns, then rows as sparse (indices, values) lists, in any
 * order. `build()` validates everything (finite coefficients, consistent bounds, integral bounds on
 * integer columns, unique names) and produces the CSC arrays.
 */
export class ModelBuilder {
  name: string;
  sense: ObjectiveSense = 'minimize';
  objectiveOffset = 0;
  structure: NetworkStructure | undefined;

  private cost: number[] = [];
  private lower: number[] = [];
  private upper: number[] = [];
  private integer: number[] = [];
  private colNames: string[] = [];
  private tagKind: number[] = [];
  private tagLayer: number[] = [];
  private tagNeuron: number[] = [];
  private tagSample: number[] = [];

  private rowLower: number[] = [];
  private rowUpper: number[] = [];
  private rowNames: string[] = [];
  private rowStart: number[] = [0];
  private entryCol: number[] = [];
  private entryVal: number[] = [];

  constructor(name = 'model') {
    this.name = name;
  }

  get numCols(): number {
    return this.cost.length;
  }
  get numRows(): number {
    return this.rowLower.length;
  }

  /** Adds a column and returns its index. */
  addColumn(spec: ColumnSpec = {}): number {
    const j = this.cost.length;
    this.cost.push(spec.cost ?? 0);
    this.lower.push(spec.lower ?? 0);
    this.upper.push(spec.upper ?? Infinity);
    this.integer.push(spec.integer ? 1 : 0);
    this.colNames.push(spec.name ?? `x${j}`);
    const t = spec.tag;
    this.tagKind.push(t?.kind ?? ColumnKind.NONE);
    this.tagLayer.push(t?.layer ?? -1);
    this.tagNeuron.push(t?.neuron ?? -1);
    this.tagSample.push(t?.sample ?? -1);
    return j;
  }

  /** Convenience: a binary column. */
  addBinary(name?: string, cost = 0, tag?: ColumnTag): number {
    return this.addColumn({ name, lower: 0, upper: 1, cost, integer: true, tag });
  }

  /** Adds a row `lower <= sum values[k] * x[indices[k]] <= upper` and returns its index. */
  addRow(spec: RowSpec, indices: ArrayLike<number>, values: ArrayLike<number>): number {
    if (indices.length !== values.length) {
      throw new ModelError('build model', `row ${spec.name ?? this.numRows}: ${indices.length} indices but ${values.length} values`);
    }
    const i = this.rowLower.length;
    this.rowLower.push(spec.lower ?? -Infinity);
    this.rowUpper.push(spec.upper ?? Infinity);
    this.rowNames.push(spec.name ?? `r${i}`);
    for (let k = 0; k < indices.length; k++) {
      this.entryCol.push(indices[k]!);
      this.entryVal.push(values[k]!);
    }
    this.rowStart.push(this.entryCol.length);
    return i;
  }

  setCost(col: number, cost: number): void {
    this.checkCol(col, 'set cost');
    this.cost[col] = cost;
  }

  setBounds(col: number, lower: number, upper: number): void {
    this.checkCol(col, 'set bounds');
    this.lower[col] = lower;
    this.upper[col] = upper;
  }

  setTag(col: number, tag: ColumnTag): void {
    this.checkCol(col, 'set tag');
    this.tagKind[col] = tag.kind;
    this.tagLayer[col] = tag.layer ?? -1;
    this.tagNeuron[col] = tag.neuron ?? -1;
    this.tagSample[col] = tag.sample ?? -1;
  }

  private checkCol(col: number, op: string): void {
    if (!Number.isInteger(col) || col < 0 || col >= this.cost.length) {
      throw new ModelError(op, `column index ${col} out of range (model has ${this.cost.length} columns)`);
    }
  }

  /** Validates and freezes the model. Throws ModelError naming the first problem found. */
  build(): Model {
    const op = 'build model';
    const n = this.cost.length;
    const m = this.rowLower.length;
    if (!Number.isFinite(this.objectiveOffset)) throw new ModelError(op, `objective offset is ${this.objectiveOffset}`);
    const seenCols = new Map<string, number>();
    for (let j = 0; j < n; j++) {
      const name = this.colNames[j]!;
      if (seenCols.has(name)) throw new ModelError(op, `duplicate column name "${name}" (columns ${seenCols.get(name)} and ${j})`);
      seenCols.set(name, j);
      const c = this.cost[j]!;
      if (!Number.isFinite(c)) throw new ModelError(op, `column "${name}" has objective coefficient ${c}`);
      let lo = this.lower[j]!;
      let up = this.upper[j]!;
      if (Number.isNaN(lo) || Number.isNaN(up)) throw new ModelError(op, `column "${name}" has a NaN bound`);
      if (lo === Infinity || up === -Infinity) throw new ModelError(op, `column "${name}" has bounds [${lo}, ${up}]`);
      if (lo > up) throw new ModelError(op, `column "${name}" has inconsistent bounds: lower ${lo} > upper ${up}`);
      if (this.integer[j]) {
        if (Number.isFinite(lo) && Math.abs(lo - Math.round(lo)) > INTEGRAL_TOL) {
          throw new ModelError(op, `integer column "${name}" has fractional lower bound ${lo}`);
        }
        if (Number.isFinite(up) && Math.abs(up - Math.round(up)) > INTEGRAL_TOL) {
          throw new ModelError(op, `integer column "${name}" has fractional upper bound ${up}`);
        }
        if (Number.isFinite(lo)) lo = Math.round(lo);
        if (Number.isFinite(up)) up = Math.round(up);
        this.lower[j] = lo;
        this.upper[j] = up;
      }
    }
    const seenRows = new Map<string, number>();
    for (let i = 0; i < m; i++) {
      const name = this.rowNames[i]!;
      if (seenRows.has(name)) throw new ModelError(op, `duplicate row name "${name}" (rows ${seenRows.get(name)} and ${i})`);
      seenRows.set(name, i);
      const lo = this.rowLower[i]!;
      const up = this.rowUpper[i]!;
      if (Number.isNaN(lo) || Number.isNaN(up)) throw new ModelError(op, `row "${name}" has a NaN bound`);
      if (lo === Infinity || up === -Infinity) throw new ModelError(op, `row "${name}" has bounds [${lo}, ${up}]`);
      if (lo > up) throw new ModelError(op, `row "${name}" has inconsistent bounds: lower ${lo} > upper ${up}`);
    }

    // Count entries per column, merging duplicates within a row (summed) and dropping zeros.
    const colCount = new Int32Array(n + 1);
    const rowOf: number[] = [];
    const colOf: number[] = [];
    const valOf: number[] = [];
    const lastInRow = new Int32Array(n).fill(-1);
    const posInRow = new Int32Array(n);
    for (let i = 0; i < m; i++) {
      for (let k = this.rowStart[i]!; k < this.rowStart[i + 1]!; k++) {
        const j = this.entryCol[k]!;
        const v = this.entryVal[k]!;
        if (!Number.isInteger(j) || j < 0 || j >= n) {
          throw new ModelError(op, `row "${this.rowNames[i]}" refers to column index ${j}, out of range (model has ${n} columns)`);
        }
        if (!Number.isFinite(v)) {
          throw new ModelError(op, `row "${this.rowNames[i]}" has coefficient ${v} on column "${this.colNames[j]}"`);
        }
        if (lastInRow[j] === i) {
          valOf[posInRow[j]!]! += v;
        } else {
          lastInRow[j] = i;
          posInRow[j] = rowOf.length;
          rowOf.push(i);
          colOf.push(j);
          valOf.push(v);
        }
      }
    }
    for (let k = 0; k < rowOf.length; k++) if (valOf[k] !== 0) colCount[colOf[k]! + 1]!++;
    for (let j = 0; j < n; j++) colCount[j + 1]! += colCount[j]!;
    const nnz = colCount[n]!;
    const colStart = Int32Array.from(colCount);
    const fill = colCount.slice(0, n);
    const rowIndex = new Int32Array(nnz);
    const value = new Float64Array(nnz);
    for (let k = 0; k < rowOf.length; k++) {
      if (valOf[k] === 0) continue;
      const j = colOf[k]!;
      const p = fill[j]!++;
      rowIndex[p] = rowOf[k]!;
      value[p] = valOf[k]!;
    }
    return new Model({
      name: this.name,
      sense: this.sense,
      objectiveOffset: this.objectiveOffset,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integrality: Uint8Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLower),
      rowUpper: Float64Array.from(this.rowUpper),
      colStart,
      rowIndex,
      value,
      colNames: this.colNames.slice(),
      rowNames: this.rowNames.slice(),
      tagKind: Uint8Array.from(this.tagKind),
      tagLayer: Int32Array.from(this.tagLayer),
      tagNeuron: Int32Array.from(this.tagNeuron),
      tagSample: Int32Array.from(this.tagSample),
      structure: this.structure,
    });
  }
}
