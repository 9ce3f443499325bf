import { BoundReason } from '../bnb/bound-reason.js';
import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { PropagationContext, Propagator } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { getNnView, type NnLayerView, type NnView } from './nn-view.js';

const TOL = 1e-6;

/**
 * Samples that look the same to a layer behave the same in it. For a layer whose inputs are the
 * binary outputs of a step layer, two samples whose inputs are all fixed to the same 0/1 pattern
 * have the same pre-activation z for every neuron of the layer (z = W a + b, the same a), hence the
 * same activation. So within each group of samples with equal fixed input patterns:
 * - an activation fixed for one sample is fixed to the same value for all (both values fixed in one
 *   group = infeasible node);
 * - the z columns of the group share the intersection of their bounds.
 * The LP relaxation does not see this (each sample's activation is relaxed on its own); for a
 * one-hidden-neuron network, for instance, fixing the hidden layer leaves two groups and the output
 * error of a whole group is decided at once.
 *
 * Cost per call: O(N log N + N · width) per layer (a sort of the samples by pattern key); layers
 * whose input width exceeds 52 (the key would not fit a double) are skipped.
 */
export class NnPatternGroupsPropagator implements Propagator {
  readonly name = 'nn-pattern-groups';
  readonly reason = BoundReason.PROPAGATION;
  readonly timing = 'node' as const;
  private readonly view: NnView | null;
  private readonly layers: NnLayerView[] = [];
  private readonly keys: Float64Array;
  private readonly order: Int32Array;
  private readonly byKey: (a: number, b: number) => number;

  constructor(model: Model, private readonly zBounds: boolean) {
    const v = getNnView(model);
    this.view = v;
    const N = v ? v.samples : 0;
    this.keys = new Float64Array(N);
    this.order = new Int32Array(N);
    const keys = this.keys;
    this.byKey = (a, b) => keys[a]! - keys[b]! || a - b;
    if (v) {
      for (const L of v.layers) {
        if (L.index === 0) continue;
        const prev = v.layers[L.index - 1]!;
        if (prev.activation !== 'step' || prev.width > 52) continue;
        if (L.activation !== 'step' && L.activation !== 'relu' && !this.zBounds) continue;
        this.layers.push(L);
      }
    }
  }

  /** Inactive (not called, not listed) without a layer fed by a step layer. */
  initSolve(): boolean {
    return this.view !== null && this.layers.length > 0;
  }

  propagate(ctx: PropagationContext): 'ok' | 'infeasible' {
    const v = this.view;
    if (!v) return 'ok';
    for (const L of this.layers) if (this.layer(ctx, v, L) < 0) return 'infeasible';
    return 'ok';
  }

  private layer(ctx: PropagationContext, v: NnView, L: NnLayerView): number {
    const { domain, source } = ctx;
    const lo = domain.lower;
    const up = domain.upper;
    const prev = v.layers[L.index - 1]!;
    const N = v.samples;
    const keys = this.keys;
    let count = 0;
    for (let n = 0; n < N; n++) {
      let key = 0;
      let scale = 1;
      for (const pn of prev.neurons) {
        const a = pn.activationCols[n]!;
        let bit: number;
        if (a < 0) bit = 0;
        else if (up[a]! < 0.5) bit = 0;
        else if (lo[a]! > 0.5) bit = 1;
        else {
          key = -1;
          break;
        }
        key += bit * scale;
        scale *= 2;
      }
      keys[n] = key;
      if (key >= 0) this.order[count++] = n;
    }
    if (count < 2) return 0;
    const order = this.order.subarray(0, count);
    order.sort(this.byKey);
    const reason = BoundReason.PROPAGATION;
    let s = 0;
    while (s < count) {
      let e = s + 1;
      while (e < count && keys[order[e]!] === keys[order[s]!]) e++;
      if (e - s > 1) {
        for (const nr of L.neurons) {
          // activations: the value fixed anywhere in the group
          let fixed = -1;
          for (let q = s; q < e; q++) {
            const a = nr.activationCols[order[q]!]!;
            if (a < 0) continue;
            if (lo[a]! > 0.5) {
              if (fixed === 0) return -1;
              fixed = 1;
            } else if (up[a]! < 0.5) {
              if (fixed === 1) return -1;
              fixed = 0;
            }
          }
          if (fixed >= 0) {
            for (let q = s; q < e; q++) {
              const a = nr.activationCols[order[q]!]!;
              if (a < 0) continue;
              const r = fixed === 1 ? domain.tightenLower(a, 1, reason, source) : domain.tightenUpper(a, 0, reason, source);
              if (r < 0) return -1;
            }
          }
          if (!this.zBounds) continue;
          // z columns: common bounds
          let zl = -Infinity;
          let zu = Infinity;
          for (let q = s; q < e; q++) {
            const z = nr.preActivationCols[order[q]!]!;
            if (z < 0) continue;
            if (lo[z]! > zl) zl = lo[z]!;
            if (up[z]! < zu) zu = up[z]!;
          }
          if (zl > zu + TOL * (1 + Math.abs(zl))) return -1;
          for (let q = s; q < e; q++) {
            const z = nr.preActivationCols[order[q]!]!;
            if (z < 0) continue;
            const range = up[z]! - lo[z]!;
            if (zl > lo[z]! + 1e-3 * range || zu < up[z]! - 1e-3 * range) {
              if (domain.tighten(z, zl, zu, reason, source) < 0) return -1;
            }
          }
        }
      }
      s = e;
    }
    return 0;
  }
}

export const nnPatternGroupsDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'nn-pattern-groups',
  description: 'NN: samples with equal fixed binary inputs to a layer share its activations and pre-activation bounds',
  priority: 190,
  params: [{ name: 'z-bounds', type: 'boolean', default: true, description: 'also intersect the pre-activation bounds within a group' }],
  create: (env: PluginEnv) => new NnPatternGroupsPropagator(env.model, env.bool('z-bounds')),
};
