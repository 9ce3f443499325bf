/**
 * Adaptive call frequency of a primal heuristic: every call that finds nothing better than the
 * cutoff doubles the period (up to `maxFactor` times the base); a success resets it. The framework
 * reads `frequency` before each node (0 = root only stays 0).
 */
export class HeuristicBackoff {
  private period: number;
  constructor(private readonly base: number, private readonly maxFactor = 64) {
    this.period = base;
  }

  get frequency(): number {
    return this.period;
  }

  /** Records the outcome of a call: `objective` (minimisation sense, NaN/Infinity when none) vs the node's cutoff. */
  report(objective: number, cutoff: number): void {
    if (this.base === 0) return;
    if (objective < cutoff) this.period = this.base;
    else this.period = Math.min(this.base * this.maxFactor, this.period * 2);
  }
}
