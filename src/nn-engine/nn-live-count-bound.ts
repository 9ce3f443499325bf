import { BoundReason } from '../bnb/bound-reason.js';
import type { PluginDescriptor } from '../bnb/plugin-registry.js';
import type { PropagationContext, Propagator } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { classCounts, forcedErrors, lossExpression, patternLayers } from './nn-pattern-layers.js';
import { getNnView } from './nn-view.js';

/** One pattern layer as the bound sees it. */
interface BoundLayer {
  kills: Int32Array;
  fixedLive: number;
  /** objective cost of each of its kill-switches (all equal, ≥ 0) */
  killCost: number;
}

/**
 * The bound hook nn-live-count (a 'node' propagator that tightens nothing and implements
 * Propagator.lowerBound): in a node whose kill-switches allow between lo and hi live neurons in a
 * hidden layer of binary units, every network misclassifies at least f(h) training samples
 * (forcedErrors) for its h ∈ [lo, hi], each costing at least the loss weight w, and pays h − (neurons
 * without kill-switch) neuron penalties. So the objective is at least
 *   min_{h=lo..hi} [ max(w·(f(h) − loss constant), the loss columns' box bound) + c_k·(h − fixed live) ]
 *   + the box bound Σ min(c_j·l_j, c_j·u_j) of every other column + the objective offset,
 * the largest over such layers. Exact at every integer h, where the architecture rows
 * (nn-pattern-count) are only their convex hull, and known before the node's LP: a node whose
 * kill-switches leave too few live neurons for its cutoff closes without an LP solve.
 * Active on minimisation models with xor or zero-one loss whose loss columns carry one common weight
 * w > 0 in the objective and a pattern layer with kill-switches of one common cost.
 */
export class NnLiveCountBound implements Propagator {
  readonly name = 'nn-live-count';
  readonly reason = BoundReason.PROPAGATION;
  readonly timing = 'node' as const;
  private readonly model: Model;
  private layers: BoundLayer[] = [];
  private lossConstant = 0;
  private weight = 0;
  private counts: Float64Array = new Float64Array(0);
  /** 1 for the loss columns (excluded from the "other columns" box bound) */
  private inLoss: Uint8Array = new Uint8Array(0);
  /** the columns with a nonzero objective cost (the box bound's terms; fixed per solve) */
  private costCols: Int32Array = new Int32Array(0);
  private readonly forced: number[] = [];

  constructor(model: Model) {
    this.model = model;
  }

  initSolve(): boolean {
    const m = this.model;
    const v = getNnView(m);
    if (!v || m.sense !== 'minimize') return false;
    const loss = lossExpression(v);
    if (!loss) return false;
    // one common weight w > 0: objective cost of loss column = w · its coefficient in the loss
    let w = NaN;
    const seen = new Uint8Array(m.numCols);
    for (let k = 0; k < loss.cols.length; k++) {
      const j = loss.cols[k]!;
      if (seen[j]) return false;
      seen[j] = 1;
      const r = m.colCost[j]! / loss.vals[k]!;
      if (Number.isNaN(w)) w = r;
      else if (Math.abs(r - w) > 1e-12 * Math.max(1, Math.abs(w))) return false;
    }
    if (!(w > 0)) return false;
    this.layers = [];
    for (const L of patternLayers(m, v)) {
      if (L.kills.length === 0) continue;
      const c = m.colCost[L.kills[0]!]!;
      if (!(c >= 0) || L.kills.some((j) => m.colCost[j] !== c || seen[j])) continue;
      this.layers.push({ kills: L.kills, fixedLive: L.fixedLive, killCost: c });
    }
    if (this.layers.length === 0) return false;
    this.lossConstant = loss.constant;
    this.weight = w;
    this.inLoss = seen;
    const costCols: number[] = [];
    for (let j = 0; j < m.numCols; j++) if (m.colCost[j] !== 0) costCols.push(j);
    this.costCols = Int32Array.from(costCols);
    this.counts = classCounts(v);
    this.forced.length = 0;
    const maxWidth = Math.max(...this.layers.map((L) => L.fixedLive + L.kills.length));
    for (let h = 0; h <= maxWidth; h++) this.forced.push(forcedErrors(this.counts, h));
    return true;
  }

  propagate(): 'ok' {
    return 'ok';
  }

  lowerBound(ctx: PropagationContext): number {
    const m = this.model;
    const lo = ctx.domain.lower;
    const up = ctx.domain.upper;
    const cost = m.colCost;
    // box bound of every column outside the loss, and of the loss columns
    let rest = m.objectiveOffset;
    let lossBox = 0;
    const costCols = this.costCols;
    for (let k = 0; k < costCols.length; k++) {
      const j = costCols[k]!;
      const c = cost[j]!;
      const b = c > 0 ? c * lo[j]! : c * up[j]!;
      if (this.inLoss[j]) lossBox += b;
      else rest += b;
    }
    if (!Number.isFinite(rest) || !Number.isFinite(lossBox)) return -Infinity;
    let best = rest + lossBox;
    for (const L of this.layers) {
      let liveLo = L.fixedLive;
      let liveHi = L.fixedLive;
      let killBox = 0;
      for (let k = 0; k < L.kills.length; k++) {
        const j = L.kills[k]!;
        if (lo[j]! > 0.5) liveLo++;
        if (up[j]! > 0.5) liveHi++;
        killBox += L.killCost * lo[j]!;
      }
      // the loss columns cost w·(loss − constant) and loss ≥ f(h); the constant is in the offset
      let layerBest = Infinity;
      for (let h = liveLo; h <= liveHi; h++) {
        const lossPart = Math.max(this.weight * (this.forced[h]! - this.lossConstant), lossBox);
        const v = lossPart + L.killCost * (h - L.fixedLive);
        if (v < layerBest) layerBest = v;
      }
      const b = rest - killBox + layerBest;
      if (b > best) best = b;
    }
    return best;
  }
}

export const nnLiveCountDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'nn-live-count',
  description: 'NN bound hook: a node\'s kill-switches allow h ∈ [lo, hi] live binary neurons, so its networks misclassify ≥ f(h) samples (2^h patterns) and pay the neuron penalties: the node bound before the LP',
  priority: 100,
  create: (env) => new NnLiveCountBound(env.model),
};
