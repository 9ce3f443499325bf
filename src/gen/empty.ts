import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/** A model with no columns and no rows: its optimum is the objective offset (seeded). */
export function emptyModel(seed: number): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`empty_s${seed}`);
  b.objectiveOffset = randInt(rng, -20, 20) / 4;
  return b.build();
}

/**
 * Columns but no rows: mixed integer / continuous columns with finite (some negative) bounds and
 * random costs; the optimum puts each column at the bound its cost prefers.
 */
export function noRowsModel(seed: number, size = 6): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`norows_s${seed}_n${size}`);
  b.objectiveOffset = randInt(rng, -5, 5);
  for (let j = 0; j < size; j++) {
    const lo = randInt(rng, -6, 3);
    const up = lo + randInt(rng, 0, 6);
    b.addColumn({ name: `x${j}`, lower: lo, upper: up, integer: j % 2 === 0, cost: randInt(rng, -9, 9) });
  }
  return b.build();
}

/** The analytic optimum of a row-free model (each column at the bound its cost prefers). */
export function rowFreeOptimum(model: { sense: 'minimize' | 'maximize'; objectiveOffset: number; colCost: ArrayLike<number>; colLower: ArrayLike<number>; colUpper: ArrayLike<number> }): number {
  let s = model.objectiveOffset;
  const sign = model.sense === 'maximize' ? -1 : 1;
  for (let j = 0; j < model.colCost.length; j++) {
    const c = model.colCost[j]! * sign;
    if (c === 0) continue;
    s += model.colCost[j]! * (c > 0 ? model.colLower[j]! : model.colUpper[j]!);
  }
  return s;
}
