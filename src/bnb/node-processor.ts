import type { LpOutcome, LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { BigMTightener } from './big-m-tightener.js';
import { BoundReason } from './bound-reason.js';
import { ChildFactory } from './child-factory.js';
import { PropagationConflictAnalyzer, type ConflictStart } from './conflict-analysis.js';
import { ConflictPool, type ConflictOptions } from './conflict-pool.js';
import { CutPool, type CutPoolOptions } from './cut-pool.js';
import { Domain } from './domain.js';
import type { IncumbentStore } from './incumbent-store.js';
import { LpServices } from './lp-services.js';
import type { OpenNode } from './open-node.js';
import { PluginCounters } from './plugin-counters.js';
import type {
  BranchingContext,
  BranchingRule,
  HeuristicContext,
  HeuristicLpResult,
  IncumbentSolution,
  PrimalHeuristic,
  PropagationContext,
  Propagator,
  SeparationContext,
  Separator,
} from './plugins.js';
import { Pseudocosts } from './pseudocosts.js';
import { cutoffFor, DEFAULT_ABS_GAP, DEFAULT_REL_GAP, type Tolerances } from './search-status.js';
import type { PluginStats } from './solve-types.js';
import { INTEGRALITY_TOL } from './tolerances.js';

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

/** The plugins a node processor runs (a PluginSet, or a hand-made list in tests and sub-MIPs). */
export interface NodeProcessorPlugins {
  branching: BranchingRule;
  propagators: readonly Propagator[];
  heuristics: readonly PrimalHeuristic[];
  /** cutting-plane separators (none: the separate stage does nothing) */
  separators?: readonly Separator[];
}

/** The root cut loop: rounds, stall detection and the pool's filters ('cuts/…' parameters). */
export interface CutLoopOptions {
  rootRounds: number;
  /** separation rounds at a node of depth > 0 whose depth is a multiple of a separator's frequency (0: no node cuts) */
  nodeRounds: number;
  stallRounds: number;
  /** a round gains when it raises the LP bound by at least this relative to max(1, |bound|) */
  minGain: number;
  pool: CutPoolOptions;
}

export interface NodeProcessorOptions {
  /** relative gap tolerance used for the cutoff (default DEFAULT_REL_GAP) */
  relGap?: number;
  /** absolute gap tolerance used for the cutoff (default DEFAULT_ABS_GAP) */
  absGap?: number;
  /** use cutoff = incumbent - 1 + eps when the objective is integral (default: detect from the model) */
  objectiveIntegral?: boolean;
  /** first id given to created nodes (default 1) and step between ids (default 1) */
  nodeIdStart?: number;
  nodeIdStride?: number;
  /**
   * node-local big-M re-tightening of the LP rows (BigMTightener): rows tighten when they gain more
   * than `minImprovement` of their big-M coefficient; off when omitted
   */
  bigM?: { minImprovement: number };
  /** the cut loop; no cuts when omitted (or without separators) */
  cuts?: CutLoopOptions;
  /** conflict learning from infeasible node LPs; off when omitted */
  conflicts?: ConflictOptions;
}

/**
 * NodeProcessorOptions from the resolved 'search/…' and 'cuts/…' parameters: integrality
 * detection switch, big-M re-tightening and the cut loop (separators read the LP's rows as the
 * big-M tightener left them; below the root their cuts are local).
 */
export function processorOptions(params: ReadonlyMap<string, unknown>): Pick<NodeProcessorOptions, 'bigM' | 'objectiveIntegral' | 'cuts' | 'conflicts'> {
  const out: Pick<NodeProcessorOptions, 'bigM' | 'objectiveIntegral' | 'cuts' | 'conflicts'> = {};
  const num = (k: string): number => params.get(k) as number;
  if (params.get('search/objective-integrality') === false) out.objectiveIntegral = false;
  if (params.get('search/big-m-tightening') === true) out.bigM = { minImprovement: num('search/big-m-min-improvement') };
  if (params.get('cuts/enabled') !== false && params.has('cuts/root-rounds')) {
    out.cuts = {
      rootRounds: num('cuts/root-rounds'),
      nodeRounds: num('cuts/node-rounds'),
      stallRounds: num('cuts/stall-rounds'),
      minGain: num('cuts/min-gain'),
      pool: {
        minEfficacy: num('cuts/min-efficacy'),
        maxPerRound: num('cuts/max-per-round'),
        maxParallelism: num('cuts/max-parallelism'),
        maxDynamism: num('cuts/max-dynamism'),
        maxAge: num('cuts/max-age'),
      },
    };
  }
  if (params.get('conflicts/enabled') === true) {
    out.conflicts = { maxConflicts: num('conflicts/max'), maxLength: num('conflicts/max-length'), propagation: params.get('conflicts/propagation') !== false };
  }
  return out;
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

/** install's answer for a node whose own bound changes contradict each other */
const EMPTY_DOMAIN = -2;
const INFEASIBLE: NodeResult = { kind: 'infeasible' };

/**
 * Processes branch-and-bound nodes with ONE pipeline of named stages (processNode): install the
 * node's bounds, propagate, solve the LP, separate (no separators yet), classify the LP solution
 * (integral / heuristics / reduced-cost fixing / candidates), branch. Owns one LpSolver (loaded
 * here, kept warm between nodes: only bounds that differ are pushed) behind its LpServices, and one
 * Domain; reuses its buffers across nodes. The incumbent lives in an IncumbentStore shared with the
 * search: heuristic points are offered to it, and the cutoff follows its value.
 */
export class NodeProcessor {
  readonly model: Model;
  readonly lp: LpSolver;
  readonly lpServices: LpServices;
  readonly domain: Domain;
  readonly pseudocosts: Pseudocosts;
  readonly incumbents: IncumbentStore;
  readonly tolerances: Tolerances;
  /** kept for callers: whether every objective column is integer with integer cost */
  readonly objectiveIntegral: boolean;
  /** +1 minimise, -1 maximise: internal objective = sign * model objective */
  readonly sign: number;

  private readonly branching: BranchingRule;
  private readonly nodePropagators: Propagator[];
  private readonly symmetryPropagators: Propagator[];
  private readonly afterLpPropagators: Propagator[];
  /** the 'node' propagators with a bound hook (lowerBound), in priority order */
  private readonly bounders: Propagator[];
  private readonly heuristics: readonly PrimalHeuristic[];
  private readonly bigM: BigMTightener | undefined;
  private readonly bigMImprovement: number;
  private readonly children: ChildFactory;
  private readonly separators: readonly Separator[];
  private readonly sepIds: number[] = [];
  private readonly cutLoop: CutLoopOptions | undefined;
  /** the cuts in the LP and the round's candidates (undefined without separators) */
  readonly cuts: CutPool | undefined;
  /** cut rounds done at the node in process, the LP bound when the last one started, rounds without gain */
  private cutRound = 0;
  private cutRoundBound = -Infinity;
  private cutStall = 0;
  /** cuts applied in the last round, per separator (bound gain shares) */
  private readonly lastApplied: Float64Array;
  /** LP row activities (model rows and cuts; grows with the cuts) */
  private lpAct: Float64Array;
  /** dual proofs learned from infeasible node LPs (undefined: off) */
  readonly conflicts: ConflictPool | undefined;
  private conflictStat = -1;
  /** conflict analysis of infeasible propagation (undefined: off) */
  readonly propagationConflicts: PropagationConflictAnalyzer | undefined;
  private propConflictStat = -1;

  /** statistics per plugin; id 0 = branching, then propagators, then heuristics, then the big-M rows */
  private readonly counters = new PluginCounters();
  private readonly propIds = new Map<Propagator, number>();
  private readonly heurIds = new Map<PrimalHeuristic, number>();
  private bigMStat = -1;

  // buffers
  private readonly x: Float64Array;
  private readonly rc: Float64Array;
  private readonly act: Float64Array;
  private readonly sol: Float64Array;
  private readonly cand: Int32Array;
  private readonly candVal: Float64Array;
  private readonly scores: Float64Array;
  private readonly downBound: Float64Array;
  private readonly upBound: Float64Array;

  private afterLpMark = 0;
  private incumbent = NaN;
  private cutoff = Infinity;
  private nodesProcessed = 0;
  /** pseudocost estimate of the node in process (classify → branch) */
  private estimate = 0;
  private readonly ctx: ProcessorContext;
  /** the root's before-LP heuristics have run */
  private beforeLpDone = false;

  constructor(model: Model, lp: LpSolver, plugins: NodeProcessorPlugins, incumbents: IncumbentStore, options: NodeProcessorOptions = {}) {
    this.model = model;
    this.lp = lp;
    this.lpServices = new LpServices(lp);
    this.incumbents = incumbents;
    const n = model.numCols;
    this.domain = new Domain(model);
    this.pseudocosts = new Pseudocosts(n);
    this.sign = model.sense === 'maximize' ? -1 : 1;
    this.objectiveIntegral = options.objectiveIntegral ?? hasIntegralObjective(model);
    this.tolerances = { relGap: options.relGap ?? DEFAULT_REL_GAP, absGap: options.absGap ?? DEFAULT_ABS_GAP, objectiveIntegral: this.objectiveIntegral };
    this.children = new ChildFactory(n, options.nodeIdStart ?? 1, options.nodeIdStride ?? 1);
    this.branching = plugins.branching;
    this.nodePropagators = plugins.propagators.filter((p) => p.timing === 'node' && p.reason !== BoundReason.SYMMETRY);
    this.symmetryPropagators = plugins.propagators.filter((p) => p.timing === 'node' && p.reason === BoundReason.SYMMETRY);
    this.afterLpPropagators = plugins.propagators.filter((p) => p.timing === 'after-lp');
    this.heuristics = plugins.heuristics;
    const c = this.counters;
    c.add(`branching/${plugins.branching.name}`);
    for (const p of plugins.propagators) this.propIds.set(p, c.add(`propagator/${p.name}`, false, p.timing === 'node' && typeof p.lowerBound === 'function'));
    this.bounders = plugins.propagators.filter((p) => p.timing === 'node' && typeof p.lowerBound === 'function');
    for (const h of plugins.heuristics) this.heurIds.set(h, c.add(`heuristic/${h.name}`));
    this.cutLoop = options.cuts;
    this.separators = options.cuts ? (plugins.separators ?? []) : [];
    for (const sp of this.separators) this.sepIds.push(c.add(`separator/${sp.name}`, true));
    this.cuts = this.separators.length > 0 ? new CutPool(model.numCols, options.cuts!.pool) : undefined;
    this.lastApplied = new Float64Array(this.separators.length);
    this.lpAct = new Float64Array(model.numRows);
    this.bigMImprovement = options.bigM?.minImprovement ?? 0;
    this.bigM = options.bigM ? new BigMTightener(model) : undefined;
    // framework statistics: calls, seconds, and row changes pushed (counted as fixings)
    if (this.bigM && this.bigM.count > 0) this.bigMStat = c.add('lp-rows/big-m');
    this.conflicts = options.conflicts ? new ConflictPool(model, options.conflicts) : undefined;
    // calls, time, fixings and cutoffs of their propagation; found = proofs read, applied = kept
    if (this.conflicts) this.conflictStat = c.add('conflicts/dual-proofs', true);
    // calls and time of the analyses; found = clauses derived, applied = kept in the pool
    this.propagationConflicts = this.conflicts && options.conflicts!.propagation !== false ? new PropagationConflictAnalyzer(model, this.conflicts, options.conflicts!.maxLength) : undefined;
    if (this.propagationConflicts) this.propConflictStat = c.add('conflicts/propagation', true);
    c.seal();

    this.x = new Float64Array(n);
    this.repairLo = new Float64Array(n);
    this.repairUp = new Float64Array(n);
    this.repairPoint = new Float64Array(n);
    this.rc = new Float64Array(n);
    this.act = new Float64Array(model.numRows);
    this.sol = new Float64Array(n);
    this.cand = new Int32Array(n);
    this.candVal = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.downBound = new Float64Array(n);
    this.upBound = new Float64Array(n);
    this.ctx = new ProcessorContext(this);
    lp.load(model);
  }

  /** Prune threshold for an incumbent value (minimisation sense): nodes with bound >= it are useless. */
  cutoffFor(incumbent: number): number {
    return cutoffFor(incumbent, this.tolerances);
  }

  /** The LP time budget (see LpServices.setTimeLimit): the run's remaining seconds. */
  setLpTimeLimit(seconds: number): void {
    this.lpServices.setTimeLimit(seconds);
  }

  /** The best point known to this processor's search (HeuristicContext.incumbentSolution). */
  get incumbentSolution(): IncumbentSolution | null {
    return this.incumbents.solution;
  }

  /** Plugin statistics (framework counts). */
  pluginStats(): PluginStats[] {
    return this.counters.snapshot();
  }

  /**
   * Forgets the node processed last (the next node is installed from the model's bounds), and
   * optionally restarts node ids and the processed-node counter (heuristic frequencies) — for a
   * worker that takes tasks from elsewhere or a sub-MIP that starts over. The LP keeps its state.
   */
  resetSearchState(options: { nextNodeId?: number; resetNodeCount?: boolean } = {}): void {
    this.children.forget();
    if (options.nextNodeId !== undefined) this.children.restartIds(options.nextNodeId);
    if (options.resetNodeCount) this.nodesProcessed = 0;
  }

  /** Solves the root LP relaxation only (no propagation, plugins or cutoff): warms the LP up; its status and basis. */
  solveRootLp(): ReturnType<LpServices['solveRelaxation']> {
    return this.lpServices.solveRelaxation(this.model.colLower, this.model.colUpper);
  }

  /** Restarts the LP from `basis` at the model's bounds (a deterministic worker task starts from the root basis). */
  restartLp(basis: NonNullable<ReturnType<LpSolver['getBasis']>>): void {
    this.lp.setColBounds(this.model.colLower, this.model.colUpper);
    this.lp.setBasis(basis);
  }

  /** Number of nodes processed (pipeline runs) by this processor. */
  get processed(): number {
    return this.nodesProcessed;
  }

  /** LP solves and iterations spent in strong-branching probes. */
  probeStats(): { solves: number; iterations: number } {
    return { solves: this.lpServices.probeSolves, iterations: this.lpServices.probeIterations };
  }

  /**
   * The node pipeline; its stages (the methods below) run in this order, each ending the node with
   * a NodeResult or handing on:
   * prune (bound vs the cutoff of the store's incumbent) → install (the node's bound changes into
   * the Domain) → propagate (node propagators, then the symmetry ones) → [root, once: heuristics
   * that need no LP] → solveLp (bounds pushed, cutoff, solve) → separate → classify (integral?
   * heuristics, after-LP propagation such as reduced-cost fixing, branching candidates) → branch.
   */
  processNode(node: OpenNode): NodeResult {
    const pool = this.cuts;
    const start = pool ? pool.inLp.length : 0;
    const r = this.processStages(node);
    // the cuts separated at a node below the root leave the LP with it
    if (pool && node.depth > 0 && pool.inLp.length > start) pool.removeFrom(this.lp, this.model.numRows, start);
    return r;
  }

  private processStages(node: OpenNode): NodeResult {
    this.syncCutoff();
    if (node.lowerBound >= this.cutoff) return { kind: 'pruned', bound: node.lowerBound };
    this.nodesProcessed++;
    const since = this.install(node);
    if (since === EMPTY_DOMAIN) return INFEASIBLE;
    if (!this.propagate(since, node.depth)) return INFEASIBLE;
    const nodeBound = this.bounders.length > 0 ? this.raiseBound(node.lowerBound) : node.lowerBound;
    if (nodeBound >= this.cutoff) return { kind: 'cutoff', bound: nodeBound };
    this.cutRound = 0;
    this.cutStall = 0;
    if (node.depth === 0 && !this.beforeLpDone) {
      // root only, once: heuristics that need no LP (a first incumbent even when the root LP is slow)
      this.beforeLpDone = true;
      this.runBeforeLpHeuristics();
      if (nodeBound >= this.cutoff) return { kind: 'pruned', bound: nodeBound };
    }
    for (let round = 0; ; round++) {
      const out = this.solveLp();
      switch (out.status) {
        case 'infeasible':
          this.learnConflict();
          return INFEASIBLE;
        case 'cutoff':
          return { kind: 'cutoff', bound: Math.max(nodeBound, out.objective) };
        case 'unbounded':
          return { kind: 'unbounded' };
        case 'optimal':
          break;
        default:
          return this.lpFailure(node, out.message ?? `LP ${out.status}`, out.status, nodeBound);
      }
      const obj = out.objective;
      const bound = Math.max(nodeBound, obj);
      if (round === 0 && node.branchCol >= 0 && Number.isFinite(node.parentObjective)) {
        this.pseudocosts.update(node.branchCol, node.branchDir, node.branchDistance, obj - node.parentObjective);
      }
      if (bound >= this.cutoff) return { kind: 'cutoff', bound };
      this.x.set(this.lp.primal());
      if (this.separate(node, obj)) continue;
      const c = this.classify(node, obj, bound);
      if (typeof c !== 'number') return c;
      if (c === 0) {
        // reduced-cost fixing moved every fractional column: the LP solution left the domain, re-solve
        if (round < 50) continue;
        return this.lpFailure(node, 'node LP did not settle after 50 rounds of reduced-cost fixing', 'error', nodeBound);
      }
      return this.branch(node, obj, bound, c);
    }
  }

  /** Releases the LP solver. */
  dispose(): void {
    this.lp.dispose();
  }

  // ---- stages ------------------------------------------------------------------------------

  /**
   * Install: the node's bound changes into the Domain — only the last one for a direct child of
   * the node branched just before (the Domain is still in the parent's state); else back to the
   * model's bounds and all of them. Returns the trail position from which propagation must look
   * (-1: everything, the root), or EMPTY_DOMAIN.
   */
  private install(node: OpenNode): number {
    const domain = this.domain;
    let since: number;
    if (this.children.isChildOfLast(node)) {
      since = this.afterLpMark;
      const k = node.count - 1;
      if (domain.tighten(node.cols[k]!, node.lower[k]!, node.upper[k]!, node.reasons[k] as BoundReason, node.sources[k]!) < 0) {
        this.children.forget();
        return EMPTY_DOMAIN;
      }
    } else {
      // jump: the earlier entries are the parent's propagated domain, so only the last one (the
      // branching) is propagated anew
      domain.undo(0);
      since = node.count === 0 ? -1 : 0;
      for (let k = 0; k < node.count; k++) {
        if (k === node.count - 1 && node.branchCol >= 0) since = domain.mark();
        if (domain.tighten(node.cols[k]!, node.lower[k]!, node.upper[k]!, node.reasons[k] as BoundReason, node.sources[k]!) < 0) {
          this.children.forget();
          return EMPTY_DOMAIN;
        }
      }
    }
    this.children.forget();
    return since;
  }

  /** Propagate: the node propagators, the learned conflicts, then the symmetry propagators (reason SYMMETRY). False: infeasible. */
  private propagate(since: number, depth: number): boolean {
    if (!this.runPropagators(this.nodePropagators, since, depth)) return false;
    const cp = this.conflicts;
    if (cp && cp.conflicts.length > 0) {
      const id = this.conflictStat;
      const c = this.counters;
      const before = this.domain.trailLength;
      const t0 = performance.now();
      const r = cp.propagate(this.domain, id);
      c.call(id, t0);
      c.fixings[id]! += this.domain.trailLength - before;
      if (r === 'infeasible') {
        c.cutoffs[id]!++;
        if (cp.infeasibleConflict) this.learnFromPropagation({ conflict: cp.infeasibleConflict });
        return false;
      }
    }
    return this.symmetryPropagators.length === 0 || this.runPropagators(this.symmetryPropagators, since, depth);
  }

  /** An infeasible node LP: learn its dual proof (statistics: found = proofs read, applied = kept). */
  private learnConflict(): void {
    const cp = this.conflicts;
    if (!cp) return;
    const learned = cp.learned;
    const kept = cp.learnFromLp(this.lp, this.cuts, this.domain.lower, this.domain.upper);
    this.counters.cutsFound[this.conflictStat]! += cp.learned - learned;
    if (kept) this.counters.cutsApplied[this.conflictStat]!++;
  }

  /**
   * The bound hooks (Propagator.lowerBound) on the propagated domain: the node's bound raised to the
   * largest; each hook that raises it counts the node (as a fixing) and the gain over a finite bound
   * in its statistics, the one that reaches the cutoff a cutoff.
   */
  private raiseBound(bound: number): number {
    const ctx = this.ctx;
    const c = this.counters;
    for (let p = 0; p < this.bounders.length; p++) {
      const prop = this.bounders[p]!;
      const id = this.propIds.get(prop)!;
      ctx.source = id;
      const t0 = performance.now();
      const b = prop.lowerBound!(ctx);
      // its time joins the plugin's; the calls stay those of its propagate
      c.seconds[id]! += (performance.now() - t0) / 1000;
      if (b > bound) {
        c.fixings[id]!++;
        if (Number.isFinite(bound)) c.boundGain[id]! += Math.min(b, this.cutoff) - bound;
        bound = b;
        if (bound >= this.cutoff) {
          c.cutoffs[id]!++;
          break;
        }
      }
    }
    return bound;
  }

  /** Solve LP: big-M rows re-tightened to the domain (when on), bounds and cutoff pushed, solved. */
  private solveLp(): LpOutcome {
    if (this.bigMStat >= 0) this.tightenRows();
    return this.lpServices.solveNode(this.domain.lower, this.domain.upper, this.cutoff);
  }

  /**
   * Separate: at the root, up to 'cuts/root-rounds' rounds while they gain (stall detection): the
   * separators propose cuts for the LP point, the pool filters them and adds the best to the LP;
   * true when rows were added (re-solve). The gain of a round is shared among the separators by the
   * cuts they had applied in it. Slack root cuts age out of the LP. At a node of depth d > 0, the
   * separators with frequency f > 0 and d % f == 0 run up to 'cuts/node-rounds' rounds; their cuts
   * (local ones may use the node's bounds) leave the LP when the node is done (processNode).
   */
  private separate(node: OpenNode, obj: number): boolean {
    const pool = this.cuts;
    const loop = this.cutLoop;
    if (!pool || !loop) return false;
    const depth = node.depth;
    if (depth > 0 && (loop.nodeRounds === 0 || !this.separators.some((sp) => sp.frequency > 0 && depth % sp.frequency === 0))) return false;
    const c = this.counters;
    if (this.cutRound > 0) {
      const gain = obj - this.cutRoundBound;
      let applied = 0;
      for (let k = 0; k < this.lastApplied.length; k++) applied += this.lastApplied[k]!;
      if (applied > 0 && gain > 0) {
        for (let k = 0; k < this.sepIds.length; k++) c.boundGain[this.sepIds[k]!]! += (gain * this.lastApplied[k]!) / applied;
      }
      this.cutStall = gain >= loop.minGain * Math.max(1, Math.abs(obj)) ? 0 : this.cutStall + 1;
    }
    this.lastApplied.fill(0);
    const rounds = depth === 0 ? loop.rootRounds : loop.nodeRounds;
    if (this.cutRound >= rounds || this.cutStall >= loop.stallRounds || !this.lpServices.hasTime()) return false;
    const rows = this.lp.rowCount();
    if (this.lpAct.length < rows) this.lpAct = new Float64Array(Math.max(rows, 2 * this.lpAct.length));
    this.lpAct.set(this.lp.rowActivity().subarray(0, rows));
    const before = pool.inLp.length;
    const ctx = this.ctx;
    ctx.setSeparation(obj, depth, this.cutRound, rows, this.lpAct);
    for (let k = 0; k < this.separators.length; k++) {
      const sp = this.separators[k]!;
      if (depth > 0 && (sp.frequency === 0 || depth % sp.frequency !== 0)) continue;
      const id = this.sepIds[k]!;
      ctx.source = id;
      const found = pool.candidateCount;
      const t0 = performance.now();
      sp.separate(ctx);
      c.call(id, t0);
      c.cutsFound[id]! += pool.candidateCount - found;
    }
    const taken = pool.applyRound(this.lp);
    // the LP is re-solved after new cuts: then the old ones that stayed slack may go (root only:
    // node cuts leave with their node, and the root's cuts are the ones shared with workers)
    if (depth === 0 && taken.length > 0 && before > 0) pool.age(this.lp, this.lpAct, this.model.numRows, before);
    for (const cut of taken) {
      c.cutsApplied[cut.source]!++;
      const k = this.sepIds.indexOf(cut.source);
      if (k >= 0) this.lastApplied[k]!++;
    }
    this.cutRound++;
    this.cutRoundBound = obj;
    return taken.length > 0;
  }

  /**
   * An integral LP point that fails the model check once its integers are rounded (round-off of a
   * tight LP, e.g. after many cuts): the integers are fixed at their rounded values and the LP is
   * re-solved over the continuous columns; its point replaces `sol` when it passes the check.
   */
  private repairIntegral(sol: Float64Array): void {
    const integ = this.model.integrality;
    const lo = this.repairLo;
    const up = this.repairUp;
    lo.set(this.domain.lower);
    up.set(this.domain.upper);
    for (let j = 0; j < sol.length; j++) {
      if (integ[j]) lo[j] = up[j] = sol[j]!;
    }
    const out = this.lpServices.heuristicLp(lo, up, Infinity);
    if (out.status === 'optimal' && out.primal) {
      const p = out.primal;
      const fixed = this.repairPoint;
      for (let j = 0; j < sol.length; j++) fixed[j] = integ[j] ? sol[j]! : p[j]!;
      if (this.incumbents.check(fixed) !== null) sol.set(fixed);
    }
    this.lpServices.endHeuristics(this.domain.lower, this.domain.upper);
    this.repairs++;
  }

  /** integral LP points re-solved with their integers fixed (repairIntegral) */
  repairs = 0;
  private readonly repairLo: Float64Array;
  private readonly repairUp: Float64Array;
  private readonly repairPoint: Float64Array;

  /** SeparationContext.addCut: a cut for the current LP point, valid under the domain's bounds (local) or the model's (global). */
  addCut(cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, lower: number, upper: number, local: boolean): boolean {
    const pool = this.cuts;
    if (!pool) return false;
    // below the root, the big-M rows in the LP hold for the node's subtree only: so do cuts from them
    if (this.bigM && this.ctx.depth > 0) local = true;
    const lo = local ? this.domain.lower : this.model.colLower;
    const up = local ? this.domain.upper : this.model.colUpper;
    return pool.propose(cols, vals, count, lower, upper, local, this.ctx.source, this.x, lo, up) === undefined;
  }

  /** SeparationContext.lpRow */
  lpRow(i: number): { lower: number; upper: number; cols: Int32Array; vals: Float64Array; count: number } {
    const out = this.rowView;
    const m = this.model.numRows;
    if (i < m) {
      const rm = this.model.rowMatrix();
      const a = rm.rowStart[i]!;
      const b = rm.rowStart[i + 1]!;
      out.lower = this.model.rowLower[i]!;
      out.upper = this.model.rowUpper[i]!;
      out.cols = rm.colIndex.subarray(a, b);
      out.vals = rm.value.subarray(a, b);
      out.count = b - a;
      // a row the big-M tightener changed in the LP: its current coefficients and bounds
      if (this.bigM) {
        if (this.rowVals.length < b - a) this.rowVals = new Float64Array(Math.max(b - a, 2 * this.rowVals.length));
        const changed = this.bigM.lpRow(i, out.cols, out.vals, b - a, this.rowVals);
        if (changed) {
          out.lower = changed.lower;
          out.upper = changed.upper;
          out.vals = this.rowVals.subarray(0, b - a);
        }
      }
    } else {
      const cut = this.cuts!.inLp[i - m]!;
      out.lower = cut.lower;
      out.upper = cut.upper;
      out.cols = cut.cols;
      out.vals = cut.vals;
      out.count = cut.cols.length;
    }
    return out;
  }

  private rowVals = new Float64Array(0);

  private readonly rowView: { lower: number; upper: number; cols: Int32Array; vals: Float64Array; count: number } = { lower: 0, upper: 0, cols: new Int32Array(0), vals: new Float64Array(0), count: 0 };

  /**
   * Classify the optimal LP solution: integral → the result; else the heuristics (cutoff when they
   * close the node), the after-LP propagators (reduced-cost fixing: valid for the subtree, inherited
   * by the children), and the branching candidates — integer columns with a fractional value whose
   * two children are non-empty in the (possibly tightened) domain. Returns their count (0: the LP
   * solution left the domain, re-solve) or a result.
   */
  private classify(node: OpenNode, obj: number, bound: number): NodeResult | number {
    const domain = this.domain;
    const x = this.x;
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
      if (this.incumbents.check(sol) === null) this.repairIntegral(sol);
      return { kind: 'integral', objective: this.sign * model.objectiveOf(sol), x: sol };
    }
    this.rc.set(this.lp.reducedCosts());
    const act = this.lp.rowActivity();
    this.act.set(act.length === this.act.length ? act : act.subarray(0, this.act.length));
    this.ctx.setLp(obj, node.depth);
    if (this.heuristics.length > 0) {
      this.runHeuristics(node.depth);
      if (bound >= this.cutoff) return { kind: 'cutoff', bound };
    }
    this.afterLpMark = domain.mark();
    if (this.afterLpPropagators.length > 0 && !this.runPropagators(this.afterLpPropagators, this.afterLpMark, node.depth)) {
      return { kind: 'cutoff', bound: Math.max(bound, this.cutoff) };
    }
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
    this.estimate = estimate;
    return nc;
  }

  /**
   * Branch: the branching rule scores the `nc` candidates (and may prove child bounds by probes);
   * the best one is split into two children, the better-bound one first (ties: estimate, then up).
   * Both children cut off: the node is.
   */
  private branch(node: OpenNode, obj: number, bound: number, nc: number): NodeResult {
    const scores = this.scores;
    const db = this.downBound;
    const ub = this.upBound;
    for (let k = 0; k < nc; k++) {
      scores[k] = 0;
      db[k] = obj;
      ub[k] = obj;
    }
    this.ctx.setCandidates(nc);
    const t0 = performance.now();
    this.branching.score(this.ctx);
    this.counters.call(0, t0);
    this.lpServices.endProbes();
    let best = 0;
    for (let k = 1; k < nc; k++) if (scores[k]! > scores[best]!) best = k;
    const col = this.cand[best]!;
    const v = this.candVal[best]!;
    const fl = Math.floor(v);
    const frac = v - fl;
    const downB = Math.max(bound, db[best]!);
    const upB = Math.max(bound, ub[best]!);
    if (downB >= this.cutoff && upB >= this.cutoff) {
      this.counters.cutoffs[0]!++;
      return { kind: 'cutoff', bound: Math.min(downB, upB) };
    }
    const pc = this.pseudocosts;
    const base = this.estimate - Math.min(pc.down(col) * frac, pc.up(col) * (1 - frac));
    const estDown = base + pc.down(col) * frac;
    const estUp = base + pc.up(col) * (1 - frac);
    const spec = this.children.spec;
    spec.frac = frac;
    spec.parentObjective = obj;
    spec.downBound = downB;
    spec.upBound = upB;
    spec.downEstimate = Math.max(downB, estDown);
    spec.upEstimate = Math.max(upB, estUp);
    const [down, up] = this.children.split(this.domain, node, col, fl);
    const downFirst = downB < upB || (downB === upB && estDown < estUp);
    return { kind: 'branched', bound, children: downFirst ? [down, up] : [up, down] };
  }

  /**
   * The LP gave no answer (error, iteration or time limit). Unless it ran out of time, split the
   * domain of the first unfixed integer column in two (children keep the node's bound), so the
   * search can go on; when every integer column is fixed, report 'lp-error' with the node's bound.
   */
  private lpFailure(node: OpenNode, message: string, status: string, nodeBound: number): NodeResult {
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
        const b = nodeBound;
        const spec = this.children.spec;
        spec.frac = NaN;
        spec.parentObjective = NaN;
        spec.downBound = spec.upBound = spec.downEstimate = spec.upEstimate = b;
        return { kind: 'branched', bound: b, children: this.children.split(domain, node, j, mid) };
      }
    }
    return { kind: 'lp-error', message, bound: nodeBound, lpStatus: status };
  }

  // ---- internals -------------------------------------------------------------------------

  /** The cutoff follows the store's incumbent value. */
  private syncCutoff(): void {
    const v = this.incumbents.value;
    if (v !== this.incumbent) {
      this.incumbent = v;
      this.cutoff = this.cutoffFor(v);
      this.ctx.cutoff = this.cutoff;
    }
  }

  private runPropagators(list: readonly Propagator[], since: number, depth: number): boolean {
    const domain = this.domain;
    const ctx = this.ctx;
    const c = this.counters;
    ctx.depth = depth;
    ctx.since = since;
    for (let p = 0; p < list.length; p++) {
      const prop = list[p]!;
      const id = this.propIds.get(prop)!;
      ctx.source = id;
      const before = domain.trailLength;
      const t0 = performance.now();
      const r = prop.propagate(ctx);
      c.call(id, t0);
      c.fixings[id]! += domain.trailLength - before;
      if (r === 'infeasible') {
        c.cutoffs[id]!++;
        const row = prop.infeasibleRow ?? -1;
        if (row >= 0 && list === this.nodePropagators) this.learnFromPropagation({ row });
        return false;
      }
    }
    return true;
  }

  /** Infeasible propagation: conflict analysis from `start`; a new clause goes to the pool (statistics: found = derived, applied = kept). */
  private learnFromPropagation(start: ConflictStart): void {
    const an = this.propagationConflicts;
    if (!an) return;
    const id = this.propConflictStat;
    const t0 = performance.now();
    const clause = an.analyze(this.domain, start);
    if (clause) {
      this.counters.cutsFound[id]!++;
      if (an.isNew(clause) && this.conflicts!.addConflict(clause.cols, clause.vals, clause.rhs)) this.counters.cutsApplied[id]!++;
    }
    this.counters.call(id, t0);
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

  /** Offers a heuristic's candidate to the incumbent store (which checks it) and counts the call. */
  private offer(id: number, cand: Float64Array | null, t0: number): void {
    const accepted = cand !== null && this.incumbents.offer(cand, this.counters.names[id]!);
    if (accepted) this.syncCutoff();
    this.counters.call(id, t0);
    if (accepted) this.counters.solutions[id]!++;
  }

  private runHeuristics(depth: number): void {
    const ctx = this.ctx;
    for (const h of this.heuristics) {
      if (depth > 0 && (h.frequency === 0 || this.nodesProcessed % h.frequency !== 0)) continue;
      const id = this.heurIds.get(h)!;
      ctx.source = id;
      const t0 = performance.now();
      this.offer(id, h.run(ctx), t0);
    }
    this.lpServices.endHeuristics(this.domain.lower, this.domain.upper);
  }

  /** Makes the LP's big-M rows valid and tight for the current Domain (statistics as a plugin). */
  private tightenRows(): void {
    const id = this.bigMStat;
    const t0 = performance.now();
    const k = this.bigM!.apply(this.lp, this.domain.lower, this.domain.upper, this.bigMImprovement);
    this.counters.call(id, t0);
    this.counters.fixings[id]! += k;
  }

  /** HeuristicContext.solveLp */
  heuristicLp(lower: Float64Array, upper: Float64Array, iterations: number): HeuristicLpResult {
    return this.lpServices.heuristicLp(lower, upper, iterations);
  }

  /** Strong-branching probe of candidate k (see BranchingContext.probe); learns pseudocosts from it. */
  probe(k: number, dir: -1 | 1, iterations: number): number {
    const col = this.cand[k]!;
    const v = this.candVal[k]!;
    const out = this.lpServices.probe(col, v, this.domain.lower[col]!, this.domain.upper[col]!, dir, iterations);
    if (!out) return NaN;
    switch (out.status) {
      case 'optimal': {
        const fl = Math.floor(v);
        this.pseudocosts.update(col, dir, dir < 0 ? v - fl : fl + 1 - v, out.objective - this.ctx.lpObjective);
        return out.objective;
      }
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

/** The one mutable context object handed to every plugin call (no allocation per node). */
class ProcessorContext implements BranchingContext, PropagationContext, HeuristicContext, SeparationContext {
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
  round = 0;
  lpRowCount = 0;
  lpRowActivity: Float64Array = new Float64Array(0);
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

  setSeparation(objective: number, depth: number, round: number, lpRows: number, activity: Float64Array): void {
    this.lpObjective = objective;
    this.depth = depth;
    this.round = round;
    this.lpRowCount = lpRows;
    this.lpRowActivity = activity;
  }

  lpRow(i: number): ReturnType<SeparationContext['lpRow']> {
    return this.proc.lpRow(i);
  }

  timeLeft(): number {
    return this.proc.lpServices.secondsLeft();
  }

  basicVariables(out: Int32Array): boolean {
    return this.proc.lp.basicVariables(out);
  }

  tableauRow(position: number, out: Float64Array, slackOut?: Float64Array): boolean {
    return this.proc.lp.tableauRow(position, out, slackOut);
  }

  addCut(cols: ArrayLike<number>, vals: ArrayLike<number>, count: number, lower: number, upper: number, local: boolean): boolean {
    return this.proc.addCut(cols, vals, count, lower, upper, local);
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
