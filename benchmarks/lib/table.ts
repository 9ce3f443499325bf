import { heuristicSeconds, type SolverRun } from './solver-run.js';

/** Size of an instance as printed in the table. */
export interface InstanceSize {
  cols: number;
  ints: number;
  rows: number;
}

/** A row of the comparison table: one solver on one instance. */
export interface TableRow {
  instance: string;
  size: InstanceSize;
  run: SolverRun;
}

/** A number with 6 significant digits (exponent form outside [1e-3, 1e6)); '-' for none. */
export function fmtNum(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(6)).toString();
}

/** Seconds with one decimal; '-' for none. */
export function fmtSec(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : v.toFixed(1);
}

/** A fraction as a percentage; '-' for none. */
export function fmtPct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return 'inf';
  return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;
}

/** Nodes per second (or any rate): no decimals from 100 up; '-' for none. */
export function fmtRate(v: number | null): string {
  return v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export const TABLE_HEADER = ['instance', 'cols/ints/rows', 'solver', 'status', 'objective', 'bound', 'gap', 't.opt', 't.best', 'time', 'nodes', 'nodes/s', 'LP%', 'heur%', 'check'];

/** The cells of one row (strings), in TABLE_HEADER order. */
export function tableCells(row: TableRow): string[] {
  const r = row.run;
  const nps = r.nodes !== null && r.seconds > 0 ? r.nodes / r.seconds : null;
  const lp = r.lpSeconds !== undefined && r.seconds > 0 ? r.lpSeconds / r.seconds : null;
  // primal heuristics' share (their own LP solves, e.g. LP-fit and sub-MIPs, included)
  const hs = heuristicSeconds(r);
  const heur = hs !== null && r.seconds > 0 ? hs / r.seconds : null;
  const check = r.check === undefined ? '-' : r.check.feasible ? 'ok' : 'VIOL';
  return [
    row.instance,
    `${row.size.cols}/${row.size.ints}/${row.size.rows}`,
    r.solver,
    r.status,
    fmtNum(r.objective),
    fmtNum(r.bound),
    fmtPct(r.gap),
    fmtSec(r.timeToOptimal),
    fmtSec(r.timeToBest),
    fmtSec(r.seconds),
    r.nodes === null ? '-' : String(r.nodes),
    fmtRate(nps),
    lp === null ? '-' : `${Math.round(lp * 100)}%`,
    heur === null ? '-' : `${Math.round(heur * 100)}%`,
    check,
  ];
}

/** A plain-text table (Markdown pipe table, which also reads well in a terminal). */
export function formatTable(rows: readonly TableRow[]): string {
  return pipeTable(TABLE_HEADER, rows.map(tableCells), 4);
}

/**
 * A Markdown pipe table of string cells, columns padded to their widest cell: the first `left`
 * columns left-aligned, the others right-aligned.
 */
export function pipeTable(header: readonly string[], rows: readonly (readonly string[])[], left: number): string {
  const cells = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    '| ' + widths.map((w, c) => (c < left ? (r[c] ?? '').padEnd(w) : (r[c] ?? '').padStart(w))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, c) => (c < left ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(header), sep, ...rows.map(line)].join('\n');
}
