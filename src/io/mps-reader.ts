import { ModelError, OptionError, ParseError } from '../errors.js';
import type { Model } from '../model/model.js';
import { ModelBuilder } from '../model/model-builder.js';
import { parseNumberToken } from './number-token.js';

export type MpsFormat = 'free' | 'fixed';

export interface ReadMpsOptions {
  /** Name of the file (or other origin) used in error messages. */
  source?: string;
  /**
   * 'free' (default rule under 'auto'), 'fixed', or 'auto'.
   *
   * 'auto' rule: the file is read as FIXED format if and only if some data line of ROWS, COLUMNS,
   * RHS, RANGES or BOUNDS (a) is not a valid free-format line for its section (wrong number of
   * fields or a non-number where a number belongs), (b) has blanks in the fixed-format separator
   * columns 1, 4, 13-14 and 23-24 and non-blanks where its name fields start (column 5 in ROWS,
   * 5 and 15 in COLUMNS, 15 in RHS/RANGES/BOUNDS), and (c) has a name field (columns 5-12, 15-22 or 40-47) with a
   * blank inside it, i.e. a name containing a space. Everything else is read as free format. The
   * decision is made by one pass over the lines before parsing, never by trying one parse and
   * falling back to the other.
   */
  format?: MpsFormat | 'auto';
}

const OP = 'read MPS';

const ROW_N = 0;
const ROW_E = 1;
const ROW_L = 2;
const ROW_G = 3;

type Section = 'none' | 'name' | 'objsense' | 'objname' | 'rows' | 'columns' | 'rhs' | 'ranges' | 'bounds' | 'end';

const UNSUPPORTED_SECTIONS = new Set(['QUADOBJ', 'QMATRIX', 'QSECTION', 'QCMATRIX', 'CSECTION', 'SOS', 'SETS', 'INDICATORS', 'GENERAL', 'USERCUTS', 'LAZYCONS', 'DELAYEDROWS', 'MODELCUTS', 'PWLOBJ', 'PWLNAM', 'PWLCON']);

/** Growable triplet store for matrix entries (column-wise as read). */
class TripletBuffer {
  row = new Int32Array(1024);
  col = new Int32Array(1024);
  val = new Float64Array(1024);
  size = 0;
  push(r: number, c: number, v: number): void {
    if (this.size === this.row.length) {
      const cap = this.size * 2;
      const row = new Int32Array(cap); row.set(this.row); this.row = row;
      const col = new Int32Array(cap); col.set(this.col); this.col = col;
      const val = new Float64Array(cap); val.set(this.val); this.val = val;
    }
    this.row[this.size] = r;
    this.col[this.size] = c;
    this.val[this.size] = v;
    this.size++;
  }
}

function tokenize(line: string): string[] {
  const t = line.trim();
  return t.length === 0 ? [] : t.split(/\s+/);
}

/**
 * Reads a model in MPS format (free or fixed).
 *
 * Supported: NAME, OBJSENSE (MIN/MAX/MINIMIZE/MAXIMIZE on the same line or the next), OBJNAME,
 * ROWS (N E L G; the first N row, or the one named by OBJNAME, is the objective, further N rows are
 * ignored together with their entries), COLUMNS with 'MARKER' 'INTORG'/'INTEND', RHS (a value on the
 * objective row is minus the objective constant, the CPLEX/HiGHS convention), RANGES (E rows: R>0
 * gives [rhs, rhs+R], R<0 gives [rhs+R, rhs]; L rows [rhs-|R|, rhs]; G rows [rhs, rhs+|R|]), BOUNDS
 * (UP LO FX FR MI PL BV LI UI; UP/UI < 0 on a column whose lower bound was never set makes the lower
 * bound -Infinity, as CPLEX and HiGHS do), ENDATA. RHS/RANGES/BOUNDS set names are ignored (every
 * set is applied, the last value wins). Numbers are read literally: 1e30 stays 1e30; write `inf` /
 * `-inf` (any case) for infinite bound values. Integer columns (inside INTORG/INTEND markers) with
 * no bounds get [0, +Infinity] (not binary, as some old readers assume).
 *
 * Runs in time linear in the file size. Throws ParseError (with the 1-based line and the source
 * name) for anything malformed.
 */
export function readMps(text: string, options: ReadMpsOptions = {}): Model {
  const source = options.source;
  const lines = text.split(/\r?\n/);
  const format = options.format ?? 'auto';
  if (format !== 'auto' && format !== 'free' && format !== 'fixed') {
    throw new OptionError(OP, `unknown format "${String(format)}" (expected 'free', 'fixed' or 'auto')`);
  }
  const fixed = format === 'fixed' || (format === 'auto' && detectFixedFormat(lines));
  const fail = (lineNo: number | undefined, message: string): never => {
    throw new ParseError(OP, message, lineNo, source);
  };

  let modelName = '';
  let sense: 'minimize' | 'maximize' = 'minimize';
  let objName: string | undefined;
  let requestedObjName: string | undefined;
  let objConstant = 0;
  const ignoredN = new Set<string>();

  const rowIndex = new Map<string, number>();
  const rowNames: string[] = [];
  const rowType: number[] = [];
  const rhs: number[] = [];
  const range: number[] = [];

  const colIndex = new Map<string, number>();
  const colNames: string[] = [];
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integer: number[] = [];
  const lowerSet: number[] = [];
  const boundLine: number[] = [];
  const entries = new TripletBuffer();

  let section: Section = 'none';
  let inInteger = false;
  let sawEndata = false;
  let lastCol = -1;
  let lastColName = '';

  const num = (tok: string, lineNo: number, what: string): number => {
    const v = parseNumberToken(tok);
    if (v === undefined) fail(lineNo, `malformed number "${tok}" for ${what}`);
    return v!;
  };
  const coefficient = (tok: string, lineNo: number, what: string): number => {
    const v = num(tok, lineNo, what);
    if (Number.isNaN(v)) fail(lineNo, `${what} is NaN`);
    if (!Number.isFinite(v)) fail(lineNo, `${what} is infinite (${tok})`);
    return v;
  };

  const addEntry = (j: number, colName: string, rName: string, tok: string, lineNo: number): void => {
    const what = `coefficient of column "${colName}" in row "${rName}"`;
    if (rName === objName) {
      cost[j]! += coefficient(tok, lineNo, what);
      return;
    }
    const i = rowIndex.get(rName);
    if (i === undefined) {
      if (ignoredN.has(rName)) { coefficient(tok, lineNo, what); return; }
      fail(lineNo, `unknown row "${rName}" in COLUMNS`);
    }
    entries.push(i!, j, coefficient(tok, lineNo, what));
  };

  const setRhs = (rName: string, tok: string, lineNo: number, isRange: boolean): void => {
    const sec = isRange ? 'RANGES' : 'RHS';
    const what = `${sec} value of row "${rName}"`;
    if (rName === objName) {
      if (isRange) fail(lineNo, `RANGES cannot apply to the objective row "${rName}"`);
      objConstant = -coefficient(tok, lineNo, what);
      return;
    }
    const i = rowIndex.get(rName);
    if (i === undefined) {
      if (ignoredN.has(rName)) { num(tok, lineNo, what); return; }
      fail(lineNo, `unknown row "${rName}" in ${sec}`);
    }
    const v = num(tok, lineNo, what);
    if (Number.isNaN(v)) fail(lineNo, `${what} is NaN`);
    if (isRange) {
      if (!Number.isFinite(v)) fail(lineNo, `${what} is infinite`);
      range[i!] = v;
    } else {
      rhs[i!] = v;
    }
  };

  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const lineNo = li + 1;
    if (line.length === 0 || line.charCodeAt(0) === 42 /* * */) continue;
    const c0 = line.charCodeAt(0);
    const isHeader = c0 !== 32 && c0 !== 9;
    if (isHeader) {
      const toks = tokenize(line);
      if (toks.length === 0) continue;
      const key = toks[0]!.toUpperCase();
      switch (key) {
        case 'NAME':
          section = 'name';
          modelName = line.slice(line.toUpperCase().indexOf('NAME') + 4).trim();
          break;
        case 'OBJSENSE':
        case 'OBJSENCE':
          section = 'objsense';
          if (toks.length > 1) { sense = parseSense(toks[1]!, lineNo, fail); section = 'none'; }
          break;
        case 'OBJNAME':
          section = 'objname';
          if (toks.length > 1) { requestedObjName = toks[1]; section = 'none'; }
          break;
        case 'ROWS': section = 'rows'; break;
        case 'COLUMNS': section = 'columns'; break;
        case 'RHS': section = 'rhs'; break;
        case 'RANGES': section = 'ranges'; break;
        case 'BOUNDS': section = 'bounds'; break;
        case 'ENDATA': section = 'end'; sawEndata = true; break;
        default:
          if (UNSUPPORTED_SECTIONS.has(key)) fail(lineNo, `section ${key} is not supported (linear MILPs only)`);
          fail(lineNo, `unknown section "${toks[0]}"`);
      }
      if (sawEndata) break;
      continue;
    }

    // Data line.
    switch (section) {
      case 'none':
      case 'name':
      case 'end':
        if (line.trim().length === 0) continue;
        fail(lineNo, `data line outside of any section: "${line.trim()}"`);
        break;
      case 'objsense': {
        const toks = tokenize(line);
        if (toks.length === 0) continue;
        if (toks.length !== 1) fail(lineNo, `OBJSENSE needs 1 field (MIN or MAX), found ${toks.length}`);
        sense = parseSense(toks[0]!, lineNo, fail);
        section = 'none';
        break;
      }
      case 'objname': {
        const toks = tokenize(line);
        if (toks.length === 0) continue;
        if (toks.length !== 1) fail(lineNo, `OBJNAME needs 1 field, found ${toks.length}`);
        requestedObjName = toks[0];
        section = 'none';
        break;
      }
      case 'rows': {
        let type: string;
        let name: string;
        if (fixed) {
          if (line.trim().length === 0) continue;
          type = line.slice(1, 3).trim();
          name = line.slice(4, 12).trim();
          if (line.length > 12 && line.slice(12).trim().length > 0) fail(lineNo, `ROWS line has text after column 12: "${line.slice(12).trim()}"`);
          if (type.length === 0 || name.length === 0) fail(lineNo, 'ROWS line needs 2 fields (type and name)');
        } else {
          const toks = tokenize(line);
          if (toks.length === 0) continue;
          if (toks.length !== 2) fail(lineNo, `ROWS line needs 2 fields (type and name), found ${toks.length}`);
          type = toks[0]!;
          name = toks[1]!;
        }
        const t = type.toUpperCase();
        let code: number;
        if (t === 'N') code = ROW_N;
        else if (t === 'E') code = ROW_E;
        else if (t === 'L') code = ROW_L;
        else if (t === 'G') code = ROW_G;
        else { fail(lineNo, `unknown row type "${type}" (expected N, E, L or G)`); code = -1; }
        if (rowIndex.has(name) || name === objName || ignoredN.has(name)) fail(lineNo, `duplicate row name "${name}"`);
        if (code === ROW_N) {
          if (objName === undefined && (requestedObjName === undefined || requestedObjName === name)) objName = name;
          else ignoredN.add(name);
          break;
        }
        rowIndex.set(name, rowNames.length);
        rowNames.push(name);
        rowType.push(code);
        rhs.push(0);
        range.push(NaN);
        break;
      }
      case 'columns': {
        const toks = tokenize(line);
        if (toks.length === 0) continue;
        if (toks.length >= 3 && toks.includes("'MARKER'")) {
          if (toks.includes("'INTORG'")) inInteger = true;
          else if (toks.includes("'INTEND'")) inInteger = false;
          else fail(lineNo, `MARKER line needs 'INTORG' or 'INTEND'`);
          continue;
        }
        let colName: string;
        const pairs: string[] = [];
        if (fixed) {
          colName = line.slice(4, 12).trim();
          readFixedPairs(line, lineNo, pairs, fail, 'COLUMNS');
        } else {
          if (toks.length !== 3 && toks.length !== 5) fail(lineNo, `COLUMNS line needs 3 or 5 fields, found ${toks.length}`);
          colName = toks[0]!;
          for (let k = 1; k < toks.length; k++) pairs.push(toks[k]!);
        }
        if (colName.length === 0) fail(lineNo, 'COLUMNS line has an empty column name');
        let j: number;
        if (colName === lastColName && lastCol >= 0) {
          j = lastCol;
        } else {
          const known = colIndex.get(colName);
          if (known === undefined) {
            j = colNames.length;
            colIndex.set(colName, j);
            colNames.push(colName);
            cost.push(0);
            lower.push(0);
            upper.push(Infinity);
            integer.push(inInteger ? 1 : 0);
            lowerSet.push(0);
            boundLine.push(0);
          } else {
            j = known;
          }
          lastCol = j;
          lastColName = colName;
        }
        for (let k = 0; k < pairs.length; k += 2) addEntry(j, colName, pairs[k]!, pairs[k + 1]!, lineNo);
        break;
      }
      case 'rhs':
      case 'ranges': {
        const isRange = section === 'ranges';
        const sec = isRange ? 'RANGES' : 'RHS';
        const pairs: string[] = [];
        if (fixed) {
          if (line.trim().length === 0) continue;
          readFixedPairs(line, lineNo, pairs, fail, sec);
        } else {
          const toks = tokenize(line);
          if (toks.length === 0) continue;
          if (toks.length < 2 || toks.length > 5) fail(lineNo, `${sec} line needs 2 to 5 fields, found ${toks.length}`);
          const start = toks.length % 2; // odd count: leading set name
          for (let k = start; k < toks.length; k++) pairs.push(toks[k]!);
        }
        for (let k = 0; k < pairs.length; k += 2) setRhs(pairs[k]!, pairs[k + 1]!, lineNo, isRange);
        break;
      }
      case 'bounds': {
        let type: string;
        let colName: string;
        let valueTok: string | undefined;
        if (fixed) {
          if (line.trim().length === 0) continue;
          type = line.slice(1, 3).trim();
          colName = line.slice(14, 22).trim();
          const rest = line.slice(24).trim();
          valueTok = rest.length > 0 ? rest : undefined;
          if (valueTok !== undefined && /\s/.test(valueTok)) fail(lineNo, `BOUNDS line has extra fields after the value: "${valueTok}"`);
        } else {
          const toks = tokenize(line);
          if (toks.length === 0) continue;
          type = toks[0]!;
          const t = type.toUpperCase();
          const noValue = t === 'FR' || t === 'MI' || t === 'PL';
          if (noValue) {
            if (toks.length !== 2 && toks.length !== 3) fail(lineNo, `BOUNDS ${t} line needs 2 or 3 fields, found ${toks.length}`);
            colName = toks[toks.length - 1]!;
          } else if (t === 'BV') {
            if (toks.length < 2 || toks.length > 4) fail(lineNo, `BOUNDS BV line needs 2 to 4 fields, found ${toks.length}`);
            if (toks.length === 4 || (toks.length === 3 && parseNumberToken(toks[2]!) !== undefined)) {
              colName = toks[toks.length - 2]!;
              valueTok = toks[toks.length - 1];
            } else {
              colName = toks[toks.length - 1]!;
            }
          } else {
            if (toks.length !== 3 && toks.length !== 4) fail(lineNo, `BOUNDS ${t} line needs 3 or 4 fields, found ${toks.length}`);
            if (toks.length === 3 && parseNumberToken(toks[2]!) === undefined) {
              fail(lineNo, `BOUNDS ${t} line needs a number as its last field, found "${toks[2]}"`);
            }
            colName = toks[toks.length - 2]!;
            valueTok = toks[toks.length - 1];
          }
        }
        applyBound(type, colName!, valueTok, lineNo);
        break;
      }
    }
  }
  if (!sawEndata) fail(lines.length, 'missing ENDATA (truncated file?)');
  if (requestedObjName !== undefined && objName !== requestedObjName) {
    fail(undefined, `OBJNAME "${requestedObjName}" is not an N row`);
  }

  function applyBound(type: string, colName: string, valueTok: string | undefined, lineNo: number): void {
    const t = type.toUpperCase();
    const j = colIndex.get(colName);
    if (j === undefined) fail(lineNo, `unknown column "${colName}" in BOUNDS`);
    const col = j!;
    const needsValue = t === 'UP' || t === 'LO' || t === 'FX' || t === 'LI' || t === 'UI';
    let v = 0;
    if (needsValue) {
      if (valueTok === undefined) fail(lineNo, `BOUNDS ${t} line for column "${colName}" has no value`);
      v = num(valueTok!, lineNo, `${t} bound of column "${colName}"`);
      if (Number.isNaN(v)) fail(lineNo, `${t} bound of column "${colName}" is NaN`);
    } else if (valueTok !== undefined && t === 'BV') {
      num(valueTok, lineNo, `BV bound of column "${colName}"`);
    }
    boundLine[col] = lineNo;
    switch (t) {
      case 'UP':
      case 'UI':
        upper[col] = v;
        if (v < 0 && !lowerSet[col] && lower[col] === 0) lower[col] = -Infinity;
        if (t === 'UI') integer[col] = 1;
        break;
      case 'LO':
      case 'LI':
        lower[col] = v;
        lowerSet[col] = 1;
        if (t === 'LI') integer[col] = 1;
        break;
      case 'FX':
        lower[col] = v;
        upper[col] = v;
        lowerSet[col] = 1;
        break;
      case 'FR':
        lower[col] = -Infinity;
        upper[col] = Infinity;
        lowerSet[col] = 1;
        break;
      case 'MI':
        lower[col] = -Infinity;
        lowerSet[col] = 1;
        break;
      case 'PL':
        upper[col] = Infinity;
        break;
      case 'BV':
        lower[col] = 0;
        upper[col] = 1;
        lowerSet[col] = 1;
        integer[col] = 1;
        break;
      case 'SC':
        fail(lineNo, `bound type SC (semi-continuous) is not supported`);
        break;
      default:
        fail(lineNo, `unknown bound type "${type}" (expected UP, LO, FX, FR, MI, PL, BV, LI or UI)`);
    }
  }

  // Column checks with the line of the last bound statement.
  const n = colNames.length;
  for (let j = 0; j < n; j++) {
    const lo = lower[j]!;
    const up = upper[j]!;
    const where = boundLine[j]! > 0 ? boundLine[j] : undefined;
    if (lo === Infinity || up === -Infinity) fail(where, `column "${colNames[j]}" has bounds [${lo}, ${up}]`);
    if (lo > up) fail(where, `column "${colNames[j]}" has lower bound ${lo} > upper bound ${up} after BOUNDS`);
    if (integer[j]) {
      if (Number.isFinite(lo) && Math.abs(lo - Math.round(lo)) > 1e-9) fail(where, `integer column "${colNames[j]}" has fractional lower bound ${lo}`);
      if (Number.isFinite(up) && Math.abs(up - Math.round(up)) > 1e-9) fail(where, `integer column "${colNames[j]}" has fractional upper bound ${up}`);
    }
  }

  const b = new ModelBuilder(modelName.length > 0 ? modelName : 'model');
  b.sense = sense;
  b.objectiveOffset = objConstant;
  for (let j = 0; j < n; j++) {
    b.addColumn({ name: colNames[j]!, lower: lower[j]!, upper: upper[j]!, cost: cost[j]!, integer: integer[j] === 1 });
  }
  // Bucket the (column-ordered) entries by row: counting sort, linear time.
  const m = rowNames.length;
  const start = new Int32Array(m + 1);
  for (let k = 0; k < entries.size; k++) start[entries.row[k]! + 1]!++;
  for (let i = 0; i < m; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, m);
  const idx = new Int32Array(entries.size);
  const val = new Float64Array(entries.size);
  for (let k = 0; k < entries.size; k++) {
    const p = fill[entries.row[k]!]!++;
    idx[p] = entries.col[k]!;
    val[p] = entries.val[k]!;
  }
  for (let i = 0; i < m; i++) {
    const [lo, up] = rowBounds(rowType[i]!, rhs[i]!, range[i]!);
    b.addRow({ name: rowNames[i]!, lower: lo, upper: up }, idx.subarray(start[i]!, start[i + 1]!), val.subarray(start[i]!, start[i + 1]!));
  }
  try {
    return b.build();
  } catch (e) {
    if (e instanceof ModelError) throw new ParseError(OP, e.message, undefined, source);
    throw e;
  }
}

/** Row bounds from the row type, its RHS and its RANGES value (NaN = none). */
function rowBounds(type: number, rhs: number, r: number): [number, number] {
  const hasRange = !Number.isNaN(r);
  switch (type) {
    case ROW_E:
      if (!hasRange || r === 0) return [rhs, rhs];
      return r > 0 ? [rhs, rhs + r] : [rhs + r, rhs];
    case ROW_L:
      return hasRange ? [rhs - Math.abs(r), rhs] : [-Infinity, rhs];
    default: // ROW_G
      return hasRange ? [rhs, rhs + Math.abs(r)] : [rhs, Infinity];
  }
}

function parseSense(tok: string, lineNo: number, fail: (l: number | undefined, m: string) => never): 'minimize' | 'maximize' {
  const s = tok.toUpperCase();
  if (s === 'MIN' || s === 'MINIMIZE' || s === 'MINIMISE') return 'minimize';
  if (s === 'MAX' || s === 'MAXIMIZE' || s === 'MAXIMISE') return 'maximize';
  return fail(lineNo, `unknown OBJSENSE "${tok}" (expected MIN, MAX, MINIMIZE or MAXIMIZE)`);
}

/**
 * Fixed-format (name, number) pairs of a COLUMNS/RHS/RANGES line: names in columns 15-22 and
 * 40-47, numbers starting at columns 25 and 50. A number may run past column 36 (full-precision
 * numbers longer than 12 characters) as long as nothing else follows it on the line.
 */
function readFixedPairs(line: string, lineNo: number, out: string[], fail: (l: number | undefined, m: string) => never, sec: string): void {
  const name1 = line.slice(14, 22).trim();
  const [num1, end1] = fixedNumber(line, 24);
  if (name1.length === 0 || num1.length === 0) fail(lineNo, `${sec} line needs a row name in columns 15-22 and a number from column 25`);
  out.push(name1, num1);
  const rest = line.slice(end1);
  if (rest.trim().length === 0) return;
  if (end1 > 39) fail(lineNo, `${sec} line has unexpected text after the first number: "${rest.trim()}"`);
  const name2 = line.slice(39, 47).trim();
  const [num2, end2] = fixedNumber(line, 49);
  if (name2.length === 0 || num2.length === 0) fail(lineNo, `${sec} line needs a second row name in columns 40-47 and a number from column 50`);
  if (line.slice(end2).trim().length > 0) fail(lineNo, `${sec} line has unexpected text after the second number`);
  out.push(name2, num2);
}

function fixedNumber(line: string, from: number): [string, number] {
  let i = from;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  const s = i;
  while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
  return [line.slice(s, i), i];
}

/** The 'auto' rule of ReadMpsOptions.format. */
function detectFixedFormat(lines: string[]): boolean {
  let section = '';
  for (const line of lines) {
    if (line.length === 0 || line.charCodeAt(0) === 42) continue;
    const c0 = line.charCodeAt(0);
    if (c0 !== 32 && c0 !== 9) {
      section = line.trim().split(/\s+/)[0]!.toUpperCase();
      continue;
    }
    if (section !== 'ROWS' && section !== 'COLUMNS' && section !== 'RHS' && section !== 'RANGES' && section !== 'BOUNDS') continue;
    // (b) separator columns blank, and the name fields start where fixed format puts them
    if (!blankAt(line, 3) || !blankAt(line, 12) || !blankAt(line, 13) || !blankAt(line, 22) || !blankAt(line, 23)) continue;
    if (section === 'ROWS' ? blankAt(line, 4) : blankAt(line, 14) || (section === 'COLUMNS' && blankAt(line, 4))) continue;
    // (c) a fixed name field with a blank inside
    const spaced = section === 'ROWS'
      ? hasInnerBlank(line, 4, 12)
      : hasInnerBlank(line, 4, 12) || hasInnerBlank(line, 14, 22) || hasInnerBlank(line, 39, 47);
    if (!spaced) continue;
    // (a) not a valid free-format line
    if (!validFreeLine(section, tokenize(line))) return true;
  }
  return false;
}

/** True when line[from, to) holds a blank between two non-blanks. */
function hasInnerBlank(line: string, from: number, to: number): boolean {
  const end = Math.min(to, line.length);
  let seenText = false;
  let blankAfterText = false;
  for (let i = from; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (seenText) blankAfterText = true;
    } else {
      if (blankAfterText) return true;
      seenText = true;
    }
  }
  return false;
}

function blankAt(line: string, i: number): boolean {
  return i >= line.length || line.charCodeAt(i) === 32;
}

function validFreeLine(section: string, toks: string[]): boolean {
  const isNum = (t: string | undefined): boolean => t !== undefined && parseNumberToken(t) !== undefined;
  const n = toks.length;
  switch (section) {
    case 'ROWS':
      return n === 2;
    case 'COLUMNS':
      if (toks.includes("'MARKER'")) return true;
      return (n === 3 && isNum(toks[2])) || (n === 5 && isNum(toks[2]) && isNum(toks[4]));
    case 'RHS':
    case 'RANGES': {
      if (n < 2 || n > 5) return false;
      const s = n % 2;
      for (let k = s + 1; k < n; k += 2) if (!isNum(toks[k])) return false;
      return true;
    }
    default: {
      const t = (toks[0] ?? '').toUpperCase();
      if (t === 'FR' || t === 'MI' || t === 'PL' || t === 'BV') return n >= 2 && n <= 4;
      return (n === 3 || n === 4) && isNum(toks[n - 1]);
    }
  }
}
