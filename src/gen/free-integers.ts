import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Integer columns with unusual bounds, cycling through: free (-inf, +inf), negative [-u, -1],
 * upper-only (-inf, u], and symmetric [-u, u]; plus one free continuous column. The infinite
 * sides are bounded only through singleton rows -15 <= x_j <= 15 (so the engine must cope with
 * infinite column bounds), and dense ranged rows around a planted point keep it feasible.
 * Minimise random mixed-sign costs.
 */
export function freeIntegers(seed: number, size = 8): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`freeint_s${seed}_n${size}`);
  const planted: number[] = [];
  for (let j = 0; j <= size; j++) {
    const kind = j === size ? 4 : j % 4;
    const u = randInt(rng, 2, 7);
    let lower = -Infinity;
    let upper = Infinity;
    let x0: number;
    if (kind === 0) x0 = randInt(rng, -8, 8);
    else if (kind === 1) { lower = -u; upper = -1; x0 = randInt(rng, -u, -1); }
    else if (kind === 2) { upper = u; x0 = randInt(rng, -8, u); }
    else if (kind === 3) { lower = -u; upper = u; x0 = randInt(rng, -u, u); }
    else x0 = randInt(rng, -40, 40) / 8;
    planted.push(x0);
    const col = b.addColumn({ name: kind === 4 ? 'y_free' : `x${j}`, lower, upper, integer: kind !== 4, cost: randInt(rng, -10, 10) });
    if (lower === -Infinity || upper === Infinity) b.addRow({ name: `box${j}`, lower: -15, upper: 15 }, [col], [1]);
  }
  const n = size + 1;
  const rows = Math.max(2, Math.floor(size / 2));
  for (let i = 0; i < rows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    let act = 0;
    for (let j = 0; j < n; j++) {
      if (rng() < 0.5) {
        const a = randInt(rng, -5, 5) || 2;
        idx.push(j);
        val.push(a);
        act += a * planted[j]!;
      }
    }
    if (idx.length === 0) { idx.push(i % n); val.push(1); act = planted[i % n]!; }
    b.addRow({ name: `r${i}`, lower: Math.floor(act) - randInt(rng, 0, 6), upper: Math.ceil(act) + randInt(rng, 0, 6) }, idx, val);
  }
  return b.build();
}
