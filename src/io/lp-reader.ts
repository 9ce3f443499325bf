import { ModelError, ParseError } from '../errors.js';
import type { Model } from '../model/model.js';
import { ModelBuilder } from '../model/model-builder.js';

export interface ReadLpOptions {
  /** Name of the file (or other origin) used in error messages. */
  source?: string;
}

const OP = 'read LP';

const T_NUM = 0;
const T_ID = 1;
const T_OP = 2; // text: '<=', '>=', '='
const T_COLON = 3;
const T_PLUS = 4;
const T_MINUS = 5;

interface Token {
  kind: number;
  text: string;
  value: number;
  line: number;
  /** first token on its line (section keywords are only recognised there) */
  first: boolean;
}

type SectionKind = 'min' | 'max' | 'st' | 'bounds' | 'general' | 'binary' | 'semi' | 'sos' | 'end';

const KEYWORDS = new Map<string, SectionKind>([
  ['minimize', 'min'], ['minimise', 'min'], ['minimum', 'min'], ['min', 'min'],
  ['maximize', 'max'], ['maximise', 'max'], ['maximum', 'max'], ['max', 'max'],
  ['st', 'st'], ['s.t.', 'st'], ['st.', 'st'],
  ['bounds', 'bounds'], ['bound', 'bounds'],
  ['general', 'general'], ['generals', 'general'], ['gen', 'general'], ['integer', 'general'], ['integers', 'general'],
  ['binary', 'binary'], ['binaries', 'binary'], ['bin', 'binary'],
  ['semi', 'semi'], ['semis', 'semi'], ['semi-continuous', 'semi'],
  ['sos', 'sos'], ['sos1', 'sos'], ['sos2', 'sos'],
  ['end', 'end'],
]);

/** Characters allowed in CPLEX LP names besides letters and digits. */
const NAME_SPECIALS = '!"#$%&()/,.;?@_`\'{}|~';
const NAME_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) NAME_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) NAME_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) NAME_CHAR[c] = 1;
for (const ch of NAME_SPECIALS) NAME_CHAR[ch.charCodeAt(0)] = 1;

function isNameChar(c: number): boolean {
  return c >= 128 || NAME_CHAR[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Reads a model in CPLEX LP format.
 *
 * Sections (keywords case-insensitive, recognised only as the first token of a line and not when
 * followed by ':'): Minimize/Minimise/Minimum/Min or Maximize/Maximise/Maximum/Max (optional
 * `name:` and a constant term), Subject To/Such That/st/s.t., Bounds, General/Generals/Gen/
 * Integer/Integers, Binary/Binaries/Bin, End (text after End is ignored). Comments: `\` to end of
 * line and `\* ... *\` blocks; a leading `\Problem name: X` comment sets the model name.
 *
 * Constraints: `[name:] expr (<=|=<|<|>=|=>|>|=) rhs`, where terms may span lines and the first
 * term needs no sign. A constant on the left is moved to the right; variables on the right are moved
 * to the left. Also accepted: `[name:] lo <= expr <= hi` (and with >=), the ranged form of CPLEX
 * (HiGHS 1.15's own LP reader does not accept it), and an empty left side (`name: >= 2`, as HiGHS
 * writes). Unnamed rows are named R1, R2, ... (by position, made unique). Coefficient rule as in
 * CPLEX: a name cannot start with a digit or '.', so `3x` is 3 times x and `2e3x` is 2000 times x.
 *
 * Bounds: `x <= 5`, `x >= -3`, `-inf <= x <= 4`, `3 <= x`, `x = 2`, `x free`; `inf`/`infinity`
 * with an optional sign. A negative upper bound does not change the default lower bound 0.
 * Binary sets integrality and bounds [0, 1]. Variables first seen in Bounds/General/Binary are
 * added as new columns. Integer columns without bounds get [0, +Infinity].
 *
 * Semi-continuous and SOS sections are refused (ParseError, 'not supported') unless empty (HiGHS
 * writes an empty `semi` section). Quadratic terms (`[ ... ]`) are refused.
 *
 * Runs in time linear in the file size. Throws ParseError (1-based line, source) for anything
 * malformed.
 */
export function readLp(text: string, options: ReadLpOptions = {}): Model {
  const source = options.source;
  const fail = (line: number | undefined, message: string): never => {
    throw new ParseError(OP, message, line, source);
  };
  const { tokens, problemName } = lex(text, fail);
  const nTok = tokens.length;
  const endLine = tokens.length > 0 ? tokens[nTok - 1]!.line : 1;
  const EOF: Token = { kind: -1, text: 'end of file', value: 0, line: endLine, first: true };
  const tok = (p: number): Token => (p < nTok ? tokens[p]! : EOF);

  // Columns.
  const colIndex = new Map<string, number>();
  const colNames: string[] = [];
  const cost: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const integer: number[] = [];
  const boundLine: number[] = [];
  const getCol = (name: string): number => {
    let j = colIndex.get(name);
    if (j === undefined) {
      j = colNames.length;
      colIndex.set(name, j);
      colNames.push(name);
      cost.push(0);
      lower.push(0);
      upper.push(Infinity);
      integer.push(0);
      boundLine.push(0);
    }
    return j;
  };

  // Rows (entries in growable typed buffers).
  const rowNames: (string | undefined)[] = [];
  const rowNameSet = new Set<string>();
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rowStart: number[] = [0];
  let entCol = new Int32Array(1024);
  let entVal = new Float64Array(1024);
  let nEnt = 0;
  const pushEntry = (j: number, v: number): void => {
    if (nEnt === entCol.length) {
      const c = new Int32Array(nEnt * 2); c.set(entCol); entCol = c;
      const w = new Float64Array(nEnt * 2); w.set(entVal); entVal = w;
    }
    entCol[nEnt] = j;
    entVal[nEnt++] = v;
  };

  const keywordAt = (p: number): { kind: SectionKind; len: number } | undefined => {
    const t = tok(p);
    if (t.kind !== T_ID || !t.first) return undefined;
    const next = tok(p + 1);
    if (next.kind === T_COLON) return undefined;
    const w = t.text.toLowerCase();
    if ((w === 'subject' || w === 'such') && next.kind === T_ID && next.line === t.line) {
      const w2 = next.text.toLowerCase();
      if ((w === 'subject' && w2 === 'to') || (w === 'such' && w2 === 'that')) return { kind: 'st', len: 2 };
    }
    if (w === 'semi' && next.kind === T_MINUS && tok(p + 2).kind === T_ID && tok(p + 2).text.toLowerCase() === 'continuous') {
      return { kind: 'semi', len: 3 };
    }
    const k = KEYWORDS.get(w);
    return k === undefined ? undefined : { kind: k, len: 1 };
  };

  const isInfWord = (t: Token): boolean => {
    if (t.kind !== T_ID) return false;
    const w = t.text.toLowerCase();
    return w === 'inf' || w === 'infinity';
  };

  // Expression: terms [sign]* [number] [name]; the first term may be unsigned, the others need a sign.
  // A coefficient and its variable must be on the same line (so that `c1: x >= 3` followed by an
  // unnamed `y + z <= 4` on the next line is two constraints, not `3 y`).
  interface Expr { cols: number[]; vals: number[]; constant: number; terms: number; line: number }
  let p = 0;
  const parseExpr = (what: string): Expr => {
    const e: Expr = { cols: [], vals: [], constant: 0, terms: 0, line: tok(p).line };
    for (;;) {
      if (keywordAt(p)) break;
      let t = tok(p);
      let sign = 1;
      let sawSign = false;
      if (e.terms > 0 && t.kind !== T_PLUS && t.kind !== T_MINUS) break;
      while (t.kind === T_PLUS || t.kind === T_MINUS) {
        if (t.kind === T_MINUS) sign = -sign;
        sawSign = true;
        t = tok(++p);
      }
      if (t.kind === T_NUM) {
        const coef = sign * t.value;
        const next = tok(p + 1);
        if (next.kind === T_ID && next.line === t.line && !isInfWord(next) && tok(p + 2).kind !== T_COLON && !keywordAt(p + 1)) {
          e.cols.push(getCol(next.text));
          e.vals.push(coef);
          p += 2;
        } else {
          e.constant += coef;
          p += 1;
        }
      } else if (t.kind === T_ID && !(tok(p + 1).kind === T_COLON) && !keywordAt(p)) {
        if (isInfWord(t)) {
          e.constant += sign * Infinity;
        } else {
          e.cols.push(getCol(t.text));
          e.vals.push(sign);
        }
        p += 1;
      } else {
        if (sawSign) fail(t.line, `${what}: expected a number or a variable after the sign, found "${t.text}"`);
        break;
      }
      e.terms++;
    }
    return e;
  };

  // Objective.
  let sense: 'minimize' | 'maximize' = 'minimize';
  const first = keywordAt(0);
  if (!first || (first.kind !== 'min' && first.kind !== 'max')) {
    fail(tok(0).line, `expected Minimize or Maximize at the start, found "${tok(0).text}"`);
  }
  sense = first!.kind === 'max' ? 'maximize' : 'minimize';
  p = first!.len;
  if (tok(p).kind === T_ID && tok(p + 1).kind === T_COLON) p += 2;
  const objExpr = parseExpr('objective');
  if (!Number.isFinite(objExpr.constant)) fail(objExpr.line, 'objective has an infinite constant term');
  for (let k = 0; k < objExpr.cols.length; k++) cost[objExpr.cols[k]!]! += objExpr.vals[k]!;
  const offset = objExpr.constant;

  const relOp = (what: string): string => {
    const t = tok(p);
    if (t.kind !== T_OP) fail(t.line, `${what}: expected <=, >= or = but found "${t.text}"`);
    p++;
    return t.text;
  };

  const parseConstraint = (): void => {
    const startTok = tok(p);
    let name: string | undefined;
    if (startTok.kind === T_ID && tok(p + 1).kind === T_COLON) {
      name = startTok.text;
      p += 2;
      if (rowNameSet.has(name)) fail(startTok.line, `duplicate constraint name "${name}"`);
    }
    const what = name !== undefined ? `constraint "${name}"` : `constraint ${rowNames.length + 1}`;
    const e1 = parseExpr(what);
    const op1 = relOp(what);
    const e2 = parseExpr(what);
    if (e2.terms === 0 && tok(p).kind !== T_OP) fail(tok(p).line, `${what}: expected a right-hand side after ${op1}, found "${tok(p).text}"`);
    let lo: number;
    let up: number;
    const rowCols: number[] = [];
    const rowVals: number[] = [];
    if (tok(p).kind === T_OP) {
      // Ranged: lo <= expr <= hi (or >=).
      const opTok = tok(p);
      const op2 = relOp(what);
      const e3 = parseExpr(what);
      if (e1.cols.length > 0 || e3.cols.length > 0 || e1.terms === 0 || e3.terms === 0) {
        fail(opTok.line, `${what}: a ranged constraint must read "constant <= expression <= constant"`);
      }
      if (op1 !== op2 || op1 === '=') fail(opTok.line, `${what}: a ranged constraint needs two <= or two >= operators, found ${op1} and ${op2}`);
      const a = e1.constant - e2.constant;
      const b = e3.constant - e2.constant;
      [lo, up] = op1 === '<=' ? [a, b] : [b, a];
      rowCols.push(...e2.cols);
      rowVals.push(...e2.vals);
    } else if (e1.cols.length === 0 && e1.terms > 0 && e2.cols.length > 0) {
      // Flipped: constant op expr.
      const rhs = e1.constant - e2.constant;
      if (op1 === '<=') { lo = rhs; up = Infinity; } else if (op1 === '>=') { lo = -Infinity; up = rhs; } else { lo = rhs; up = rhs; }
      rowCols.push(...e2.cols);
      rowVals.push(...e2.vals);
    } else {
      const rhs = e2.constant - e1.constant;
      if (Number.isNaN(rhs)) fail(e2.line, `${what}: right-hand side is undefined (inf - inf)`);
      if (op1 === '<=') { lo = -Infinity; up = rhs; } else if (op1 === '>=') { lo = rhs; up = Infinity; } else { lo = rhs; up = rhs; }
      rowCols.push(...e1.cols);
      rowVals.push(...e1.vals);
      for (let k = 0; k < e2.cols.length; k++) { rowCols.push(e2.cols[k]!); rowVals.push(-e2.vals[k]!); }
    }
    if (Number.isNaN(lo) || Number.isNaN(up)) fail(startTok.line, `${what}: bound is undefined (inf - inf)`);
    if (lo === Infinity || up === -Infinity) fail(startTok.line, `${what}: infinite right-hand side on the wrong side (bounds [${lo}, ${up}])`);
    for (let k = 0; k < rowCols.length; k++) pushEntry(rowCols[k]!, rowVals[k]!);
    rowStart.push(nEnt);
    rowNames.push(name);
    if (name !== undefined) rowNameSet.add(name);
    rowLower.push(lo);
    rowUpper.push(up);
  };

  const boundValue = (what: string): number => {
    let t = tok(p);
    let sign = 1;
    while (t.kind === T_PLUS || t.kind === T_MINUS) {
      if (t.kind === T_MINUS) sign = -sign;
      t = tok(++p);
    }
    if (t.kind === T_NUM) { p++; return sign * t.value; }
    if (isInfWord(t)) { p++; return sign * Infinity; }
    return fail(t.line, `${what}: expected a number, found "${t.text}"`);
  };

  const setBound = (j: number, op: string, v: number, isLeft: boolean, line: number): void => {
    // isLeft: "v op x"; else "x op v"
    const o = isLeft ? (op === '<=' ? '>=' : op === '>=' ? '<=' : '=') : op;
    if (o === '<=') upper[j] = v;
    else if (o === '>=') lower[j] = v;
    else { lower[j] = v; upper[j] = v; }
    boundLine[j] = line;
  };

  const parseBound = (): void => {
    const t = tok(p);
    if (t.kind === T_ID && !isInfWord(t)) {
      const j = getCol(t.text);
      p++;
      const nx = tok(p);
      if (nx.kind === T_ID && nx.text.toLowerCase() === 'free') {
        p++;
        lower[j] = -Infinity;
        upper[j] = Infinity;
        boundLine[j] = t.line;
        return;
      }
      const op = relOp(`bound on "${t.text}"`);
      setBound(j, op, boundValue(`bound on "${t.text}"`), false, t.line);
      return;
    }
    if (t.kind !== T_NUM && t.kind !== T_PLUS && t.kind !== T_MINUS && !isInfWord(t)) {
      fail(t.line, `Bounds: expected a bound such as "x <= 4", "-inf <= x <= 4" or "x free", found "${t.text}"`);
    }
    const v1 = boundValue('bound');
    const op1 = relOp('bound');
    const c = tok(p);
    if (c.kind !== T_ID || isInfWord(c)) fail(c.line, `bound: expected a variable name after ${op1}, found "${c.text}"`);
    p++;
    const j = getCol(c.text);
    setBound(j, op1, v1, true, t.line);
    if (tok(p).kind === T_OP) {
      const op2 = relOp(`bound on "${c.text}"`);
      setBound(j, op2, boundValue(`bound on "${c.text}"`), false, t.line);
    }
  };

  const nameList = (section: string, each: (j: number, line: number) => void): void => {
    for (;;) {
      if (keywordAt(p)) return;
      const t = tok(p);
      if (t.kind === -1) return;
      if (t.kind !== T_ID) fail(t.line, `${section}: expected a variable name, found "${t.text}"`);
      each(getCol(t.text), t.line);
      p++;
    }
  };

  let seenSt = false;
  for (;;) {
    const t = tok(p);
    if (t.kind === -1) break;
    const kw = keywordAt(p);
    if (!kw) fail(t.line, `unexpected "${t.text}" (expected a section keyword such as Subject To, Bounds, General, Binary or End)`);
    p += kw!.len;
    if (kw!.kind === 'end') break;
    switch (kw!.kind) {
      case 'min':
      case 'max':
        fail(t.line, 'a second objective section is not supported');
        break;
      case 'st':
        if (seenSt) fail(t.line, 'a second Subject To section');
        seenSt = true;
        while (tok(p).kind !== -1 && !keywordAt(p)) parseConstraint();
        break;
      case 'bounds':
        while (tok(p).kind !== -1 && !keywordAt(p)) parseBound();
        break;
      case 'general':
        nameList('General', (j) => { integer[j] = 1; });
        break;
      case 'binary':
        nameList('Binary', (j, line) => { integer[j] = 1; lower[j] = 0; upper[j] = 1; boundLine[j] = line; });
        break;
      case 'semi':
      case 'sos':
        if (tok(p).kind !== -1 && !keywordAt(p)) {
          fail(t.line, `${kw!.kind === 'semi' ? 'semi-continuous' : 'SOS'} section is not supported (linear MILPs only)`);
        }
        break;
    }
  }

  // Column checks, with the line of the last bound statement.
  const n = colNames.length;
  for (let j = 0; j < n; j++) {
    const lo = lower[j]!;
    const up = upper[j]!;
    const where = boundLine[j]! > 0 ? boundLine[j] : undefined;
    if (lo === Infinity || up === -Infinity) fail(where, `variable "${colNames[j]}" has bounds [${lo}, ${up}]`);
    if (lo > up) fail(where, `variable "${colNames[j]}" has lower bound ${lo} > upper bound ${up}`);
    if (integer[j]) {
      if (Number.isFinite(lo) && Math.abs(lo - Math.round(lo)) > 1e-9) fail(where, `integer variable "${colNames[j]}" has fractional lower bound ${lo}`);
      if (Number.isFinite(up) && Math.abs(up - Math.round(up)) > 1e-9) fail(where, `integer variable "${colNames[j]}" has fractional upper bound ${up}`);
    }
  }

  const b = new ModelBuilder(problemName ?? 'model');
  b.sense = sense;
  b.objectiveOffset = offset;
  for (let j = 0; j < n; j++) {
    b.addColumn({ name: colNames[j]!, lower: lower[j]!, upper: upper[j]!, cost: cost[j]!, integer: integer[j] === 1 });
  }
  const m = rowNames.length;
  for (let i = 0; i < m; i++) {
    let name = rowNames[i];
    if (name === undefined) {
      name = `R${i + 1}`;
      for (let k = 1; rowNameSet.has(name); k++) name = `R${i + 1}_${k}`;
      rowNameSet.add(name);
    }
    b.addRow({ name, lower: rowLower[i]!, upper: rowUpper[i]! }, entCol.subarray(rowStart[i]!, rowStart[i + 1]!), entVal.subarray(rowStart[i]!, rowStart[i + 1]!));
  }
  try {
    return b.build();
  } catch (e) {
    if (e instanceof ModelError) throw new ParseError(OP, e.message, undefined, source);
    throw e;
  }
}

/** Tokenizer: one pass over the text. */
function lex(text: string, fail: (line: number | undefined, message: string) => never): { tokens: Token[]; problemName: string | undefined } {
  const tokens: Token[] = [];
  let problemName: string | undefined;
  const n = text.length;
  let i = 0;
  let line = 1;
  let first = true;
  const push = (kind: number, txt: string, value: number): void => {
    tokens.push({ kind, text: txt, value, line, first });
    first = false;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) { line++; first = true; i++; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) { i++; continue; }
    if (c === 92 /* \ */) {
      if (text.charCodeAt(i + 1) === 42 /* * */) {
        const startLine = line;
        let k = i + 2;
        while (k < n && !(text.charCodeAt(k) === 42 && text.charCodeAt(k + 1) === 92)) {
          if (text.charCodeAt(k) === 10) line++;
          k++;
        }
        if (k >= n) fail(startLine, 'unterminated \\* comment');
        i = k + 2;
        continue;
      }
      let k = i + 1;
      while (k < n && text.charCodeAt(k) !== 10) k++;
      if (tokens.length === 0 && problemName === undefined) {
        const mm = /^\\\s*Problem name\s*:\s*(.*?)\s*$/i.exec(text.slice(i, k));
        if (mm && mm[1]!.length > 0) problemName = mm[1];
      }
      i = k;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const s = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (i < n && text.charCodeAt(i) === 46) { i++; while (i < n && isDigit(text.charCodeAt(i))) i++; }
      if (i < n && (text.charCodeAt(i) | 32) === 101) {
        let k = i + 1;
        if (k < n && (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45)) k++;
        if (k < n && isDigit(text.charCodeAt(k))) {
          while (k < n && isDigit(text.charCodeAt(k))) k++;
          i = k;
        }
      }
      const s2 = text.slice(s, i);
      const v = Number(s2);
      if (Number.isNaN(v)) fail(line, `malformed number "${s2}"`);
      if (!Number.isFinite(v)) fail(line, `number "${s2}" overflows to infinity (write inf for an infinite bound)`);
      push(T_NUM, s2, v);
      continue;
    }
    if (c === 60 /* < */ || c === 62 /* > */ || c === 61 /* = */) {
      const d = text.charCodeAt(i + 1);
      let op: string;
      if (c === 60) { op = '<='; i += d === 61 ? 2 : 1; }
      else if (c === 62) { op = '>='; i += d === 61 ? 2 : 1; }
      else if (d === 60) { op = '<='; i += 2; }
      else if (d === 62) { op = '>='; i += 2; }
      else { op = '='; i += d === 61 ? 2 : 1; }
      push(T_OP, op, 0);
      continue;
    }
    if (c === 58) { push(T_COLON, ':', 0); i++; continue; }
    if (c === 43) { push(T_PLUS, '+', 0); i++; continue; }
    if (c === 45) { push(T_MINUS, '-', 0); i++; continue; }
    if (c === 91 /* [ */) fail(line, 'quadratic terms ([ ... ]) are not supported (linear MILPs only)');
    if (isNameChar(c) && c !== 46) {
      const s = i;
      while (i < n && isNameChar(text.charCodeAt(i))) i++;
      const wasFirst = first;
      const word = text.slice(s, i);
      push(T_ID, word, 0);
      if (wasFirst && word.length === 3 && word.toLowerCase() === 'end') {
        // End keyword: everything after it is ignored (unless this is a name followed by ':').
        let k = i;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (text.charCodeAt(k) !== 58) break;
      }
      continue;
    }
    fail(line, `unexpected character "${text[i]}"`);
  }
  return { tokens, problemName };
}
