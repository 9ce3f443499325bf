import { BoundReason } from '../bnb/bound-reason.js';
import { FEASIBILITY_TOL } from '../bnb/tolerances.js';
import { NodeProcessor } from '../bnb/node-processor.js';
import type { OpenNode } from '../bnb/open-node.js';
import { PluginRegistry, type PluginDescriptor, type PluginEnv } from '../bnb/plugin-registry.js';
import type { HeuristicContext } from '../bnb/plugins.js';
import { reducedCostDescriptor } from '../bnb/propagator-reduced-cost.js';
import { rowActivityDescriptor } from '../bnb/propagator-row-activity.js';
import { createHighsLpSolver } from '../lp/highs-lp.js';
import type { Model } from '../model/model.js';
import { nnBoundsDescriptor } from './nn-bounds-propagator.js';
import { nnPseudocostDescriptor } from './nn-branching-pseudocost.js';
import { readParams } from './nn-forward-pass.js';
import { budgetOptions, budgetParams, TimeSharedNnHeuristic, type BudgetOptions } from './nn-heuristic-budget.js';
import { NnLpFitHeuristic } from './nn-heuristic-lp-fit.js';
import { highsRuntime } from './nn-highs-runtime.js';
import { nnPatternGroupsDescriptor } from './nn-pattern-groups-propagator.js';
import type { PatternCandidate } from './nn-pattern-search.js';

export interface NeighbourhoodOptions extends BudgetOptions {
  /** nodes of the sub-MIP per call */
  nodeLimit: number;
  /** probability that a call frees one hidden neuron (and the later layers) on every sample instead of a set of samples */
  neuronShare: number;
  /** initial fraction of the samples whose pattern is freed, misclassified ones first (adapted per call) */
  freeFraction: number;
}

/** The sub-search's plugins: propagation (rows, network bounds, pattern groups, reduced costs), cheap branching. */
function subSearchPlugins(): { registry: PluginRegistry; resolved: ReturnType<PluginRegistry['resolveParams']> } {
  const registry = new PluginRegistry();
  registry.register(rowActivityDescriptor);
  registry.register(nnBoundsDescriptor);
  registry.register(nnPatternGroupsDescriptor);
  registry.register(reducedCostDescriptor);
  registry.register(nnPseudocostDescriptor);
  // pseudocosts without strong-branching probes: the sub-MIP is small and its time short
  return { registry, resolved: registry.resolveParams({ 'branching/nn-pseudocost/lookahead': 0 }) };
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
 * The sub-MIP is searched depth-first by a NodeProcessor of its own (node LPs over the whole model;
 * row, network-bound, pattern-group and reduced-cost propagation, so the fixed samples become
 * half-spaces on the weights; pseudocost branching without probes; LP-fit at every node) for at
 * most `node-limit` nodes and `time-limit` seconds under the incumbent's cutoff; an integral LP
 * point is polished by an LP with every integer column fixed. The root node is left to the
 * construction heuristics; later calls are taken while the heuristic has used at most `max-share`
 * of the wall time since the search started. Deterministic for a fixed seed while the node limit
 * (not the time limit) ends each sub-search. No-op on models without network structure.
 */
export class NnNeighbourhoodHeuristic extends TimeSharedNnHeuristic<NeighbourhoodOptions> {
  readonly name = 'nn-neighbourhood';
  private processor: NodeProcessor | undefined;
  private inner: NnLpFitHeuristic | undefined;
  private failed = false;
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
  private readonly stack: OpenNode[] = [];
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
    this.root = {
      id: 0,
      parentId: -1,
      depth: 0,
      lowerBound: -Infinity,
      estimate: -Infinity,
      count: 0,
      cols: new Int32Array(n),
      lower: new Float64Array(n),
      upper: new Float64Array(n),
      reasons: new Uint8Array(n).fill(BoundReason.BRANCHING),
      sources: new Int16Array(n).fill(-1),
      branchCol: -1,
      branchDir: 0,
      branchDistance: 0,
      parentObjective: NaN,
    };
  }

  /** The sub-search's node processor (created on first use; undefined without HiGHS). */
  private subProcessor(): NodeProcessor | undefined {
    if (this.processor || this.failed) return this.processor;
    const h = highsRuntime();
    if (!h) return undefined; // still loading (solveModel awaits it before the search)
    const { registry, resolved } = subSearchPlugins();
    const lp = createHighsLpSolver(h);
    try {
      this.inner = new NnLpFitHeuristic(this.model, 1, 2);
      this.processor = new NodeProcessor(this.model, lp, {
        branching: registry.create('branching', 'nn-pseudocost', this.model, resolved),
        propagators: registry.createEnabled('propagator', this.model, resolved),
        heuristics: [this.inner],
      });
    } catch {
      lp.dispose();
      this.inner?.dispose();
      this.inner = undefined;
      this.failed = true;
    }
    return this.processor;
  }

  protected improve(ctx: HeuristicContext, deadline: number): PatternCandidate | null | undefined {
    // the root belongs to the construction heuristics and the tree's first propagation; the first
    // call comes `frequency` nodes later (frequency 0: root only)
    if (ctx.depth === 0 && this.frequency > 0) return undefined;
    const start = ctx.incumbentSolution;
    if (!start) return undefined;
    const proc = this.subProcessor();
    if (!proc) return undefined;
    const startObj = start.objective;
    const neuronMode = this.hiddenNeurons > 0 && this.rng.next() < this.opts.neuronShare;
    this.buildNeighbourhood(start.x, neuronMode);
    // ---- depth-first sub-search under the incumbent
    proc.resetSearchState();
    let inc = this.incumbentFor(proc, ctx.cutoff, startObj);
    let found = false;
    const stack = this.stack;
    stack.length = 0;
    stack.push(this.root);
    let nodes = 0;
    let stopped = false;
    while (stack.length > 0) {
      if (nodes >= this.opts.nodeLimit || (nodes > 0 && performance.now() > deadline)) {
        stopped = true;
        break;
      }
      const node = stack.pop()!;
      proc.setLpTimeLimit(Math.max(0.01, (deadline - performance.now()) / 1000));
      const r = proc.processNode(node, inc);
      if (r.kind !== 'pruned') nodes++;
      for (const s of proc.takeSolutions()) {
        if (s.objective < inc) {
          inc = s.objective;
          this.best.set(s.x);
          found = true;
        }
      }
      if (r.kind === 'integral' && r.objective < inc) {
        // the LP point with its integer columns rounded can miss the rows by round-off times a
        // big-M: re-solve the continuous part with every integer column fixed
        const y = this.polish(r.x);
        if (y && y.objective < inc) {
          inc = y.objective;
          this.best.set(y.x);
          found = true;
        }
      } else if (r.kind === 'branched') {
        stack.push(r.children[1], r.children[0]);
      } else if (r.kind === 'lp-error' && r.lpStatus === 'time-limit') {
        stopped = true;
        break;
      }
    }
    stack.length = 0;
    this.nodes += nodes;
    // ---- adapt the size of the sample neighbourhood (the neuron one has none)
    if (!found && !neuronMode) this.fraction = stopped ? Math.max(MIN_FREE, this.fraction / 1.5) : Math.min(MAX_FREE, this.fraction * 1.5);
    return found ? { x: this.best, objective: inc } : null;
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
   * The incumbent value the sub-search prunes against: the starting point's, or the framework's
   * when its cutoff is tighter (a better point known elsewhere, e.g. another worker), recovered from the cutoff
   * (cutoff = incumbent − tolerance with the same tolerances as the sub-search's processor).
   */
  private incumbentFor(proc: NodeProcessor, cutoff: number, startObjective: number): number {
    if (!(cutoff < proc.cutoffFor(startObjective))) return startObjective;
    return proc.objectiveIntegral ? Math.round(cutoff + 1 - 1e-6) : cutoff + Math.max(1e-9, 1e-6 * Math.abs(cutoff));
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

  override dispose(): void {
    this.processor?.dispose();
    this.processor = undefined;
    this.inner?.dispose();
    this.inner = undefined;
    super.dispose();
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
