import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * 0-1 knapsack, weakly correlated (value = weight + noise, which makes the LP bound less trivial
 * than for uncorrelated items): maximise sum v_i x_i s.t. sum w_i x_i <= W, x binary, with W half
 * the total weight.
 */
export function knapsack(seed: number, size = 25): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`knapsack_s${seed}_n${size}`);
  b.sense = 'maximize';
  const idx: number[] = [];
  const w: number[] = [];
  let total = 0;
  for (let i = 0; i < size; i++) {
    const wi = randInt(rng, 10, 60);
    const vi = Math.max(1, wi + randInt(rng, -5, 12));
    w.push(wi);
    total += wi;
    idx.push(b.addBinary(`x${i}`, vi));
  }
  b.addRow({ name: 'capacity', upper: Math.floor(total / 2) }, idx, w);
  return b.build();
}

/**
 * Multi-dimensional 0-1 knapsack: maximise sum v_i x_i s.t. `dims` knapsack rows
 * sum_i w_ki x_i <= W_k (W_k = half the row's total weight), x binary. Values correlate with the
 * average weight.
 */
export function multiKnapsack(seed: number, size = 20, dims = 3): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`mknapsack_s${seed}_n${size}_m${dims}`);
  b.sense = 'maximize';
  const w: number[][] = Array.from({ length: dims }, () => []);
  const idx: number[] = [];
  for (let i = 0; i < size; i++) {
    let sum = 0;
    for (let k = 0; k < dims; k++) {
      const wk = randInt(rng, 5, 50);
      w[k]!.push(wk);
      sum += wk;
    }
    idx.push(b.addBinary(`x${i}`, Math.round(sum / dims) + randInt(rng, 0, 20)));
  }
  for (let k = 0; k < dims; k++) {
    const total = w[k]!.reduce((s, v) => s + v, 0);
    b.addRow({ name: `capacity${k}`, upper: Math.floor(total / 2) }, idx, w[k]!);
  }
  return b.build();
}
