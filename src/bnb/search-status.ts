import type { SolveStatus } from './solve-types.js';

/**
 * The one place where a search's status is decided: gap tolerances and their defaults, the cutoff
 * an incumbent gives, the dual bound (open work, nodes closed without proof, the incumbent), the
 * gap, and the final status. The serial search, a worker's subtree search, a sub-MIP and the
 * parallel coordinator all use it, so they agree by construction. Values are in minimisation sense.
 */

/** Default relative gap: within it the incumbent is 'optimal'. */
export const DEFAULT_REL_GAP = 1e-6;
/** Default absolute gap. */
export const DEFAULT_ABS_GAP = 1e-9;

/** What makes a node useless: its bound within the gap tolerances of the incumbent. */
export interface Tolerances {
  relGap: number;
  absGap: number;
  /** every objective column is integer with an integer cost: bounds round up, cutoff = incumbent − 1 + ε */
  objectiveIntegral: boolean;
}

/** Prune threshold for an incumbent value: nodes whose bound is >= it cannot improve enough. */
export function cutoffFor(incumbent: number, tol: Tolerances): number {
  if (!(incumbent < Infinity)) return Infinity;
  let delta = Math.max(tol.absGap, tol.relGap * Math.abs(incumbent));
  if (tol.objectiveIntegral) delta = Math.max(delta, 1 - 1e-6);
  return incumbent - delta;
}

/** A bound rounded up to the next integer when the objective is integral (with 1e-6 slack). */
export function roundBound(bound: number, objectiveIntegral: boolean): number {
  return objectiveIntegral && Number.isFinite(bound) ? Math.ceil(bound - 1e-6) : bound;
}

/** The bound a node closed with bound `b` still contributes to the dual bound: b (rounded) when below the incumbent, else Infinity. */
export function unprovenContribution(b: number, incumbent: number, objectiveIntegral: boolean): number {
  const v = roundBound(b, objectiveIntegral);
  return v < incumbent ? v : Infinity;
}

/**
 * Relative gap |incumbent − bound| / max(1e-10, |incumbent|): 0 when they are equal, Infinity
 * without an incumbent or a finite bound. With an incumbent of 0 any difference gives a huge gap
 * (printed as "large" by formatGap).
 */
export function gapOf(incumbent: number, bound: number): number {
  if (!(incumbent < Infinity) || !Number.isFinite(bound)) return incumbent === bound ? 0 : Infinity;
  const d = Math.abs(incumbent - bound);
  if (d === 0) return 0;
  return d / Math.max(1e-10, Math.abs(incumbent));
}

/** Whether incumbent and bound are within the gap tolerances (absolute or relative to |incumbent|). */
export function withinGap(incumbent: number, bound: number, relGap: number, absGap: number): boolean {
  return incumbent < Infinity && incumbent - bound <= Math.max(absGap, relGap * Math.abs(incumbent));
}

/**
 * A gap for people: a percentage with `digits` decimals; "large" from 10000% on (as HiGHS prints
 * "Large": with an incumbent of 0 and any bound below it the relative gap is 1e10 times the
 * difference, a number that says nothing), "inf" without an incumbent or a finite bound.
 */
export function formatGap(gap: number, digits = 2): string {
  if (!Number.isFinite(gap)) return 'inf';
  if (gap >= 100) return 'large';
  return `${(100 * gap).toFixed(digits)}%`;
}

/**
 * Bookkeeping of the nodes closed without proof: pruned within the gap tolerance (their bound may
 * be below the incumbent), LP failures, nodes dropped after worker failures. Their smallest bound
 * stays part of the dual bound, so the bound stays valid.
 */
export class UnprovenBound {
  value = Infinity;
  constructor(readonly objectiveIntegral: boolean) {}

  /** A node closed with bound b while the incumbent is `incumbent`. */
  note(b: number, incumbent: number): void {
    const v = unprovenContribution(b, incumbent, this.objectiveIntegral);
    if (v < this.value) this.value = v;
  }

  /** Global dual bound: the open work's bound, these closures and the incumbent, rounded for integral objectives. */
  dualBound(openBound: number, incumbent: number): number {
    return roundBound(Math.min(openBound, this.value, incumbent), this.objectiveIntegral);
  }
}

/** How a search ended, as the final status decision needs it. */
export interface SearchOutcome {
  /** the limit that stopped it (time, nodes, solutions, interrupt), or undefined: no open node is left or the gap is closed */
  limit: SolveStatus | undefined;
  /** an LP relaxation was unbounded */
  unbounded: boolean;
  /** incumbent value (Infinity when none) */
  incumbent: number;
  /** dual bound at the end */
  bound: number;
}

/**
 * The final status and bound (minimisation sense):
 * - an unbounded LP: 'unbounded' with an incumbent, else 'infeasible-or-unbounded'; bound −∞;
 * - a limit: that limit's status;
 * - no limit, an incumbent: 'optimal' within the default tolerances, else 'gap-limit' (a user gap);
 * - no limit, no incumbent: 'infeasible' (bound +∞) when nothing was left open or closed unproven;
 *   when nodes were closed without proof (their LP failed) the search proves nothing: 'node-limit'.
 */
export function finalStatus(o: SearchOutcome): { status: SolveStatus; bound: number } {
  if (o.unbounded) return { status: o.incumbent < Infinity ? 'unbounded' : 'infeasible-or-unbounded', bound: -Infinity };
  if (o.limit !== undefined) return { status: o.limit, bound: o.bound };
  if (o.incumbent < Infinity) {
    return { status: withinGap(o.incumbent, o.bound, DEFAULT_REL_GAP, DEFAULT_ABS_GAP) ? 'optimal' : 'gap-limit', bound: o.bound };
  }
  if (o.bound === Infinity) return { status: 'infeasible', bound: Infinity };
  return { status: 'node-limit', bound: o.bound };
}
