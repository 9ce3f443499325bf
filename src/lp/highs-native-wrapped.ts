import type { Highs, Model as HighsModel, ModelData, RawModelApi, Solution } from 'highs';
import { BASIS_VALID, INFO_BASIS_VALIDITY, INFO_ITERATIONS } from './highs-codes.js';
import type { NativeLp, OptionValue } from './highs-native-lp.js';
import type { LpBasis } from './lp-solver.js';

/**
 * Through highs-js, up to this many changed columns are pushed with one changeColBounds call each;
 * more go in one changeColsBounds call with an index set. Measured (benchmarks/lp-resolve.bench.ts,
 * Node 20): changeColBounds ~0.8 us per call, changeColsBounds ~2.7 us + ~0.1 us per column.
 */
const SINGLE_PUSH_MAX = 3;

/** NativeLp over highs-js' RawModelApi (one marshalled call per operation). */
export class WrappedHighs implements NativeLp {
  readonly singlePushMax = SINGLE_PUSH_MAX;
  private sol: Solution | undefined;
  private constructor(private readonly model: HighsModel, private readonly raw: RawModelApi) {}

  /** A highs-js persistent model holding the LP; the error message when HiGHS rejects it. */
  static create(highs: Highs, data: ModelData): WrappedHighs | string {
    let hm: HighsModel;
    try {
      hm = highs.createModel(data);
    } catch (e) {
      return (e as Error).message;
    }
    return new WrappedHighs(hm, hm.raw);
  }

  run(): number {
    return this.raw.run().status;
  }
  modelStatus(): number {
    return this.raw.getModelStatus() as number;
  }
  objective(): number {
    return this.raw.getObjectiveValue();
  }
  iterations(): number {
    const r = this.raw.getInfoValue(INFO_ITERATIONS);
    return r.status === -1 ? 0 : Number(r.value);
  }
  basisValid(): boolean {
    const v = this.raw.getInfoValue(INFO_BASIS_VALIDITY);
    return v.status !== -1 && Number(v.value) === BASIS_VALID;
  }
  changeColBounds(j: number, lower: number, upper: number): number {
    return this.raw.changeColBounds(j, lower, upper).status;
  }
  changeColsBounds(k: number, idx: Int32Array, lower: Float64Array, upper: Float64Array): number {
    return this.raw.changeColsBounds({ kind: 'set', indices: idx.subarray(0, k) }, lower.subarray(0, k), upper.subarray(0, k)).status;
  }
  changeCoeff(row: number, col: number, value: number): number {
    return this.raw.changeCoeff(row, col, value).status;
  }
  changeRowBounds(row: number, lower: number, upper: number): number {
    return this.raw.changeRowBounds(row, lower, upper).status;
  }
  setOption(name: string, value: OptionValue): number {
    return this.raw.setOptionValue(name, value).status;
  }
  zeroAllClocks(): void {
    this.raw.zeroAllClocks();
  }
  fetchSolution(): boolean {
    this.sol = undefined;
    const s = this.raw.getSolution();
    if (s.status === -1) return false;
    this.sol = s.value;
    return true;
  }
  colValue(): Float64Array {
    return this.sol!.colValue;
  }
  colDual(): Float64Array {
    return this.sol!.colDual;
  }
  rowValue(): Float64Array {
    return this.sol!.rowValue;
  }
  rowDual(): Float64Array {
    return this.sol!.rowDual;
  }
  getBasis(): LpBasis | undefined {
    const b = this.raw.getBasis();
    if (b.status === -1) return undefined;
    return { colStatus: b.value.colStatus, rowStatus: b.value.rowStatus };
  }
  setBasis(colStatus: Int32Array, rowStatus: Int32Array): number {
    return this.raw.setBasis({ colStatus, rowStatus }).status;
  }
  numRows(): number {
    return this.raw.getDimensions().numRows;
  }
  addRows(count: number, lower: Float64Array, upper: Float64Array, starts: Int32Array, indices: Int32Array, values: Float64Array): number {
    const nz = starts[count]!;
    const numCols = this.raw.getDimensions().numCols;
    return this.raw.addRows({
      lower: lower.subarray(0, count),
      upper: upper.subarray(0, count),
      matrix: { format: 'csr', numRows: count, numCols, starts: starts.subarray(0, count + 1), indices: indices.subarray(0, nz), values: values.subarray(0, nz) },
    }).status;
  }
  deleteRows(k: number, rows: Int32Array): number {
    return this.raw.deleteRows({ kind: 'set', indices: rows.subarray(0, k) }).status;
  }
  // the tableau and ray getters of highs-js return fresh arrays (copied here into the caller's buffer)
  basicVariables(out: Int32Array): number {
    const r = this.raw.getBasicVariables();
    if (r.status !== -1) out.set(r.value);
    return r.status;
  }
  reducedRow(position: number, out: Float64Array): number {
    const r = this.raw.getReducedRow(position);
    if (r.status !== -1) out.set(r.value.values);
    return r.status;
  }
  basisInverseRow(position: number, out: Float64Array): number {
    const r = this.raw.getBasisInverseRow(position);
    if (r.status !== -1) out.set(r.value.values);
    return r.status;
  }
  dualRay(out: Float64Array): number {
    const r = this.raw.getDualRay();
    if (r.status === -1) return -1;
    if (!r.value) return 0;
    out.set(r.value.values);
    return 1;
  }
  dispose(): void {
    this.sol = undefined;
    this.model.dispose();
  }
}
