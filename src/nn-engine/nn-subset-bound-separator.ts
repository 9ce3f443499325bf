import '../bnb/builtin-plugins.js';
import { IncumbentStore } from '../bnb/incumbent-store.js';
import { NodeProcessor } from '../bnb/node-processor.js';
import { rootNode } from '../bnb/open-node.js';
import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from '../bnb/plugin-registry.js';
import type { PluginSet } from '../bnb/plugin-set.js';
import type { SeparationContext, Separator, SolveContext } from '../bnb/plugins.js';
import { Search } from '../bnb/search.js';
import type { LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { allocParams, NnForwardPass, readParams, type NnParams } from './nn-forward-pass.js';
import { openEngineSubMip } from './nn-sub-search.js';
import { subsetNetworkQueue, type SubsetNetworkQueue } from './nn-heuristic-subset-network.js';
import { samplePartition, subsetModel, type SamplePartition, type SubsetModel } from './nn-sample-partition.js';
import { classCounts, forcedErrors, patternLayers } from './nn-pattern-layers.js';
import { getNnView, type NnView } from './nn-view.js';

export interface SubsetBoundOptions {
  frequency: number;
  /** samples of the first batch */
  batchSize: number;
  /** samples added per growth step (the ones the batch's optimal network gets wrong) */
  grow: number;
  /** seconds per sub-MIP */
  subTimeLimit: number;
  /** sub-MIP nodes at most */
  subNodeLimit: number;
  /** share of the solve's time left that the root work may use */
  maxShare: number;
  /** seconds of root work at most */
  maxTime: number;
  /** disjoint loss-only batches over the remaining samples (0: none) */
  lossBatches: number;
  /** per-rung claims on the first batch: for ≤ k live neurons, the batch's least loss (rows Σ loss ≥ L_k·(1 − k_{k+1})) */
  rungs: boolean;
}

/** What the separator proved (statistics and the certificate). */
export interface SubsetBoundReport {
  /** sub-MIPs solved */
  subMips: number;
  /** samples of the largest batch with the whole penalty whose bound was proven */
  batchSamples: number;
  /** the best proven bound of a batch carrying the whole penalty (objective without offset) */
  penaltyBatchBound: number;
  /** sum of the loss-only batch bounds (objective without offset) */
  lossBatchBound: number;
  /** training samples that any network must misclassify, from the loss-only batches (0 when none proven) */
  minErrors: number;
  /** true when the last batch's optimal network is right on every sample (it is optimal for the whole problem) */
  closed: boolean;
  seconds: number;
  /** the root's proven claims (global: valid for every network of the model), for the certificate */
  claims: SubsetClaim[];
}

/**
 * A claim of nn-subset-bounds: every network of the model's architecture has
 * Σ_{n∈samples} loss_n + penaltyWeight · P(network) ≥ bound (loss constants included; P = the
 * model's whole penalty). `samples` are training-sample indices (the rows of the scaled training data).
 */
export interface SubsetClaim {
  samples: number[];
  penaltyWeight: 0 | 1;
  bound: number;
  /** a rung claim: only for the networks with at most `maxLive` live neurons in hidden layer `layer` (penaltyWeight 0) */
  rung?: { layer: number; maxLive: number };
}

/**
 * Sample-subset bounds (nn-subset-bounds): the training objective is a sum over samples plus a
 * penalty over the parameters, so the model restricted to a subset of the samples
 * (nn-sample-partition.ts) is a relaxation; the proven bound L of its sub-MIP (mipnet's own search,
 * best-bound, on its own LP) gives the valid inequality Σ_{n∈B} loss_n + P(w) ≥ L, added as a
 * global cut at the root (local at nodes, where the sub-MIP starts from the node's bounds).
 *
 * Root: a first batch of `batch-size` hard samples (each class's sample nearest to another class
 * and that neighbour, then the next nearest pairs) carries the whole penalty; while its sub-MIP is
 * solved to optimality, the samples its optimal network misclassifies (`grow` of them) join the
 * batch and it is solved again (row generation: the bound never decreases). Then `loss-batches`
 * disjoint batches of the other samples, without penalty, give Σ_{n∈B} loss_n ≥ L_B each. All of it
 * within `max-share` of the time left and `max-time` seconds. The cuts only use the model, so they
 * are the same in every worker; the root runs only in the serial search or the coordinator's root.
 */
export class NnSubsetBoundSeparator implements Separator {
  readonly name = 'nn-subset-bounds';
  readonly frequency: number;
  private readonly model: Model;
  private readonly opts: SubsetBoundOptions;
  private view: NnView | null = null;
  private part: SamplePartition | undefined;
  private lpFactory: LpSolverFactory | undefined;
  private fwd: NnForwardPass | undefined;
  private params: NnParams | undefined;
  private full: Float64Array | undefined;
  private perSample: Float64Array | undefined;
  private rootDone = false;
  private networks: SubsetNetworkQueue | undefined;
  /** hardest first: samples by distance to the nearest sample of another class */
  private order: Int32Array | undefined;
  private partner: Int32Array | undefined;
  readonly summary: SubsetBoundReport = { subMips: 0, batchSamples: 0, penaltyBatchBound: -Infinity, lossBatchBound: 0, minErrors: 0, closed: false, seconds: 0, claims: [] };

  constructor(model: Model, opts: SubsetBoundOptions) {
    this.model = model;
    this.opts = opts;
    this.frequency = opts.frequency;
  }

  initSolve(ctx: SolveContext): boolean {
    const v = getNnView(this.model);
    if (!v || this.model.sense !== 'minimize' || v.samples < 2 || v.loss === 'unknown') return false;
    if (v.labels.some((y) => y < 0)) return false;
    this.view = v;
    this.part = samplePartition(v);
    this.lpFactory = ctx.lpFactory;
    this.networks = subsetNetworkQueue(ctx);
    return true;
  }

  statistics(): Record<string, number> {
    const r = this.summary;
    return { subMips: r.subMips, batchSamples: r.batchSamples, penaltyBatchBound: r.penaltyBatchBound, lossBatchBound: r.lossBatchBound, minErrors: r.minErrors };
  }

  separate(ctx: SeparationContext): void {
    if (!this.view) return;
    if (ctx.depth === 0) {
      if (this.rootDone) return;
      this.rootDone = true;
      const t0 = performance.now();
      try {
        this.root(ctx, t0);
      } finally {
        this.summary.seconds += (performance.now() - t0) / 1000;
      }
      return;
    }
    // a node: the first batch under the node's bounds, a local cut
    const budget = Math.min(this.opts.subTimeLimit, this.opts.maxShare * ctx.timeLeft());
    if (!(budget > 0.01)) return;
    const batch = this.firstBatch();
    const r = this.solveBatch(batch, 1, ctx.domain.lower, ctx.domain.upper, performance.now() + budget * 1000);
    if (r) this.cut(ctx, r.sub, r.bound, true);
  }

  private root(ctx: SeparationContext, t0: number): void {
    const v = this.view!;
    const o = this.opts;
    const budget = Math.min(o.maxTime, o.maxShare * ctx.timeLeft());
    if (!(budget > 0.01)) return;
    const end = t0 + budget * 1000;
    const m = this.model;
    let batch = this.firstBatch();
    const inBatch = new Uint8Array(v.samples);
    // ---- the penalty batch, grown by the samples its optimal network gets wrong
    for (;;) {
      const left = end - performance.now();
      if (left < 10) break;
      const r = this.solveBatch(batch, 1, m.colLower, m.colUpper, performance.now() + Math.min(left, o.subTimeLimit * 1000));
      if (!r) break;
      if (r.bound > this.summary.penaltyBatchBound) {
        this.summary.penaltyBatchBound = r.bound;
        this.summary.batchSamples = batch.length;
      }
      this.cut(ctx, r.sub, r.bound, false);
      this.claim(batch, 1, r.bound);
      if (!r.solution) break;
      const wrong = this.misclassified(r.sub, r.solution);
      this.networks?.points.push(Float64Array.from(this.full!));
      if (!r.optimal || o.grow === 0) break;
      inBatch.fill(0);
      for (const s of batch) inBatch[s] = 1;
      const add: number[] = [];
      for (const s of this.order!) {
        if (add.length >= o.grow) break;
        if (!inBatch[s] && wrong[s]! > 1e-9) add.push(s);
      }
      if (add.length === 0) {
        this.summary.closed = true;
        break;
      }
      batch = Int32Array.from([...batch, ...add]);
    }
    // ---- loss-only batches over the other samples
    if (o.lossBatches > 0) {
      inBatch.fill(0);
      for (const s of batch) inBatch[s] = 1;
      const rest = Array.from(this.order!).filter((s) => !inBatch[s]);
      const size = Math.max(1, Math.ceil(rest.length / o.lossBatches));
      let errors = 0;
      for (let b = 0; b < o.lossBatches && b * size < rest.length; b++) {
        const left = end - performance.now();
        if (left < 10) break;
        const lb = Int32Array.from(rest.slice(b * size, (b + 1) * size));
        const r = this.solveBatch(lb, 0, m.colLower, m.colUpper, performance.now() + Math.min(left, o.subTimeLimit * 1000));
        if (!r) continue;
        const L = r.bound + this.lossOffset(lb);
        if (L > 1e-9) {
          this.summary.lossBatchBound += L;
          errors += v.loss === 'xor' ? Math.ceil(L / v.classes - 1e-9) : v.loss === 'zero-one' ? Math.ceil(L - 1e-9) : 0;
          this.cut(ctx, r.sub, r.bound, false);
          this.claim(lb, 0, r.bound);
        }
      }
      this.summary.minErrors = errors;
    }
    // ---- rungs: the first batch's least loss with at most k live neurons
    if (o.rungs) this.rungClaims(ctx, end);
  }

  /**
   * For every hidden layer of binary units whose kill-switches the model orders live-first
   * (rows k_i − k_{i+1} ≥ 0: then k_{k+1} = 0 means at most k live) and every k whose forced
   * errors are 0 (the architecture rows say nothing there), the first batch's sub-MIP without
   * penalty and with neurons k+1.. dead proves L_k = the least batch loss of a network on rung k.
   * With V = the batch's objective part (offset-free) and V ≥ B0 always (the loss is ≥ 0), the
   * row V + (B_k − B0)·k_{k+1} ≥ B_k is valid for every point: k_{k+1} = 1 gives V ≥ B0, k_{k+1} = 0
   * gives V ≥ B_k. Stops at the first rung whose batch loss is 0 (the rungs above have 0 too).
   */
  private rungClaims(ctx: SeparationContext, end: number): void {
    const v = this.view!;
    const m = this.model;
    const counts = classCounts(v);
    const batch = this.firstBatch();
    const B0 = -this.lossOffset(batch);
    for (const L of patternLayers(m, v)) {
      if (L.kills.length < 2 || L.fixedLive > 0 || !killsOrdered(m, L.kills)) continue;
      for (let k = 1; k < L.width; k++) {
        if (forcedErrors(counts, k) > 0) continue;
        const left = end - performance.now();
        if (left < 10) return;
        const upper = Float64Array.from(m.colUpper);
        for (let i = k; i < L.kills.length; i++) upper[L.kills[i]!] = 0;
        const r = this.solveBatch(batch, 0, m.colLower, upper, performance.now() + Math.min(left, this.opts.subTimeLimit * 1000));
        if (!r) break;
        const minLoss = r.bound - B0;
        if (!(minLoss > 1e-6)) break;
        this.cut(ctx, r.sub, r.bound, false, { col: L.kills[k]!, b0: B0 });
        this.summary.claims.push({ samples: Array.from(batch), penaltyWeight: 0, bound: minLoss, rung: { layer: L.layer, maxLive: k } });
      }
    }
  }

  /** The report for the certificate: the figures and the root's claims. */
  report(): Record<string, unknown> | undefined {
    return this.view ? { ...this.summary } : undefined;
  }

  /** Records a root claim: the batch's sub-MIP bound (offset-free) plus the batch's loss constant. */
  private claim(batch: Int32Array, penaltyWeight: 0 | 1, bound: number): void {
    if (!Number.isFinite(bound)) return;
    this.summary.claims.push({ samples: Array.from(batch), penaltyWeight, bound: bound + this.lossOffset(batch) });
  }

  /** The constant part of the batch's loss (xor: one per sample, the target output's 1 − a). */
  private lossOffset(batch: Int32Array): number {
    return this.view!.loss === 'xor' ? batch.length : 0;
  }

  /** Each class's sample nearest to another class and that neighbour, then the next nearest, up to batch-size. */
  private firstBatch(): Int32Array {
    const v = this.view!;
    if (!this.order) this.orderByHardness();
    const order = this.order!;
    const partner = this.partner!;
    const size = Math.min(v.samples, this.opts.batchSize);
    const taken = new Uint8Array(v.samples);
    const out: number[] = [];
    const take = (s: number): void => {
      if (s >= 0 && !taken[s] && out.length < size) {
        taken[s] = 1;
        out.push(s);
      }
    };
    const seen = new Uint8Array(v.classes);
    for (const s of order) {
      const c = v.labels[s]!;
      if (seen[c]) continue;
      seen[c] = 1;
      take(s);
      take(partner[s]!);
    }
    for (const s of order) {
      take(s);
      take(partner[s]!);
    }
    return Int32Array.from(out);
  }

  private orderByHardness(): void {
    const v = this.view!;
    const N = v.samples;
    const d = v.features;
    const X = v.X;
    const dist = new Float64Array(N).fill(Infinity);
    const partner = new Int32Array(N).fill(-1);
    for (let a = 0; a < N; a++) {
      for (let b = a + 1; b < N; b++) {
        if (v.labels[a] === v.labels[b]) continue;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = X[a * d + j]! - X[b * d + j]!;
          s += t * t;
        }
        if (s < dist[a]!) {
          dist[a] = s;
          partner[a] = b;
        }
        if (s < dist[b]!) {
          dist[b] = s;
          partner[b] = a;
        }
      }
    }
    const order = Int32Array.from({ length: N }, (_, i) => i);
    order.sort((a, b) => dist[a]! - dist[b]! || a - b);
    this.order = order;
    this.partner = partner;
  }

  /**
   * Solves the sub-MIP of a batch (best-bound, its own LP and plugins) until `deadline`: its proven
   * bound, whether it was solved to optimality, and its best point (null when none).
   */
  private solveBatch(batch: Int32Array, penaltyWeight: number, lower: ArrayLike<number>, upper: ArrayLike<number>, deadline: number): { sub: SubsetModel; bound: number; optimal: boolean; solution: Float64Array | null } | null {
    const sub = subsetModel(this.view!, this.part!, batch, penaltyWeight, lower, upper);
    const sm = sub.model;
    for (let j = 0; j < sm.numCols; j++) if (!(sm.colLower[j]! <= sm.colUpper[j]!)) return null;
    let plugins: PluginSet | undefined;
    let proc: NodeProcessor | undefined;
    try {
      const opened = openEngineSubMip(sm, this.lpFactory!, 'best-bound');
      plugins = opened.plugins;
      const store = new IncumbentStore(sm);
      proc = new NodeProcessor(sm, this.lpFactory!(), plugins, store, opened.options);
      const search = new Search(proc, { compare: plugins.selector.compare, plunge: plugins.selector.plunge, plungeDepth: 8 });
      search.add(rootNode());
      const nodeLimit = this.opts.subNodeLimit;
      const end = search.run({
        check: (s) => {
          const now = performance.now();
          if (s.nodes > 0 && (now > deadline || s.nodes >= nodeLimit)) return 'stopped';
          proc!.setLpTimeLimit(Math.max(0.01, (deadline - now) / 1000));
          return undefined;
        },
      });
      this.summary.subMips++;
      const bound = search.dualBound();
      if (!Number.isFinite(bound) && bound < 0) return null;
      if (bound === Infinity) {
        // no point of the batch is feasible: the whole model has none either; a cut cannot say it, leave it to the search
        return null;
      }
      const sol = store.incumbentPoint;
      return { sub, bound, optimal: end === 'exhausted', solution: sol ? Float64Array.from(sol) : null };
    } catch {
      return null;
    } finally {
      proc?.dispose();
      plugins?.close();
    }
  }

  /** Per-sample loss over the whole data of the network in a sub-MIP's point. */
  private misclassified(sub: SubsetModel, x: Float64Array): Float64Array {
    const v = this.view!;
    const m = this.model;
    if (!this.fwd) {
      this.fwd = new NnForwardPass(v);
      this.params = allocParams(v);
      this.full = new Float64Array(m.numCols);
      this.perSample = new Float64Array(v.samples);
    }
    const full = this.full!;
    full.fill(0);
    for (let c = 0; c < sub.cols.length; c++) full[sub.cols[c]!] = x[c]!;
    readParams(v, full, m.colLower, m.colUpper, this.params!);
    this.fwd.run(this.params!, false);
    this.fwd.error(this.perSample!);
    return this.perSample!;
  }

  /**
   * Σ_j c_j x_cols[j] ≥ bound over the sub-model's objective columns; with `rung` (the kill-switch
   * of the first dead neuron and the objective part's floor b0): + (bound − b0)·kill, so the row
   * binds only when that neuron is dead.
   */
  private cut(ctx: SeparationContext, sub: SubsetModel, bound: number, local: boolean, rung?: { col: number; b0: number }): void {
    const sm = sub.model;
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < sm.numCols; j++) {
      const c = sm.colCost[j]!;
      if (c === 0) continue;
      cols.push(sub.cols[j]!);
      vals.push(c);
    }
    if (cols.length === 0) return;
    // a hair below the proven bound: the sub-MIP's own tolerances
    const rhs = bound - 1e-6 * Math.max(1, Math.abs(bound));
    if (rung) {
      cols.push(rung.col);
      vals.push(rhs - rung.b0);
    }
    ctx.addCut(cols, vals, cols.length, rhs, Infinity, local);
  }
}

export const nnSubsetBoundDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'nn-subset-bounds',
  enabledByDefault: false,
  description: 'NN: sample-subset bounds — sub-MIPs over batches of hard samples (the whole penalty, grown by the samples their optimum gets wrong; and loss-only batches) give Σ_batch loss + P ≥ L',
  priority: 5,
  params: [
    SEPARATOR_FREQUENCY_PARAM,
    { name: 'batch-size', type: 'integer', default: 8, min: 1, max: 100000, description: 'samples of the first batch (hard ones: nearest to another class)' },
    { name: 'grow', type: 'integer', default: 4, min: 0, max: 100000, description: 'samples added to the batch per step: the ones its optimal network misclassifies (0: no growth)' },
    { name: 'sub-time-limit', type: 'real', default: 5, min: 0.01, max: 3600, description: 'seconds per sub-MIP' },
    { name: 'sub-node-limit', type: 'integer', default: 20000, min: 1, max: 100000000, description: 'nodes per sub-MIP' },
    { name: 'max-share', type: 'real', default: 0.25, min: 0, max: 1, description: 'share of the time left that the root work may use' },
    { name: 'max-time', type: 'real', default: 30, min: 0, max: 86400, description: 'seconds of root work at most' },
    { name: 'loss-batches', type: 'integer', default: 0, min: 0, max: 100000, description: 'disjoint loss-only batches over the other samples (0: none)' },
    { name: 'rungs', type: 'boolean', default: true, description: 'per-rung rows on the first batch: its least loss with at most k live neurons (kill-switches ordered live-first), for the k the architecture rows leave at 0 errors' },
  ],
  create: (env) =>
    new NnSubsetBoundSeparator(env.model, {
      frequency: env.num('frequency'),
      batchSize: env.num('batch-size'),
      grow: env.num('grow'),
      subTimeLimit: env.num('sub-time-limit'),
      subNodeLimit: env.num('sub-node-limit'),
      maxShare: env.num('max-share'),
      maxTime: env.num('max-time'),
      lossBatches: env.num('loss-batches'),
      rungs: env.bool('rungs'),
    }),
};

/** Whether the model holds the rows k_i − k_{i+1} ≥ 0 for every consecutive pair of `kills` (live-first order). */
export function killsOrdered(model: Model, kills: Int32Array): boolean {
  const rm = model.rowMatrix();
  const want = new Set<string>();
  for (let i = 0; i + 1 < kills.length; i++) want.add(`${kills[i]},${kills[i + 1]}`);
  for (let r = 0; r < model.numRows && want.size > 0; r++) {
    const s = rm.rowStart[r]!;
    if (rm.rowStart[r + 1]! - s !== 2) continue;
    let a = rm.colIndex[s]!;
    let b = rm.colIndex[s + 1]!;
    let va = rm.value[s]!;
    let vb = rm.value[s + 1]!;
    if (va < 0) {
      [a, b] = [b, a];
      [va, vb] = [vb, va];
    }
    // va·k_a + vb·k_b ≥ lower with va = −vb > 0 and lower ≥ 0 (or the mirrored ≤ form)
    if (!(va > 0 && Math.abs(va + vb) <= 1e-12 * va)) continue;
    if (model.rowLower[r]! >= 0 || model.rowUpper[r]! <= 0) {
      const key = model.rowLower[r]! >= 0 ? `${a},${b}` : `${b},${a}`;
      want.delete(key);
    }
  }
  return want.size === 0;
}
