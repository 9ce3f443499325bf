/**
 * Bad input must fail with a clear typed error (ParseError with the 1-based line for malformed
 * text, ModelError for an invalid model), whose message names the operation and the problem, never
 * with a TypeError or RangeError from deep inside a parser or the LP backend.
 */
import { describe, it, expect } from 'vitest';
import { MipnetError, ModelError, ParseError } from '../../src/errors.js';
import { readLp } from '../../src/io/lp-reader.js';
import { readMps } from '../../src/io/mps-reader.js';
import { ModelBuilder } from '../../src/model/model-builder.js';

interface Expectation {
  /** error classes allowed */
  types: Array<typeof ParseError | typeof ModelError>;
  /** operation prefix of the message, e.g. 'read MPS' */
  operation: string;
  /** the 1-based line the error must report (ParseError) */
  line?: number;
  /** what the message must mention */
  mentions: RegExp;
}

function expectTypedError(fn: () => unknown, e: Expectation): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an error').toBeDefined();
  expect(caught).toBeInstanceOf(MipnetError);
  const err = caught as MipnetError;
  expect(e.types.some((t) => err instanceof t), `${err.name}: ${err.message}`).toBe(true);
  expect(err.operation).toBe(e.operation);
  expect(err.message.startsWith(`${e.operation}:`), err.message).toBe(true);
  expect(err.message, err.message).toMatch(e.mentions);
  expect(err.message).not.toMatch(/undefined|NaN is not|Cannot read|TypeError/);
  if (e.line !== undefined) {
    expect(err, err.message).toBeInstanceOf(ParseError);
    expect((err as ParseError).line, err.message).toBe(e.line);
    expect(err.message).toContain(`line ${e.line}`);
  }
}

const MPS_OK = [
  'NAME          demo',
  'ROWS',
  ' N  obj',
  ' L  c1',
  'COLUMNS',
  '    x         obj       1.0   c1        2.0',
  '    y         obj       -1.0  c1        1.0',
  'RHS',
  '    rhs       c1        4.0',
  'ENDATA',
];

/** MPS_OK with line `lineNo` (1-based) replaced by `text`, or with `insert` lines added before it. */
function mpsWith(lineNo: number, text: string | null, insert: string[] = []): string {
  const lines = MPS_OK.slice();
  lines.splice(lineNo - 1, text === null ? 0 : 1, ...insert, ...(text === null ? [] : [text]));
  return lines.join('\n');
}

describe('bad MPS input', () => {
  it('reads the well-formed base file', () => {
    const m = readMps(MPS_OK.join('\n'));
    expect(m.numCols).toBe(2);
    expect(m.numRows).toBe(1);
  });

  it('unknown section: ParseError at its line', () => {
    expectTypedError(() => readMps(mpsWith(7, null, ['FOOBAR'])), { types: [ParseError], operation: 'read MPS', line: 7, mentions: /FOOBAR/ });
  });

  it('malformed number: ParseError at its line', () => {
    expectTypedError(() => readMps(mpsWith(6, '    x         obj       1.2.3   c1        2.0')), {
      types: [ParseError], operation: 'read MPS', line: 6, mentions: /1\.2\.3/,
    });
  });

  it('NaN coefficient: typed error at its line', () => {
    expectTypedError(() => readMps(mpsWith(7, '    y         obj       -1.0  c1        nan')), {
      types: [ParseError], operation: 'read MPS', line: 7, mentions: /nan|NaN|number/i,
    });
  });

  it('infinite coefficient: typed error at its line', () => {
    expectTypedError(() => readMps(mpsWith(6, '    x         obj       1.0   c1        1e400')), {
      types: [ParseError], operation: 'read MPS', line: 6, mentions: /infinite|overflow|1e400/i,
    });
    expectTypedError(() => readMps(mpsWith(6, '    x         obj       inf   c1        2.0')), {
      types: [ParseError], operation: 'read MPS', line: 6, mentions: /infinite|inf/i,
    });
  });

  it('unknown row in COLUMNS: ParseError at its line', () => {
    expectTypedError(() => readMps(mpsWith(7, '    y         obj       -1.0  c9        1.0')), {
      types: [ParseError], operation: 'read MPS', line: 7, mentions: /c9/,
    });
  });

  it('inconsistent bounds: typed error naming the column', () => {
    const text = mpsWith(10, null, ['BOUNDS', ' LO bnd       x         5', ' UP bnd       x         3']);
    expectTypedError(() => readMps(text), { types: [ParseError, ModelError], operation: 'read MPS', mentions: /"?x"?.*(lower|upper|bound|inconsistent)/i });
  });

  it('integer column with a fractional bound: typed error naming the column', () => {
    const lines = [
      'NAME          demo',
      'ROWS',
      ' N  obj',
      ' L  c1',
      'COLUMNS',
      '    MARKER    \'MARKER\'  \'INTORG\'',
      '    x         obj       1.0   c1        2.0',
      '    MARKER    \'MARKER\'  \'INTEND\'',
      'RHS',
      '    rhs       c1        4.0',
      'BOUNDS',
      ' UP bnd       x         2.5',
      'ENDATA',
    ];
    expectTypedError(() => readMps(lines.join('\n')), { types: [ParseError, ModelError], operation: 'read MPS', mentions: /x.*fractional|fractional.*x/i });
  });
});

describe('bad LP input', () => {
  const OK = ['Minimize', ' obj: x + 2 y', 'Subject To', ' c1: x + y >= 2', 'Bounds', ' x <= 4', 'End'];
  const lpWith = (lineNo: number, text: string): string => OK.map((l, i) => (i === lineNo - 1 ? text : l)).join('\n');

  it('reads the well-formed base file', () => {
    const m = readLp(OK.join('\n'));
    expect(m.numCols).toBe(2);
    expect(m.colUpper[m.colNames.indexOf('x')]).toBe(4);
  });

  it('missing objective section: ParseError at line 1', () => {
    expectTypedError(() => readLp('Subject To\n c1: x >= 1\nEnd'), { types: [ParseError], operation: 'read LP', line: 1, mentions: /Minimize|Maximize/ });
  });

  it('malformed constraint: ParseError at its line', () => {
    expectTypedError(() => readLp(lpWith(4, ' c1: x + y >= >= 2')), { types: [ParseError], operation: 'read LP', line: 4, mentions: /c1|expected/ });
    expectTypedError(() => readLp(lpWith(4, ' c1: x + y 2')), { types: [ParseError], operation: 'read LP', line: 4, mentions: /expected/ });
  });

  it('unexpected character: ParseError at its line', () => {
    expectTypedError(() => readLp(lpWith(2, ' obj: x + 2 y ^ 3')), { types: [ParseError], operation: 'read LP', line: 2, mentions: /\^/ });
  });

  it('infinite coefficient: ParseError at its line', () => {
    expectTypedError(() => readLp(lpWith(4, ' c1: 1e400 x + y >= 2')), { types: [ParseError], operation: 'read LP', line: 4, mentions: /1e400|infinit/i });
  });

  it('inconsistent bounds: typed error naming the variable', () => {
    expectTypedError(() => readLp(lpWith(6, ' 5 <= x <= 3')), { types: [ParseError, ModelError], operation: 'read LP', mentions: /"x".*lower bound 5 > upper bound 3|x.*bound/ });
  });

  it('integer variable with a fractional bound: typed error naming the variable', () => {
    const text = ['Minimize', ' obj: x', 'Subject To', ' c1: x >= 1', 'Bounds', ' x <= 2.5', 'General', ' x', 'End'].join('\n');
    expectTypedError(() => readLp(text), { types: [ParseError, ModelError], operation: 'read LP', mentions: /x.*fractional/ });
  });
});

describe('bad models through ModelBuilder', () => {
  it('NaN coefficient', () => {
    const b = new ModelBuilder();
    const x = b.addColumn({ name: 'x' });
    b.addRow({ name: 'r', upper: 1 }, [x], [NaN]);
    expectTypedError(() => b.build(), { types: [ModelError], operation: 'build model', mentions: /"r".*NaN.*"x"/ });
  });

  it('infinite coefficient and infinite cost', () => {
    const b = new ModelBuilder();
    const x = b.addColumn({ name: 'x' });
    b.addRow({ name: 'r', upper: 1 }, [x], [Infinity]);
    expectTypedError(() => b.build(), { types: [ModelError], operation: 'build model', mentions: /"r".*Infinity/ });
    const c = new ModelBuilder();
    c.addColumn({ name: 'y', cost: -Infinity });
    expectTypedError(() => c.build(), { types: [ModelError], operation: 'build model', mentions: /"y".*-Infinity/ });
  });

  it('inconsistent column and row bounds', () => {
    const b = new ModelBuilder();
    b.addColumn({ name: 'x', lower: 2, upper: 1 });
    expectTypedError(() => b.build(), { types: [ModelError], operation: 'build model', mentions: /"x".*inconsistent/ });
    const c = new ModelBuilder();
    const y = c.addColumn({ name: 'y' });
    c.addRow({ name: 'r', lower: 3, upper: 2 }, [y], [1]);
    expectTypedError(() => c.build(), { types: [ModelError], operation: 'build model', mentions: /"r".*inconsistent/ });
  });

  it('integer column with fractional bounds', () => {
    const b = new ModelBuilder();
    b.addColumn({ name: 'k', lower: 0.5, upper: 3, integer: true });
    expectTypedError(() => b.build(), { types: [ModelError], operation: 'build model', mentions: /"k".*fractional/ });
  });
});
