import { IncumbentStore } from '../bnb/incumbent-store.js';
import { rootNode, type OpenNode } from '../bnb/open-node.js';
import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { HeuristicContext, SolveContext } from '../bnb/plugins.js';
import { Search, type SearchControl } from '../bnb/search.js';
import type { Model } from '../model/model.js';
import { budgetOptions, budgetParams, TimeSharedNnHeuristic, type BudgetOptions } from './nn-heuristic-budget.js';
import type { PatternCandidate } from './nn-pattern-search.js';
import { NnSubSearch, openEngineSubMip, subSearchIncumbent } from './nn-sub-search.js';
import { trainSte } from './nn-ste-trainer.js';
import { forcedErrors } from './nn-pattern-layers.js';
import type { NnView } from './nn-view.js';

export interface NeuronLadderOptions extends BudgetOptions {
  /** nodes of a rung's sub-MIP per call (the time limit grows per visit; see `growth`) */
  nodeLimit: number;
  /** a rung visited again gets this factor more time and nodes than its last visit */
  growth: number;
  /** seconds of one call at most (the growth stops there) */
  maxCallTime: number;
  /** seconds of the gradient trainer on a rung's first visit */
  steTimeLimit: number;
}

/** One rung: hidden layer `layer` (view index) with at most `live` neurons alive (neurons live..width-1 dead). */
export interface LadderRung {
  layer: number;
  live: number;
  /** kill-switch columns forced to 0 on this rung */
  deadKills: Int32Array;
  /** visits so far */
  visits: number;
  /** its sub-MIP was searched to the end under the cutoff of that time: nothing better lives on it */
  closed: boolean;
  /** the best objective found on it (Infinity: none) */
  best: number;
}

/**
 * The rungs of the neuron-count ladder of a network model: for every hidden layer whose neurons
 * all have kill-switches, k = 1 … width−1 live neurons (the full width is the main search, zero
 * live neurons the trivial network). The kill-switch ordering rows (k_i ≥ k_{i+1}) make "at most k
 * live" the same as "neurons k … width−1 dead"; without them the restriction is still valid (it
 * only narrows the search to one labelling).
 */
export function ladderRungs(view: NnView): LadderRung[] {
  const rungs: LadderRung[] = [];
  for (const L of view.layers) {
    if (L.isOutput || L.width < 2) continue;
    if (L.neurons.some((nr) => nr.killCol < 0)) continue;
    for (let k = 1; k < L.width; k++) {
      const dead = L.neurons.slice(k).map((nr) => nr.killCol);
      rungs.push({ layer: L.index, live: k, deadKills: Int32Array.from(dead), visits: 0, closed: false, best: Infinity });
    }
  }
  return rungs;
}

/** The rung's incumbent store: only networks on the rung (its dead neurons' kill-switches at 0) are kept — the sub-search's own heuristics may propose others. */
class RungStore extends IncumbentStore {
  dead: Int32Array = new Int32Array(0);

  override offer(x: ArrayLike<number>, source: string): boolean {
    for (const k of this.dead) if (Math.round(x[k]!) !== 0) return false;
    return super.offer(x, source);
  }
}

/**
 * The primal side of the neuron-count ladder (nn-neuron-ladder). With neuron penalties the
 * objective is dominated by the number of live neurons, yet the main search starts from networks
 * with every neuron alive and rarely looks at smaller ones. This heuristic searches the rungs
 * "at most k live neurons in hidden layer ℓ": each call takes one rung — the open rung with the
 * fewest visits, smallest k first, skipping rungs whose neuron penalties alone reach the cutoff —
 * and runs a depth-first sub-MIP (the engine's own Search, its own NodeProcessor on the whole model,
 * the default plugins, under the incumbent's cutoff) from a root with the dead neurons'
 * kill-switches at 0. A rung searched to its end is closed (nothing better than the cutoff of that
 * time lives on it, so it stays closed when the incumbent improves); a rung stopped by its limits
 * is revisited later with `growth` times the time and nodes. Every network found is checked by the
 * framework like any heuristic point. Calls are taken within `max-share` of the wall time.
 */
export class NnNeuronLadderHeuristic extends TimeSharedNnHeuristic<NeuronLadderOptions> {
  readonly name = 'nn-neuron-ladder';
  readonly rungs: LadderRung[];
  private readonly sub = new NnSubSearch<RungStore>((ctx) => {
    const { plugins, options } = openEngineSubMip(ctx.model, ctx.lpFactory, 'depth-first');
    return { plugins, options, store: new RungStore(ctx.model) };
  });
  private readonly best: Float64Array;
  private readonly root: OpenNode;
  /** sub-MIP nodes over all calls */
  nodes = 0;
  private readonly classCounts: Float64Array;
  /** the smallest objective cost of one misclassified sample (xor: its target output at 0; zero-one: its e_n); 0 when unknown */
  private readonly errorCost: number;

  constructor(model: Model, opts: NeuronLadderOptions) {
    super(model, opts);
    this.rungs = this.view ? ladderRungs(this.view) : [];
    const v = this.view;
    this.classCounts = new Float64Array(v ? v.classes : 0);
    let cost = Infinity;
    if (v && !v.labels.some((y) => y < 0)) {
      for (const y of v.labels) this.classCounts[y]!++;
      const out = v.layers[v.layers.length - 1]!;
      for (let n = 0; n < v.samples; n++) {
        const c = v.loss === 'xor' ? (out.neurons[v.labels[n]!]?.activationCols[n] ?? -1) : v.loss === 'zero-one' ? v.lossCols[n]! : -1;
        // xor: the target output's cost is −w (loss w·(1 − a)); zero-one: e_n's cost is w
        cost = Math.min(cost, c < 0 ? 0 : Math.max(0, v.loss === 'xor' ? -model.colCost[c]! : model.colCost[c]!));
      }
    }
    this.errorCost = Number.isFinite(cost) ? cost : 0;
    const n = this.view ? model.numCols : 0;
    this.best = new Float64Array(n);
    let maxDead = 0;
    for (const r of this.rungs) maxDead = Math.max(maxDead, r.deadKills.length);
    this.root = rootNode(-Infinity, maxDead);
  }

  override initSolve(ctx: SolveContext): boolean {
    if (this.rungs.length === 0 || ctx.model.sense !== 'minimize') return false;
    if (!super.initSolve(ctx)) return false;
    this.sub.begin(ctx);
    return true;
  }

  /** Statistics: rungs, closed rungs, sub-MIP nodes. */
  statistics(): Record<string, number> {
    return { rungs: this.rungs.length, closedRungs: this.rungs.filter((r) => r.closed).length, nodes: this.nodes };
  }

  /**
   * The cheapest objective a network on the rung can have, from the architecture alone: the errors
   * its 2^k patterns force (forcedErrors) at the smallest cost of one error (0 where unknown).
   */
  private rungFloor(r: LadderRung): number {
    return forcedErrors(this.classCounts, r.live) * this.errorCost;
  }

  /**
   * The next rung to visit: open, not priced out by the cutoff, below the incumbent's live count in
   * its layer (`incumbent`: the best network's column values; the rungs at or above it hold the
   * incumbent, and the main search is there already), fewest visits, then fewest live neurons.
   */
  nextRung(cutoff: number, incumbent?: ArrayLike<number>): LadderRung | null {
    let pick: LadderRung | null = null;
    for (const r of this.rungs) {
      if (r.closed) continue;
      if (this.rungFloor(r) >= cutoff) continue;
      if (incumbent && r.live >= this.liveIn(r.layer, incumbent)) continue;
      if (!pick || r.visits < pick.visits || (r.visits === pick.visits && r.live < pick.live)) pick = r;
    }
    return pick;
  }

  /** Live neurons of hidden layer `layer` (view index) in a point: its kill-switches at 1. */
  private liveIn(layer: number, x: ArrayLike<number>): number {
    let live = 0;
    for (const nr of this.view!.layers[layer]!.neurons) if (x[nr.killCol]! > 0.5) live++;
    return live;
  }

  protected improve(ctx: HeuristicContext, deadline: number): PatternCandidate | null | undefined {
    const rung = this.nextRung(ctx.cutoff, ctx.incumbentSolution?.x);
    if (!rung) return undefined;
    if (rung.visits === 0) {
      rung.visits++;
      return this.gradientRung(rung, ctx.cutoff);
    }
    const proc = this.sub.get();
    if (!proc) return undefined;
    const store = this.sub.store!;
    const scale = this.opts.growth ** (rung.visits - 1);
    rung.visits++;
    // the call's limit grows with the rung's visits up to max-call-time (the time share bounds the total), within the solve's time
    const seconds = Math.min(this.opts.maxCallTime, this.opts.timeLimit * scale);
    const hardEnd = Math.min(deadline + (seconds - this.opts.timeLimit) * 1000, performance.now() + ctx.timeLeft() * 1000);
    const root = this.root;
    root.count = rung.deadKills.length;
    for (let c = 0; c < root.count; c++) {
      root.cols[c] = rung.deadKills[c]!;
      root.lower[c] = 0;
      root.upper[c] = 0;
    }
    proc.resetSearchState();
    store.dead = rung.deadKills;
    store.reset(subSearchIncumbent(proc, ctx.cutoff, ctx.incumbentSolution?.objective ?? Infinity), true);
    const selector = this.sub.plugins!.selector;
    const search = new Search(proc, { compare: selector.compare, plunge: selector.plunge, plungeDepth: Number.MAX_SAFE_INTEGER });
    search.add(root);
    let stopped = false;
    const nodeLimit = Math.max(1, Math.round(this.opts.nodeLimit * scale));
    const control: SearchControl = {
      check: (sr) => {
        if (sr.openCount === 0) return undefined;
        const now = performance.now();
        if (sr.nodes >= nodeLimit || (sr.nodes > 0 && now > hardEnd)) {
          stopped = true;
          return 'stopped';
        }
        proc.setLpTimeLimit(Math.max(0.01, (hardEnd - now) / 1000));
        return undefined;
      },
    };
    const why = search.run(control);
    if (why === 'lp-time-limit' || why === 'unbounded') stopped = true;
    this.nodes += search.nodes;
    // searched to its end: nothing better than the cutoff lives on this rung (it stays so as the incumbent improves)
    if (!stopped && why === 'exhausted' && search.unproven.value >= proc.cutoffFor(store.value) - 1e-9) rung.closed = true;
    const found = store.found > 0 ? store.solution : null;
    if (!found) return null;
    rung.best = Math.min(rung.best, found.objective);
    this.best.set(found.x);
    return { x: this.best, objective: found.objective };
  }

  /**
   * A rung's first visit: the gradient trainer (nn-ste-trainer.ts) on the architecture with the
   * rung's dead neurons held at 0, its pattern LP-fitted, then the local search.
   */
  private gradientRung(rung: LadderRung, cutoff: number): PatternCandidate | null {
    const v = this.view!;
    const s = this.search!;
    const dead = v.layers.map((L) => (L.index === rung.layer ? Uint8Array.from({ length: L.width }, (_, i) => (i >= rung.live ? 1 : 0)) : undefined));
    const t = trainSte(v, { restarts: 24, epochs: 400, seed: this.opts.seed, timeLimit: this.opts.steTimeLimit, dead });
    const c = s.fit(t.params, false);
    if (!c) return null;
    const r = s.improve(c.x, c.objective, 16, 0.1, this.opts.timeLimit);
    let onRung = true;
    for (const k of rung.deadKills) if (Math.round(r.x[k]!) !== 0) onRung = false;
    if (onRung) rung.best = Math.min(rung.best, r.objective);
    if (!(r.objective < cutoff)) return null;
    this.best.set(r.x);
    return { x: this.best, objective: r.objective };
  }

  override exitSolve(): void {
    try {
      this.sub.close();
    } finally {
      super.exitSolve();
    }
  }
}

export const nnNeuronLadderDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-neuron-ladder',
  description: 'NN: the neuron-count ladder, primal side — on "at most k live neurons" below the incumbent\'s count: the gradient warm start with the other neurons dead, then depth-first sub-MIPs with their kill-switches at 0, revisited with more time',
  priority: 80,
  params: [
    ...budgetParams({ timeLimit: 1, maxShare: 0.3 }),
    { name: 'node-limit', type: 'integer', default: 300, min: 1, max: 100000000, description: 'sub-MIP nodes of a rung\'s first visit' },
    { name: 'growth', type: 'real', default: 2, min: 1, max: 100, description: 'a revisited rung gets this factor more time and nodes than its last visit' },
    { name: 'max-call-time', type: 'real', default: 8, min: 0.01, max: 3600, description: 'seconds of one call at most (the growth stops there)' },
    { name: 'ste-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds of the gradient trainer on a rung\'s first visit' },
  ],
  create: (env: PluginEnv) =>
    new NnNeuronLadderHeuristic(env.model, {
      ...budgetOptions(env),
      nodeLimit: env.num('node-limit'),
      growth: env.num('growth'),
      maxCallTime: env.num('max-call-time'),
      steTimeLimit: env.num('ste-time-limit'),
    }),
};
