import type { ParamSpec, PluginEnv } from '../bnb/plugin-registry.js';
import type { HeuristicContext, PrimalHeuristic, SolveContext } from '../bnb/plugins.js';
import { Rng } from '../data/rng.js';
import type { Model } from '../model/model.js';
import type { NnLpFit } from './nn-lp-fit.js';
import { NnPatternSearch, type PatternCandidate } from './nn-pattern-search.js';
import { sharedLpFit } from './nn-shared-lp-fit.js';
import { getNnView, type NnView } from './nn-view.js';

/**
 * Time budget of an improvement heuristic that runs for seconds at a time: a call is allowed while
 * the seconds spent in calls stay within `share` of the wall time since the budget was created
 * (the first call is always allowed), so the heuristic can never take more than about that share
 * of the search (plus one call's time limit).
 */
export class TimeShare {
  private readonly created = performance.now();
  /** seconds spent in recorded calls */
  spent = 0;
  /** recorded calls */
  calls = 0;

  constructor(private readonly share: number) {}

  /** Whether a call starting at `now` (performance.now()) is within the share. */
  allows(now: number): boolean {
    return this.calls === 0 || this.spent <= this.share * ((now - this.created) / 1000);
  }

  /** Records a call that started at `t0` (performance.now()) and ends now. */
  record(t0: number): void {
    this.spent += (performance.now() - t0) / 1000;
    this.calls++;
  }
}

/** The scheduling options every time-shared NN improvement heuristic reads. */
export interface BudgetOptions {
  /** consider a call every this many nodes (0 = root only); the time share decides */
  frequency: number;
  /** wall seconds per call */
  timeLimit: number;
  /** at most this share of the wall time since the heuristic was created goes into it */
  maxShare: number;
  seed: number;
}

/** Parameter specs of BudgetOptions (`frequency`, `time-limit`, `max-share`, `seed`) with the given defaults. */
export function budgetParams(d: { timeLimit: number; maxShare: number }): ParamSpec[] {
  return [
    { name: 'frequency', type: 'integer', default: 10, min: 0, max: 1000000, description: 'consider a call every this many nodes (0 = root only); max-share decides' },
    { name: 'time-limit', type: 'real', default: d.timeLimit, min: 0.01, max: 3600, description: 'seconds per call' },
    { name: 'max-share', type: 'real', default: d.maxShare, min: 0, max: 1, description: 'share of the search time this heuristic may take' },
    { name: 'seed', type: 'integer', default: 1, min: 0, max: 2147483647, description: 'seed of the random choices' },
  ];
}

/** BudgetOptions from a plugin's resolved parameters (declared with budgetParams). */
export function budgetOptions(env: PluginEnv): BudgetOptions {
  return { frequency: env.num('frequency'), timeLimit: env.num('time-limit'), maxShare: env.num('max-share'), seed: env.num('seed') };
}

/**
 * Base of the time-shared NN improvement heuristics: the model's NN view (null: inactive), the
 * seeded Rng, the solve's shared LP-fit and an NnPatternSearch over it (from initSolve), and the call
 * protocol — `run` skips calls beyond the time share (and at a root whose LP meets the cutoff),
 * lets `improve` search, and records the time.
 */
export abstract class TimeSharedNnHeuristic<O extends BudgetOptions> implements PrimalHeuristic {
  abstract readonly name: string;
  readonly frequency: number;
  protected readonly model: Model;
  protected readonly view: NnView | null;
  protected readonly opts: O;
  protected readonly rng: Rng;
  protected fit: NnLpFit | undefined;
  protected search: NnPatternSearch | undefined;
  private readonly budget: TimeShare;
  /** calls that searched, and those that improved on their start */
  searches = 0;
  improvements = 0;

  /** `usable`: whether this heuristic applies to the view (e.g. only integer parameters) */
  constructor(model: Model, opts: O, usable: (view: NnView) => boolean = () => true) {
    this.model = model;
    this.opts = opts;
    const view = getNnView(model);
    this.view = view && usable(view) ? view : null;
    this.frequency = this.view ? opts.frequency : 0;
    this.rng = new Rng(opts.seed);
    this.budget = new TimeShare(opts.maxShare);
  }

  /** Inactive without network structure (or when it does not apply); else takes the solve's shared LP-fit. */
  initSolve(ctx: SolveContext): boolean {
    if (!this.view) return false;
    this.fit = sharedLpFit(ctx, this.opts.timeLimit);
    this.search = new NnPatternSearch(this.view, this.fit, this.opts.seed);
    return true;
  }

  run(ctx: HeuristicContext): Float64Array | null {
    if (!this.view || !this.search) return null;
    // the root LP already meets the cutoff: the search is over
    if (ctx.depth === 0 && ctx.lpObjective >= ctx.cutoff) return null;
    const t0 = performance.now();
    if (!this.budget.allows(t0)) return null;
    const r = this.improve(ctx, t0 + this.opts.timeLimit * 1000);
    if (r === undefined) return null;
    this.searches++;
    if (r) this.improvements++;
    this.budget.record(t0);
    return r ? r.x : null;
  }

  /**
   * One call's search until `deadline` (performance.now() units): an improving feasible point
   * (a buffer of this heuristic), null when none was found, undefined when nothing was searched.
   */
  protected abstract improve(ctx: HeuristicContext, deadline: number): PatternCandidate | null | undefined;

  /** The shared LP-fit belongs to the solve (the framework disposes it). */
  exitSolve(): void {
    this.fit = undefined;
    this.search = undefined;
  }
}
