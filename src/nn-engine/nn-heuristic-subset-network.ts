import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { LpContext, SharedResource, SolveContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { allocParams, readParams, type NnParams } from './nn-forward-pass.js';
import { NnSearchHeuristic } from './nn-search-heuristic.js';
import type { NnView } from './nn-view.js';

const SCALES = [1, 3, 10, 30, 100];

/** Multiplies every layer's weights and biases by `s`, clamped into the layer's weight bound. */
function scaleParams(v: NnView, p: NnParams, s: number): void {
  for (const L of v.layers) {
    const B = v.weightBound[L.index]!;
    const W = p.W[L.index]!;
    const b = p.b[L.index]!;
    for (let k = 0; k < W.length; k++) W[k] = Math.max(-B, Math.min(B, W[k]! * s));
    for (let k = 0; k < b.length; k++) b[k] = Math.max(-B, Math.min(B, b[k]! * s));
  }
}

/** Networks found by the sample-subset sub-MIPs (as whole-model column vectors with their parameters set), waiting to be completed. */
export class SubsetNetworkQueue implements SharedResource {
  readonly points: Float64Array[] = [];
  dispose(): void {
    this.points.length = 0;
  }
}

export const SUBSET_NETWORK_KEY = 'nn/subset-networks';

/** The queue of this solve and thread (SolveContext.shared). */
export function subsetNetworkQueue(ctx: SolveContext): SubsetNetworkQueue {
  return ctx.shared(SUBSET_NETWORK_KEY, () => new SubsetNetworkQueue());
}

/**
 * The networks that the sample-subset bounds (nn-subset-bounds) solved their batches with are often
 * good for the whole data set too (their optimum over a batch of hard samples is the cheapest network
 * that fits those samples): each is completed by the LP-fit of its forward-pass pattern over all samples
 * and offered as a solution. Runs while networks are queued; no-op otherwise.
 */
export class NnSubsetNetworkHeuristic extends NnSearchHeuristic {
  readonly name = 'nn-subset-network';
  readonly frequency = 1;
  private queue: SubsetNetworkQueue | undefined;
  private params: NnParams | undefined;

  constructor(model: Model, lpTimeLimit: number) {
    super(model, lpTimeLimit, 1);
  }

  override initSolve(ctx: SolveContext): boolean {
    if (!super.initSolve(ctx)) return false;
    this.queue = subsetNetworkQueue(ctx);
    return true;
  }

  run(ctx: LpContext): Float64Array | null {
    const q = this.queue;
    if (!q || !this.search || q.points.length === 0) return null;
    let best: Float64Array | null = null;
    let bestObj = ctx.cutoff;
    const m = ctx.model;
    const v = this.view!;
    const p = this.params ?? (this.params = allocParams(v));
    while (q.points.length > 0) {
      const x = q.points.shift()!;
      // a batch's optimal network sits on the ε margin of its own samples, so other samples may fall
      // inside it: scaled up (step outputs do not change sign) its pattern is clean; the LP-fit then
      // chooses the best weights for that pattern
      for (const scale of SCALES) {
        readParams(v, x, m.colLower, m.colUpper, p);
        if (scale !== 1) scaleParams(v, p, scale);
        const c = this.search.fit(p, false);
        if (!c) continue;
        if (c.objective < bestObj) {
          bestObj = c.objective;
          best = Float64Array.from(c.x);
        }
        break;
      }
    }
    return best;
  }

  override exitSolve(): void {
    this.queue = undefined;
    super.exitSolve();
  }
}

export const nnSubsetNetworkDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-subset-network',
  description: 'NN: the networks of the sample-subset sub-MIPs (nn-subset-bounds), completed over all samples',
  priority: 95,
  params: [{ name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per completion LP' }],
  create: (env: PluginEnv) => new NnSubsetNetworkHeuristic(env.model, env.num('lp-time-limit')),
};
