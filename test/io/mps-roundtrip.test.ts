import { describe, it, expect } from 'vitest';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { readMps } from '../../src/io/mps-reader.js';
import { writeMps } from '../../src/io/mps-writer.js';
import { MipnetError, ModelError, OptionError } from '../../src/errors.js';
import { expectSameModel, featureModel, mulberry32, randomModel } from './io-fixtures.js';

describe('MPS round trip (Model -> MPS -> Model)', () => {
  it('is exact for the feature model in free format (max and min)', () => {
    for (const sense of ['maximize', 'minimize'] as const) {
      const a = featureModel(sense);
      const text = writeMps(a);
      const b = readMps(text);
      expectSameModel(a, b);
    }
  });

  it('writes OBJSENSE only when maximising, the offset as minus RHS on the objective, explicit bounds', () => {
    const a = featureModel('maximize');
    const text = writeMps(a);
    expect(text).toMatch(/^OBJSENSE\n {4}MAX$/m);
    expect(text).toMatch(/^ {4}RHS\s+OBJ\s+-2\.5$/m);
    expect(text).toContain('FR BND       y');
    expect(text).toMatch(/LO BND\s+empty\s+0\n UP|UP BND\s+empty\s+1\n LO BND\s+empty\s+0/);
    expect(writeMps(featureModel('minimize'))).not.toContain('OBJSENSE');
    // Every column has at least one bound line.
    for (const name of a.colNames) expect(text).toMatch(new RegExp(`BND\\s+${name}\\b`));
  });

  it('is exact in fixed format', () => {
    const a = featureModel();
    const text = writeMps(a, { format: 'fixed' });
    // Column positions: names at 5-12 and 15-22, numbers from 25.
    const line = text.split('\n').find((l) => l.startsWith('    x         c1'))!;
    expect(line).toBe('    x         c1        1');
    expectSameModel(a, readMps(text, { format: 'fixed' }));
    expectSameModel(a, readMps(text, { format: 'auto' }));
  });

  it('fixed format keeps names with inner spaces, and auto-detects them', () => {
    const b = new ModelBuilder('spaces');
    const x = b.addColumn({ name: 'my x', cost: 1, upper: 3 });
    const y = b.addColumn({ name: 'y', cost: 1 / 3, integer: true, upper: 9 });
    b.addRow({ name: 'row one', lower: 1 }, [x, y], [1, 0.1]);
    b.addRow({ name: 'r2', lower: 1, upper: 5 }, [x], [2]);
    const a = b.build();
    const text = writeMps(a, { format: 'fixed' });
    expectSameModel(a, readMps(text));
    expectSameModel(a, readMps(text, { format: 'fixed' }));
    expect(() => readMps(text, { format: 'free' })).toThrow(/line \d+/);
  });

  it('fixed format refuses names that do not fit, free format refuses names with blanks', () => {
    const b = new ModelBuilder();
    b.addColumn({ name: 'a_very_long_name', cost: 1 });
    const long = b.build();
    expect(() => writeMps(long, { format: 'fixed' })).toThrow(OptionError);
    expect(() => writeMps(long, { format: 'fixed' })).toThrow(/use format 'free'/);
    expect(writeMps(long)).toContain('a_very_long_name');
    const c = new ModelBuilder();
    c.addColumn({ name: 'a b', cost: 1 });
    expect(() => writeMps(c.build())).toThrow(ModelError);
    expect(() => writeMps(c.build())).toThrow(/use format 'fixed'/);
  });

  it('is exact for seeded random models', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = randomModel(seed, 15, 12, 0.3);
      expectSameModel(a, readMps(writeMps(a)));
      expectSameModel(a, readMps(writeMps(a, { format: 'fixed' }), { format: 'fixed' }));
    }
  });

  it('round-trips ranged rows with bounds whose difference is inexact', () => {
    const b = new ModelBuilder();
    const x = b.addColumn({ name: 'x' });
    const pairs: [number, number][] = [[0.1, 0.3], [-1e20, 1e-5], [1e-5, 1e20], [-0.7, 0.1], [1 / 3, 2 / 3], [-1e300, 1e300], [5e-324, 1e-300]];
    pairs.forEach(([lo, up], i) => b.addRow({ name: `r${i}`, lower: lo, upper: up }, [x], [1]));
    const a = b.build();
    expectSameModel(a, readMps(writeMps(a)));
  });

  it('ranged rows that no (rhs, R) pair can represent exactly are within one rounding of |lo| + |up|', () => {
    // MPS keeps one bound literally and computes the other as rhs +/- |R|; when lo and up have
    // opposite signs and similar magnitudes no double R may hit the other bound exactly.
    const rnd = mulberry32(7);
    const b = new ModelBuilder();
    const x = b.addColumn({ name: 'x' });
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const a = (rnd() - 0.5) * Math.pow(10, Math.floor(rnd() * 40) - 20);
      const c = a + Math.abs((rnd() - 0.5) * Math.pow(10, Math.floor(rnd() * 40) - 20)) + Number.MIN_VALUE;
      b.addRow({ name: `r${i}`, lower: a, upper: c === a ? a + 1 : c }, [x], [1]);
    }
    const a = b.build();
    const back = readMps(writeMps(a));
    let exact = 0;
    for (let i = 0; i < n; i++) {
      const lo = a.rowLower[i]!;
      const up = a.rowUpper[i]!;
      if (back.rowLower[i] === lo && back.rowUpper[i] === up) { exact++; continue; }
      const err = Math.abs(back.rowLower[i]! - lo) + Math.abs(back.rowUpper[i]! - up);
      expect(err).toBeLessThanOrEqual(Number.EPSILON * (Math.abs(lo) + Math.abs(up)));
    }
    expect(exact / n).toBeGreaterThan(0.98);
  });

  it('handles the empty model (0 rows, 0 columns) and a model with columns but no rows', () => {
    const e = new ModelBuilder('empty').build();
    expectSameModel(e, readMps(writeMps(e)));
    expectSameModel(e, readMps(writeMps(e, { format: 'fixed' }), { format: 'fixed' }));
    const b = new ModelBuilder('cols');
    b.addColumn({ name: 'a', cost: 0 });
    b.addColumn({ name: 'b', cost: 2, lower: -Infinity, integer: true });
    const m = b.build();
    expectSameModel(m, readMps(writeMps(m)));
  });

  it('rejects an unknown format option', () => {
    expect(() => writeMps(featureModel(), { format: 'weird' as never })).toThrow(MipnetError);
  });
});
