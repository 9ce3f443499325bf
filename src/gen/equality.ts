import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Equality-constrained general-integer model: x_j integer in [0, 4], `rows` equality rows
 * A x = A x0 with small non-negative integer coefficients (density 0.6) and a planted integer
 * point x0 (so it is feasible), plus one continuous slack column per row pair to keep the search
 * modest. Minimise random mixed-sign costs.
 */
export function equalityIntegers(seed: number, size = 10, rows = 3): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`equality_s${seed}_n${size}_m${rows}`);
  const planted: number[] = [];
  for (let j = 0; j < size; j++) {
    b.addColumn({ name: `x${j}`, lower: 0, upper: 4, integer: true, cost: randInt(rng, -10, 10) });
    planted.push(randInt(rng, 0, 4));
  }
  for (let i = 0; i < rows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    let rhs = 0;
    for (let j = 0; j < size; j++) {
      if (rng() < 0.6) {
        const a = randInt(rng, 1, 6);
        idx.push(j);
        val.push(a);
        rhs += a * planted[j]!;
      }
    }
    if (i % 2 === 1) {
      const s = b.addColumn({ name: `slack${i}`, lower: 0, upper: 3, cost: randInt(rng, 0, 5) });
      idx.push(s);
      val.push(1);
    }
    if (idx.length === 0) { idx.push(i % size); val.push(1); rhs = planted[i % size]!; }
    b.addRow({ name: `eq${i}`, lower: rhs, upper: rhs }, idx, val);
  }
  return b.build();
}
