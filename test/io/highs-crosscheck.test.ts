import { describe, it, expect } from 'vitest';
import type { Highs, ModelData } from 'highs';
import { getHighs } from '../../src/lp/highs-loader.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { readMps } from '../../src/io/mps-reader.js';
import { writeMps } from '../../src/io/mps-writer.js';
import { readLp } from '../../src/io/lp-reader.js';
import { writeLp } from '../../src/io/lp-writer.js';
import { expectSameModel, randomModel } from './io-fixtures.js';

type HighsModel = ReturnType<Highs['createModel']>;

/** A model HiGHS can hold without changing it: no |value| >= 1e20 (HiGHS infinity), no tiny entries. */
function crossModel(sense: 'minimize' | 'maximize', freeRow = true): Model {
  const b = new ModelBuilder('cross');
  b.sense = sense;
  b.objectiveOffset = 0.1;
  const x = b.addColumn({ name: 'x', lower: 0, upper: 4, cost: 1, integer: true });
  const y = b.addColumn({ name: 'y', lower: -Infinity, upper: Infinity, cost: 0.1 });
  const z = b.addColumn({ name: 'z', lower: -3, upper: Infinity, cost: 1 / 3, integer: true });
  const w = b.addColumn({ name: 'w', lower: -Infinity, upper: -1.5, cost: -2.5e-7 });
  const v = b.addColumn({ name: 'v', lower: 7, upper: 7, cost: 0 });
  b.addColumn({ name: 'unused', lower: 0, upper: 1, cost: 0, integer: true });
  const u = b.addColumn({ name: 'u', lower: -5, upper: -2, cost: 1e5 });
  b.addRow({ name: 'c1', upper: 10 }, [x, y], [1, 3]);
  b.addRow({ name: 'c2', lower: 1, upper: 1 }, [x, z, w], [2, -1, 1e-3]);
  b.addRow({ name: 'range1', lower: 0.1, upper: 0.3 }, [y, z, u], [1 / 3, 0.1, -7]);
  b.addRow({ name: 'range2', lower: -123456.789, upper: -0.5 }, [u, w], [2, 3]);
  if (freeRow) b.addRow({ name: 'freerow', lower: -Infinity, upper: Infinity }, [x, u], [1, 1]);
  b.addRow({ name: 'ge', lower: -4 }, [v, u, y], [1e3, -1, 0.5]);
  return b.build();
}

function load(h: Highs, format: 'mps' | 'lp', text: string): HighsModel {
  return h.createModel(format === 'mps' ? { format, data: new TextEncoder().encode(text) } : { format, data: text });
}

/** Asserts HiGHS's view of a loaded model equals our Model, number for number. */
function expectHighsEquals(h: Highs, hm: HighsModel, ours: Model): void {
  const lp = hm.getLp('csc');
  expect(lp.numCols).toBe(ours.numCols);
  expect(lp.numRows).toBe(ours.numRows);
  const sense = ours.sense === 'maximize' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize;
  expect(lp.sense).toBe(sense);
  expect(lp.offset).toBe(ours.objectiveOffset);
  expect([...lp.colCost]).toEqual([...ours.colCost]);
  expect([...lp.colLower]).toEqual([...ours.colLower]);
  expect([...lp.colUpper]).toEqual([...ours.colUpper]);
  expect([...lp.rowLower]).toEqual([...ours.rowLower]);
  expect([...lp.rowUpper]).toEqual([...ours.rowUpper]);
  expect([...lp.matrix.starts]).toEqual([...ours.colStart]);
  expect([...lp.matrix.indices]).toEqual([...ours.rowIndex]);
  expect([...lp.matrix.values]).toEqual([...ours.value]);
  const integ = lp.integrality.length === 0 ? new Array(ours.numCols).fill(0) : [...lp.integrality];
  expect(integ).toEqual([...ours.integrality]);
  for (let j = 0; j < ours.numCols; j++) expect(hm.getColName(j)).toBe(ours.colNames[j]);
  for (let i = 0; i < ours.numRows; i++) expect(hm.getRowName(i)).toBe(ours.rowNames[i]);
}

function toModelData(h: Highs, m: Model): ModelData {
  return {
    numCols: m.numCols,
    numRows: m.numRows,
    sense: m.sense === 'maximize' ? h.constants.objectiveSense.maximize : h.constants.objectiveSense.minimize,
    offset: m.objectiveOffset,
    colCost: m.colCost,
    colLower: m.colLower,
    colUpper: m.colUpper,
    rowLower: m.rowLower,
    rowUpper: m.rowUpper,
    matrix: { format: 'csc', numRows: m.numRows, numCols: m.numCols, starts: m.colStart, indices: m.rowIndex, values: m.value },
    integrality: Int32Array.from(m.integrality),
    colNames: [...m.colNames],
    rowNames: [...m.rowNames],
    modelName: m.name,
  };
}

function solve(hm: HighsModel): { status: number; objective: number } {
  hm.options.set('output_flag', false);
  hm.run();
  return { status: hm.getModelStatus(), objective: hm.getObjectiveValue() };
}

describe('cross-check with HiGHS', () => {
  it('HiGHS reads our free MPS exactly as we do (both senses)', async () => {
    const h = await getHighs();
    for (const sense of ['minimize', 'maximize'] as const) {
      const a = crossModel(sense);
      const hm = load(h, 'mps', writeMps(a));
      try {
        expectHighsEquals(h, hm, a);
      } finally {
        hm.dispose();
      }
    }
  });

  it('HiGHS reads our LP exactly as we do (ranged rows split)', async () => {
    const h = await getHighs();
    for (const sense of ['minimize', 'maximize'] as const) {
      const text = writeLp(crossModel(sense));
      const ours = readLp(text);
      expect(ours.numRows).toBe(crossModel(sense).numRows + 2);
      const hm = load(h, 'lp', text);
      try {
        expectHighsEquals(h, hm, ours);
      } finally {
        hm.dispose();
      }
    }
  });

  it('HiGHS reads seeded random models written as MPS and LP as we do', async () => {
    const h = await getHighs();
    for (let seed = 1; seed <= 8; seed++) {
      const a = randomModel(seed, 12, 10, 0.35);
      for (const format of ['mps', 'lp'] as const) {
        const text = format === 'mps' ? writeMps(a) : writeLp(a);
        const ours = format === 'mps' ? readMps(text) : readLp(text);
        const hm = load(h, format, text);
        try {
          expectHighsEquals(h, hm, ours);
        } finally {
          hm.dispose();
        }
      }
    }
  });

  it('HiGHS reads LP files with sanitised names as we do', async () => {
    const h = await getHighs();
    const b = new ModelBuilder('names');
    const names = ['w[0][1]', 'end', 'free', 'st', 'e12', 'inf', '1st', 'a b', 'x.y', 'bin'];
    const cols = names.map((name, k) => b.addColumn({ name, cost: k + 1, upper: 10, integer: k % 2 === 0 }));
    b.addRow({ name: 'bounds', lower: 1 }, cols, cols.map((_, k) => k - 4.5));
    b.addRow({ name: 'subject', upper: 20 }, cols.slice(0, 3), [1, 1, 1]);
    const text = writeLp(b.build());
    const ours = readLp(text);
    expect(ours.colNames).toEqual(['w_0__1_', '_end', '_free', '_st', '_e12', '_inf', '_1st', 'a_b', 'x.y', '_bin']);
    const hm = load(h, 'lp', text);
    try {
      expectHighsEquals(h, hm, ours);
    } finally {
      hm.dispose();
    }
  });

  it('gives the same HiGHS optimum from our MPS, our LP and the model passed directly', async () => {
    const h = await getHighs();
    for (const sense of ['minimize', 'maximize'] as const) {
      const a = crossModel(sense);
      const direct = h.createModel(toModelData(h, a));
      const fromMps = load(h, 'mps', writeMps(a));
      const fromLp = load(h, 'lp', writeLp(a));
      try {
        const d = solve(direct);
        expect(d.status).toBe(h.constants.modelStatus.optimal);
        const p = solve(fromMps);
        const q = solve(fromLp);
        expect(p.status).toBe(d.status);
        expect(q.status).toBe(d.status);
        expect(p.objective).toBeCloseTo(d.objective, 9);
        expect(q.objective).toBeCloseTo(d.objective, 9);
      } finally {
        direct.dispose();
        fromMps.dispose();
        fromLp.dispose();
      }
    }
  });

  it('reads MPS and LP text exported by HiGHS itself', async () => {
    const h = await getHighs();
    for (const sense of ['minimize', 'maximize'] as const) {
      // HiGHS writes a free row as an extra N row in MPS (dropped on reading), so leave it out here.
      const a = crossModel(sense, false);
      const hm = h.createModel(toModelData(h, a));
      try {
        const mps = new TextDecoder().decode(hm.exportModel('mps'));
        const lp = hm.exportModel('lp');
        const fromMps = readMps(mps, { source: 'highs.mps' });
        const fromLp = readLp(lp, { source: 'highs.lp' });
        // Exactly what HiGHS reads back from its own files (it writes 15 significant digits).
        for (const [format, text, ours] of [['mps', mps, fromMps], ['lp', lp, fromLp]] as const) {
          const back = load(h, format, text);
          try {
            expectHighsEquals(h, back, ours);
          } finally {
            back.dispose();
          }
        }
        // And the same model as ours up to those 15 digits (HiGHS's LP splits ranged rows).
        expectClose(fromMps, a);
        expect(fromLp.numRows).toBe(a.numRows + 2);
        // HiGHS's LP writer omits zero costs, so its column order is by first appearance: match by name.
        expect([...fromLp.colNames].sort()).toEqual([...a.colNames].sort());
        for (let j = 0; j < a.numCols; j++) {
          const k = fromLp.colNames.indexOf(a.colNames[j]!);
          expect(fromLp.colCost[k]).toBeCloseTo(a.colCost[j]!, 14);
          expect(fromLp.colLower[k]).toBe(a.colLower[j]);
          expect(fromLp.colUpper[k]).toBe(a.colUpper[j]);
          expect(fromLp.integrality[k]).toBe(a.integrality[j]);
        }
        expect(fromLp.sense).toBe(a.sense);
        expect(fromLp.objectiveOffset).toBeCloseTo(a.objectiveOffset, 14);
      } finally {
        hm.dispose();
      }
    }
  });
});

function expectClose(b: Model, a: Model): void {
  expect(b.numCols).toBe(a.numCols);
  expect(b.numRows).toBe(a.numRows);
  expect(b.sense).toBe(a.sense);
  expect(b.colNames).toEqual(a.colNames);
  expect(b.rowNames).toEqual(a.rowNames);
  expect([...b.integrality]).toEqual([...a.integrality]);
  expect([...b.colStart]).toEqual([...a.colStart]);
  expect([...b.rowIndex]).toEqual([...a.rowIndex]);
  const close = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
    for (let i = 0; i < x.length; i++) {
      if (x[i] === y[i]) continue;
      expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(y[i]!)));
    }
  };
  close(b.colCost, a.colCost);
  close(b.colLower, a.colLower);
  close(b.colUpper, a.colUpper);
  close(b.rowLower, a.rowLower);
  close(b.rowUpper, a.rowUpper);
  close(b.value, a.value);
  expect(b.objectiveOffset).toBeCloseTo(a.objectiveOffset, 14);
}
