import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { formatNumber } from './number-token.js';

export interface WriteLpOptions {
  /**
   * How rows with two finite, different bounds are written:
   * - 'split' (default): two rows `<name>_lo: expr >= lo` and `<name>_up: expr <= up`, as HiGHS's
   *   own writer does; readable by HiGHS and by readLp, but the model read back has one more row
   *   per ranged row.
   * - 'native': one row `name: lo <= expr <= up` (CPLEX ranged syntax); readLp reads it back
   *   exactly, HiGHS 1.15's LP reader does not accept it (use MPS to give HiGHS ranged rows).
   */
  rangedRows?: 'split' | 'native';
}

const OP = 'write LP';
const TERMS_PER_LINE = 8;

/** Names that must not be used as LP identifiers (keywords of the format, infinity, free). */
const RESERVED = new Set([
  'minimize', 'minimise', 'minimum', 'min', 'maximize', 'maximise', 'maximum', 'max',
  'subject', 'such', 'st', 's.t.', 'st.', 'bounds', 'bound', 'general', 'generals', 'gen', 'integer',
  'integers', 'binary', 'binaries', 'bin', 'semi', 'semis', 'semi-continuous', 'sos', 'sos1', 'sos2',
  'end', 'free', 'inf', 'infinity', 'to', 'that',
]);

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function isSafeName(name: string): boolean {
  return SAFE_NAME.test(name) && !RESERVED.has(name.toLowerCase()) && !/^[eE][0-9]*$/.test(name);
}

/**
 * LP names for a list of model names. Names that are valid LP identifiers (letters, digits, '_'
 * and '.', not starting with a digit or '.', not a keyword such as `st`/`end`/`free`/`inf`, not
 * `e`/`E` followed only by digits) are kept. Any other name is sanitised deterministically: every
 * other character becomes '_', a leading digit or '.', an empty result, or a keyword gets a '_'
 * prefix, and if the result is taken a suffix `_1`, `_2`, ... makes it unique. Original valid names
 * always keep their spelling.
 */
export function lpNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  for (const nm of names) if (isSafeName(nm)) used.add(nm);
  const out = new Array<string>(names.length);
  for (let k = 0; k < names.length; k++) {
    const nm = names[k]!;
    if (isSafeName(nm)) { out[k] = nm; continue; }
    let s = nm.replace(/[^A-Za-z0-9_.]/g, '_');
    if (s.length === 0 || !/^[A-Za-z_]/.test(s) || !isSafeName(s)) s = `_${s}`;
    let cand = s;
    for (let i = 1; used.has(cand); i++) cand = `${s}_${i}`;
    used.add(cand);
    out[k] = cand;
  }
  return out;
}

/**
 * Writes a model in CPLEX LP format, readable by HiGHS (`highs.solve(text)`, `createModel({format:
 * 'lp'})`) and by readLp.
 *
 * - The objective lists every column in model order (zero costs included), so any reader creates
 *   the columns in the model's order; the objective constant is the last term.
 * - Every column gets an explicit bound line (`x free`, `-inf <= x <= u`, `x >= l`, `x = v`,
 *   `l <= x <= u`); integer columns are listed under Generals (binaries too, with their bounds).
 * - Numbers use `String(x)` (full round-trip precision).
 * - Names that are not valid LP identifiers are sanitised deterministically (see lpNames); the
 *   model read back then has the sanitised names, everything else is identical.
 * - Ranged rows: see WriteLpOptions.rangedRows. A free row is written as `expr >= -inf`.
 */
export function writeLp(model: Model, options: WriteLpOptions = {}): string {
  const ranged = options.rangedRows ?? 'split';
  if (ranged !== 'split' && ranged !== 'native') {
    throw new OptionError(OP, `unknown rangedRows "${String(ranged)}" (expected 'split' or 'native')`);
  }
  const n = model.numCols;
  const m = model.numRows;
  const cols = lpNames(model.colNames);
  // Row names: for split ranged rows reserve the _lo/_up variants.
  const rowBase = lpNames(model.rowNames);
  const out: string[] = [];
  const title = model.name.replace(/[\r\n]+/g, ' ');
  out.push(`\\Problem name: ${title}`);
  out.push(model.sense === 'maximize' ? 'Maximize' : 'Minimize');

  const term = (v: number, name: string): string => (v < 0 ? `- ${formatNumber(-v)} ${name}` : `+ ${formatNumber(v)} ${name}`);
  const constant = (v: number): string => (v < 0 ? `- ${formatNumber(-v)}` : `+ ${formatNumber(v)}`);
  const bound = (v: number): string => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : formatNumber(v));

  // Objective, every column in order.
  {
    let line = ' obj:';
    let count = 0;
    for (let j = 0; j < n; j++) {
      line += ` ${term(model.colCost[j]!, cols[j]!)}`;
      if (++count === TERMS_PER_LINE && j + 1 < n) { out.push(line); line = '  '; count = 0; }
    }
    if (model.objectiveOffset !== 0) line += ` ${constant(model.objectiveOffset)}`;
    out.push(line);
  }

  out.push('Subject To');
  const rm = model.rowMatrix();
  const usedRowNames = new Set(rowBase);
  const uniqueRowName = (base: string): string => {
    let cand = base;
    for (let k = 1; usedRowNames.has(cand); k++) cand = `${base}_${k}`;
    usedRowNames.add(cand);
    return cand;
  };
  const expr = (i: number): string[] => {
    const parts: string[] = [];
    let line = '';
    let count = 0;
    for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) {
      line += ` ${term(rm.value[k]!, cols[rm.colIndex[k]!]!)}`;
      if (++count === TERMS_PER_LINE && k + 1 < rm.rowStart[i + 1]!) { parts.push(line); line = '  '; count = 0; }
    }
    parts.push(line);
    return parts;
  };
  const emitRow = (name: string, body: string[], tail: string, head = ''): void => {
    const lines = body.slice();
    lines[0] = ` ${name}:${head}${lines[0]}`;
    lines[lines.length - 1] += ` ${tail}`;
    out.push(...lines);
  };
  for (let i = 0; i < m; i++) {
    const lo = model.rowLower[i]!;
    const up = model.rowUpper[i]!;
    const body = expr(i);
    const name = rowBase[i]!;
    if (lo === up) emitRow(name, body, `= ${bound(lo)}`);
    else if (lo === -Infinity && up === Infinity) emitRow(name, body, '>= -inf');
    else if (lo === -Infinity) emitRow(name, body, `<= ${bound(up)}`);
    else if (up === Infinity) emitRow(name, body, `>= ${bound(lo)}`);
    else if (ranged === 'native') emitRow(name, body, `<= ${bound(up)}`, ` ${bound(lo)} <=`);
    else {
      emitRow(uniqueRowName(`${name}_lo`), body, `>= ${bound(lo)}`);
      emitRow(uniqueRowName(`${name}_up`), body, `<= ${bound(up)}`);
    }
  }

  out.push('Bounds');
  for (let j = 0; j < n; j++) {
    const lo = model.colLower[j]!;
    const up = model.colUpper[j]!;
    const c = cols[j]!;
    if (lo === -Infinity && up === Infinity) out.push(` ${c} free`);
    else if (lo === up) out.push(` ${c} = ${bound(lo)}`);
    else if (up === Infinity) out.push(` ${c} >= ${bound(lo)}`);
    else out.push(` ${bound(lo)} <= ${c} <= ${bound(up)}`);
  }

  let gen: string[] = [];
  let genHeader = false;
  for (let j = 0; j < n; j++) {
    if (!model.integrality[j]) continue;
    if (!genHeader) { out.push('Generals'); genHeader = true; }
    gen.push(cols[j]!);
    if (gen.length === TERMS_PER_LINE) { out.push(` ${gen.join(' ')}`); gen = []; }
  }
  if (gen.length > 0) out.push(` ${gen.join(' ')}`);
  out.push('End', '');
  return out.join('\n');
}
