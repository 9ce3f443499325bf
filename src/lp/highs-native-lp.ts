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
  dispose(): void;
}
