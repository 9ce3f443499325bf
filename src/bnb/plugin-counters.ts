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

  /** Adds a row (namespaced name, e.g. 'heuristic/rounding') and returns its id; call before `seal`. */
  add(name: string): number {
    this.names.push(name);
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
  }

  /** Counts one call of plugin `id` that started at `t0` (performance.now()). */
  call(id: number, t0: number): void {
    this.seconds[id]! += (performance.now() - t0) / 1000;
    this.calls[id]!++;
  }

  /** The table as PluginStats rows. */
  snapshot(): PluginStats[] {
    return this.names.map((name, i) => ({
      name,
      calls: this.calls[i]!,
      seconds: this.seconds[i]!,
      fixings: this.fixings[i]!,
      cutoffs: this.cutoffs[i]!,
      solutions: this.solutions[i]!,
    }));
  }
}
