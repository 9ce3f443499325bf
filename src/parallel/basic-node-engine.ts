import { BoundReason } from '../bnb/bound-reason.js';
import { makeChildNode, type OpenNode } from '../bnb/open-node.js';
import { Pseudocosts } from '../bnb/pseudocosts.js';
import type { PluginStats } from '../bnb/solve-types.js';
import { FEASIBILITY_TOL, INTEGRALITY_TOL } from '../bnb/tolerances.js';
import type { LpBasis, LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import type { EngineLpStats, NodeEngine, NodeOutcome } from './node-engine.js';
import { cutoffFor } from './subtree-explorer.js';

/**
 * The built-in node engine of the workers: LP relaxation (warm-started: only changed bounds are
 * pushed), integrality check, pseudocost product-score branching (most fractional while nothing is
 * learned). No propagation, cuts or heuristics: the serial engine's node processor is the full
 * pipeline; this one keeps parallel search usable on its own and is the reference in the tests.
 */
export class BasicNodeEngine implements NodeEngine {
  readonly name = 'basic';
  readonly objectiveIntegral = false;
  readonly pseudocosts: Pseudocosts;
  private readonly model: Model;
  private readonly relGap: number;
  private readonly absGap: number;
  private nextId = 1;
  private readonly lp: LpSolver;
  private readonly sign: number;
  private readonly lo: Float64Array;
  private readonly up: Float64Array;
  /** last change index per column while compacting a child's change list (-1 = none) */
  private readonly seen: Int32Array;
  private readonly cCols: Int32Array;
  private readonly cLo: Float64Array;
  private readonly cUp: Float64Array;
  private readonly cReason: Uint8Array;
  private readonly cSource: Int16Array;

  /** `lp` must be fresh (not loaded): the engine loads the model. */
  constructor(model: Model, lp: LpSolver, relGap = 1e-6, absGap = 1e-9) {
    this.model = model;
    this.lp = lp;
    this.relGap = relGap;
    this.absGap = absGap;
    this.pseudocosts = new Pseudocosts(model.numCols);
    lp.load(model);
    this.sign = model.sense === 'maximize' ? -1 : 1;
    const n = model.numCols;
    this.lo = new Float64Array(n);
    this.up = new Float64Array(n);
    this.seen = new Int32Array(n).fill(-1);
    this.cCols = new Int32Array(n);
    this.cLo = new Float64Array(n);
    this.cUp = new Float64Array(n);
    this.cReason = new Uint8Array(n);
    this.cSource = new Int16Array(n);
  }

  warmUp(): { status: string; basis: LpBasis | undefined } {
    this.lp.setColBounds(this.model.colLower, this.model.colUpper);
    this.lp.setCutoff(Infinity);
    const out = this.lp.optimize();
    return { status: out.status, basis: out.status === 'optimal' ? this.lp.getBasis() : undefined };
  }

  adopt(node: OpenNode): OpenNode {
    return node;
  }

  cutoffFor(incumbent: number): number {
    return cutoffFor(incumbent, this.absGap, this.relGap);
  }

  beginTask(basis: LpBasis | undefined): void {
    if (!basis) return;
    this.lp.setColBounds(this.model.colLower, this.model.colUpper);
    this.lp.setBasis(basis);
  }

  setLpTimeLimit(seconds: number): void {
    this.lp.setLimits({ seconds: seconds > 0 ? seconds : 1e-3 });
  }

  pluginStats(): PluginStats[] {
    return [];
  }

  lpStats(): EngineLpStats {
    const s = this.lp.stats();
    return { solves: s.solves, iterations: s.iterations, seconds: s.seconds };
  }

  dispose(): void {
    this.lp.dispose();
  }

  process(node: OpenNode, incumbent: number): NodeOutcome {
    const cutoff = this.cutoffFor(incumbent);
    if (node.lowerBound >= cutoff) return { kind: 'pruned', bound: node.lowerBound, solutions: [] };
    const pseudocosts = this.pseudocosts;
    const nextId = (): number => this.nextId++;
    const model = this.model;
    const n = model.numCols;
    const lo = this.lo;
    const up = this.up;
    lo.set(model.colLower);
    up.set(model.colUpper);
    for (let k = 0; k < node.count; k++) {
      const j = node.cols[k]!;
      lo[j] = node.lower[k]!;
      up[j] = node.upper[k]!;
      if (lo[j]! > up[j]! + FEASIBILITY_TOL) return { kind: 'infeasible', solutions: [] };
    }
    const lp = this.lp;
    lp.setColBounds(lo, up);
    lp.setCutoff(cutoff);
    const out = lp.optimize();
    switch (out.status) {
      case 'infeasible':
        return { kind: 'infeasible', solutions: [] };
      case 'cutoff':
        return { kind: 'cutoff', bound: Math.max(out.objective, cutoff), solutions: [] };
      case 'unbounded':
        return { kind: 'unbounded', solutions: [] };
      case 'optimal':
        break;
      default:
        return {
          kind: 'error',
          message: `LP ${out.status}${out.message ? `: ${out.message}` : ''}`,
          bound: node.lowerBound,
          timeLimit: out.status === 'time-limit',
          solutions: [],
        };
    }
    const obj = out.objective;
    if (node.branchCol >= 0 && Number.isFinite(node.parentObjective) && node.branchDistance > 1e-9) {
      const gain = Math.max(0, obj - node.parentObjective);
      pseudocosts.update(node.branchCol, node.branchDir, node.branchDistance, gain);
    }
    if (obj >= cutoff) return { kind: 'cutoff', bound: obj, solutions: [] };

    const x = lp.primal();
    let best = -1;
    let bestScore = -Infinity;
    let bestFrac = 0;
    for (let j = 0; j < n; j++) {
      if (!model.integrality[j]) continue;
      const v = x[j]!;
      const f = v - Math.floor(v);
      if (f <= INTEGRALITY_TOL || f >= 1 - INTEGRALITY_TOL) continue;
      const score = Pseudocosts.productScore(pseudocosts.down(j) * f, pseudocosts.up(j) * (1 - f));
      const frac = Math.min(f, 1 - f);
      if (score > bestScore || (score === bestScore && frac > bestFrac)) {
        best = j;
        bestScore = score;
        bestFrac = frac;
      }
    }
    if (best < 0) {
      const sol = Float64Array.from(x);
      for (let j = 0; j < n; j++) if (model.integrality[j]) sol[j] = Math.round(sol[j]!);
      return { kind: 'leaf', objective: this.sign * model.objectiveOf(sol), solution: sol, solutions: [] };
    }

    // compact the parent's changes (last change per column), leaving out the branching column
    const count = this.compact(node, best);
    const v = x[best]!;
    const fl = Math.floor(v);
    const f = v - fl;
    const downEst = obj + pseudocosts.down(best) * f;
    const upEst = obj + pseudocosts.up(best) * (1 - f);
    const depth = node.depth + 1;
    const down = makeChildNode(
      nextId(), node.id, depth, count, this.cCols, this.cLo, this.cUp, this.cReason, this.cSource,
      best, lo[best]!, fl, BoundReason.BRANCHING, -1, f, obj, obj, downEst,
    );
    const upChild = makeChildNode(
      nextId(), node.id, depth, count, this.cCols, this.cLo, this.cUp, this.cReason, this.cSource,
      best, fl + 1, up[best]!, BoundReason.BRANCHING, 1, 1 - f, obj, obj, upEst,
    );
    // the child the LP leans towards first (it is dived into first)
    const children = f > 0.5 ? [upChild, down] : [down, upChild];
    return { kind: 'branched', bound: obj, children, solutions: [] };
  }

  private compact(node: OpenNode, skip: number): number {
    const seen = this.seen;
    let count = 0;
    for (let k = 0; k < node.count; k++) {
      const j = node.cols[k]!;
      if (j === skip) continue;
      let p = seen[j]!;
      if (p < 0) {
        p = count++;
        seen[j] = p;
        this.cCols[p] = j;
      }
      this.cLo[p] = node.lower[k]!;
      this.cUp[p] = node.upper[k]!;
      this.cReason[p] = node.reasons[k]!;
      this.cSource[p] = node.sources[k]!;
    }
    for (let p = 0; p < count; p++) seen[this.cCols[p]!] = -1;
    return count;
  }
}
