import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Bounded general-integer knapsack with two resource rows: maximise sum v_i x_i s.t.
 * sum w_i x_i <= W, sum s_i x_i <= S, x_i integer in [0, u_i] with u_i in 1..6.
 */
export function integerKnapsack(seed: number, size = 15): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`intknapsack_s${seed}_n${size}`);
  b.sense = 'maximize';
  const idx: number[] = [];
  const w: number[] = [];
  const s: number[] = [];
  let tw = 0;
  let ts = 0;
  for (let i = 0; i < size; i++) {
    const u = randInt(rng, 1, 6);
    const wi = randInt(rng, 7, 40);
    const si = randInt(rng, 3, 25);
    w.push(wi);
    s.push(si);
    tw += wi * u;
    ts += si * u;
    idx.push(b.addColumn({ name: `x${i}`, lower: 0, upper: u, integer: true, cost: wi + randInt(rng, 0, 15) }));
  }
  b.addRow({ name: 'weight', upper: Math.floor(tw / 3) + 0.5 }, idx, w);
  b.addRow({ name: 'space', upper: Math.floor(ts / 3) }, idx, s);
  return b.build();
}
