import { datasetFromArrays, type Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/data/rng.js';
import { solveWithHighsAsResult } from '../../src/nn/solve-backend.js';
import { train, type TrainResult } from '../../src/nn/train.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { expect } from 'vitest';

export const XOR: Dataset = datasetFromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], ['zero', 'one'], 'xor');

/** A seeded random data set with n samples, d features in [0, 1] and K classes (every class present). */
export function randomDataset(seed: number, n: number, d: number, K = 2): Dataset {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(Array.from({ length: d }, () => Math.round(rng.next() * 100) / 100));
    labels.push(i < K ? i : rng.int(K));
  }
  return datasetFromArrays(rows, labels, undefined, `random-${seed}`);
}

/** Trains with the engine and with HiGHS, checks that both prove the same optimum, returns the engine's result. */
export async function trainBoth(options: TrainOptions): Promise<TrainResult> {
  const engine = await train({ ...options, backend: 'engine', solver: { timeLimit: 30, ...(options.solver ?? {}) } });
  const highs = await train({ ...options, backend: 'highs', solver: { timeLimit: 30, ...(options.solver ?? {}) } });
  expect(engine.certificate.status).toBe('optimal');
  expect(highs.certificate.status).toBe('optimal');
  const a = engine.certificate.objective!;
  const b = highs.certificate.objective!;
  expect(Math.abs(a - b), `engine ${a} vs HiGHS ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
  return engine;
}

export { solveWithHighsAsResult };
