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

/** One row of an LP: lower <= sum_k values[k] x[indices[k]] <= upper. */
export interface LpRow {
  lower: number;
  upper: number;
  indices: number[];
  values: number[];
}

/** The rows of `model` as LpRows. */
export function rowsOf(model: Model): LpRow[] {
  const rm = model.rowMatrix();
  return Array.from({ length: model.numRows }, (_, i) => ({
    lower: model.rowLower[i]!,
    upper: model.rowUpper[i]!,
    indices: Array.from(rm.colIndex.subarray(rm.rowStart[i]!, rm.rowStart[i + 1]!)),
    values: Array.from(rm.value.subarray(rm.rowStart[i]!, rm.rowStart[i + 1]!)),
  }));
}

/** a x for one row. */
export function rowActivity(row: LpRow, x: ArrayLike<number>): number {
  let t = 0;
  row.indices.forEach((j, k) => (t += row.values[k]! * x[j]!));
  return t;
}

/** `model` with `extra` appended after its own rows (the cold copy of an LP with added rows). */
export function withRows(model: Model, extra: readonly LpRow[]): Model {
  const b = new ModelBuilder(`${model.name}+${extra.length}`);
  b.sense = model.sense;
  b.objectiveOffset = model.objectiveOffset;
  for (let j = 0; j < model.numCols; j++) {
    b.addColumn({ name: model.colNames[j], lower: model.colLower[j]!, upper: model.colUpper[j]!, cost: model.colCost[j]!, integer: model.integrality[j] === 1 });
  }
  rowsOf(model).forEach((r, i) => b.addRow({ name: model.rowNames[i], lower: r.lower, upper: r.upper }, r.indices, r.values));
  extra.forEach((r, k) => b.addRow({ name: `added${k}`, lower: r.lower, upper: r.upper }, r.indices, r.values));
  return b.build();
}

/** The addRows arguments (CSR) for `rows`. */
export function csrRows(rows: readonly LpRow[]): [count: number, lower: number[], upper: number[], starts: number[], indices: number[], values: number[]] {
  const starts = [0];
  for (const r of rows) starts.push(starts[starts.length - 1]! + r.indices.length);
  return [rows.length, rows.map((r) => r.lower), rows.map((r) => r.upper), starts, rows.flatMap((r) => r.indices), rows.flatMap((r) => r.values)];
}

/**
 * Up to `max` Chvatal-Gomory cuts violated by x (by more than 1e-3, the most violated first, each
 * from another row): sum_j floor(u a_j) x_j <= floor(u b) for a row a x <= b (or -a x <= -b for
 * a >= row) and u in {0.25, 0.5, ..., 10}. Valid for every integer x >= 0 satisfying the row: the
 * left side is at most u a x <= u b and an integer.
 */
export function violatedCuts(rows: readonly LpRow[], x: ArrayLike<number>, max: number): LpRow[] {
  const found: Array<{ cut: LpRow; violation: number }> = [];
  for (const row of rows) {
    let best: { cut: LpRow; violation: number } | undefined;
    for (const side of [1, -1]) {
      const b = side === 1 ? row.upper : -row.lower;
      if (!Number.isFinite(b)) continue;
      for (let k = 1; k <= 40; k++) {
        const u = k / 4;
        const indices: number[] = [];
        const values: number[] = [];
        row.indices.forEach((j, q) => {
          const c = Math.floor(u * side * row.values[q]!);
          if (c !== 0) {
            indices.push(j);
            values.push(c);
          }
        });
        if (indices.length === 0) continue;
        const cut = { lower: -Infinity, upper: Math.floor(u * b), indices, values };
        const norm = Math.hypot(...values);
        const violation = (rowActivity(cut, x) - cut.upper) / norm;
        if (violation > 1e-3 && (!best || violation > best.violation)) best = { cut, violation };
      }
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.violation - a.violation).slice(0, max).map((f) => f.cut);
}
