import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv, loadCsv } from '../../src/data/csv.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { MipnetError, OptionError, ParseError } from '../../src/errors.js';

function parseError(text: string, options = {}): ParseError {
  try {
    parseCsv(text, { source: 'mem.csv', ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('CSV loading', () => {
  it('reads the counted format n,d,class names', () => {
    const ds = parseCsv('3,2,a,b\n1,2,0\n3,4,1\n5,6,1\n');
    expect(ds.n).toBe(3);
    expect(ds.d).toBe(2);
    expect(ds.classNames).toEqual(['a', 'b']);
    expect(Array.from(ds.X)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(ds.y)).toEqual([0, 1, 1]);
  });

  it('detects the counted format with numeric class names by its counts', () => {
    const ds = parseCsv('2,3,0,1\n1,2,3,1\n4,5,6,0\n');
    expect([ds.n, ds.d]).toEqual([2, 3]);
    expect(ds.classNames).toEqual(['0', '1']);
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });

  it('reads a header CSV with the label column by name and by index', () => {
    const text = 'f1,species,f2\n1,cat,2\n3,dog,4\n5,cat,6\n';
    const byName = parseCsv(text, { label: 'species' });
    expect(byName.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(byName.y)).toEqual([0, 1, 0]);
    expect(byName.featureNames).toEqual(['f1', 'f2']);
    expect(Array.from(byName.X)).toEqual([1, 2, 3, 4, 5, 6]);
    const byIndex = parseCsv(text, { label: 1 });
    expect(Array.from(byIndex.y)).toEqual([0, 1, 0]);
    expect(() => parseCsv(text, { label: 'nope' })).toThrow(OptionError);
  });

  it('reads headerless numeric CSV with the label last', () => {
    const ds = parseCsv('0.5,1,3\n0.25,2,7\n');
    expect(ds.d).toBe(2);
    expect(ds.classNames).toEqual(['3', '7']);
    expect(Array.from(ds.y)).toEqual([0, 1]);
  });

  it('reports ragged rows, bad values, unknown labels, wrong counts and empty files with line numbers', () => {
    expect(parseError('2,2,a,b\n1,2,0\n3,4\n').line).toBe(3);
    const nonNum = parseError('2,2,a,b\n1,x,0\n3,4,1\n');
    expect(nonNum.line).toBe(2);
    expect(nonNum.message).toMatch(/non-numeric value "x"/);
    expect(parseError('2,2,a,b\n1,2,0\nNaN,4,1\n').message).toMatch(/line 3: NaN value/);
    const lab = parseError('2,2,a,b\n1,2,0\n3,4,5\n');
    expect(lab.line).toBe(3);
    expect(lab.message).toMatch(/unknown label "5"/);
    expect(parseError('3,2,a,b\n1,2,0\n3,4,1\n').message).toMatch(/declares 3 samples but the file has 2/);
    expect(parseError('').message).toMatch(/empty file/);
    expect(parseError('\n\n').message).toMatch(/empty file/);
    expect(parseError('a,b,c\n1,2,x\n4,5\n').line).toBe(3);
    expect(parseError('a,b,c\n').message).toMatch(/no data lines/);
  });

  it('detects gzip by magic bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mipnet-csv-'));
    const p = join(dir, 'small.data');
    writeFileSync(p, gzipSync(Buffer.from('2,1,no,yes\n0.5,0\n1.5,1\n')));
    const ds = loadCsv(p);
    expect(ds.n).toBe(2);
    expect(ds.classNames).toEqual(['no', 'yes']);
    expect(() => loadCsv(join(dir, 'missing.csv'))).toThrow(MipnetError);
  });

  it('resolves the bundled data sets', () => {
    const iris = loadDataset('iris');
    expect([iris.n, iris.d, iris.classNames.length]).toEqual([150, 4, 3]);
    const wine = loadDataset('wine');
    expect([wine.n, wine.d, wine.classNames.length]).toEqual([178, 13, 3]);
    const bc = loadDataset('breast-cancer');
    expect([bc.n, bc.d]).toEqual([569, 30]);
    expect(loadDataset('breast_cancer').classNames).toEqual(['malignant', 'benign']);
    const digits = loadDataset('digits');
    expect([digits.n, digits.d, digits.classNames.length]).toEqual([1797, 64, 10]);
    expect(digits.y[0]).toBe(0);
    expect(() => loadDataset('no-such-set')).toThrow(/neither a bundled data set/);
  });
});
