import { BoundReason } from '../bnb/bound-reason.js';
import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { PropagationContext, Propagator } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { getNnView, type NnView } from './nn-view.js';

const TOL = 1e-6;

/**
 * NN bound propagation at every node (before the LP), per neuron and sample:
 *
 * forward — interval arithmetic over the neuron's weight / bias bounds and its inputs (data in
 *   layer 1; the previous layer's binary outputs or ReLU outputs later) bounds z; the z column is
 *   tightened (by at least `min-improvement` of its range) and the activation binary fixed when the
 *   interval decides it: step: zU < 0 → a = 0, zL > −ε → a = 1 (the rows z ≤ −ε + (zU + ε)a and
 *   z ≥ zL(1 − a) admit nothing else); ReLU phase: zU < 0 → δ = 0, zL > 0 → δ = 1;
 * backward — a fixed activation is a half-space on the neuron's parameters (a = 1: w·x_n + b ≥ 0;
 *   a = 0: w·x_n + b ≤ −ε), intersected with the z column's bounds; each term's bounds follow from
 *   the others' (weights, bias; a binary input of a later layer is fixed to 1 when its term must be
 *   non-zero);
 * kill-switches — k = 0 → every activation of the neuron 0; an activation 1 → k = 1.
 *
 * Incremental: only neurons with a column changed since `ctx.since` (and the next layer's neurons
 * when an activation changed) are revisited, from a work queue; a neuron whose own parameters were
 * tightened is revisited at most `rounds` times per call.
 */
export class NnBoundsPropagator implements Propagator {
  readonly name = 'nn-bounds';
  readonly reason = BoundReason.PROPAGATION;
  readonly timing = 'node' as const;
  private readonly view: NnView | null;
  private readonly queue: Int32Array;
  private readonly inQueue: Uint8Array;
  private readonly visits: Int32Array;
  private readonly tL: Float64Array;
  private readonly tU: Float64Array;
  /** per term: input lower / upper (for the backward step) */
  private readonly iL: Float64Array;
  private readonly iU: Float64Array;

  constructor(
    model: Model,
    private readonly minImprovement: number,
    private readonly rounds: number,
    private readonly backward: boolean,
  ) {
    this.view = getNnView(model);
    const g = this.view ? this.view.neuronCount : 0;
    this.queue = new Int32Array(g + 1);
    this.inQueue = new Uint8Array(g);
    this.visits = new Int32Array(g);
    let fan = 1;
    if (this.view) for (const L of this.view.layers) fan = Math.max(fan, L.fanIn);
    this.tL = new Float64Array(fan + 1);
    this.tU = new Float64Array(fan + 1);
    this.iL = new Float64Array(fan + 1);
    this.iU = new Float64Array(fan + 1);
  }

  private head = 0;
  private size = 0;

  /** Inactive (not called, not listed) on a model without network structure. */
  initSolve(): boolean {
    return this.view !== null;
  }

  private push(g: number): void {
    if (this.inQueue[g]) return;
    this.inQueue[g] = 1;
    const cap = this.queue.length;
    this.queue[(this.head + this.size) % cap] = g;
    this.size++;
  }

  private pushLayer(v: NnView, li: number): void {
    for (let g = v.layerStart[li]!; g < v.layerStart[li + 1]!; g++) this.push(g);
  }

  propagate(ctx: PropagationContext): 'ok' | 'infeasible' {
    const v = this.view;
    if (!v) return 'ok';
    const domain = ctx.domain;
    const G = v.neuronCount;
    const queue = this.queue;
    const cap = queue.length;
    this.head = 0;
    this.size = 0;
    this.visits.fill(0);
    if (ctx.since < 0) {
      for (let g = 0; g < G; g++) this.push(g);
    } else {
      const end = domain.trailLength;
      for (let k = Math.max(0, ctx.since); k < end; k++) {
        const c = domain.trailCol(k);
        const g = v.colNeuron[c]!;
        if (g < 0) continue;
        this.push(g);
        const li = v.neuronLayer[g]!;
        if (v.colSample[c]! >= 0 && li + 1 < v.layers.length) this.pushLayer(v, li + 1);
      }
    }
    let result: 'ok' | 'infeasible' = 'ok';
    let budget = G * (this.rounds + 2) + 16;
    while (this.size > 0 && budget-- > 0) {
      const g = queue[this.head]!;
      this.head = (this.head + 1) % cap;
      this.size--;
      this.inQueue[g] = 0;
      this.visits[g]!++;
      if (this.neuron(ctx, v, g) < 0) {
        result = 'infeasible';
        break;
      }
    }
    // leave the queue empty for the next call
    while (this.size > 0) {
      this.inQueue[queue[this.head]!] = 0;
      this.head = (this.head + 1) % cap;
      this.size--;
    }
    return result;
  }

  /** Processes one neuron over all samples; -1 = infeasible. */
  private neuron(ctx: PropagationContext, v: NnView, g: number): number {
    const { domain, source } = ctx;
    const lo = domain.lower;
    const up = domain.upper;
    const li = v.neuronLayer[g]!;
    const L = v.layers[li]!;
    const nr = L.neurons[v.neuronIndex[g]!]!;
    const fi = L.fanIn;
    const N = v.samples;
    const eps = v.epsilon;
    const reason = BoundReason.PROPAGATION;
    const prev = li > 0 ? v.layers[li - 1]! : undefined;
    const tL = this.tL;
    const tU = this.tU;
    const iL = this.iL;
    const iU = this.iU;
    const minImp = this.minImprovement;
    let ownChanged = false;
    // kill-switch implications
    const k = nr.killCol;
    if (k >= 0 && up[k]! < 0.5) {
      for (let n = 0; n < N; n++) {
        const a = nr.activationCols[n]!;
        if (a >= 0 && up[a]! > 0) {
          if (domain.tightenUpper(a, 0, reason, source) < 0) return -1;
        }
      }
    }
    const bCol = nr.biasCol;
    const bL = bCol >= 0 ? lo[bCol]! : 0;
    const bU = bCol >= 0 ? up[bCol]! : 0;
    for (let n = 0; n < N; n++) {
      // ---- forward: term intervals
      let sumL = bL;
      let sumU = bU;
      for (let j = 0; j < fi; j++) {
        const w = nr.weightCols[j]!;
        let xl: number;
        let xu: number;
        if (!prev) {
          xl = xu = v.X[n * v.features + j]!;
        } else {
          const pn = prev.neurons[j]!;
          const pa = pn.activationCols[n]!;
          if (prev.activation === 'step' || prev.activation === 'sign') {
            if (pa < 0) {
              xl = 0;
              xu = 0;
            } else {
              xl = lo[pa]!;
              xu = up[pa]!;
            }
          } else if (prev.activation === 'relu') {
            const pz = pn.preActivationCols[n]!;
            const zl = pz >= 0 ? lo[pz]! : -Infinity;
            const zu = pz >= 0 ? up[pz]! : Infinity;
            if (pa >= 0 && up[pa]! < 0.5) {
              xl = 0;
              xu = 0;
            } else {
              xl = pa >= 0 && lo[pa]! > 0.5 ? Math.max(0, zl) : 0;
              xu = Math.max(0, zu);
            }
          } else {
            const pz = pn.preActivationCols[n]!;
            xl = pz >= 0 ? lo[pz]! : -Infinity;
            xu = pz >= 0 ? up[pz]! : Infinity;
          }
        }
        iL[j] = xl;
        iU[j] = xu;
        if (w < 0 || (xl === 0 && xu === 0)) {
          tL[j] = 0;
          tU[j] = 0;
          continue;
        }
        const wl = lo[w]!;
        const wu = up[w]!;
        let a: number;
        let b: number;
        if (xl === xu) {
          a = wl * xl;
          b = wu * xl;
          if (a > b) {
            const t = a;
            a = b;
            b = t;
          }
        } else {
          const p1 = wl * xl;
          const p2 = wl * xu;
          const p3 = wu * xl;
          const p4 = wu * xu;
          a = Math.min(p1, p2, p3, p4);
          b = Math.max(p1, p2, p3, p4);
        }
        tL[j] = a;
        tU[j] = b;
        sumL += a;
        sumU += b;
      }
      if (!Number.isFinite(sumL) && !Number.isFinite(sumU)) continue;
      // ---- z column and activation
      const zc = nr.preActivationCols[n]!;
      let zl = sumL;
      let zu = sumU;
      if (zc >= 0) {
        const dl = lo[zc]!;
        const du = up[zc]!;
        const range = du - dl;
        const slack = TOL * (1 + Math.abs(sumL) + Math.abs(sumU));
        if (sumL > du + slack || sumU < dl - slack) return -1;
        const nl = sumL > dl + minImp * range ? sumL - slack : -Infinity;
        const nu = sumU < du - minImp * range ? sumU + slack : Infinity;
        if (nl > dl || nu < du) {
          if (domain.tighten(zc, Math.max(dl, nl), Math.min(du, nu), reason, source) < 0) return -1;
        }
        zl = Math.max(zl, lo[zc]!);
        zu = Math.min(zu, up[zc]!);
      }
      const a = nr.activationCols[n]!;
      if (a >= 0) {
        const one = L.activation === 'relu' ? TOL : -eps + TOL;
        if (zu < -TOL && up[a]! > 0) {
          if (domain.tightenUpper(a, 0, reason, source) < 0) return -1;
        }
        if (zl > one && lo[a]! < 1) {
          if (domain.tightenLower(a, 1, reason, source) < 0) return -1;
        }
        if (k >= 0 && lo[a]! > 0.5 && lo[k]! < 0.5) {
          if (domain.tightenLower(k, 1, reason, source) < 0) return -1;
        }
      }
      if (!this.backward) continue;
      // ---- backward: required z range from the activation and the z column
      let rL = zc >= 0 ? lo[zc]! : -Infinity;
      let rU = zc >= 0 ? up[zc]! : Infinity;
      if (a >= 0) {
        if (lo[a]! > 0.5) rL = Math.max(rL, 0);
        else if (up[a]! < 0.5) rU = Math.min(rU, L.activation === 'relu' ? 0 : -eps);
      }
      const needL = rL > sumL + TOL;
      const needU = rU < sumU - TOL;
      if (!needL && !needU) continue;
      const slack = TOL * (1 + Math.abs(rL === -Infinity ? 0 : rL) + Math.abs(rU === Infinity ? 0 : rU));
      if (rL > sumU + slack || rU < sumL - slack) return -1;
      // bias
      if (bCol >= 0) {
        const nl = rL - (sumU - bU) - slack;
        const nu = rU - (sumL - bL) + slack;
        const range = bU - bL;
        if (nl > bL + minImp * range || nu < bU - minImp * range) {
          const r = domain.tighten(bCol, nl > bL + minImp * range ? nl : bL, nu < bU - minImp * range ? nu : bU, reason, source);
          if (r < 0) return -1;
          if (r > 0) ownChanged = true;
        }
      }
      for (let j = 0; j < fi; j++) {
        const w = nr.weightCols[j]!;
        if (w < 0) continue;
        const xl = iL[j]!;
        const xu = iU[j]!;
        if (xl === 0 && xu === 0) continue;
        const nl = rL - (sumU - tU[j]!) - slack; // required lower bound of the term
        const nu = rU - (sumL - tL[j]!) + slack;
        if (!(nl > tL[j]! + TOL) && !(nu < tU[j]! - TOL)) continue;
        const wl = lo[w]!;
        const wu = up[w]!;
        const range = wu - wl;
        let newL = -Infinity;
        let newU = Infinity;
        if (xl === xu) {
          // data input, or a binary input fixed to 1
          const x = xl;
          if (Math.abs(x) < 1e-9) continue;
          if (x > 0) {
            newL = nl / x;
            newU = nu / x;
          } else {
            newL = nu / x;
            newU = nl / x;
          }
        } else if (prev && (prev.activation === 'step' || prev.activation === 'sign') && xl === 0 && xu === 1) {
          // term ∈ {0} ∪ [wl, wu]: a term that must be non-zero fixes the input to 1
          const pa = prev.neurons[j]!.activationCols[n]!;
          if (nl > TOL || nu < -TOL) {
            if (domain.tightenLower(pa, 1, reason, source) < 0) return -1;
            this.push(v.layerStart[li - 1]! + j);
            this.pushLayer(v, li);
            newL = nl;
            newU = nu;
          } else continue;
        } else continue;
        const applyL = newL > wl + minImp * range;
        const applyU = newU < wu - minImp * range;
        if (!applyL && !applyU) continue;
        const r = domain.tighten(w, applyL ? newL : wl, applyU ? newU : wu, reason, source);
        if (r < 0) return -1;
        if (r > 0) ownChanged = true;
      }
    }
    if (ownChanged && this.visits[g]! < this.rounds) {
      this.push(g);
      if (li + 1 < v.layers.length) this.pushLayer(v, li + 1);
    }
    return 0;
  }
}

export const nnBoundsDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'nn-bounds',
  description: 'NN: interval propagation of pre-activations, activation fixing, fixed activations back to weights, kill-switch implications',
  priority: 200,
  params: [
    { name: 'min-improvement', type: 'real', default: 0.01, min: 0, max: 1, description: 'continuous bounds are tightened by at least this fraction of their range' },
    { name: 'rounds', type: 'integer', default: 3, min: 1, max: 1000, description: 'revisits of a neuron per call after its own parameters tightened' },
    { name: 'backward', type: 'boolean', default: true, description: 'propagate fixed activations back to weight and bias bounds' },
  ],
  create: (env: PluginEnv) => new NnBoundsPropagator(env.model, env.num('min-improvement'), env.num('rounds'), env.bool('backward')),
};
