import type { Model } from '../model/model.js';
import { BoundReason } from './bound-reason.js';
import { Domain } from './domain.js';
import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { HeuristicContext, PrimalHeuristic, PropagationContext } from './plugins.js';
import { RowActivityPropagator } from './propagator-row-activity.js';
import { Pseudocosts } from './pseudocosts.js';
import { INTEGRALITY_TOL } from './tolerances.js';
import { variableLocks } from './variable-locks.js';

/** The integer assignments fix-lp can try, in the order it tries them. */
export const FIX_LP_ASSIGNMENTS = ['nearest', 'locks', 'zero', 'lower', 'upper', 'lock-bound'] as const;
export type FixLpAssignment = (typeof FIX_LP_ASSIGNMENTS)[number];

export interface FixLpOptions {
  /** run every this many nodes (0 = root only; depth 0 always) */
  frequency: number;
  /** simplex iterations per LP */
  iterations: number;
  /** assignments to try, in this order; the trivial ones (all but 'nearest', 'locks') at the root only */
  assignments: readonly FixLpAssignment[];
  /** fix the integers one by one with row-activity propagation in between */
  propagate: boolean;
  /** LP solves allowed per processed node (plus 100 × this at the start) */
  lpBudget: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isRounding = (a: FixLpAssignment): boolean => a === 'nearest' || a === 'locks';

/**
 * Fix-and-LP: fixes every integer column to a value and solves the LP over the continuous columns
 * (ctx.solveLp, iteration-limited, under the cutoff); the first optimal LP gives the point (its
 * continuous values, the integers at their fixed values). Assignments, in order, stopping at the
 * first feasible one: the node LP solution rounded to nearest ('nearest'); rounded in the direction
 * with fewer variable locks ('locks'; a lock-free direction cannot violate a row); at the root only,
 * the trivial points of SCIP / HiGHS — every integer at 0 ('zero'), at its lower bound ('lower'), at
 * its upper bound ('upper'), at the bound in its direction of fewer locks ('lock-bound'); an
 * infinite bound falls back to the domain value nearest 0. Values are clipped to the node's domain;
 * an assignment equal to one already tried at this node is skipped.
 *
 * With `propagate`, the integers are fixed one at a time on a private copy of the node's domain
 * (most certain first: for roundings, smallest rounding distance; else column order), with
 * row-activity propagation after each fixing: a column the propagation already fixed keeps that
 * value, a fixing that propagation refutes is replaced by the other rounding (the other end of the
 * range for trivial points), and the assignment is given up when both are refuted. This makes the
 * integers consistent with each other (e.g. an integer weight and its binary expansion) before
 * the LP, and on a model without continuous columns the propagated point is returned without one
 * (without `propagate` such a model is left to the rounding heuristic). LP solves are limited to
 * `lp-budget` per processed node, like diving's.
 */
export class FixLpHeuristic implements PrimalHeuristic {
  readonly name = 'fix-lp';
  readonly frequency: number;
  private readonly model: Model;
  private readonly iterations: number;
  private readonly assignments: readonly FixLpAssignment[];
  private readonly budget: number;
  private solves = 0;
  /** integer columns */
  private readonly ints: Int32Array;
  private readonly hasContinuous: boolean;
  private readonly downLocks: Int32Array;
  private readonly upLocks: Int32Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly x: Float64Array;
  /** LP values of the integer columns (rounding source) */
  private readonly src: Float64Array;
  /** the assignment being tried (integer values, by position in `ints`) */
  private readonly fix: Float64Array;
  /** the assignments tried at this node, one slot per entry of `assignments` (de-duplication) */
  private readonly tried: Float64Array;
  /** fix-and-propagate: private domain, propagator, its context, fixing order */
  private readonly pdomain: Domain | null;
  private readonly propagator: RowActivityPropagator | null;
  private readonly prop: Mutable<PropagationContext> | null;
  private readonly order: Int32Array;
  private readonly dist: Float64Array;
  private readonly byDist = (p: number, q: number): number => this.dist[p]! - this.dist[q]! || p - q;

  constructor(model: Model, options: FixLpOptions) {
    this.model = model;
    this.frequency = options.frequency;
    this.iterations = options.iterations;
    this.assignments = options.assignments;
    this.budget = options.lpBudget;
    const n = model.numCols;
    let nInt = 0;
    for (let j = 0; j < n; j++) if (model.integrality[j]) nInt++;
    this.ints = new Int32Array(nInt);
    for (let j = 0, k = 0; j < n; j++) if (model.integrality[j]) this.ints[k++] = j;
    this.hasContinuous = nInt < n;
    const locks = variableLocks(model);
    this.downLocks = locks.down;
    this.upLocks = locks.up;
    this.lower = new Float64Array(n);
    this.upper = new Float64Array(n);
    this.x = new Float64Array(n);
    this.src = new Float64Array(nInt);
    this.fix = new Float64Array(nInt);
    this.tried = new Float64Array(Math.max(1, this.assignments.length) * nInt);
    this.order = new Int32Array(nInt);
    this.dist = new Float64Array(nInt);
    if (options.propagate && nInt > 0) {
      this.pdomain = new Domain(model);
      this.propagator = new RowActivityPropagator(model, 4, 1e-3);
      this.prop = { model, domain: this.pdomain, source: -1, cutoff: Infinity, depth: 0, since: 0, pseudocosts: new Pseudocosts(0) };
    } else {
      this.pdomain = null;
      this.propagator = null;
      this.prop = null;
    }
  }

  run(ctx: HeuristicContext): Float64Array | null {
    const nInt = this.ints.length;
    if (nInt === 0) return null;
    for (let k = 0; k < nInt; k++) this.src[k] = ctx.primal[this.ints[k]!]!;
    let count = 0;
    for (const a of this.assignments) {
      if (!isRounding(a) && ctx.depth > 0) continue;
      if (this.hasContinuous && this.solves > this.budget * (ctx.nodeCount + 100)) return null;
      const fix = this.fix;
      this.assign(a, ctx.domain, fix);
      if (this.seen(fix, count)) continue;
      this.tried.set(fix, count * nInt);
      count++;
      if (this.pdomain && !this.fixAndPropagate(ctx, a, fix)) continue;
      if (!this.hasContinuous) {
        // every column is integer: the (propagated) assignment is the point; the framework checks it
        if (this.pdomain) {
          for (let k = 0; k < nInt; k++) this.x[this.ints[k]!] = this.pdomain.lower[this.ints[k]!]!;
          return this.x;
        }
        continue;
      }
      if (this.solveFixed(ctx, fix)) return this.x;
    }
    return null;
  }

  /** Assignment `a` of the integer columns into `fix`, clipped to the node's domain. */
  private assign(a: FixLpAssignment, domain: Domain, fix: Float64Array): void {
    const ints = this.ints;
    for (let k = 0; k < ints.length; k++) {
      const j = ints[k]!;
      const lo = domain.lower[j]!;
      const up = domain.upper[j]!;
      const dl = this.downLocks[j]!;
      const ul = this.upLocks[j]!;
      let v = 0;
      if (isRounding(a)) {
        const s = this.src[k]!;
        v = Math.round(s);
        if (a === 'locks' && Math.abs(s - v) > INTEGRALITY_TOL && dl !== ul) v = dl < ul ? Math.floor(s) : Math.ceil(s);
      } else {
        const dir = a === 'lower' ? -1 : a === 'upper' ? 1 : a === 'lock-bound' ? Math.sign(dl - ul) : 0;
        if (dir < 0 && lo > -Infinity) v = lo;
        else if (dir > 0 && up < Infinity) v = up;
      }
      fix[k] = Math.min(up, Math.max(lo, v));
    }
  }

  /** Whether `fix` equals one of the first `count` assignments tried at this node. */
  private seen(fix: Float64Array, count: number): boolean {
    const nInt = this.ints.length;
    for (let c = 0; c < count; c++) {
      const off = c * nInt;
      let same = true;
      for (let k = 0; k < nInt && same; k++) same = this.tried[off + k] === fix[k];
      if (same) return true;
    }
    return false;
  }

  /**
   * Fixes the integers to `fix` one by one on the private domain (a copy of the node's), with
   * propagation after each; on success the private domain has every integer fixed (its values are
   * in pdomain.lower). Returns false when an integer can take neither its value nor the alternative.
   */
  private fixAndPropagate(ctx: HeuristicContext, a: FixLpAssignment, fix: Float64Array): boolean {
    const d = this.pdomain!;
    const prop = this.prop!;
    const propagator = this.propagator!;
    const model = this.model;
    const n = model.numCols;
    d.undo(0);
    const nlo = ctx.domain.lower;
    const nup = ctx.domain.upper;
    for (let j = 0; j < n; j++) {
      if (nlo[j] !== d.lower[j] || nup[j] !== d.upper[j]) {
        if (d.tighten(j, nlo[j]!, nup[j]!, BoundReason.PROPAGATION, -1) < 0) return false;
      }
    }
    prop.cutoff = ctx.cutoff;
    prop.pseudocosts = ctx.pseudocosts;
    const ints = this.ints;
    const nInt = ints.length;
    const order = this.order;
    for (let k = 0; k < nInt; k++) {
      order[k] = k;
      this.dist[k] = isRounding(a) ? Math.abs(this.src[k]! - fix[k]!) : 0;
    }
    if (isRounding(a)) order.sort(this.byDist);
    for (let p = 0; p < nInt; p++) {
      const k = order[p]!;
      const j = ints[k]!;
      const lo = d.lower[j]!;
      const up = d.upper[j]!;
      if (up - lo <= INTEGRALITY_TOL) continue;
      const v = Math.min(up, Math.max(lo, fix[k]!));
      if (this.fixOne(j, v)) continue;
      // the other rounding of the LP value, or the other end of the range
      let alt: number;
      if (isRounding(a)) alt = this.src[k]! > v ? v + 1 : v - 1;
      else alt = v === lo ? up : lo;
      if (!(alt >= lo && alt <= up) || !Number.isFinite(alt) || !this.fixOne(j, alt)) return false;
    }
    return true;
  }

  /** Fixes column j to v on the private domain and propagates; undoes and returns false on a conflict. */
  private fixOne(j: number, v: number): boolean {
    const d = this.pdomain!;
    const mark = d.mark();
    if (d.tighten(j, v, v, BoundReason.PROPAGATION, -1) >= 0) {
      this.prop!.since = mark;
      if (this.propagator!.propagate(this.prop!) === 'ok') return true;
    }
    d.undo(mark);
    return false;
  }

  /**
   * Solves the LP over the continuous columns with the integers fixed (to the private domain's
   * values, or to the last assignment without propagation). True: this.x holds the point.
   */
  private solveFixed(ctx: HeuristicContext, fix: Float64Array): boolean {
    const lo = this.lower;
    const up = this.upper;
    lo.set(ctx.domain.lower);
    up.set(ctx.domain.upper);
    const ints = this.ints;
    const nInt = ints.length;
    const d = this.pdomain;
    for (let k = 0; k < nInt; k++) {
      const j = ints[k]!;
      const v = d ? d.lower[j]! : fix[k]!;
      lo[j] = v;
      up[j] = v;
    }
    const out = ctx.solveLp(lo, up, this.iterations);
    this.solves++;
    if (out.status !== 'optimal' || !out.primal) return false;
    this.x.set(out.primal);
    for (let k = 0; k < nInt; k++) this.x[ints[k]!] = lo[ints[k]!]!;
    return true;
  }
}

export const fixLpDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'fix-lp',
  description: 'fix the integer columns (rounded LP solution, trivial points) with propagation, solve the LP over the continuous ones',
  priority: 75,
  params: [
    { name: 'frequency', type: 'integer', default: 10, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'iterations', type: 'integer', default: 2000, min: 1, max: 10000000, description: 'simplex iterations per LP' },
    { name: 'nearest', type: 'boolean', default: true, description: 'try the node LP solution rounded to nearest' },
    { name: 'locks', type: 'boolean', default: true, description: 'try the node LP solution rounded in the direction of fewer locks' },
    { name: 'trivial', type: 'boolean', default: true, description: 'at the root, try every integer at 0, at its lower bound, at its upper bound, at its bound of fewer locks' },
    { name: 'propagate', type: 'boolean', default: true, description: 'fix the integers one by one with row-activity propagation in between' },
    { name: 'lp-budget', type: 'real', default: 0.2, min: 0, max: 1000, description: 'LP solves allowed per processed node (plus 100 × this at the start)' },
  ],
  create: (env: PluginEnv) =>
    new FixLpHeuristic(env.model, {
      frequency: env.num('frequency'),
      iterations: env.num('iterations'),
      assignments: FIX_LP_ASSIGNMENTS.filter((a) => (isRounding(a) ? env.bool(a) : env.bool('trivial'))),
      propagate: env.bool('propagate'),
      lpBudget: env.num('lp-budget'),
    }),
};
