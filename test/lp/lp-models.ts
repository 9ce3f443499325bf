import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { mulberry32 } from '../../src/gen/rng.js';

export const seededRandom = mulberry32;

/**
 *     min -x - y + 3   s.t.  x + 2y <= 4,  3x + y <= 6,  0 <= x, y <= 10
 * optimum x = 1.6, y = 1.2, objective 0.2; row duals (-0.4, -0.2), reduced costs 0.
 */
export function smallLp(): Model {
  const b = new ModelBuilder('small');
  const x = b.addColumn({ name: 'x', upper: 10, cost: -1 });
  const y = b.addColumn({ name: 'y', upper: 10, cost: -1 });
  b.addRow({ name: 'r0', upper: 4 }, [x, y], [1, 2]);
  b.addRow({ name: 'r1', upper: 6 }, [x, y], [3, 1]);
  b.objectiveOffset = 3;
  return b.build();
}

/** The same feasible region, max x + y + 1: maximum 3.8, i.e. -3.8 in minimisation sense. */
export function smallMaxLp(): Model {
  const b = new ModelBuilder('small-max');
  b.sense = 'maximize';
  const x = b.addColumn({ name: 'x', upper: 10, cost: 1 });
  const y = b.addColumn({ name: 'y', upper: 10, cost: 1 });
  b.addRow({ name: 'r0', upper: 4 }, [x, y], [1, 2]);
  b.addRow({ name: 'r1', upper: 6 }, [x, y], [3, 1]);
  b.objectiveOffset = 1;
  return b.build();
}

/** min -x  s.t.  x - y >= 0, x, y >= 0: unbounded. */
export function unboundedLp(): Model {
  const b = new ModelBuilder('unbounded');
  const x = b.addColumn({ name: 'x', cost: -1 });
  const y = b.addColumn({ name: 'y' });
  b.addRow({ name: 'r', lower: 0 }, [x, y], [1, -1]);
  return b.build();
}

/**
 * Random packing LP: max sum c_j x_j (as min of -c), sum_j a_ij x_j <= b_i, 0 <= x_j <= 10,
 * a_ij in [0,1) with the given density, b_i in [5, 15). Always feasible (x = 0) and bounded.
 * Optionally with an equality row and a >= row to exercise all row types.
 */
export function randomLp(rows: number, cols: number, seed: number, density = 0.3, integer = false): Model {
  const rnd = seededRandom(seed);
  const b = new ModelBuilder(`random-${rows}x${cols}-${seed}`);
  for (let j = 0; j < cols; j++) b.addColumn({ name: `x${j}`, upper: 10, cost: -(0.1 + rnd()), integer });
  for (let i = 0; i < rows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    for (let j = 0; j < cols; j++) {
      if (rnd() < density) {
        idx.push(j);
        val.push(0.05 + rnd());
      }
    }
    if (idx.length === 0) {
      idx.push(i % cols);
      val.push(1);
    }
    b.addRow({ name: `r${i}`, upper: 5 + 10 * rnd() }, idx, val);
  }
  b.objectiveOffset = 1.5;
  return b.build();
}

/** Row duals y and reduced costs d must satisfy c - A'y = d (minimisation costs c); returns max |residual|. */
export function dualResidual(model: Model, y: Float64Array, d: Float64Array): number {
  const sign = model.sense === 'maximize' ? -1 : 1;
  let worst = 0;
  for (let j = 0; j < model.numCols; j++) {
    let r = sign * model.colCost[j]! - d[j]!;
    for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) r -= model.value[k]! * y[model.rowIndex[k]!]!;
    worst = Math.max(worst, Math.abs(r));
  }
  return worst;
}
