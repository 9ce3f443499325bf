import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';

import { mulberry32 } from '../../src/gen/rng.js';

export { mulberry32 };

function randInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Binary knapsack: max sum v x s.t. sum w x <= capacity (and optionally more knapsack rows). */
export function knapsack(seed: number, n: number, rows = 1, sense: 'minimize' | 'maximize' = 'maximize'): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`knapsack-${seed}`);
  b.sense = sense;
  const cols: number[] = [];
  for (let j = 0; j < n; j++) {
    const v = randInt(rng, 5, 60);
    cols.push(b.addBinary(`x${j}`, sense === 'maximize' ? v : -v));
  }
  for (let r = 0; r < rows; r++) {
    const w = cols.map(() => randInt(rng, 3, 40));
    const cap = Math.floor(w.reduce((a, c) => a + c, 0) * (0.3 + 0.2 * rng()));
    b.addRow({ name: `cap${r}`, upper: cap }, cols, w);
  }
  return b.build();
}

/** Set cover: min sum c x s.t. every element covered at least once. */
export function setCover(seed: number, n: number, elements: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`setcover-${seed}`);
  const cols: number[] = [];
  for (let j = 0; j < n; j++) cols.push(b.addBinary(`s${j}`, randInt(rng, 1, 20)));
  for (let e = 0; e < elements; e++) {
    const idx: number[] = [];
    for (let j = 0; j < n; j++) if (rng() < 0.12) idx.push(j);
    if (idx.length === 0) idx.push(randInt(rng, 0, n - 1));
    b.addRow({ name: `e${e}`, lower: 1 }, idx, idx.map(() => 1));
  }
  return b.build();
}

/**
 * General-integer MILP: integer columns in [0, U] and a few continuous ones, <= rows, one equality
 * row, mixed-sign costs.
 */
export function generalMilp(seed: number, nInt: number, nCont: number, rows: number, sense: 'minimize' | 'maximize' = 'minimize'): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`milp-${seed}`);
  b.sense = sense;
  const cols: number[] = [];
  for (let j = 0; j < nInt; j++) {
    const c = randInt(rng, -20, 10);
    cols.push(b.addColumn({ name: `i${j}`, lower: 0, upper: randInt(rng, 1, 6), cost: sense === 'minimize' ? c : -c, integer: true }));
  }
  for (let j = 0; j < nCont; j++) {
    const c = (rng() - 0.7) * 10;
    cols.push(b.addColumn({ name: `c${j}`, lower: 0, upper: 10, cost: sense === 'minimize' ? c : -c }));
  }
  for (let r = 0; r < rows; r++) {
    const idx: number[] = [];
    const val: number[] = [];
    for (const j of cols) {
      if (rng() < 0.5) {
        idx.push(j);
        val.push(randInt(rng, -3, 9) || 1);
      }
    }
    if (idx.length === 0) continue;
    let s = 0;
    for (const v of val) s += Math.max(0, v) * 2;
    b.addRow({ name: `r${r}`, upper: Math.max(3, Math.floor(s * 0.4)) }, idx, val);
  }
  // one equality row over a few integer columns: sum of 3 integers = target
  const k = Math.min(3, nInt);
  const eqIdx = cols.slice(0, k);
  b.addRow({ name: 'eq', lower: 3, upper: 3 }, eqIdx, eqIdx.map(() => 1));
  return b.build();
}

/** Strongly correlated binary knapsack (value = weight + 10): hard for LP bounds, many nodes. */
export function correlatedKnapsack(seed: number, n: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`corr-knapsack-${seed}`);
  b.sense = 'maximize';
  const cols: number[] = [];
  const w: number[] = [];
  for (let j = 0; j < n; j++) {
    const wj = randInt(rng, 10, 100);
    w.push(wj);
    cols.push(b.addBinary(`x${j}`, wj + 10));
  }
  const cap = Math.floor(w.reduce((a, c) => a + c, 0) / 2) + 1;
  b.addRow({ name: 'cap', upper: cap }, cols, w);
  return b.build();
}
