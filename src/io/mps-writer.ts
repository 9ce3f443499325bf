import { ModelError, OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { formatNumber } from './number-token.js';
import type { MpsFormat } from './mps-reader.js';

export interface WriteMpsOptions {
  /** 'free' (default) or 'fixed' (names of at most 8 characters, may contain inner spaces). */
  format?: MpsFormat;
}

const OP = 'write MPS';

/**
 * Writes a model as MPS text (free format by default).
 *
 * - Every column gets explicit bounds (FR, MI+UP, LO+PL, FX or UP+LO; UP before LO so that readers
 *   applying the "UP < 0 makes the lower bound -inf" rule still end with the right lower bound),
 *   so readers' differing defaults for integer columns never matter.
 * - OBJSENSE MAX is written when maximising; costs are written as they are.
 * - The objective constant is written as RHS on the objective row, negated (CPLEX/HiGHS convention).
 * - Ranged rows are written as G (rhs = lower) or L (rhs = upper) rows with a RANGES value chosen so
 *   that the reader's `rhs + |R|` / `rhs - |R|` reproduces the other bound bit for bit.
 * - A free row (both bounds infinite) is a G row with RHS `-inf`, so it is kept as a row (an N row
 *   would be dropped by readers).
 * - Numbers use `String(x)`: the shortest decimal that reads back to the same double.
 * - A column without any coefficient gets an explicit `0` objective entry, so it is declared.
 *
 * Throws OptionError when fixed format cannot hold a name (use free format), ModelError when a
 * name cannot be written in free format (empty or containing whitespace).
 */
export function writeMps(model: Model, options: WriteMpsOptions = {}): string {
  const fixed = (options.format ?? 'free') === 'fixed';
  if (options.format !== undefined && options.format !== 'free' && options.format !== 'fixed') {
    throw new OptionError(OP, `unknown format "${String(options.format)}" (expected 'free' or 'fixed')`);
  }
  const checkName = (name: string, what: string): void => {
    if (fixed) {
      if (name.length === 0 || name.length > 8 || name.trim() !== name || /[\t\r\n]/.test(name)) {
        throw new OptionError(
          OP,
          `${what} name "${name}" does not fit fixed MPS (1 to 8 characters, no leading/trailing blanks); use format 'free'`,
        );
      }
    } else if (name.length === 0 || /\s/.test(name)) {
      const hint = name.length > 0 && name.length <= 8 && name.trim() === name && !/[\t\r\n]/.test(name) ? "; use format 'fixed'" : '';
      throw new ModelError(OP, `${what} name "${name}" cannot be written in free MPS (empty or contains whitespace)${hint}`);
    }
  };

  const m = model.numRows;
  const n = model.numCols;
  const rowSet = new Set(model.rowNames);
  let objName = 'OBJ';
  for (let k = 1; rowSet.has(objName); k++) objName = `OBJ${k}`;

  const out: string[] = [];
  // Field layout: free format uses the same padded layout (any whitespace separates fields).
  const f1 = (type: string, a: string): string => ` ${type.padEnd(2)} ${a}`;
  const f2 = (type: string, a: string, b: string, num?: string): string => {
    let s = ` ${type.padEnd(2)} ${a.padEnd(8)}  ${b}`;
    if (num !== undefined) s = ` ${type.padEnd(2)} ${a.padEnd(8)}  ${b.padEnd(8)}  ${num}`;
    return s;
  };

  const title = model.name.replace(/[\r\n]+/g, ' ');
  out.push(title.length > 0 ? `NAME          ${title}` : 'NAME');
  if (model.sense === 'maximize') out.push('OBJSENSE', '    MAX');
  out.push('ROWS', f1('N', objName));

  const rowType: string[] = new Array<string>(m);
  const rhs = new Float64Array(m);
  const rng = new Float64Array(m).fill(NaN);
  for (let i = 0; i < m; i++) {
    const name = model.rowNames[i]!;
    checkName(name, 'row');
    const lo = model.rowLower[i]!;
    const up = model.rowUpper[i]!;
    if (lo === up) {
      rowType[i] = 'E';
      rhs[i] = lo;
    } else if (lo === -Infinity && up === Infinity) {
      rowType[i] = 'G';
      rhs[i] = -Infinity;
    } else if (lo === -Infinity) {
      rowType[i] = 'L';
      rhs[i] = up;
    } else if (up === Infinity) {
      rowType[i] = 'G';
      rhs[i] = lo;
    } else {
      const r = exactRange(lo, up);
      rowType[i] = r.type;
      rhs[i] = r.rhs;
      rng[i] = r.range;
    }
    out.push(f1(rowType[i]!, name));
  }

  out.push('COLUMNS');
  let inInt = false;
  const markerLine = (kind: string): string =>
    fixed ? `    MARKER    'MARKER'                 '${kind}'` : `    MARKER    'MARKER'    '${kind}'`;
  for (let j = 0; j < n; j++) {
    const name = model.colNames[j]!;
    checkName(name, 'column');
    const isInt = model.integrality[j] === 1;
    if (isInt !== inInt) {
      out.push(markerLine(isInt ? 'INTORG' : 'INTEND'));
      inInt = isInt;
    }
    const c = model.colCost[j]!;
    const s = model.colStart[j]!;
    const e = model.colStart[j + 1]!;
    if (c !== 0 || s === e) out.push(f2('', name, objName, formatNumber(c)));
    for (let k = s; k < e; k++) {
      out.push(f2('', name, model.rowNames[model.rowIndex[k]!]!, formatNumber(model.value[k]!)));
    }
  }
  if (inInt) out.push(markerLine('INTEND'));

  out.push('RHS');
  if (model.objectiveOffset !== 0) out.push(f2('', 'RHS', objName, formatNumber(-model.objectiveOffset)));
  for (let i = 0; i < m; i++) {
    const v = rhs[i]!;
    if (v === 0) continue;
    out.push(f2('', 'RHS', model.rowNames[i]!, v === -Infinity ? '-inf' : formatNumber(v)));
  }
  let anyRange = false;
  for (let i = 0; i < m; i++) {
    if (Number.isNaN(rng[i]!)) continue;
    if (!anyRange) { out.push('RANGES'); anyRange = true; }
    out.push(f2('', 'RNG', model.rowNames[i]!, formatNumber(rng[i]!)));
  }

  out.push('BOUNDS');
  for (let j = 0; j < n; j++) {
    const name = model.colNames[j]!;
    const lo = model.colLower[j]!;
    const up = model.colUpper[j]!;
    if (lo === -Infinity && up === Infinity) {
      out.push(f2('FR', 'BND', name));
    } else if (lo === -Infinity) {
      out.push(f2('MI', 'BND', name), f2('UP', 'BND', name, formatNumber(up)));
    } else if (up === Infinity) {
      out.push(f2('LO', 'BND', name, formatNumber(lo)), f2('PL', 'BND', name));
    } else if (lo === up) {
      out.push(f2('FX', 'BND', name, formatNumber(lo)));
    } else {
      out.push(f2('UP', 'BND', name, formatNumber(up)), f2('LO', 'BND', name, formatNumber(lo)));
    }
  }
  out.push('ENDATA', '');
  return out.join('\n');
}

/**
 * Chooses (type, rhs, R > 0) for a ranged row lower < upper (both finite) such that the reader's
 * computation gives back both bounds exactly: G rows read [rhs, rhs + |R|], L rows [rhs - |R|, rhs].
 */
function exactRange(lo: number, up: number): { type: 'G' | 'L'; rhs: number; range: number } {
  const r0 = up - lo;
  // Try R = up - lo and its neighbours, in both representations.
  let r = r0;
  let rDown = r0;
  for (let step = 0; step < 64; step++) {
    for (const cand of step === 0 ? [r0] : [r, rDown]) {
      if (cand > 0 && Number.isFinite(cand)) {
        if (lo + cand === up) return { type: 'G', rhs: lo, range: cand };
        if (up - cand === lo) return { type: 'L', rhs: up, range: cand };
      }
    }
    r = nextUp(r);
    rDown = nextDown(rDown);
  }
  return { type: 'G', rhs: lo, range: r0 };
}

const scratch = new DataView(new ArrayBuffer(8));

function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  scratch.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return scratch.getFloat64(0);
}

function nextDown(x: number): number {
  return -nextUp(-x);
}
