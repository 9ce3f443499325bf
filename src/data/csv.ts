import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MipnetError, OptionError, ParseError } from '../errors.js';
import type { Dataset } from './dataset.js';

const OP = 'read CSV';

export interface CsvOptions {
  /**
   * 'counted': first line `n,d,class names…`, then d numbers and the class index per line (the
   * bundled data sets); 'header': a header row of column names, label column chosen by `label`;
   * 'none': no header, all numeric, label column chosen by `label` (default: last);
   * 'auto' (default): detect.
   */
  format?: 'auto' | 'counted' | 'header' | 'none';
  /** label column by name (header format) or 0-based index; negative counts from the end. Default: last column */
  label?: string | number;
  /** data set name (default: file name) */
  name?: string;
  /** name used in error messages */
  source?: string;
}

function splitLine(line: string): string[] {
  return line.split(',').map((s) => s.trim());
}

function isInt(s: string): boolean {
  return /^\d+$/.test(s);
}

function parseNumber(s: string, lineNo: number, col: number, source: string | undefined): number {
  if (s === '') throw new ParseError(OP, `empty value in column ${col + 1}`, lineNo, source);
  const v = Number(s);
  if (Number.isNaN(v)) {
    throw new ParseError(OP, /^nan$/i.test(s) ? `NaN value in column ${col + 1}` : `non-numeric value "${s}" in column ${col + 1}`, lineNo, source);
  }
  if (!Number.isFinite(v)) throw new ParseError(OP, `infinite value "${s}" in column ${col + 1}`, lineNo, source);
  return v;
}

interface Line {
  no: number; // 1-based line number
  fields: string[];
}

/** Parses CSV text into a data set (see CsvOptions for the formats). */
export function parseCsv(text: string, options: CsvOptions = {}): Dataset {
  const source = options.source;
  const lines: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!.trim();
    if (t === '' || t.startsWith('#')) continue;
    lines.push({ no: i + 1, fields: splitLine(t) });
  }
  if (lines.length === 0) throw new ParseError(OP, 'empty file: no data lines', undefined, source);
  let format = options.format ?? 'auto';
  const first = lines[0]!.fields;
  if (format === 'auto') {
    const counted =
      first.length >= 3 &&
      isInt(first[0]!) &&
      isInt(first[1]!) &&
      (first.slice(2).some((f) => Number.isNaN(Number(f))) ||
        (Number(first[0]) === lines.length - 1 && lines.length > 1 && lines[1]!.fields.length === Number(first[1]) + 1));
    if (counted) format = 'counted';
    else if (first.every((f) => f !== '' && !Number.isNaN(Number(f)))) format = 'none';
    else format = 'header';
  }
  const name = options.name ?? 'csv';
  if (format === 'counted') return parseCounted(lines, name, source);
  return parseLabelled(lines, format === 'header', options.label, name, source);
}

function parseCounted(lines: Line[], name: string, source: string | undefined): Dataset {
  const head = lines[0]!;
  if (head.fields.length < 3 || !isInt(head.fields[0]!) || !isInt(head.fields[1]!)) {
    throw new ParseError(OP, `header must be "n,d,class names…", got "${head.fields.join(',')}"`, head.no, source);
  }
  const n = Number(head.fields[0]);
  const d = Number(head.fields[1]);
  const classNames = head.fields.slice(2);
  const K = classNames.length;
  if (d < 1) throw new ParseError(OP, `header declares d = ${d} features`, head.no, source);
  const body = lines.slice(1);
  if (body.length === 0) throw new ParseError(OP, 'no data lines after the header', head.no, source);
  if (body.length !== n) {
    const at = body.length > n ? body[n]!.no : body[body.length - 1]!.no;
    throw new ParseError(OP, `header declares ${n} samples but the file has ${body.length} data lines`, at, source);
  }
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const { no, fields } = body[i]!;
    if (fields.length !== d + 1) {
      throw new ParseError(OP, `expected ${d + 1} values (${d} features and the class index), got ${fields.length}`, no, source);
    }
    for (let j = 0; j < d; j++) X[i * d + j] = parseNumber(fields[j]!, no, j, source);
    const lab = fields[d]!;
    if (!isInt(lab) || Number(lab) >= K) {
      throw new ParseError(OP, `unknown label "${lab}": expected a class index 0..${K - 1}`, no, source);
    }
    y[i] = Number(lab);
  }
  return { name, n, d, X, y, classNames, featureNames: Array.from({ length: d }, (_, j) => `x${j}`) };
}

function parseLabelled(lines: Line[], header: boolean, label: string | number | undefined, name: string, source: string | undefined): Dataset {
  const width = lines[0]!.fields.length;
  if (width < 2) throw new ParseError(OP, `need at least 2 columns (features and a label), got ${width}`, lines[0]!.no, source);
  const columnNames = header ? lines[0]!.fields : Array.from({ length: width }, (_, j) => `x${j}`);
  let labelCol: number;
  if (label === undefined) labelCol = width - 1;
  else if (typeof label === 'number') {
    if (!Number.isInteger(label) || label >= width || label < -width) {
      throw new OptionError(OP, `label column index ${label} out of range (the file has ${width} columns)`);
    }
    labelCol = label < 0 ? width + label : label;
  } else {
    if (!header) throw new OptionError(OP, `label column "${label}" given by name but the file has no header row`);
    labelCol = columnNames.indexOf(label);
    if (labelCol < 0) throw new OptionError(OP, `no column named "${label}" (columns: ${columnNames.join(', ')})`);
  }
  const body = header ? lines.slice(1) : lines;
  if (body.length === 0) throw new ParseError(OP, 'no data lines after the header', lines[0]!.no, source);
  const n = body.length;
  const d = width - 1;
  const X = new Float64Array(n * d);
  const labels: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const { no, fields } = body[i]!;
    if (fields.length !== width) throw new ParseError(OP, `expected ${width} values, got ${fields.length} (ragged row)`, no, source);
    let c = 0;
    for (let j = 0; j < width; j++) {
      if (j === labelCol) continue;
      X[i * d + c] = parseNumber(fields[j]!, no, j, source);
      c++;
    }
    const lab = fields[labelCol]!;
    if (lab === '') throw new ParseError(OP, `empty label in column ${labelCol + 1}`, no, source);
    labels[i] = lab;
  }
  const distinct = [...new Set(labels)];
  const numeric = distinct.every((s) => !Number.isNaN(Number(s)));
  if (numeric) {
    for (let i = 0; i < n; i++) {
      const v = Number(labels[i]);
      if (!Number.isInteger(v)) throw new ParseError(OP, `label "${labels[i]}" is not an integer class`, body[i]!.no, source);
    }
    distinct.sort((a, b) => Number(a) - Number(b));
  } else distinct.sort();
  const index = new Map(distinct.map((s, k) => [s, k]));
  const y = Int32Array.from(labels, (s) => index.get(s)!);
  const featureNames = columnNames.filter((_, j) => j !== labelCol);
  return { name, n, d, X, y, classNames: distinct, featureNames };
}

/** Reads a CSV file (gzip-compressed when it starts with the gzip magic bytes or ends in .gz). */
export function loadCsv(path: string, options: CsvOptions = {}): Dataset {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new MipnetError(OP, `cannot read ${path}: ${(e as Error).message}`);
  }
  if ((buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) || path.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new ParseError(OP, `not a valid gzip file: ${(e as Error).message}`, undefined, path);
    }
  }
  const base = path.split(/[\\/]/).pop()!.replace(/\.gz$/, '').replace(/\.csv$/, '');
  return parseCsv(buf.toString('utf8'), { name: base, source: path, ...options });
}
