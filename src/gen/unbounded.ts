import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Unbounded with an integer ray: integer x_i >= 0 without upper bounds, chained rows
 * -b_i <= x_i - x_{i+1} <= a_i; x = 0 is feasible and (1, ..., 1) is an improving integer ray.
 * Odd seeds maximise sum c_i x_i (c > 0), even seeds minimise sum -c_i x_i.
 */
export function unboundedRay(seed: number, size = 3): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`unbounded_s${seed}_n${size}`);
  const maximise = seed % 2 === 1;
  b.sense = maximise ? 'maximize' : 'minimize';
  const x: number[] = [];
  for (let i = 0; i < size; i++) {
    const c = randInt(rng, 1, 5);
    x.push(b.addColumn({ name: `x${i}`, lower: 0, integer: true, cost: maximise ? c : -c }));
  }
  for (let i = 0; i + 1 < size; i++) {
    b.addRow({ name: `chain${i}`, lower: -randInt(rng, 0, 3), upper: randInt(rng, 0, 3) }, [x[i]!, x[i + 1]!], [1, -1]);
  }
  return b.build();
}
