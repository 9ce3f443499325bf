import { expect } from 'vitest';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';

import { mulberry32 } from '../../src/gen/rng.js';

export { mulberry32 };

/**
 * A model exercising every feature the formats must carry: max sense, offset, integer columns,
 * infinite/negative/fixed bounds, free columns, a free row, ranged rows, an empty column, an empty
 * row, and awkward numbers (0.1, 1/3, 1e-300, 1e300, -2.5e-7).
 */
export function featureModel(sense: 'minimize' | 'maximize' = 'maximize'): Model {
  const b = new ModelBuilder('features');
  b.sense = sense;
  b.objectiveOffset = 2.5;
  const x = b.addColumn({ name: 'x', lower: 0, upper: 4, cost: 1, integer: true });
  const y = b.addColumn({ name: 'y', lower: -Infinity, upper: Infinity, cost: 0.1 });
  const z = b.addColumn({ name: 'z', lower: -3, upper: Infinity, cost: 1 / 3, integer: true });
  const w = b.addColumn({ name: 'w', lower: -Infinity, upper: -1.5, cost: -2.5e-7 });
  const v = b.addColumn({ name: 'v', lower: 7, upper: 7, cost: 0 });
  b.addColumn({ name: 'empty', lower: 0, upper: 1, cost: 0, integer: true });
  const u = b.addColumn({ name: 'u', lower: -5, upper: -2, cost: 1e300 });
  const t = b.addColumn({ name: 't', lower: 0.1, upper: 0.30000000000000004, cost: 0 });
  b.addRow({ name: 'c1', upper: 10 }, [x, y], [1, 3]);
  b.addRow({ name: 'c2', lower: 1, upper: 1 }, [x, z, w], [2, -1, 1e-300]);
  b.addRow({ name: 'range1', lower: 0.1, upper: 0.3 }, [y, z, t], [1 / 3, 0.1, -7]);
  b.addRow({ name: 'range2', lower: -1e-5, upper: 1e20 }, [w, v], [1, 1]);
  b.addRow({ name: 'range3', lower: -123456.789, upper: -0.5 }, [u, t], [2, 3]);
  b.addRow({ name: 'freerow', lower: -Infinity, upper: Infinity }, [x, u], [1, 1]);
  b.addRow({ name: 'ge', lower: -4 }, [v, u, y], [1e300, -1, 0.5]);
  b.addRow({ name: 'emptyrow', lower: -1, upper: 2 }, [], []);
  return b.build();
}

/** A random MILP with names, mixed bounds and ranged rows. */
export function randomModel(seed: number, numCols: number, numRows: number, density: number): Model {
  const rnd = mulberry32(seed);
  const num = (): number => {
    const r = rnd();
    if (r < 0.1) return 0.1;
    if (r < 0.2) return 1 / 3;
    if (r < 0.3) return Math.round((rnd() - 0.5) * 20);
    return (rnd() - 0.5) * Math.pow(10, Math.floor(rnd() * 12) - 6);
  };
  const b = new ModelBuilder(`random${seed}`);
  b.sense = rnd() < 0.5 ? 'minimize' : 'maximize';
  b.objectiveOffset = rnd() < 0.5 ? 0 : num();
  for (let j = 0; j < numCols; j++) {
    const integer = rnd() < 0.3;
    const k = rnd();
    let lo: number;
    let up: number;
    if (integer) {
      lo = k < 0.3 ? 0 : k < 0.5 ? -Infinity : -Math.floor(rnd() * 5);
      up = rnd() < 0.3 ? Infinity : lo === -Infinity ? Math.floor(rnd() * 5) : lo + Math.floor(rnd() * 5);
    } else {
      lo = k < 0.2 ? -Infinity : k < 0.5 ? 0 : num();
      up = rnd() < 0.3 ? Infinity : (lo === -Infinity ? 0 : lo) + Math.abs(num());
    }
    b.addColumn({ name: `c${j}`, lower: lo, upper: up, cost: rnd() < 0.3 ? 0 : num(), integer });
  }
  for (let i = 0; i < numRows; i++) {
    const idx: number[] = [];
    const val: number[] = [];
    for (let j = 0; j < numCols; j++) {
      if (rnd() < density) { idx.push(j); val.push(num() || 1); }
    }
    const k = rnd();
    const a = num();
    const c = a + Math.abs(num());
    const spec = k < 0.25 ? { lower: a } : k < 0.5 ? { upper: a } : k < 0.7 ? { lower: a, upper: a } : k < 0.95 ? { lower: a, upper: c } : {};
    b.addRow({ name: `r${i}`, ...spec }, idx, val);
  }
  return b.build();
}

/** Asserts two models are identical, number for number (=== on every double). */
export function expectSameModel(a: Model, b: Model, opts: { names?: boolean; name?: boolean } = {}): void {
  expect(b.numCols).toBe(a.numCols);
  expect(b.numRows).toBe(a.numRows);
  expect(b.sense).toBe(a.sense);
  expect(b.objectiveOffset).toBe(a.objectiveOffset === 0 ? 0 : a.objectiveOffset);
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, what: string): void => {
    expect(y.length, what).toBe(x.length);
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) expect(`${what}[${i}] = ${y[i]}`).toBe(`${what}[${i}] = ${x[i]}`);
    }
  };
  same(a.colCost, b.colCost, 'colCost');
  same(a.colLower, b.colLower, 'colLower');
  same(a.colUpper, b.colUpper, 'colUpper');
  same(a.integrality, b.integrality, 'integrality');
  same(a.rowLower, b.rowLower, 'rowLower');
  same(a.rowUpper, b.rowUpper, 'rowUpper');
  same(a.colStart, b.colStart, 'colStart');
  same(a.rowIndex, b.rowIndex, 'rowIndex');
  same(a.value, b.value, 'value');
  if (opts.names !== false) {
    expect(b.colNames).toEqual(a.colNames);
    expect(b.rowNames).toEqual(a.rowNames);
  }
  if (opts.name !== false) expect(b.name).toBe(a.name);
}
