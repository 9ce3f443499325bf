import type { LpBasis } from './lp-solver.js';

/** A HiGHS option value. */
export type OptionValue = boolean | number | string;

/**
 * The few native operations HighsLpSolver uses per solve, on one HiGHS instance holding the LP.
 * Two implementations: `DirectHighs` (highs-native-direct.ts) calls the Wasm exports of the
 * highs-js runtime directly (persistent scratch buffers in Wasm memory, no per-call marshalling),
 * `WrappedHighs` (highs-native-wrapped.ts) goes through highs-js' RawModelApi (the fallback when
 * the direct path is unavailable). Both return HiGHS status codes (-1 = error) and never throw for
 * a HiGHS error status.
 */
export interface NativeLp {
  /** up to this many changed columns are pushed one call each, more in one set call */
  readonly singlePushMax: number;
  run(): number;
  modelStatus(): number;
  objective(): number;
  /** simplex iterations of the last run (0 when unknown) */
  iterations(): number;
  basisValid(): boolean;
  changeColBounds(j: number, lower: number, upper: number): number;
  /** changes the bounds of the k (sorted) columns idx[0..k) to lower/upper[0..k) */
  changeColsBounds(k: number, idx: Int32Array, lower: Float64Array, upper: Float64Array): number;
  changeCoeff(row: number, col: number, value: number): number;
  changeRowBounds(row: number, lower: number, upper: number): number;
  setOption(name: string, value: OptionValue): number;
  zeroAllClocks(): void;
  /** fetches the solution; the getters below return fresh copies, valid until the next fetch */
  fetchSolution(): boolean;
  colValue(): Float64Array;
  colDual(): Float64Array;
  rowValue(): Float64Array;
  rowDual(): Float64Array;
  getBasis(): LpBasis | undefined;
  setBasis(colStatus: Int32Array, rowStatus: Int32Array): number;
  /** HiGHS' row count (Highs_getNumRow). */
  numRows(): number;
  /**
   * Appends `count` rows (Highs_addRows): bounds lower/upper[0..count), CSR `starts[0..count]`
   * (starts[0] = 0, starts[count] = nonzeros) over indices/values[0..nonzeros). Only called with
   * validated input and count >= 1.
   */
  addRows(count: number, lower: Float64Array, upper: Float64Array, starts: Int32Array, indices: Int32Array, values: Float64Array): number;
  /** Deletes the k rows rows[0..k) (strictly increasing; Highs_deleteRowsBySet). */
  deleteRows(k: number, rows: Int32Array): number;
  /** HiGHS' basic variable of each basis position into out[0..numRows) (Highs_getBasicVariables: j column, -1-i row i). */
  basicVariables(out: Int32Array): number;
  /** Row `position` of B^-1 A (HiGHS' basis: +e_i for the logical of row i) into out[0..numCols) (Highs_getReducedRow). */
  reducedRow(position: number, out: Float64Array): number;
  /** Row `position` of B^-1 into out[0..numRows) (Highs_getBasisInverseRow). */
  basisInverseRow(position: number, out: Float64Array): number;
  /**
   * HiGHS' dual ray into out[0..numRows) (Highs_getDualRay; HiGHS may solve again to find one):
   * 1 when HiGHS has one, 0 when not, -1 on an error status.
   */
  dualRay(out: Float64Array): number;
  dispose(): void;
}
