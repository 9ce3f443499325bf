import { IncumbentStore } from '../bnb/incumbent-store.js';
import { depthFirstSelector } from '../bnb/node-selectors.js';
import { rootNode, type OpenNode } from '../bnb/open-node.js';
import { PluginRegistry, type PluginDescriptor, type PluginEnv } from '../bnb/plugin-registry.js';
import { PluginSet } from '../bnb/plugin-set.js';
import type { HeuristicContext, SolveContext } from '../bnb/plugins.js';
import { reducedCostDescriptor } from '../bnb/propagator-reduced-cost.js';
import { rowActivityDescriptor } from '../bnb/propagator-row-activity.js';
import { Search, type SearchControl } from '../bnb/search.js';
import { FEASIBILITY_TOL } from '../bnb/tolerances.js';
import type { Model } from '../model/model.js';
import { nnBoundsDescriptor } from './nn-bounds-propagator.js';
import { nnPseudocostDescriptor } from './nn-branching-pseudocost.js';
import { readParams } from './nn-forward-pass.js';
import { budgetOptions, budgetParams, TimeSharedNnHeuristic, type BudgetOptions } from './nn-heuristic-budget.js';
import { nnLpFitDescriptor } from './nn-heuristic-lp-fit.js';
import { nnPatternGroupsDescriptor } from './nn-pattern-groups-propagator.js';
import type { PatternCandidate } from './nn-pattern-search.js';
import { NnSubSearch, subSearchIncumbent } from './nn-sub-search.js';

export interface NeighbourhoodOptions extends BudgetOptions {
  /** nodes of the sub-MIP per call */
  nodeLimit: number;
  /** probability that a call frees one hidden neuron (and the later layers) on every sample instead of a set of samples */
  neuronShare: number;
  /** initial fraction of the samples whose pattern is freed, misclassified ones first (adapted per call) */
  freeFraction: number;
}

/**
 * The sub-search's plugins, run with the framework's lifecycle: propagation (rows, network bounds,
 * pattern groups, reduced costs), pseudocost branching without strong-branching probes (the sub-MIP
 * is small and its time short), LP-fit at every node, depth-first node selection.
 */
function openSubSearchPlugins(ctx: SolveContext): PluginSet {
  const registry = new PluginRegistry();
  for (const d of [rowActivityDescriptor, nnBoundsDescriptor, nnPatternGroupsDescriptor, reducedCostDescriptor, nnLpFitDescriptor, nnPseudocostDescriptor, depthFirstSelector]) {
    registry.register(d as PluginDescriptor, { kind: 'core' });
  }
  const resolved = registry.resolveParams({
    'branching/nn-pseudocost/lookahead': 0,
    'heuristic/nn-lp-fit/frequency': 1,
    'heuristic/nn-lp-fit/lp-time-limit': 2,
  });
  return PluginSet.open(registry, ctx.model, resolved, { branching: 'nn-pseudocost', nodeSelection: 'depth-first' }, { lpFactory: ctx.lpFactory, role: 'sub-mip' });
}

/** The sub-search's incumbent store: an integral LP point is first polished (its continuous part re-solved). */
class PolishingStore extends IncumbentStore {
  constructor(
    model: Model,
    private readonly polish: (x: Float64Array) => PatternCandidate | null,
  ) {
    super(model);
  }

  override offer(x: ArrayLike<number>, source: string): boolean {
    if (source !== 'lp') return super.offer(x, source);
    // the LP point with its integer columns rounded can miss the rows by round-off times a big-M:
    // re-solve the continuous part with every integer column fixed (only when it could improve)
    if (!(this.sign * this.model.objectiveOf(x) < this.value)) return false;
    const y = this.polish(Float64Array.from(x));
    return y !== null && super.offer(y.x, source);
  }
}

const MIN_FREE = 0.01;
const MAX_FREE = 0.9;

/**
 * Large-neighbourhood search on the activation pattern (RINS/RENS-like, with mipnet's own
 * branch-and-bound as the sub-solver). Each call starts from the search's incumbent
 * (HeuristicContext.incumbentSolution) and frees part of its pattern (activation binaries of every layer,
 * loss indicators), keeping the rest fixed at the point's values:
 * - samples (probability 1 − `neuron-share`): the pattern of ⌈f·N⌉ samples, the misclassified ones
 *   first, then seeded random correct ones; `f` adapts — a neighbourhood searched to the end
 *   without improvement grows it (×1.5), one stopped by a limit shrinks it;
 * - neuron: one random hidden neuron and every neuron of the later layers, on every sample.
 * The sub-MIP is searched by the engine's own Search, depth-first, on a NodeProcessor of its own
 * (node LPs over the whole model, on the solve's LP backend; row, network-bound, pattern-group and
 * reduced-cost propagation, so the fixed samples become half-spaces on the weights; pseudocost
 * branching without probes; LP-fit at every node) for at most `node-limit` nodes and `time-limit`
 * seconds under the incumbent's cutoff; an integral LP point is polished by an LP with every
 * integer column fixed. The root node is left to the
 * construction heuristics; later calls are taken while the heuristic has used at most `max-share`
 * of the wall time since the search started. Deterministic for a fixed seed while the node limit
 * (not the time limit) ends each sub-search. No-op on models without network structure.
 */
export class NnNeighbourhoodHeuristic extends TimeSharedNnHeuristic<NeighbourhoodOptions> {
  readonly name = 'nn-neighbourhood';
  private readonly sub = new NnSubSearch<PolishingStore>((ctx) => ({ plugins: openSubSearchPlugins(ctx), store: new PolishingStore(this.model, (x) => this.polish(x)) }));
  // buffers (allocated once)
  private readonly perSample: Float64Array;
  private readonly free: Uint8Array;
  private readonly order: Int32Array;
  private readonly freeNeuron: Uint8Array;
  /** neurons of the hidden layers (global ids 0 .. hiddenNeurons-1) */
  private readonly hiddenNeurons: number;
  private readonly best: Float64Array;
  private readonly polishCols: Int32Array;
  private readonly polishVals: Float64Array;
  private readonly root: OpenNode;
  private fraction: number;
  /** sub-MIP nodes over all calls */
  nodes = 0;

  constructor(model: Model, opts: NeighbourhoodOptions) {
    super(model, opts);
    const v = this.view;
    this.fraction = opts.freeFraction;
    const n = v ? model.numCols : 0;
    const N = v ? v.samples : 0;
    this.perSample = new Float64Array(N);
    this.free = new Uint8Array(N);
    this.order = new Int32Array(N);
    this.freeNeuron = new Uint8Array(v ? v.neuronCount : 0);
    this.hiddenNeurons = v ? v.layerStart[v.layers.length - 1]! : 0;
    this.best = new Float64Array(n);
    this.polishCols = new Int32Array(n);
    this.polishVals = new Float64Array(n);
    this.root = rootNode(-Infinity, n);
  }

  override initSolve(ctx: SolveContext): boolean {
    if (!super.initSolve(ctx)) return false;
    this.sub.begin(ctx);
    return true;
  }

  protected improve(ctx: HeuristicContext, deadline: number): PatternCandidate | null | undefined {
    // the root belongs to the construction heuristics and the tree's first propagation; the first
    // call comes `frequency` nodes later (frequency 0: root only)
    if (ctx.depth === 0 && this.frequency > 0) return undefined;
    const start = ctx.incumbentSolution;
    if (!start) return undefined;
    const proc = this.sub.get();
    if (!proc) return undefined;
    const store = this.sub.store!;
    const neuronMode = this.hiddenNeurons > 0 && this.rng.next() < this.opts.neuronShare;
    this.buildNeighbourhood(start.x, neuronMode);
    // ---- depth-first sub-search under the incumbent
    proc.resetSearchState();
    store.reset(subSearchIncumbent(proc, ctx.cutoff, start.objective), true);
    const selector = this.sub.plugins!.selector;
    const search = new Search(proc, { compare: selector.compare, plunge: selector.plunge, plungeDepth: Number.MAX_SAFE_INTEGER });
    search.add(this.root);
    let stopped = false;
    const nodeLimit = this.opts.nodeLimit;
    const control: SearchControl = {
      check: (sr) => {
        if (sr.openCount === 0) return undefined;
        const now = performance.now();
        if (sr.nodes >= nodeLimit || (sr.nodes > 0 && now > deadline)) {
          stopped = true;
          return 'stopped';
        }
        proc.setLpTimeLimit(Math.max(0.01, (deadline - now) / 1000));
        return undefined;
      },
    };
    if (search.run(control) === 'lp-time-limit') stopped = true;
    this.nodes += search.nodes;
    const found = store.found > 0 ? store.solution : null;
    // ---- adapt the size of the sample neighbourhood (the neuron one has none)
    if (!found && !neuronMode) this.fraction = stopped ? Math.max(MIN_FREE, this.fraction / 1.5) : Math.min(MAX_FREE, this.fraction * 1.5);
    if (!found) return null;
    this.best.set(found.x);
    return { x: this.best, objective: found.objective };
  }

  /**
   * `x` with its integer columns fixed (rounded) and the continuous ones re-optimised by LP, or,
   * when that LP fails, the LP-fit of the forward-pass pattern of its network; checked against the
   * model (null when neither is feasible).
   */
  private polish(x: Float64Array): PatternCandidate | null {
    const m = this.model;
    const cols = this.polishCols;
    const vals = this.polishVals;
    let c = 0;
    for (let j = 0; j < m.numCols; j++) {
      if (!m.integrality[j]) continue;
      cols[c] = j;
      vals[c++] = Math.round(x[j]!);
    }
    const y = this.fit!.solve(cols, vals, c);
    if (y && m.maxViolation(y).value <= FEASIBILITY_TOL) return { x: y, objective: this.search!.objectiveOf(y) };
    const z = this.search!.fitFrom(x, m.colLower, m.colUpper, false);
    if (z && m.maxViolation(z.x).value <= FEASIBILITY_TOL) return z;
    return null;
  }

  /**
   * Root of the sub-MIP: the pattern (activations of every layer, integer loss indicators) of the
   * kept samples fixed at their values in `x`. ⌈f·N⌉ samples are free: the misclassified ones
   * first (a random subset of them when they are more), then random correct ones.
   */
  private buildNeighbourhood(x: Float64Array, neuronMode: boolean): void {
    const v = this.view!;
    const m = this.model;
    const N = v.samples;
    // the search's forward pass and parameter buffers (free between its own calls)
    const s = this.search!;
    readParams(v, x, m.colLower, m.colUpper, s.params);
    s.fwd.run(s.params, false);
    s.fwd.error(this.perSample);
    const order = this.order;
    let wrong = 0;
    for (let n = 0; n < N; n++) if (this.perSample[n]! > 1e-9) order[wrong++] = n;
    let right = wrong;
    for (let n = 0; n < N; n++) if (!(this.perSample[n]! > 1e-9)) order[right++] = n;
    const F = neuronMode ? 0 : Math.min(N, Math.max(1, Math.ceil(this.fraction * N)));
    // partial Fisher–Yates: the first F of `order` become the free samples
    this.free.fill(0);
    const freeNeuron = this.freeNeuron;
    freeNeuron.fill(0);
    if (neuronMode) {
      // one random hidden neuron and every neuron of the later layers, on every sample
      const g = this.rng.int(this.hiddenNeurons);
      const l = v.neuronLayer[g]!;
      freeNeuron[g] = 1;
      for (let h = v.layerStart[l + 1]!; h < v.neuronCount; h++) freeNeuron[h] = 1;
    }
    for (let k = 0; k < F; k++) {
      const lo = k < wrong ? k : Math.max(k, wrong);
      const hi = k < wrong ? wrong : N;
      const j = lo + this.rng.int(hi - lo);
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
      this.free[order[k]!] = 1;
    }
    const root = this.root;
    let c = 0;
    for (const L of v.layers) {
      for (let i = 0; i < L.width; i++) {
        if (freeNeuron[v.layerStart[L.index]! + i]) continue;
        const nr = L.neurons[i]!;
        for (let n = 0; n < N; n++) {
          const a = nr.activationCols[n]!;
          if (a < 0 || this.free[n]) continue;
          root.cols[c] = a;
          root.lower[c] = root.upper[c] = x[a]!;
          c++;
        }
      }
    }
    for (let n = 0; !neuronMode && n < N; n++) {
      const e = v.lossCols[n]!;
      if (e < 0 || this.free[n] || !m.integrality[e]) continue;
      root.cols[c] = e;
      root.lower[c] = root.upper[c] = x[e]!;
      c++;
    }
    root.count = c;
  }

  override exitSolve(): void {
    try {
      this.sub.close();
    } finally {
      super.exitSolve();
    }
  }
}

export const nnNeighbourhoodDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-neighbourhood',
  description: 'NN: sub-MIP around the best point (own depth-first search): the pattern of some samples, misclassified first, or of one hidden neuron freed, the rest fixed',
  priority: 75,
  params: [
    ...budgetParams({ timeLimit: 2, maxShare: 0.3 }),
    { name: 'node-limit', type: 'integer', default: 500, min: 1, max: 100000000, description: 'sub-MIP nodes per call' },
    { name: 'free-fraction', type: 'real', default: 0.3, min: 0, max: 1, description: 'initial fraction of the samples whose pattern is freed, misclassified first (adapted)' },
    { name: 'neuron-share', type: 'real', default: 0.5, min: 0, max: 1, description: 'probability that a call frees one hidden neuron and the later layers on every sample instead of a set of samples' },
  ],
  create: (env: PluginEnv) =>
    new NnNeighbourhoodHeuristic(env.model, {
      ...budgetOptions(env),
      nodeLimit: env.num('node-limit'),
      freeFraction: env.num('free-fraction'),
      neuronShare: env.num('neuron-share'),
    }),
};
