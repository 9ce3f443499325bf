import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { mulberry32 } from '../../src/gen/rng.js';

export const seededRandom = mulberry32;

/** Multi-dimensional 0/1 knapsack (maximise value), `items` columns, `dims` capacity rows. */
export function knapsack(seed: number, items: number, dims = 1, tightness = 0.5): Model {
  const rnd = seededRandom(seed);
  const b = new ModelBuilder(`knapsack-${seed}-${items}x${dims}`);
  b.sense = 'maximize';
  const weights: number[][] = [];
  for (let d = 0; d < dims; d++) weights.push([]);
  for (let j = 0; j < items; j++) {
    let wsum = 0;
    for (let d = 0; d < dims; d++) {
      const w = 10 + Math.floor(rnd() * 90);
      weights[d]!.push(w);
      wsum += w;
    }
    // correlated values make the LP bound weak (many nodes)
    b.addBinary(`x${j}`, Math.round(wsum / dims + 10 * rnd()));
  }
  const idx = Array.from({ length: items }, (_, j) => j);
  for (let d = 0; d < dims; d++) {
    const total = weights[d]!.reduce((s, w) => s + w, 0);
    b.addRow({ name: `cap${d}`, upper: Math.floor(total * tightness) }, idx, weights[d]!);
  }
  return b.build();
}

/** Weighted set cover (minimise cost): every element covered by at least one chosen set. */
export function setCover(seed: number, elements: number, sets: number, density = 0.15): Model {
  const rnd = seededRandom(seed);
  const b = new ModelBuilder(`setcover-${seed}-${elements}x${sets}`);
  for (let j = 0; j < sets; j++) b.addBinary(`s${j}`, 1 + Math.floor(rnd() * 3));
  for (let i = 0; i < elements; i++) {
    const cols: number[] = [];
    for (let j = 0; j < sets; j++) if (rnd() < density) cols.push(j);
    if (cols.length === 0) cols.push(Math.floor(rnd() * sets));
    b.addRow({ name: `e${i}`, lower: 1 }, cols, cols.map(() => 1));
  }
  return b.build();
}

/** Small general-integer program with a continuous column (min), feasible by construction. */
export function integerProgram(seed: number, n: number, m: number): Model {
  const rnd = seededRandom(seed);
  const b = new ModelBuilder(`ip-${seed}-${n}x${m}`);
  for (let j = 0; j < n; j++) b.addColumn({ name: `y${j}`, lower: 0, upper: 10, integer: true, cost: -(1 + Math.floor(rnd() * 9)) });
  const z = b.addColumn({ name: 'z', lower: 0, upper: 5, cost: 0.5 });
  for (let i = 0; i < m; i++) {
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < n; j++) {
      if (rnd() < 0.6) {
        cols.push(j);
        vals.push(1 + Math.floor(rnd() * 7));
      }
    }
    cols.push(z);
    vals.push(-1);
    b.addRow({ name: `c${i}`, upper: 15 + Math.floor(rnd() * 25) }, cols, vals);
  }
  return b.build();
}
