import { describe, it, expect } from 'vitest';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { readLp } from '../../src/io/lp-reader.js';
import { lpNames, writeLp } from '../../src/io/lp-writer.js';
import { OptionError } from '../../src/errors.js';
import { expectSameModel, featureModel, randomModel } from './io-fixtures.js';

describe('LP round trip (Model -> LP -> Model)', () => {
  it('is exact for the feature model with native ranged rows (max and min)', () => {
    for (const sense of ['maximize', 'minimize'] as const) {
      const a = featureModel(sense);
      expectSameModel(a, readLp(writeLp(a, { rangedRows: 'native' })));
    }
  });

  it('split ranged rows read back as two rows each, everything else identical', () => {
    const a = featureModel();
    const b = readLp(writeLp(a));
    const ranged = [...a.rowLower].filter((lo, i) => lo !== a.rowUpper[i] && Number.isFinite(lo) && Number.isFinite(a.rowUpper[i]!)).length;
    expect(ranged).toBe(4);
    expect(b.numRows).toBe(a.numRows + ranged);
    expect(b.rowNames).toContain('range1_lo');
    expect(b.rowNames).toContain('range1_up');
    const i = b.rowNames.indexOf('range1_up');
    expect(b.rowLower[i]).toBe(-Infinity);
    expect(b.rowUpper[i]).toBe(0.3);
    expect([...b.colCost]).toEqual([...a.colCost]);
    expect([...b.colLower]).toEqual([...a.colLower]);
    expect([...b.colUpper]).toEqual([...a.colUpper]);
    expect(b.objectiveOffset).toBe(a.objectiveOffset);
  });

  it('is exact for seeded random models', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = randomModel(seed, 15, 12, 0.3);
      expectSameModel(a, readLp(writeLp(a, { rangedRows: 'native' })));
    }
  });

  it('handles the empty model and a model without rows', () => {
    const e = new ModelBuilder('empty').build();
    expectSameModel(e, readLp(writeLp(e)));
    const b = new ModelBuilder('norows');
    b.addColumn({ name: 'a', cost: 0, lower: -Infinity, upper: Infinity });
    b.addColumn({ name: 'b', cost: -1, upper: 3, integer: true });
    const m = b.build();
    expectSameModel(m, readLp(writeLp(m)));
  });

  it('keeps column order even when costs are zero and columns appear first in rows', () => {
    const b = new ModelBuilder('order');
    const c0 = b.addColumn({ name: 'late', cost: 0 });
    const c1 = b.addColumn({ name: 'early', cost: 0 });
    b.addRow({ name: 'r', lower: 1 }, [c1, c0], [1, 1]);
    const a = b.build();
    expect(readLp(writeLp(a)).colNames).toEqual(['late', 'early']);
  });

  it('sanitises names that are not LP identifiers, deterministically and uniquely', () => {
    expect(lpNames(['x', 'a b', 'a_b', '1st', 'st', 'e12', 'w[1,2]', 'inf', '', 'x'])).toEqual(
      ['x', 'a_b_1', 'a_b', '_1st', '_st', '_e12', 'w_1_2_', '_inf', '_', 'x'],
    );
    const b = new ModelBuilder('names');
    const p = b.addColumn({ name: 'w[0][1]', cost: 1 });
    const q = b.addColumn({ name: 'end', cost: 2 });
    const r = b.addColumn({ name: 'free', cost: 3 });
    b.addRow({ name: 'bounds', lower: 1 }, [p, q, r], [1, 1, 1]);
    b.addRow({ name: 'c:1', upper: 4 }, [p], [1]);
    const a = b.build();
    const text = writeLp(a);
    const back = readLp(text);
    expect(back.colNames).toEqual(['w_0__1_', '_end', '_free']);
    expect(back.rowNames).toEqual(['_bounds', 'c_1']);
    expectSameModel(a, back, { names: false });
    expect(writeLp(a)).toBe(text);
  });

  it('rejects an unknown rangedRows option', () => {
    expect(() => writeLp(featureModel(), { rangedRows: 'both' as never })).toThrow(OptionError);
  });
});
