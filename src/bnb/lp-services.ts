import type { LpBasis, LpOutcome, LpSolver } from '../lp/lp-solver.js';
import type { HeuristicLpResult } from './plugins.js';

/**
 * The LP of one node processor and what is done with it besides the node LP: strong-branching
 * probes and heuristic LPs, each restoring the node LP's bounds, basis and limits afterwards, and
 * the LP time budget — a deadline for every LP of a node: the node LP gets the time left, the
 * extra LPs what is left when they start, none once it is spent.
 */
export class LpServices {
  readonly lp: LpSolver;
  /** performance.now() by which LP solving must end (setTimeLimit), Infinity = none */
  private deadline = Infinity;
  private lastCutoff = NaN;
  private probeBasis: LpBasis | undefined = undefined;
  private probing = false;
  private heurBasis: LpBasis | undefined = undefined;
  private heurUsed = false;
  /** LP solves and iterations spent in strong-branching probes */
  probeSolves = 0;
  probeIterations = 0;
  /** LP solves made for heuristics */
  heuristicSolves = 0;

  constructor(lp: LpSolver) {
    this.lp = lp;
  }

  /** Sets the time left for LP solving from now (seconds, Infinity = none). */
  setTimeLimit(seconds: number): void {
    this.deadline = seconds < Infinity ? performance.now() + Math.max(0, seconds) * 1000 : Infinity;
    this.lp.setLimits({ seconds: seconds > 0 ? seconds : 1e-3 });
  }

  /** Seconds left of the LP time budget (Infinity without one). */
  secondsLeft(): number {
    return this.deadline === Infinity ? Infinity : Math.max(0, (this.deadline - performance.now()) / 1000);
  }

  /** Whether LP time is left (no deadline, or before it). */
  hasTime(): boolean {
    return this.deadline === Infinity || performance.now() < this.deadline;
  }

  /** Before an extra LP solve in a node: false when the LP time is spent, else the LP gets what is left. */
  private timeLeft(): boolean {
    if (this.deadline === Infinity) return true;
    const left = (this.deadline - performance.now()) / 1000;
    if (!(left > 0)) return false;
    this.lp.setLimits({ seconds: left });
    return true;
  }

  /** The node LP: the domain's bounds pushed (only changed ones reach HiGHS), the cutoff set when it changed, solved. */
  solveNode(lower: Float64Array, upper: Float64Array, cutoff: number): LpOutcome {
    const lp = this.lp;
    lp.setColBounds(lower, upper);
    if (cutoff !== this.lastCutoff) {
      lp.setCutoff(cutoff);
      this.lastCutoff = cutoff;
    }
    return lp.optimize();
  }

  /** Forgets which cutoff the LP has, so that the next node LP sets it again (after the LP was used elsewhere). */
  resetCutoff(): void {
    this.lastCutoff = NaN;
  }

  /**
   * The LP relaxation over bounds `lower`/`upper` without cutoff (a worker's warm-up: the root
   * LP), with its basis when optimal.
   */
  solveRelaxation(lower: Float64Array, upper: Float64Array): { status: string; basis: LpBasis | undefined } {
    const lp = this.lp;
    lp.setColBounds(lower, upper);
    lp.setCutoff(Infinity);
    this.lastCutoff = NaN;
    const out = lp.optimize();
    return { status: out.status, basis: out.status === 'optimal' ? lp.getBasis() : undefined };
  }

  /**
   * A strong-branching probe: column `col` (node bounds lo..up) restricted to [lo, floor(v)]
   * (dir −1) or [floor(v) + 1, up] (dir +1), at most `iterations` simplex iterations; the column's
   * bounds and the basis are restored afterwards. null when the LP time is spent.
   */
  probe(col: number, v: number, lo: number, up: number, dir: -1 | 1, iterations: number): LpOutcome | null {
    const lp = this.lp;
    if (!this.timeLeft()) return null;
    if (!this.probing) {
      this.probing = true;
      this.probeBasis = lp.getBasis();
    }
    lp.setLimits({ iterations });
    const fl = Math.floor(v);
    if (dir < 0) lp.changeColBounds(col, lo, fl);
    else lp.changeColBounds(col, fl + 1, up);
    const out = lp.optimize();
    this.probeSolves++;
    this.probeIterations += out.iterations;
    lp.changeColBounds(col, lo, up);
    if (this.probeBasis) lp.setBasis(this.probeBasis);
    return out;
  }

  /** After the branching rule: lifts the probes' iteration limit. */
  endProbes(): void {
    if (!this.probing) return;
    this.probing = false;
    this.lp.setLimits({ iterations: Infinity });
    this.probeBasis = undefined;
  }

  /** HeuristicContext.solveLp: the LP under other bounds (the node's LP state is saved first). */
  heuristicLp(lower: Float64Array, upper: Float64Array, iterations: number): HeuristicLpResult {
    const lp = this.lp;
    if (!this.timeLeft()) return { status: 'time-limit', objective: NaN, primal: null };
    if (!this.heurUsed) {
      this.heurUsed = true;
      this.heurBasis = lp.getBasis();
    }
    lp.setColBounds(lower, upper);
    lp.setLimits({ iterations });
    const out = lp.optimize();
    this.heuristicSolves++;
    return { status: out.status, objective: out.objective, primal: out.status === 'optimal' ? lp.primal() : null };
  }

  /** After the heuristics: back to the node LP (its bounds, basis and limits; branching probes rely on them). */
  endHeuristics(lower: Float64Array, upper: Float64Array): void {
    if (!this.heurUsed) return;
    const lp = this.lp;
    lp.setColBounds(lower, upper);
    if (this.heurBasis) lp.setBasis(this.heurBasis);
    lp.setLimits({ iterations: Infinity });
    this.heurBasis = undefined;
    this.heurUsed = false;
  }
}
