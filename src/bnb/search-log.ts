import { lpShare } from './lp-share.js';
import { formatGap } from './search-status.js';
import type { Model } from '../model/model.js';
import type { PluginStats, SolveProgress, SolveResult } from './solve-types.js';

/** One progress snapshot of the search (model sense). */
export interface SearchSnapshot extends SolveProgress {
  lpIterations: number;
  /** marks the line: 'H' new incumbent (heuristic), 'L' new incumbent (integral LP), ' ' periodic */
  mark?: string;
}

function fmt(v: number | null, width: number): string {
  let s: string;
  if (v === null) s = '-';
  else if (v === Infinity) s = 'inf';
  else if (v === -Infinity) s = '-inf';
  else if (Math.abs(v) >= 1e7 || (Math.abs(v) < 1e-3 && v !== 0)) s = v.toExponential(4);
  else s = Number(v.toPrecision(9)).toString();
  return s.padStart(width);
}

function fmtGap(g: number): string {
  return formatGap(g).padStart(8);
}

/**
 * The search log, in the style of HiGHS/CBC: a header, a line every `interval` seconds or when the
 * incumbent improves (nodes, open nodes, incumbent, bound, gap, LP iterations, time), and a
 * summary with the per-plugin statistics. Writes to stderr (`sink` true), to a callback, or nowhere;
 * also feeds `onProgress` at the same moments.
 */
export class SearchLog {
  private readonly write: ((line: string) => void) | undefined;
  private readonly onProgress: ((p: SolveProgress) => void) | undefined;
  private readonly interval: number;
  private lastLine = -Infinity;

  constructor(sink: boolean | ((line: string) => void) | undefined, onProgress?: (p: SolveProgress) => void, interval = 1) {
    this.write = typeof sink === 'function' ? sink : sink ? (line) => process.stderr.write(line + '\n') : undefined;
    this.onProgress = onProgress;
    this.interval = interval;
  }

  get active(): boolean {
    return this.write !== undefined || this.onProgress !== undefined;
  }

  header(model: Model, branching: string, nodeSelection: string): void {
    const w = this.write;
    if (!w) return;
    w(`mipnet branch-and-bound: model "${model.name}" (${model.sense}), ${model.numRows} rows, ${model.numCols} columns (${model.numIntegers} integer), ${model.numNonzeros} nonzeros`);
    w(`branching ${branching}, node selection ${nodeSelection}`);
    w(' ' + ['Nodes', 'Open', 'Incumbent', 'Bound', 'Gap', 'LP iters', 'Time'].map((h, i) => h.padStart(i < 2 ? 8 : i < 4 ? 14 : i === 4 ? 8 : 10)).join(' '));
  }

  /** Writes a remark line (not a progress line). */
  note(text: string): void {
    this.write?.(text);
  }

  /** True when a periodic line is due at time `seconds`. */
  due(seconds: number): boolean {
    return seconds - this.lastLine >= this.interval;
  }

  /** Writes a line (and calls onProgress) now. */
  line(s: SearchSnapshot): void {
    this.lastLine = s.seconds;
    this.onProgress?.({ nodes: s.nodes, open: s.open, incumbent: s.incumbent, bound: s.bound, gap: s.gap, seconds: s.seconds });
    const w = this.write;
    if (!w) return;
    w(
      (s.mark ?? ' ') +
        [
          fmt(s.nodes, 8),
          fmt(s.open, 8),
          fmt(s.incumbent, 14),
          fmt(s.bound, 14),
          fmtGap(s.gap),
          fmt(s.lpIterations, 10),
          `${s.seconds.toFixed(1)}s`.padStart(10),
        ].join(' '),
    );
  }

  summary(r: SolveResult): void {
    const w = this.write;
    if (!w) return;
    const nps = r.seconds > 0 ? r.nodes / r.seconds : 0;
    const share = 100 * lpShare(r);
    w('');
    w(`Status            ${r.status}`);
    w(`Objective         ${r.objective === null ? '-' : fmt(r.objective, 0)}`);
    w(`Bound             ${fmt(r.bound, 0)}`);
    w(`Gap               ${fmtGap(r.gap).trim()}`);
    w(`Solutions         ${r.solutions}`);
    w(`Nodes             ${r.nodes} (${nps.toFixed(0)} nodes/s)`);
    w(`LP                ${r.lpSolves} solves, ${r.lpIterations} iterations, ${r.lpSeconds.toFixed(2)}s (${share.toFixed(0)}% of ${r.threads > 1 ? 'the threads\' ' : ''}time)`);
    w(`Time              ${r.seconds.toFixed(2)}s`);
    if (r.stats.length > 0) {
      w('');
      w(formatPluginStats(r.stats));
    }
  }
}

/**
 * A table of plugin statistics (one line per plugin). Separators (and conflict learning) add the
 * cuts found and applied (conflicts: proofs read and kept) and the LP bound they gained; propagators
 * with a bound hook the node bounds they raised.
 */
export function formatPluginStats(stats: readonly PluginStats[]): string {
  const nameW = Math.max(6, ...stats.map((s) => s.name.length));
  const cuts = stats.some((s) => s.cutsFound !== undefined || s.boundGain !== undefined);
  const head =
    `${'Plugin'.padEnd(nameW)} ${'Calls'.padStart(9)} ${'Time'.padStart(9)} ${'Fixings'.padStart(9)} ${'Cutoffs'.padStart(9)} ${'Sols'.padStart(6)}` +
    (cuts ? ` ${'Found'.padStart(8)} ${'Applied'.padStart(8)} ${'Gain'.padStart(10)}` : '');
  const lines = stats.map(
    (s) =>
      `${s.name.padEnd(nameW)} ${String(s.calls).padStart(9)} ${`${s.seconds.toFixed(2)}s`.padStart(9)} ${String(s.fixings).padStart(9)} ${String(s.cutoffs).padStart(9)} ${String(s.solutions).padStart(6)}` +
      (cuts && s.cutsFound !== undefined ? ` ${String(s.cutsFound).padStart(8)} ${String(s.cutsApplied ?? 0).padStart(8)} ${fmt(s.boundGain ?? 0, 10)}` : '') +
      (cuts && s.cutsFound === undefined && s.boundGain !== undefined ? ` ${'-'.padStart(8)} ${'-'.padStart(8)} ${fmt(s.boundGain, 10)}` : ''),
  );
  return [head, ...lines].join('\n');
}
