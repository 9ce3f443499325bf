import { describe, it, expect } from 'vitest';
import { readLp } from '../../src/io/lp-reader.js';
import { ParseError } from '../../src/errors.js';

describe('readLp', () => {
  it('reads objective, constraints, bounds and integer sections in their CPLEX spellings', () => {
    const text = `\\Problem name: demo
\\* a block
   comment *\\
Maximize
 profit: 3x + 2e1y - z
   + 2.5e-3 w + 4.5 \\ constant term
Subject To
 c1: x + y <= 4
 c2: - x + 2 y >= -1.5
 3 z + w = 2
 c4: x =< 7
 c5: y => -inf
 c6: 2 <= x + z <= 9
 c7: 5 >= w
 c8: x + 1 <= 3 + y
Bounds
 x <= 5
 y >= -3
 -inf <= z <= 4
 w free
 v = 2
 -INFINITY <= u <= +Inf
 1 <= t
Generals
 v
Binary
 b
End
this text after End is ignored [
`;
    const m = readLp(text, { source: 'demo.lp' });
    expect(m.name).toBe('demo');
    expect(m.sense).toBe('maximize');
    expect(m.objectiveOffset).toBe(4.5);
    expect(m.colNames).toEqual(['x', 'y', 'z', 'w', 'v', 'u', 't', 'b']);
    expect([...m.colCost]).toEqual([3, 20, -1, 2.5e-3, 0, 0, 0, 0]);
    expect(m.rowNames).toEqual(['c1', 'c2', 'R3', 'c4', 'c5', 'c6', 'c7', 'c8']);
    expect([...m.rowLower]).toEqual([-Infinity, -1.5, 2, -Infinity, -Infinity, 2, -Infinity, -Infinity]);
    expect([...m.rowUpper]).toEqual([4, Infinity, 2, 7, Infinity, 9, 5, 2]);
    expect([...m.colLower]).toEqual([0, -3, -Infinity, -Infinity, 2, -Infinity, 1, 0]);
    expect([...m.colUpper]).toEqual([5, Infinity, 4, Infinity, 2, Infinity, Infinity, 1]);
    expect([...m.integrality]).toEqual([0, 0, 0, 0, 1, 0, 0, 1]);
    const rm = m.rowMatrix();
    const row = (i: number): [number, number][] => {
      const r: [number, number][] = [];
      for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) r.push([rm.colIndex[k]!, rm.value[k]!]);
      return r;
    };
    expect(row(1)).toEqual([[0, -1], [1, 2]]);
    expect(row(2)).toEqual([[2, 3], [3, 1]]);
    expect(row(7)).toEqual([[0, 1], [1, -1]]); // x - y <= 2
  });

  it('accepts the other section spellings and a minimisation without objective name', () => {
    for (const [min, st, gen, bin] of [
      ['Minimize', 'Subject To', 'General', 'Binaries'],
      ['minimum', 'such that', 'gen', 'bin'],
      ['MIN', 's.t.', 'Integers', 'Binary'],
      ['Minimise', 'st', 'integer', 'BIN'],
    ]) {
      const text = `${min}\n x + y\n${st}\n x + y >= 1\n${gen}\n x\n${bin}\n y\nend\n`;
      const m = readLp(text);
      expect(m.sense).toBe('minimize');
      expect([...m.integrality]).toEqual([1, 1]);
      expect([...m.colUpper]).toEqual([Infinity, 1]);
      expect(m.numRows).toBe(1);
    }
  });

  it('reads an empty left-hand side and an empty semi section, as HiGHS writes them', () => {
    const m = readLp('min\n obj: x\nst\n c3lo: >= +2\n c1: x >= 1\nbounds\nsemi\nend\n');
    expect(m.rowNames).toEqual(['c3lo', 'c1']);
    expect([...m.rowLower]).toEqual([2, 1]);
    expect(m.rowMatrix().rowStart[1]).toBe(0);
  });

  it('does not read a coefficient across lines (next unnamed constraint)', () => {
    const m = readLp('min\n x\nst\n x >= 3\n y >= 2\nend');
    expect(m.numRows).toBe(2);
    expect([...m.rowLower]).toEqual([3, 2]);
  });

  const cases: [string, string, number, RegExp][] = [
    ['missing objective section', 'st\n x >= 1\nend', 1, /expected Minimize or Maximize/],
    ['missing operator', 'min\n x\nst\n c1: x + y 3\nend', 4, /constraint "c1": expected <=, >= or = but found "3"/],
    ['sign without term', 'min\n x\nst\n c1: x + <= 3\nend', 4, /expected a number or a variable after the sign/],
    ['missing right-hand side', 'min\n x\nst\n c1: x >=\nend', 5, /expected a right-hand side after >=/],
    ['bad ranged constraint', 'min\n x\nst\n c1: 1 <= x >= 3\nend', 4, /two <= or two >= operators/],
    ['duplicate constraint name', 'min\n x\nst\n c1: x >= 1\n c1: x <= 3\nend', 5, /duplicate constraint name "c1"/],
    ['unexpected character', 'min\n x * 3\nend', 2, /unexpected character "\*"/],
    ['quadratic term', 'min\n obj: x + [ x ^ 2 ] / 2\nend', 2, /quadratic terms/],
    ['semi-continuous section', 'min\n x\nsemi-continuous\n x\nend', 3, /semi-continuous section is not supported/],
    ['SOS section', 'min\n x\nst\n x >= 1\nsos\n s1: S1:: x:1\nend', 5, /SOS section is not supported/],
    ['malformed bound', 'min\n x\nbounds\n <= x\nend', 4, /Bounds: expected a bound/],
    ['bound without number', 'min\n x\nbounds\n x <= y\nend', 4, /bound on "x": expected a number, found "y"/],
    ['lower > upper in bounds', 'min\n x\nbounds\n x >= 1\n x <= 0.5\nend', 5, /lower bound 1 > upper bound 0\.5/],
    ['fractional integer bound', 'min\n x\nbounds\n x <= 2.5\ngeneral\n x\nend', 4, /integer variable "x" has fractional upper bound 2\.5/],
    ['number overflow', 'min\n 1e999 x\nend', 2, /overflows to infinity/],
    ['text where a section belongs', 'min\n x\nst\n x >= 1\nbounds\n x <= 1\nfoo bar\nend', 7, /expected a bound|unexpected "foo"|expected <=/],
    ['second objective', 'min\n x\nmax\n x\nend', 3, /second objective/],
    ['unterminated block comment', 'min\n x \\* never\n closed\nend', 2, /unterminated/],
  ];
  for (const [what, text, line, re] of cases) {
    it(`reports ${what} with the line number and source`, () => {
      let err: unknown;
      try {
        readLp(text, { source: 'bad.lp' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ParseError);
      const pe = err as ParseError;
      expect(pe.message).toMatch(re);
      expect(pe.line).toBe(line);
      expect(pe.message).toContain(`bad.lp, line ${line}:`);
    });
  }

  it('wraps ModelBuilder errors with the source name', () => {
    expect(() => readLp('min\n x\nst\n c1: x >= inf\nend', { source: 'inf.lp' })).toThrow(/inf\.lp, line 4: constraint "c1": infinite right-hand side/);
  });

  it('parses 100k nonzeros in well under a second', () => {
    const nCols = 20000;
    const nRows = 10000;
    const lines = ['Minimize', ' obj:'];
    for (let j = 0; j < nCols; j++) lines.push(`  + ${(j % 7) + 0.5} c${j}`);
    lines.push('Subject To');
    for (let i = 0; i < nRows; i++) {
      let s = ` r${i}:`;
      for (let k = 0; k < 10; k++) s += ` + ${((i + k) % 13) - 6.25} c${(i * 10 + k * 1999) % nCols}`;
      lines.push(`${s} <= ${i}`);
    }
    lines.push('Bounds');
    for (let j = 0; j < nCols; j++) lines.push(` c${j} <= 10`);
    lines.push('End');
    const text = lines.join('\n');
    // Best of 2 runs: the suite shares 2 cores with other work.
    let ms = Infinity;
    let m = readLp(text);
    for (let rep = 0; rep < 2; rep++) {
      const t0 = performance.now();
      m = readLp(text);
      ms = Math.min(ms, performance.now() - t0);
    }
    expect(m.numNonzeros).toBe(100000);
    expect(ms).toBeLessThan(1000);
  });
});
