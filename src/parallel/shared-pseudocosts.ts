import { MipnetError } from '../errors.js';
import type { PseudocostDeltas } from './messages.js';

/**
 * The global pseudocost table of a parallel solve in a SharedArrayBuffer: Float64
 * [downSum n | downCount n | upSum n | upCount n]. Deterministic mode: only the main thread writes
 * it, between rounds (merging the workers' observations in dispatch order), and workers copy it
 * into their engine's Pseudocosts at the start of each task, so every task of a round sees the same
 * snapshot. Non-deterministic mode: the workers exchange observations through it live
 * (pseudocost-exchange.ts syncPseudocosts) and their replies carry no deltas.
 */
export class SharedPseudocosts {
  readonly buffer: SharedArrayBuffer;
  readonly numCols: number;
  readonly downSum: Float64Array;
  readonly downCount: Float64Array;
  readonly upSum: Float64Array;
  readonly upCount: Float64Array;

  constructor(numColsOrBuffer: number | SharedArrayBuffer) {
    if (typeof numColsOrBuffer === 'number') {
      this.numCols = numColsOrBuffer;
      this.buffer = new SharedArrayBuffer(Math.max(8, 32 * numColsOrBuffer));
    } else {
      this.buffer = numColsOrBuffer;
      if (this.buffer.byteLength % 32 !== 0 && this.buffer.byteLength !== 8) {
        throw new MipnetError('attach shared pseudocosts', `buffer of ${this.buffer.byteLength} bytes is not 4 x numCols float64`);
      }
      this.numCols = this.buffer.byteLength === 8 ? 0 : this.buffer.byteLength / 32;
    }
    const n = this.numCols;
    this.downSum = new Float64Array(this.buffer, 0, n);
    this.downCount = new Float64Array(this.buffer, 8 * n, n);
    this.upSum = new Float64Array(this.buffer, 16 * n, n);
    this.upCount = new Float64Array(this.buffer, 24 * n, n);
  }

  /** Adds a worker's observations (main thread). */
  apply(d: PseudocostDeltas): void {
    for (let k = 0; k < d.cols.length; k++) {
      const j = d.cols[k]!;
      this.downSum[j]! += d.downSum[k]!;
      this.downCount[j]! += d.downCount[k]!;
      this.upSum[j]! += d.upSum[k]!;
      this.upCount[j]! += d.upCount[k]!;
    }
  }
}
