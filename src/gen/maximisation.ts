import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * A maximisation MILP with a non-zero objective offset, mixed-sign costs, general integers in
 * [0, u], continuous columns in [0, 10] and ranged rows built around a planted feasible point.
 */
export function maximisationMixed(seed: number, size = 12): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`maximise_s${seed}_n${size}`);
  b.sense = 'maximize';
  b.objectiveOffset = randInt(rng, -40, 40) / 4;
  const planted: number[] = [];
  for (let j = 0; j < size; j++) {
    const integer = j % 3 !== 2;
    const up = integer ? randInt(rng, 1, 5) : 10;
    b.addColumn({ name: `x${j}`, lower: 0, upper: up, integer, cost: randInt(rng, -4, 12) });
    planted.push(integer ? randInt(rng, 0, up) : Math.round(rng() * 100) / 10);
  }
  const rows = Math.max(2, Math.floor(size / 3));
  for (let i = 0; i < rows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    let act = 0;
    for (let j = 0; j < size; j++) {
      if (rng() < 0.6) {
        const a = randInt(rng, -3, 8) || 1;
        idx.push(j);
        val.push(a);
        act += a * planted[j]!;
      }
    }
    if (idx.length === 0) { idx.push(i % size); val.push(1); act = planted[i % size]!; }
    b.addRow({ name: `r${i}`, lower: Math.floor(act) - randInt(rng, 0, 15), upper: Math.ceil(act) + randInt(rng, 0, 4) }, idx, val);
  }
  return b.build();
}
