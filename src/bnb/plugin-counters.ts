import type { PluginStats } from './solve-types.js';

/**
 * The framework's statistics of one node processor, per plugin: calls, seconds, fixings, cutoffs
 * and solutions (typed arrays; an id per plugin, given by `add` in the order of the table).
 */
export class PluginCounters {
  readonly names: string[] = [];
  calls = new Float64Array(0);
  seconds = new Float64Array(0);
  fixings = new Float64Array(0);
  cutoffs = new Float64Array(0);
  solutions = new Float64Array(0);
  cutsFound = new Float64Array(0);
  cutsApplied = new Float64Array(0);
  boundGain = new Float64Array(0);
  /** rows that report cut statistics (separators) */
  private readonly separatorRows: boolean[] = [];
  /** rows that report the bound they raised (propagators with a bound hook) */
  private readonly bounderRows: boolean[] = [];

  /**
   * Adds a row (namespaced name, e.g. 'heuristic/rounding') and returns its id; call before `seal`.
   * `separator`: the row reports cuts found and applied and the bound gained; `bounder`: the bound gained.
   */
  add(name: string, separator = false, bounder = false): number {
    this.names.push(name);
    this.separatorRows.push(separator);
    this.bounderRows.push(bounder);
    return this.names.length - 1;
  }

  /** Allocates the counters once every row is added. */
  seal(): void {
    const n = this.names.length;
    this.calls = new Float64Array(n);
    this.seconds = new Float64Array(n);
    this.fixings = new Float64Array(n);
    this.cutoffs = new Float64Array(n);
    this.solutions = new Float64Array(n);
    this.cutsFound = new Float64Array(n);
    this.cutsApplied = new Float64Array(n);
    this.boundGain = new Float64Array(n);
  }

  /** Counts one call of plugin `id` that started at `t0` (performance.now()). */
  call(id: number, t0: number): void {
    this.seconds[id]! += (performance.now() - t0) / 1000;
    this.calls[id]!++;
  }

  /** The table as PluginStats rows. */
  snapshot(): PluginStats[] {
    return this.names.map((name, i) => {
      const row: PluginStats = {
        name,
        calls: this.calls[i]!,
        seconds: this.seconds[i]!,
        fixings: this.fixings[i]!,
        cutoffs: this.cutoffs[i]!,
        solutions: this.solutions[i]!,
      };
      if (this.separatorRows[i]) {
        row.cutsFound = this.cutsFound[i]!;
        row.cutsApplied = this.cutsApplied[i]!;
        row.boundGain = this.boundGain[i]!;
      } else if (this.bounderRows[i]) {
        row.boundGain = this.boundGain[i]!;
      }
      return row;
    });
  }
}

/** Adds the counts of `b` to `a` (same plugin), cut statistics included when either has them. */
export function addPluginStats(a: PluginStats, b: PluginStats, sign = 1): void {
  a.calls += sign * b.calls;
  a.seconds += sign * b.seconds;
  a.fixings += sign * b.fixings;
  a.cutoffs += sign * b.cutoffs;
  a.solutions += sign * b.solutions;
  if (a.cutsFound !== undefined || b.cutsFound !== undefined) {
    a.cutsFound = (a.cutsFound ?? 0) + sign * (b.cutsFound ?? 0);
    a.cutsApplied = (a.cutsApplied ?? 0) + sign * (b.cutsApplied ?? 0);
  }
  if (a.boundGain !== undefined || b.boundGain !== undefined) a.boundGain = (a.boundGain ?? 0) + sign * (b.boundGain ?? 0);
}
