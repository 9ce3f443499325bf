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

function fmtNum(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return Number(v.toPrecision(6)).toString();
}

function fmtSec(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : v.toFixed(1);
}

function fmtPct(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (!Number.isFinite(v)) return 'inf';
  return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)}%`;
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
    nps === null ? '-' : nps >= 100 ? nps.toFixed(0) : nps.toFixed(1),
    lp === null ? '-' : `${Math.round(lp * 100)}%`,
    heur === null ? '-' : `${Math.round(heur * 100)}%`,
    check,
  ];
}

/** A plain-text table (Markdown pipe table, which also reads well in a terminal). */
export function formatTable(rows: readonly TableRow[]): string {
  const cells = [TABLE_HEADER, ...rows.map(tableCells)];
  const widths = TABLE_HEADER.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  const line = (r: string[]): string => '| ' + r.map((s, c) => (c <= 3 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, c) => (c <= 3 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}
