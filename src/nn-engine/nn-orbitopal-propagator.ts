import { BoundReason } from '../bnb/bound-reason.js';
import type { Domain } from '../bnb/domain.js';
import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { PropagationContext, Propagator } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { getNnView } from './nn-view.js';

/** One orbitope: a 0/1 matrix of columns, `cols[r * width + i]` = row r of neuron i. */
interface Orbitope {
  width: number;
  rows: number;
  cols: Int32Array;
}

/**
 * Orbitopal fixing for the permutation symmetry of the hidden neurons of a permutable layer (the
 * permutation also moves their continuous weights, biases and outgoing weights, so any solution can
 * be permuted to have its neurons' 0/1 columns in lexicographically non-increasing order). The
 * matrix of a layer has the kill-switch row first (when every neuron has one) and then one row per
 * sample (the activation binaries); the propagator enforces column i ≥lex column i+1 for consecutive
 * neurons by the standard two-vector lex propagation (fixing at the first undecided row, with the
 * look-ahead for a forced strict inequality), to a fixpoint.
 *
 * Consistency with the formulation: a layer whose ordering rows order anything but kill-switches
 * (e.g. the bias order b_i ≥ b_{i+1} among live neurons) picks its representative by that order, and
 * lex fixing on activations could cut off every optimum it keeps — such layers are skipped
 * (NnLayerView.orbitopeCompatible). Kill-switch order rows k_i ≥ k_{i+1} agree with the lex order
 * because the kill row comes first.
 */
export class NnOrbitopalPropagator implements Propagator {
  readonly name = 'nn-orbitopal';
  readonly reason = BoundReason.SYMMETRY;
  readonly timing = 'node' as const;
  private readonly orbitopes: Orbitope[] = [];
  /** column -> orbitope index (for incremental calls), -1 = none */
  private readonly colOrbitope: Int32Array;
  private readonly dirty: Uint8Array;

  constructor(model: Model, private readonly maxPasses: number) {
    const v = getNnView(model);
    this.colOrbitope = new Int32Array(v ? model.numCols : 0).fill(-1);
    if (v) {
      for (const L of v.layers) {
        if (L.isOutput || !L.permutable || !L.orbitopeCompatible || L.width < 2) continue;
        if (L.activation !== 'step' && L.activation !== 'relu') continue;
        const withKill = L.neurons.every((nr) => nr.killCol >= 0);
        const samples: number[] = [];
        for (let n = 0; n < v.samples; n++) if (L.neurons.every((nr) => nr.activationCols[n]! >= 0)) samples.push(n);
        const rows = (withKill ? 1 : 0) + samples.length;
        if (rows === 0) continue;
        const cols = new Int32Array(rows * L.width);
        for (let i = 0; i < L.width; i++) {
          const nr = L.neurons[i]!;
          let r = 0;
          if (withKill) cols[r++ * L.width + i] = nr.killCol;
          for (const n of samples) cols[r++ * L.width + i] = nr.activationCols[n]!;
        }
        const id = this.orbitopes.length;
        this.orbitopes.push({ width: L.width, rows, cols });
        for (const c of cols) this.colOrbitope[c] = id;
      }
    }
    this.dirty = new Uint8Array(this.orbitopes.length);
  }

  /** Inactive (not called, not listed) without a layer it handles. */
  initSolve(): boolean {
    return this.orbitopes.length > 0;
  }

  /** Number of orbitopes (layers) handled. */
  get layers(): number {
    return this.orbitopes.length;
  }

  propagate(ctx: PropagationContext): 'ok' | 'infeasible' {
    if (this.orbitopes.length === 0) return 'ok';
    const domain = ctx.domain;
    if (ctx.since < 0) this.dirty.fill(1);
    else {
      this.dirty.fill(0);
      for (let k = Math.max(0, ctx.since); k < domain.trailLength; k++) {
        const o = this.colOrbitope[domain.trailCol(k)]!;
        if (o >= 0) this.dirty[o] = 1;
      }
    }
    for (let o = 0; o < this.orbitopes.length; o++) {
      if (!this.dirty[o]) continue;
      const orb = this.orbitopes[o]!;
      for (let pass = 0; pass < this.maxPasses; pass++) {
        let changed = false;
        for (let i = 0; i + 1 < orb.width; i++) {
          const r = lexPair(domain, orb, i, ctx.source);
          if (r < 0) return 'infeasible';
          if (r > 0) changed = true;
        }
        if (!changed) break;
      }
    }
    return 'ok';
  }
}

/** Enforces column i ≥lex column i+1; returns -1 infeasible, 1 changed, 0 nothing. */
function lexPair(domain: Domain, orb: Orbitope, i: number, source: number): number {
  const lo = domain.lower;
  const up = domain.upper;
  const w = orb.width;
  const cols = orb.cols;
  const reason = BoundReason.SYMMETRY;
  let changed = 0;
  for (let r = 0; r < orb.rows; r++) {
    const a = cols[r * w + i]!;
    const b = cols[r * w + i + 1]!;
    const aFixed = up[a]! - lo[a]! < 0.5;
    const bFixed = up[b]! - lo[b]! < 0.5;
    if (aFixed && bFixed) {
      if (lo[a] === lo[b]) continue; // equal so far
      if (lo[a]! < lo[b]!) return -1; // prefix equal and a < b
      return changed; // a > b: satisfied for good
    }
    // first row not forced equal: need a_r ≥ b_r
    if (lo[b]! > 0.5) {
      if (domain.tightenLower(a, 1, reason, source) < 0) return -1;
      changed = 1;
      continue; // now both 1
    }
    if (up[a]! < 0.5) {
      if (domain.tightenUpper(b, 0, reason, source) < 0) return -1;
      changed = 1;
      continue; // now both 0
    }
    // look-ahead: is the rest forced lex-smaller? then a_r > b_r strictly
    let strict = false;
    for (let s = r + 1; s < orb.rows; s++) {
      const c = cols[s * w + i]!;
      const d = cols[s * w + i + 1]!;
      const cF = up[c]! - lo[c]! < 0.5;
      const dF = up[d]! - lo[d]! < 0.5;
      if (cF && dF && lo[c] === lo[d]) continue;
      if (up[c]! < 0.5 && lo[d]! > 0.5) strict = true;
      break;
    }
    if (strict) {
      if (domain.tightenLower(a, 1, reason, source) < 0) return -1;
      if (domain.tightenUpper(b, 0, reason, source) < 0) return -1;
      changed = 1;
    }
    return changed;
  }
  return changed;
}

export const nnOrbitopalDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'nn-orbitopal',
  description: 'NN: orbitopal fixing for permutable hidden neurons (layers without bias-order rows)',
  priority: 0,
  params: [{ name: 'max-passes', type: 'integer', default: 4, min: 1, max: 1000, description: 'passes over the neuron pairs per call' }],
  create: (env: PluginEnv) => new NnOrbitopalPropagator(env.model, env.num('max-passes')),
};
