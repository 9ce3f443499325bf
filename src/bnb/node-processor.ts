import type { LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { BigMTightener } from './big-m-tightener.js';
import { BoundReason } from './bound-reason.js';
import { Domain } from './domain.js';
import { makeChildNode, nodeBytes, type OpenNode } from './open-node.js';
import type {
  BranchingContext,
  BranchingRule,
  HeuristicContext,
  HeuristicLpResult,
  IncumbentSolution,
  PrimalHeuristic,
  PropagationContext,
  Propagator,
} from './plugins.js';
import { Pseudocosts } from './pseudocosts.js';
import type { PluginStats } from './solve-types.js';
import { FEASIBILITY_TOL, INTEGRALITY_TOL } from './tolerances.js';

/** The closed set of outcomes of processing one node. Objective values are in minimisation sense. */
export type NodeResult =
  /** the node's bound was already >= the cutoff: not processed (`bound` = its lower bound) */
  | { kind: 'pruned'; bound: number }
  /** propagation or the LP proved the node infeasible */
  | { kind: 'infeasible' }
  /** the LP bound (or propagation against the cutoff) reached the cutoff */
  | { kind: 'cutoff'; bound: number }
  /** the LP solution is integral: `x` (integer columns rounded) is a buffer of the processor, valid until the next call */
  | { kind: 'integral'; objective: number; x: Float64Array }
  /** branched; children[0] is the preferred child (process it first when plunging) */
  | { kind: 'branched'; bound: number; children: [OpenNode, OpenNode] }
  | { kind: 'unbounded' }
  /** the LP failed (error / limit) and no branching was possible; `bound` = the node's lower bound */
  | { kind: 'lp-error'; message: string; bound: number; lpStatus: string };

/** An incumbent candidate found while processing (heuristic or integral LP), already checked. */
export interface FoundSolution {
  /** full column vector (integer columns rounded), owned by the receiver */
  x: Float64Array;
  /** objective in minimisation sense */
  objective: number;
  /** namespaced name of the plugin that found it ('lp' for an integral LP solution) */
  source: string;
}

export interface NodeProcessorPlugins {
  branching: BranchingRule;
  propagators: readonly Propagator[];
  heuristics: readonly PrimalHeuristic[];
}

export interface NodeProcessorOptions {
  /** relative gap tolerance used for the cutoff (default 1e-6) */
  relGap?: number;
  /** absolute gap tolerance used for the cutoff (default 1e-9) */
  absGap?: number;
  /** use cutoff = incumbent - 1 + eps when the objective is integral (default: detect from the model) */
  objectiveIntegral?: boolean;
  /** first id given to created nodes (default 1) and step between ids (default 1); workers use disjoint ranges */
  nodeIdStart?: number;
  nodeIdStride?: number;
  /**
   * node-local big-M re-tightening of the LP rows (BigMTightener): rows tighten when they gain more
   * than `minImprovement` of their big-M coefficient; off when omitted
   */
  bigM?: { minImprovement: number };
}

/** What `dive` returns: the open nodes left, the solutions found and the learning to merge. */
export interface DiveResult {
  /** unprocessed open nodes of the subtree (to queue) */
  children: OpenNode[];
  /** improving solutions found, best last */
  incumbents: FoundSolution[];
  /** pseudocost observations made during the dive (sums and counts per column) */
  pseudocostDeltas: { downSum: Float64Array; downCount: Float64Array; upSum: Float64Array; upCount: Float64Array };
  /**
   * smallest bound of nodes closed without proof below the incumbent (gap-tolerance pruning, LP
   * failures), to keep the global dual bound valid; Infinity when none
   */
  unprovenBound: number;
  stats: { nodes: number; lpIterations: number; lpSolves: number; lpSeconds: number };
}

/** Returns the bound a closed node with LP bound `b` still contributes to the dual bound (Infinity when proven). */
export function unprovenContribution(b: number, incumbent: number, objectiveIntegral: boolean): number {
  const v = objectiveIntegral ? Math.ceil(b - 1e-6) : b;
  return v < incumbent ? v : Infinity;
}

/** NodeProcessorOptions.bigM from the resolved 'search/big-m-*' parameters. */
export function bigMOption(params: ReadonlyMap<string, unknown>): Pick<NodeProcessorOptions, 'bigM'> {
  if (params.get('search/big-m-tightening') !== true) return {};
  return { bigM: { minImprovement: params.get('search/big-m-min-improvement') as number } };
}

/** Whether all objective columns are integer with integer costs (and the offset is integral). */
export function hasIntegralObjective(model: Model): boolean {
  let any = false;
  for (let j = 0; j < model.numCols; j++) {
    const c = model.colCost[j]!;
    if (c === 0) continue;
    if (!model.integrality[j] || !Number.isInteger(c)) return false;
    any = true;
  }
  return any && Number.isInteger(model.objectiveOffset);
}

/**
 * Processes branch-and-bound nodes with ONE pipeline (see processNode). Owns one LpSolver (loaded
 * here, kept warm between nodes: only bounds that differ are pushed) and one Domain, and reuses its
 * buffers across nodes. Usable standalone (e.g. in a worker thread via `dive`).
 */
export class NodeProcessor {
  readonly model: Model;
  readonly lp: LpSolver;
  readonly domain: Domain;
  readonly pseudocosts: Pseudocosts;
  /** observations since the last `dive` started (for merging into a master's pseudocosts) */
  private pcDelta: Pseudocosts;
  readonly objectiveIntegral: boolean;
  /** +1 minimise, -1 maximise: internal objective = sign * model objective */
  readonly sign: number;

  private readonly branching: BranchingRule;
  private readonly nodePropagators: Propagator[];
  private readonly symmetryPropagators: Propagator[];
  private readonly afterLpPropagators: Propagator[];
  private readonly heuristics: readonly PrimalHeuristic[];
  private readonly relGap: number;
  private readonly absGap: number;
  private readonly bigM: BigMTightener | undefined;
  private readonly bigMImprovement: number;
  private bigMStat = -1;

  /** stats per plugin id; id 0 = branching, then propagators, then heuristics */
  private readonly statNames: string[] = [];
  private readonly statCalls: Float64Array;
  private readonly statSeconds: Float64Array;
  private readonly statFixings: Float64Array;
  private readonly statCutoffs: Float64Array;
  private readonly statSolutions: Float64Array;
  private readonly propIds = new Map<Propagator, number>();
  private readonly heurIds = new Map<PrimalHeuristic, number>();

  // buffers
  private readonly x: Float64Array;
  private readonly rc: Float64Array;
  private readonly act: Float64Array;
  private readonly sol: Float64Array;
  /** HeuristicContext.incumbentSolution (objective Infinity = none yet) */
  private readonly best: { x: Float64Array; objective: number };
  private readonly solAct: Float64Array;
  private readonly cand: Int32Array;
  private readonly candVal: Float64Array;
  private readonly scores: Float64Array;
  private readonly downBound: Float64Array;
  private readonly upBound: Float64Array;
  private readonly dCols: Int32Array;
  private readonly dLower: Float64Array;
  private readonly dUpper: Float64Array;
  private readonly dReasons: Uint8Array;
  private readonly dSources: Int16Array;
  private readonly seen: Int32Array;

  private nextId: number;
  private readonly idStride: number;
  private lastBranchedId = -1;
  private lastChildA: OpenNode | undefined;
  private lastChildB: OpenNode | undefined;
  private afterLpMark = 0;
  private lastCutoff = NaN;
  private incumbent = Infinity;
  private cutoff = Infinity;
  /** performance.now() by which LP solving must end (setLpTimeLimit), Infinity = none */
  private lpDeadline = Infinity;
  private nodesProcessed = 0;
  private readonly found: FoundSolution[] = [];
  private readonly ctx: ProcessorContext;
  private probeBasis: ReturnType<LpSolver['getBasis']> = undefined;
  private probed = false;
  private probeSolves = 0;
  private probeIterations = 0;
  private heurLpUsed = false;
  private heurBasis: ReturnType<LpSolver['getBasis']> = undefined;
  private heurSolves = 0;
  /** the root's before-LP heuristics have run */
  private beforeLpDone = false;

  constructor(model: Model, lp: LpSolver, plugins: NodeProcessorPlugins, options: NodeProcessorOptions = {}) {
    this.model = model;
    this.lp = lp;
    const n = model.numCols;
    this.domain = new Domain(model);
    this.pseudocosts = new Pseudocosts(n);
    this.pcDelta = new Pseudocosts(n);
    this.sign = model.sense === 'maximize' ? -1 : 1;
    this.objectiveIntegral = options.objectiveIntegral ?? hasIntegralObjective(model);
    this.relGap = options.relGap ?? 1e-6;
    this.absGap = options.absGap ?? 1e-9;
    this.nextId = options.nodeIdStart ?? 1;
    this.idStride = options.nodeIdStride ?? 1;
    this.branching = plugins.branching;
    this.nodePropagators = plugins.propagators.filter((p) => p.timing === 'node' && p.reason !== BoundReason.SYMMETRY);
    this.symmetryPropagators = plugins.propagators.filter((p) => p.timing === 'node' && p.reason === BoundReason.SYMMETRY);
    this.afterLpPropagators = plugins.propagators.filter((p) => p.timing === 'after-lp');
    this.heuristics = plugins.heuristics;
    this.statNames.push(`branching/${plugins.branching.name}`);
    for (const p of plugins.propagators) {
      this.propIds.set(p, this.statNames.length);
      this.statNames.push(`propagator/${p.name}`);
    }
    for (const h of plugins.heuristics) {
      this.heurIds.set(h, this.statNames.length);
      this.statNames.push(`heuristic/${h.name}`);
    }
    this.bigMImprovement = options.bigM?.minImprovement ?? 0;
    this.bigM = options.bigM ? new BigMTightener(model) : undefined;
    if (this.bigM && this.bigM.count > 0) {
      // framework statistics: calls, seconds, and row changes pushed (counted as fixings)
      this.bigMStat = this.statNames.length;
      this.statNames.push('lp-rows/big-m');
    }
    const s = this.statNames.length;
    this.statCalls = new Float64Array(s);
    this.statSeconds = new Float64Array(s);
    this.statFixings = new Float64Array(s);
    this.statCutoffs = new Float64Array(s);
    this.statSolutions = new Float64Array(s);

    this.x = new Float64Array(n);
    this.rc = new Float64Array(n);
    this.act = new Float64Array(model.numRows);
    this.sol = new Float64Array(n);
    this.best = { x: new Float64Array(n), objective: Infinity };
    this.solAct = new Float64Array(model.numRows);
    this.cand = new Int32Array(n);
    this.candVal = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.downBound = new Float64Array(n);
    this.upBound = new Float64Array(n);
    this.dCols = new Int32Array(n);
    this.dLower = new Float64Array(n);
    this.dUpper = new Float64Array(n);
    this.dReasons = new Uint8Array(n);
    this.dSources = new Int16Array(n);
    this.seen = new Int32Array(n).fill(-1);
    this.ctx = new ProcessorContext(this);
    lp.load(model);
  }

  /** Prune threshold for an incumbent value (minimisation sense): nodes with bound >= it are useless. */
  cutoffFor(incumbent: number): number {
    if (!(incumbent < Infinity)) return Infinity;
    let delta = Math.max(this.absGap, this.relGap * Math.abs(incumbent));
    if (this.objectiveIntegral) delta = Math.max(delta, 1 - 1e-6);
    return incumbent - delta;
  }

  /**
   * Sets the time left for LP solving from now (seconds, Infinity = none): the next node LP gets it
   * as its limit, and the extra LPs of the node (heuristic LPs, strong-branching probes) get what
   * is left of it when they start — none once it is spent.
   */
  setLpTimeLimit(seconds: number): void {
    this.lpDeadline = seconds < Infinity ? performance.now() + Math.max(0, seconds) * 1000 : Infinity;
    this.lp.setLimits({ seconds: seconds > 0 ? seconds : 1e-3 });
  }

  /** Before an extra LP solve in a node: false when the LP time is spent, else the LP gets what is left. */
  private lpTimeLeft(): boolean {
    if (this.lpDeadline === Infinity) return true;
    const left = (this.lpDeadline - performance.now()) / 1000;
    if (!(left > 0)) return false;
    this.lp.setLimits({ seconds: left });
    return true;
  }

  /** Solutions found by heuristics (and integral LPs) since the last call; the caller owns them. */
  takeSolutions(): FoundSolution[] {
    if (this.found.length === 0) return EMPTY;
    return this.found.splice(0, this.found.length);
  }

  /**
   * Records a point found elsewhere (an integral LP, another plugin, the initial solution) as the
   * best known to this processor's heuristics (HeuristicContext.incumbentSolution) when it is
   * feasible (checkCandidate) and better. Returns whether it was recorded.
   */
  noteSolution(x: ArrayLike<number>): boolean {
    const obj = this.checkCandidate(x);
    return obj !== null && this.recordBest(obj);
  }

  /** Keeps the checked point in `sol` (objective `obj`) as the heuristics' incumbent when it is better. */
  private recordBest(obj: number): boolean {
    if (!(obj < this.best.objective)) return false;
    this.best.x.set(this.sol);
    this.best.objective = obj;
    return true;
  }

  /** The best point recorded for the heuristics, or null. */
  get incumbentSolution(): IncumbentSolution | null {
    return this.best.objective < Infinity ? this.best : null;
  }

  /** Plugin statistics (framework counts). */
  pluginStats(): PluginStats[] {
    return this.statNames.map((name, i) => ({
      name,
      calls: this.statCalls[i]!,
      seconds: this.statSeconds[i]!,
      fixings: this.statFixings[i]!,
      cutoffs: this.statCutoffs[i]!,
      solutions: this.statSolutions[i]!,
    }));
  }

  /**
   * Forgets the node processed last (the next node is applied from the model's bounds), and
   * optionally restarts node ids and the processed-node counter (heuristic frequencies). For workers
   * that take tasks from elsewhere; the LP keeps its state (push bounds / set a basis as needed).
   */
  resetSearchState(options: { nextNodeId?: number; resetNodeCount?: boolean } = {}): void {
    this.lastBranchedId = -1;
    this.lastChildA = undefined;
    this.lastChildB = undefined;
    if (options.nextNodeId !== undefined) this.nextId = options.nextNodeId;
    if (options.resetNodeCount) this.nodesProcessed = 0;
  }

  /** Number of nodes processed (pipeline runs) by this processor. */
  get processed(): number {
    return this.nodesProcessed;
  }

  /** LP solves and iterations spent in strong-branching probes. */
  probeStats(): { solves: number; iterations: number } {
    return { solves: this.probeSolves, iterations: this.probeIterations };
  }

  /**
   * The node pipeline:
   * (1) prune by the node's bound vs the cutoff derived from `incumbent`;
   * (2) apply the node's bound changes to the Domain (only the last one when the node is a child
   *     of the node processed just before; else restore the model's bounds and apply all);
   * (3) propagate (all 'node' propagators); (4) symmetry hook (propagators with reason SYMMETRY);
   * (5) push the changed bounds to the LP; (6) LP cutoff = incumbent - tolerance; (7) solve;
   * (8) classify: infeasible / cutoff / integral / branched (after heuristics, pseudocost
   *     learning, after-LP propagation such as reduced-cost fixing, and branching) / unbounded /
   *     lp-error.
   * `incumbent` is the best known objective in minimisation sense (Infinity when none).
   */
  processNode(node: OpenNode, incumbent: number): NodeResult {
    this.setIncumbent(incumbent);
    // (1) prune
    if (node.lowerBound >= this.cutoff) return { kind: 'pruned', bound: node.lowerBound };
    this.nodesProcessed++;
    const domain = this.domain;
    // (2) apply
    let since: number;
    // direct child of the node branched last: the very object created then (identity, so ids coming
    // from other threads can never be mistaken for it), with the Domain still in the parent's state
    if (node.parentId === this.lastBranchedId && (node === this.lastChildA || node === this.lastChildB) && node.count > 0) {
      since = this.afterLpMark;
      const k = node.count - 1;
      if (domain.tighten(node.cols[k]!, node.lower[k]!, node.upper[k]!, node.reasons[k] as BoundReason, node.sources[k]!) < 0) {
        this.lastBranchedId = -1;
        return { kind: 'infeasible' };
      }
    } else {
      // jump: back to the model's bounds, then the node's changes. The earlier entries are the
      // parent's propagated domain, so only the last one (the branching) is propagated anew.
      domain.undo(0);
      since = node.count === 0 ? -1 : 0; // no changes: the root, propagate every row
      for (let k = 0; k < node.count; k++) {
        if (k === node.count - 1 && node.branchCol >= 0) since = domain.mark();
        if (domain.tighten(node.cols[k]!, node.lower[k]!, node.upper[k]!, node.reasons[k] as BoundReason, node.sources[k]!) < 0) {
          this.lastBranchedId = -1;
          return { kind: 'infeasible' };
        }
      }
    }
    this.lastBranchedId = -1;
    this.lastChildA = undefined;
    this.lastChildB = undefined;
    // (3) propagate, (4) symmetry
    if (!this.runPropagators(this.nodePropagators, since, node.depth)) return { kind: 'infeasible' };
    if (this.symmetryPropagators.length > 0 && !this.runPropagators(this.symmetryPropagators, since, node.depth)) {
      return { kind: 'infeasible' };
    }
    // root only, once: heuristics that need no LP (a first incumbent even when the root LP is slow)
    if (node.depth === 0 && !this.beforeLpDone) {
      this.beforeLpDone = true;
      this.runBeforeLpHeuristics();
      if (node.lowerBound >= this.cutoff) return { kind: 'pruned', bound: node.lowerBound };
    }
    const lp = this.lp;
    for (let round = 0; ; round++) {
      // (5) push bounds (and re-tighten big-M rows to them), (6) cutoff, (7) solve
      if (this.bigMStat >= 0) this.tightenRows();
      lp.setColBounds(domain.lower, domain.upper);
      if (this.cutoff !== this.lastCutoff) {
        lp.setCutoff(this.cutoff);
        this.lastCutoff = this.cutoff;
      }
      const out = lp.optimize();
      // (8) classify
      switch (out.status) {
        case 'infeasible':
          return { kind: 'infeasible' };
        case 'cutoff':
          return { kind: 'cutoff', bound: Math.max(node.lowerBound, out.objective) };
        case 'unbounded':
          return { kind: 'unbounded' };
        case 'optimal':
          break;
        default:
          return this.lpFailure(node, out.message ?? `LP ${out.status}`, out.status);
      }
      const obj = out.objective;
      const bound = Math.max(node.lowerBound, obj);
      if (round === 0 && node.branchCol >= 0 && Number.isFinite(node.parentObjective)) {
        this.learn(node.branchCol, node.branchDir, node.branchDistance, obj - node.parentObjective);
      }
      if (bound >= this.cutoff) return { kind: 'cutoff', bound };
      const x = this.x;
      x.set(lp.primal());
      // candidates
      const model = this.model;
      const integ = model.integrality;
      let nFrac = 0;
      for (let j = 0; j < x.length; j++) {
        if (!integ[j]) continue;
        const v = x[j]!;
        if (Math.abs(v - Math.round(v)) > INTEGRALITY_TOL) nFrac++;
      }
      if (nFrac === 0) {
        const sol = this.sol;
        for (let j = 0; j < x.length; j++) sol[j] = integ[j] ? Math.round(x[j]!) : x[j]!;
        return { kind: 'integral', objective: this.sign * model.objectiveOf(sol), x: sol };
      }
      this.rc.set(lp.reducedCosts());
      this.act.set(lp.rowActivity());
      this.ctx.setLp(obj, node.depth);
      // heuristics
      if (this.heuristics.length > 0) {
        this.runHeuristics(node.depth);
        if (bound >= this.cutoff) return { kind: 'cutoff', bound };
      }
      // after-LP propagation (reduced-cost fixing): valid for the subtree, inherited by the children
      this.afterLpMark = domain.mark();
      if (this.afterLpPropagators.length > 0) {
        if (!this.runPropagators(this.afterLpPropagators, this.afterLpMark, node.depth)) {
          return { kind: 'cutoff', bound: Math.max(bound, this.cutoff) };
        }
      }
      // candidates whose both children are non-empty in the (possibly tightened) domain
      const cand = this.cand;
      const candVal = this.candVal;
      let nc = 0;
      const lo = domain.lower;
      const up = domain.upper;
      let estimate = obj;
      const pc = this.pseudocosts;
      for (let j = 0; j < x.length; j++) {
        if (!integ[j]) continue;
        const v = x[j]!;
        if (Math.abs(v - Math.round(v)) <= INTEGRALITY_TOL) continue;
        const f = Math.floor(v);
        if (f < lo[j]! || f + 1 > up[j]!) continue;
        cand[nc] = j;
        candVal[nc] = v;
        nc++;
        estimate += Math.min(pc.down(j) * (v - f), pc.up(j) * (f + 1 - v));
      }
      if (nc === 0) {
        // reduced-cost fixing moved every fractional column: the LP solution left the domain, re-solve
        if (round < 50) continue;
        return this.lpFailure(node, 'node LP did not settle after 50 rounds of reduced-cost fixing', 'error');
      }
      // branching
      const scores = this.scores;
      const db = this.downBound;
      const ub = this.upBound;
      for (let k = 0; k < nc; k++) {
        scores[k] = 0;
        db[k] = obj;
        ub[k] = obj;
      }
      this.ctx.setCandidates(nc);
      this.probed = false;
      const t0 = performance.now();
      this.branching.score(this.ctx);
      this.statSeconds[0]! += (performance.now() - t0) / 1000;
      this.statCalls[0]!++;
      if (this.probed) {
        lp.setLimits({ iterations: Infinity });
        this.probeBasis = undefined;
      }
      let best = 0;
      for (let k = 1; k < nc; k++) if (scores[k]! > scores[best]!) best = k;
      const col = cand[best]!;
      const v = candVal[best]!;
      const fl = Math.floor(v);
      const frac = v - fl;
      const downB = Math.max(bound, db[best]!);
      const upB = Math.max(bound, ub[best]!);
      if (downB >= this.cutoff && upB >= this.cutoff) {
        this.statCutoffs[0]!++;
        return { kind: 'cutoff', bound: Math.min(downB, upB) };
      }
      const cnt = domain.diffFromModel(this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources, this.seen, col);
      const depth = node.depth + 1;
      const estDown = estimate - Math.min(pc.down(col) * frac, pc.up(col) * (1 - frac)) + pc.down(col) * frac;
      const estUp = estimate - Math.min(pc.down(col) * frac, pc.up(col) * (1 - frac)) + pc.up(col) * (1 - frac);
      // both children's change arrays live in one ArrayBuffer (one allocation per branching)
      const bytes = nodeBytes(cnt + 1);
      const shared = new ArrayBuffer(2 * bytes);
      const down = makeChildNode(
        this.takeId(), node.id, depth, cnt, this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources,
        col, lo[col]!, fl, BoundReason.BRANCHING, -1, frac, obj, downB, Math.max(downB, estDown), shared, 0,
      );
      const upc = makeChildNode(
        this.takeId(), node.id, depth, cnt, this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources,
        col, fl + 1, up[col]!, BoundReason.BRANCHING, 1, 1 - frac, obj, upB, Math.max(upB, estUp), shared, bytes,
      );
      this.lastBranchedId = node.id;
      this.lastChildA = down;
      this.lastChildB = upc;
      // preferred child: the better bound, then the better estimate, then up
      const downFirst = downB < upB || (downB === upB && estDown < estUp);
      return { kind: 'branched', bound, children: downFirst ? [down, upc] : [upc, down] };
    }
  }

  /**
   * Processes `node` and its subtree depth-first (preferred child first) for at most `maxNodes`
   * nodes, for a worker thread. Returns the unprocessed open nodes, the improving solutions, the
   * pseudocost observations made, and statistics.
   */
  dive(node: OpenNode, maxNodes: number, incumbent: number): DiveResult {
    const stack: OpenNode[] = [node];
    const incumbents: FoundSolution[] = [];
    this.pcDelta = new Pseudocosts(this.model.numCols);
    const lpBefore = this.lp.stats();
    let inc = incumbent;
    let nodes = 0;
    let unproven = Infinity;
    const leftovers: OpenNode[] = [];
    const accept = (s: FoundSolution): void => {
      if (s.objective < inc) {
        inc = s.objective;
        incumbents.push(s);
      }
    };
    while (stack.length > 0 && nodes < maxNodes) {
      const n = stack.pop()!;
      const r = this.processNode(n, inc);
      if (r.kind !== 'pruned') nodes++;
      for (const s of this.takeSolutions()) accept(s);
      switch (r.kind) {
        case 'integral':
          accept({ x: r.x.slice(), objective: r.objective, source: 'lp' });
          break;
        case 'branched':
          stack.push(r.children[1], r.children[0]);
          break;
        case 'pruned':
        case 'cutoff':
          unproven = Math.min(unproven, unprovenContribution(r.bound, inc, this.objectiveIntegral));
          break;
        case 'lp-error':
          unproven = Math.min(unproven, r.bound);
          break;
        case 'unbounded':
          leftovers.push(n);
          break;
        default:
          break;
      }
    }
    const lpAfter = this.lp.stats();
    const d = this.pcDelta;
    return {
      children: leftovers.concat(stack),
      incumbents,
      pseudocostDeltas: { downSum: d.downSum, downCount: d.downCount, upSum: d.upSum, upCount: d.upCount },
      unprovenBound: unproven,
      stats: {
        nodes,
        lpIterations: lpAfter.iterations - lpBefore.iterations,
        lpSolves: lpAfter.solves - lpBefore.solves,
        lpSeconds: lpAfter.seconds - lpBefore.seconds,
      },
    };
  }

  /** Releases the LP solver. */
  dispose(): void {
    this.lp.dispose();
  }

  // ---- internals -------------------------------------------------------------------------

  private setIncumbent(incumbent: number): void {
    if (incumbent !== this.incumbent) {
      this.incumbent = incumbent;
      this.cutoff = this.cutoffFor(incumbent);
      this.ctx.cutoff = this.cutoff;
    }
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId += this.idStride;
    return id;
  }

  private learn(col: number, dir: number, distance: number, gain: number): void {
    this.pseudocosts.update(col, dir, distance, gain);
    this.pcDelta.update(col, dir, distance, gain);
  }

  /**
   * The LP gave no answer (error, iteration or time limit). Unless it ran out of time, split the
   * domain of the first unfixed integer column in two (children keep the node's bound), so the
   * search can go on; when every integer column is fixed, report 'lp-error' with the node's bound.
   */
  private lpFailure(node: OpenNode, message: string, status: string): NodeResult {
    const domain = this.domain;
    const integ = this.model.integrality;
    if (status !== 'time-limit') {
      for (let j = 0; j < this.model.numCols; j++) {
        if (!integ[j]) continue;
        const lo = domain.lower[j]!;
        const up = domain.upper[j]!;
        if (up - lo < 0.5) continue;
        const mid = Number.isFinite(lo) && Number.isFinite(up) ? Math.floor((lo + up) / 2) : Number.isFinite(lo) ? lo : Number.isFinite(up) ? up - 1 : 0;
        this.afterLpMark = domain.mark();
        const cnt = domain.diffFromModel(this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources, this.seen, j);
        const b = node.lowerBound;
        const down = makeChildNode(this.takeId(), node.id, node.depth + 1, cnt, this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources, j, lo, mid, BoundReason.BRANCHING, 0, 0, NaN, b, b);
        const upc = makeChildNode(this.takeId(), node.id, node.depth + 1, cnt, this.dCols, this.dLower, this.dUpper, this.dReasons, this.dSources, j, mid + 1, up, BoundReason.BRANCHING, 0, 0, NaN, b, b);
        this.lastBranchedId = node.id;
        this.lastChildA = down;
        this.lastChildB = upc;
        return { kind: 'branched', bound: b, children: [down, upc] };
      }
    }
    return { kind: 'lp-error', message, bound: node.lowerBound, lpStatus: status };
  }

  private runPropagators(list: readonly Propagator[], since: number, depth: number): boolean {
    const domain = this.domain;
    const ctx = this.ctx;
    ctx.depth = depth;
    ctx.since = since;
    for (let p = 0; p < list.length; p++) {
      const prop = list[p]!;
      const id = this.propIds.get(prop)!;
      ctx.source = id;
      const before = domain.trailLength;
      const t0 = performance.now();
      const r = prop.propagate(ctx);
      this.statSeconds[id]! += (performance.now() - t0) / 1000;
      this.statCalls[id]!++;
      this.statFixings[id]! += domain.trailLength - before;
      if (r === 'infeasible') {
        this.statCutoffs[id]!++;
        return false;
      }
    }
    return true;
  }

  private runBeforeLpHeuristics(): void {
    const ctx = this.ctx;
    ctx.depth = 0;
    for (const h of this.heuristics) {
      if (!h.runBeforeLp) continue;
      const id = this.heurIds.get(h)!;
      ctx.source = id;
      const t0 = performance.now();
      this.offer(id, h.runBeforeLp(ctx), t0);
    }
  }

  /** Checks a heuristic's candidate, installs it when it improves, and counts the call (stats). */
  private offer(id: number, cand: Float64Array | null, t0: number): void {
    let accepted = false;
    if (cand) {
      const obj = this.checkCandidate(cand);
      if (obj !== null && obj < this.incumbent) {
        this.found.push({ x: this.sol.slice(), objective: obj, source: this.statNames[id]! });
        this.recordBest(obj);
        this.setIncumbent(obj);
        accepted = true;
      }
    }
    this.statSeconds[id]! += (performance.now() - t0) / 1000;
    this.statCalls[id]!++;
    if (accepted) this.statSolutions[id]!++;
  }

  private runHeuristics(depth: number): void {
    const ctx = this.ctx;
    this.heurLpUsed = false;
    for (const h of this.heuristics) {
      if (depth > 0 && (h.frequency === 0 || this.nodesProcessed % h.frequency !== 0)) continue;
      const id = this.heurIds.get(h)!;
      ctx.source = id;
      const t0 = performance.now();
      this.offer(id, h.run(ctx), t0);
    }
    if (this.heurLpUsed) {
      // back to the node LP: its bounds, basis and limits (branching probes rely on them)
      const lp = this.lp;
      lp.setColBounds(this.domain.lower, this.domain.upper);
      if (this.heurBasis) lp.setBasis(this.heurBasis);
      lp.setLimits({ iterations: Infinity });
      this.heurBasis = undefined;
      this.heurLpUsed = false;
    }
  }

  /** Makes the LP's big-M rows valid and tight for the current Domain (statistics as a plugin). */
  private tightenRows(): void {
    const id = this.bigMStat;
    const t0 = performance.now();
    const k = this.bigM!.apply(this.lp, this.domain.lower, this.domain.upper, this.bigMImprovement);
    this.statSeconds[id]! += (performance.now() - t0) / 1000;
    this.statCalls[id]!++;
    this.statFixings[id]! += k;
  }

  /** HeuristicContext.solveLp */
  heuristicLp(lower: Float64Array, upper: Float64Array, iterations: number): HeuristicLpResult {
    const lp = this.lp;
    if (!this.lpTimeLeft()) return { status: 'time-limit', objective: NaN, primal: null };
    if (!this.heurLpUsed) {
      this.heurLpUsed = true;
      this.heurBasis = lp.getBasis();
    }
    lp.setColBounds(lower, upper);
    lp.setLimits({ iterations });
    const out = lp.optimize();
    this.heurSolves++;
    const has = out.status === 'optimal';
    return { status: out.status, objective: out.objective, primal: has ? lp.primal() : null };
  }

  /**
   * Rounds integer columns of `cand` into this.sol and checks bounds, integrality and rows
   * (FEASIBILITY_TOL, absolute as Model.maxViolation). Returns the objective (min sense) or null.
   */
  checkCandidate(cand: ArrayLike<number>): number | null {
    const model = this.model;
    const n = model.numCols;
    if (cand.length !== n) return null;
    const sol = this.sol;
    const integ = model.integrality;
    for (let j = 0; j < n; j++) {
      let v = cand[j]!;
      if (!Number.isFinite(v)) return null;
      if (integ[j]) v = Math.round(v);
      if (v < model.colLower[j]! - FEASIBILITY_TOL || v > model.colUpper[j]! + FEASIBILITY_TOL) return null;
      sol[j] = v;
    }
    const act = this.solAct.fill(0);
    for (let j = 0; j < n; j++) {
      const v = sol[j]!;
      if (v === 0) continue;
      for (let k = model.colStart[j]!; k < model.colStart[j + 1]!; k++) act[model.rowIndex[k]!]! += model.value[k]! * v;
    }
    for (let i = 0; i < model.numRows; i++) {
      const a = act[i]!;
      if (a < model.rowLower[i]! - FEASIBILITY_TOL || a > model.rowUpper[i]! + FEASIBILITY_TOL) return null;
    }
    return this.sign * model.objectiveOf(sol);
  }

  /** Strong-branching probe (see BranchingContext.probe). */
  probe(k: number, dir: -1 | 1, iterations: number): number {
    const lp = this.lp;
    if (!this.lpTimeLeft()) return NaN;
    const col = this.cand[k]!;
    const v = this.candVal[k]!;
    const lo = this.domain.lower[col]!;
    const up = this.domain.upper[col]!;
    if (!this.probed) {
      this.probed = true;
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
    const base = this.ctx.lpObjective;
    switch (out.status) {
      case 'optimal':
        this.learn(col, dir, dir < 0 ? v - fl : fl + 1 - v, out.objective - base);
        return out.objective;
      case 'infeasible':
      case 'cutoff':
        return Infinity;
      default:
        return NaN;
    }
  }

  /** @internal buffers for the context */
  get buffers(): { x: Float64Array; rc: Float64Array; act: Float64Array; cand: Int32Array; candVal: Float64Array; scores: Float64Array; downBound: Float64Array; upBound: Float64Array } {
    return {
      x: this.x,
      rc: this.rc,
      act: this.act,
      cand: this.cand,
      candVal: this.candVal,
      scores: this.scores,
      downBound: this.downBound,
      upBound: this.upBound,
    };
  }
}

const EMPTY: FoundSolution[] = [];

/** The one mutable context object handed to every plugin call (no allocation per node). */
class ProcessorContext implements BranchingContext, PropagationContext, HeuristicContext {
  readonly model: Model;
  readonly domain: Domain;
  readonly pseudocosts: Pseudocosts;
  source = -1;
  cutoff = Infinity;
  depth = 0;
  since = 0;
  readonly lpStatus = 'optimal' as const;
  lpObjective = NaN;
  readonly primal: Float64Array;
  readonly reducedCosts: Float64Array;
  readonly rowActivity: Float64Array;
  candidateCount = 0;
  readonly candidates: Int32Array;
  readonly values: Float64Array;
  readonly scores: Float64Array;
  readonly downBound: Float64Array;
  readonly upBound: Float64Array;
  private readonly proc: NodeProcessor;

  constructor(proc: NodeProcessor) {
    this.proc = proc;
    this.model = proc.model;
    this.domain = proc.domain;
    this.pseudocosts = proc.pseudocosts;
    const b = proc.buffers;
    this.primal = b.x;
    this.reducedCosts = b.rc;
    this.rowActivity = b.act;
    this.candidates = b.cand;
    this.values = b.candVal;
    this.scores = b.scores;
    this.downBound = b.downBound;
    this.upBound = b.upBound;
  }

  setLp(objective: number, depth: number): void {
    this.lpObjective = objective;
    this.depth = depth;
  }

  setCandidates(count: number): void {
    this.candidateCount = count;
    this.source = 0;
  }

  probe(k: number, dir: -1 | 1, iterations: number): number {
    return this.proc.probe(k, dir, iterations);
  }

  get nodeCount(): number {
    return this.proc.processed;
  }

  get incumbentSolution(): IncumbentSolution | null {
    return this.proc.incumbentSolution;
  }

  solveLp(lower: Float64Array, upper: Float64Array, iterations: number): HeuristicLpResult {
    return this.proc.heuristicLp(lower, upper, iterations);
  }
}
