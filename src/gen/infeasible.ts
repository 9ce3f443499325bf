import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Integer-infeasible but LP-feasible: `size` binaries with an equality row whose coefficients are
 * all even and whose right-hand side is odd (a parity argument; the LP relaxation is feasible at
 * every node until all variables are fixed, so a plain branch-and-bound needs up to 2^size leaves
 * to prove it: keep size small). A loose random knapsack row and random costs make it less bare.
 */
export function infeasibleParity(seed: number, size = 5): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`infeasible_parity_s${seed}_n${size}`);
  const idx: number[] = [];
  const even: number[] = [];
  const loose: number[] = [];
  let total = 0;
  for (let i = 0; i < size; i++) {
    idx.push(b.addBinary(`x${i}`, randInt(rng, -10, 10)));
    const a = randInt(rng, 1, 3);
    even.push(2 * a);
    total += 2 * a;
    loose.push(randInt(rng, 1, 9));
  }
  const rhs = 2 * Math.floor(total / 4) + 1; // odd, strictly between 0 and the total
  b.addRow({ name: 'parity', lower: rhs, upper: rhs }, idx, even);
  b.addRow({ name: 'loose', upper: loose.reduce((s, v) => s + v, 0) }, idx, loose);
  return b.build();
}

/**
 * Infeasible already as an LP: sum x_i <= k and sum x_i + y >= k + 1 with y fixed to 0 by a row,
 * x binary, y continuous in [0, 1]; plus random costs.
 */
export function infeasibleRelaxation(seed: number, size = 6): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`infeasible_lp_s${seed}_n${size}`);
  const idx: number[] = [];
  for (let i = 0; i < size; i++) idx.push(b.addBinary(`x${i}`, randInt(rng, -5, 5)));
  const y = b.addColumn({ name: 'y', lower: 0, upper: 1, cost: 1 });
  const k = Math.max(1, Math.floor(size / 2));
  b.addRow({ name: 'at_most', upper: k }, idx, idx.map(() => 1));
  b.addRow({ name: 'at_least', lower: k + 1 }, [...idx, y], [...idx.map(() => 1), 1]);
  b.addRow({ name: 'y_zero', upper: 0.5 }, [y], [1]);
  b.addRow({ name: 'y_one', lower: 0.75 }, [y], [1]);
  return b.build();
}
