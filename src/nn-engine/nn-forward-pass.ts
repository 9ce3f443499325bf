import type { NnView } from './nn-view.js';

/** Network parameters per layer of an NnView: W `[i * fanIn + j]`, b `[i]`, live `[i]` (0/1). */
export interface NnParams {
  W: Float64Array[];
  b: Float64Array[];
  live: Uint8Array[];
}

export function allocParams(view: NnView): NnParams {
  return {
    W: view.layers.map((L) => new Float64Array(L.width * L.fanIn)),
    b: view.layers.map((L) => new Float64Array(L.width)),
    live: view.layers.map((L) => new Uint8Array(L.width).fill(1)),
  };
}

function clampedValue(view: NnView, x: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, c: number): number {
  let v = x[c]!;
  if (view.model.integrality[c]) v = Math.round(v);
  if (v < lower[c]!) v = lower[c]!;
  if (v > upper[c]!) v = upper[c]!;
  return v;
}

/**
 * Reads weights, biases and kill-switches from a column vector (e.g. an LP solution), clamped into
 * [lower, upper] (the model's or the node's bounds); integer weights are rounded. A neuron is live
 * when its kill-switch is >= 0.5 (or it has none).
 */
export function readParams(view: NnView, x: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, out: NnParams): void {
  for (const L of view.layers) {
    const W = out.W[L.index]!;
    const b = out.b[L.index]!;
    const live = out.live[L.index]!;
    for (let i = 0; i < L.width; i++) {
      const nr = L.neurons[i]!;
      for (let j = 0; j < L.fanIn; j++) {
        const c = nr.weightCols[j]!;
        W[i * L.fanIn + j] = c >= 0 ? clampedValue(view, x, lower, upper, c) : 0;
      }
      b[i] = nr.biasCol >= 0 ? clampedValue(view, x, lower, upper, nr.biasCol) : 0;
      live[i] = nr.killCol < 0 || clampedValue(view, x, lower, upper, nr.killCol) >= 0.5 ? 1 : 0;
    }
  }
}

/** Rounds the parameters whose columns are integer (integer / binary-expanded weights and biases). */
export function roundIntegerParams(view: NnView, p: NnParams): void {
  const integ = view.model.integrality;
  for (const L of view.layers) {
    const W = p.W[L.index]!;
    const b = p.b[L.index]!;
    for (let i = 0; i < L.width; i++) {
      const nr = L.neurons[i]!;
      for (let j = 0; j < L.fanIn; j++) {
        const c = nr.weightCols[j]!;
        if (c >= 0 && integ[c]) W[i * L.fanIn + j] = Math.round(W[i * L.fanIn + j]!);
      }
      if (nr.biasCol >= 0 && integ[nr.biasCol]) b[i] = Math.round(b[i]!);
    }
  }
}

/**
 * Writes parameters into a column vector (weights, biases, kill-switches). Weights of a dead neuron
 * and weights leaving a dead neuron of the previous layer are written as 0 (the kill-switch rows).
 */
export function writeParams(view: NnView, p: NnParams, x: Float64Array): void {
  for (const L of view.layers) {
    const W = p.W[L.index]!;
    const prevLive = L.index > 0 ? p.live[L.index - 1]! : undefined;
    for (let i = 0; i < L.width; i++) {
      const nr = L.neurons[i]!;
      for (let j = 0; j < L.fanIn; j++) {
        const c = nr.weightCols[j]!;
        if (c >= 0) x[c] = p.live[L.index]![i] && (!prevLive || prevLive[j]) ? W[i * L.fanIn + j]! : 0;
      }
      if (nr.biasCol >= 0) x[nr.biasCol] = p.b[L.index]![i]!;
      if (nr.killCol >= 0) x[nr.killCol] = p.live[L.index]![i]!;
    }
  }
}

/**
 * Puts the neurons of every permutable hidden layer in the canonical order of the formulation's
 * symmetry-breaking rows — live neurons first, then by decreasing bias — permuting each neuron's
 * incoming weights, bias and live flag, and the next layer's weights from it. The network computes
 * the same function. `perm` is a scratch array of at least the widest layer's width.
 */
export function canonicalizeParams(view: NnView, p: NnParams, perm: Int32Array, tmp: Float64Array): void {
  for (const L of view.layers) {
    if (!L.permutable || L.isOutput || L.width < 2) continue;
    const l = L.index;
    const b = p.b[l]!;
    const live = p.live[l]!;
    const w = L.width;
    for (let i = 0; i < w; i++) perm[i] = i;
    const order = perm.subarray(0, w);
    order.sort((i, j) => live[j]! - live[i]! || b[j]! - b[i]! || i - j);
    let identity = true;
    for (let i = 0; i < w; i++) if (order[i] !== i) identity = false;
    if (identity) continue;
    const fi = L.fanIn;
    const W = p.W[l]!;
    // incoming weights (rows)
    for (let i = 0; i < w * fi; i++) tmp[i] = W[i]!;
    for (let i = 0; i < w; i++) for (let j = 0; j < fi; j++) W[i * fi + j] = tmp[order[i]! * fi + j]!;
    for (let i = 0; i < w; i++) tmp[i] = b[i]!;
    for (let i = 0; i < w; i++) b[i] = tmp[order[i]!]!;
    for (let i = 0; i < w; i++) tmp[i] = live[i]!;
    for (let i = 0; i < w; i++) live[i] = tmp[order[i]!]!;
    // outgoing weights (columns of the next layer)
    const next = view.layers[l + 1];
    if (next) {
      const W2 = p.W[l + 1]!;
      const fi2 = next.fanIn;
      for (let t = 0; t < next.width * fi2; t++) tmp[t] = W2[t]!;
      for (let k = 0; k < next.width; k++) for (let j = 0; j < fi2; j++) W2[k * fi2 + j] = tmp[k * fi2 + order[j]!]!;
    }
  }
}

/** z values within this distance of the margin ends count as on them (LP round-off). */
const SNAP = 1e-8;

/**
 * Forward pass over the view's training data with reusable buffers. Step neurons fire when
 * z >= −ε/2; with `repair`, a live step neuron whose z falls strictly inside the margin (−ε, 0) for
 * some sample gets the smallest bias shift that moves every sample off the margin (within the bias
 * bounds), so that the resulting pattern is feasible for the MILP rows ("pushing |z| < ε off").
 * Dead neurons output 0 and get bias min(b, −ε).
 */
export class NnForwardPass {
  readonly view: NnView;
  /** per layer `[n * width + i]` */
  readonly pre: Float64Array[];
  readonly post: Float64Array[];
  private readonly zbuf: Float64Array;
  private readonly biasLo: Float64Array[];
  private readonly biasHi: Float64Array[];

  constructor(view: NnView) {
    this.view = view;
    const N = view.samples;
    this.pre = view.layers.map((L) => new Float64Array(N * L.width));
    this.post = view.layers.map((L) => new Float64Array(N * L.width));
    this.zbuf = new Float64Array(N);
    const m = view.model;
    this.biasLo = view.layers.map((L) => Float64Array.from(L.neurons, (nr) => (nr.biasCol >= 0 ? m.colLower[nr.biasCol]! : -Infinity)));
    this.biasHi = view.layers.map((L) => Float64Array.from(L.neurons, (nr) => (nr.biasCol >= 0 ? m.colUpper[nr.biasCol]! : Infinity)));
  }

  /** Runs the pass; with `repair` the biases of `p` may be changed. Returns false when a repair failed. */
  run(p: NnParams, repair: boolean): boolean {
    const v = this.view;
    const N = v.samples;
    const eps = v.epsilon;
    const thr = -eps / 2;
    let ok = true;
    let input = v.X;
    let inW = v.features;
    for (const L of v.layers) {
      const W = p.W[L.index]!;
      const b = p.b[L.index]!;
      const live = p.live[L.index]!;
      const pre = this.pre[L.index]!;
      const post = this.post[L.index]!;
      const w = L.width;
      const fi = L.fanIn;
      const z = this.zbuf;
      for (let i = 0; i < w; i++) {
        const off = i * fi;
        for (let n = 0; n < N; n++) {
          let s = 0;
          const base = n * inW;
          for (let j = 0; j < fi; j++) {
            const wij = W[off + j]!;
            if (wij !== 0) s += wij * input[base + j]!;
          }
          z[n] = s;
        }
        if (!live[i]) {
          if (b[i]! > -eps) b[i] = Math.max(this.biasLo[L.index]![i]!, Math.min(b[i]!, -eps));
        } else if (repair && (L.activation === 'step' || L.activation === 'sign')) {
          const shifted = this.repairBias(z, b[i]!, this.biasLo[L.index]![i]!, this.biasHi[L.index]![i]!);
          if (Number.isNaN(shifted)) ok = false;
          else b[i] = shifted;
        }
        const bi = b[i]!;
        for (let n = 0; n < N; n++) {
          const zz = z[n]! + bi;
          pre[n * w + i] = zz;
          let a: number;
          if (!live[i]) a = 0;
          else if (L.activation === 'step') a = zz >= thr ? 1 : 0;
          else if (L.activation === 'relu') a = zz > 0 ? zz : 0;
          else if (L.activation === 'sign') a = zz >= thr ? 1 : -1;
          else a = zz;
          post[n * w + i] = a;
        }
      }
      input = post;
      inW = w;
    }
    return ok;
  }

  /**
   * The bias b' closest to b (within [lo, hi]) such that no sample has z + b' strictly inside
   * (−ε, 0) beyond SNAP; NaN when none of the candidate shifts works.
   */
  private repairBias(z: Float64Array, b: number, lo: number, hi: number): number {
    const N = this.view.samples;
    const eps = this.view.epsilon;
    if (!this.inMargin(z, b)) return b;
    let best = NaN;
    let bestDist = Infinity;
    for (let n = 0; n < N; n++) {
      const v = z[n]! + b;
      if (!(v > -eps + SNAP && v < -SNAP)) continue;
      // lift sample n to 0, or drop it to −ε
      for (let side = 0; side < 2; side++) {
        const cand = side === 0 ? b - v + 2 * SNAP : b - v - eps - 2 * SNAP;
        const dist = Math.abs(cand - b);
        if (dist >= bestDist || cand < lo || cand > hi) continue;
        if (!this.inMargin(z, cand)) {
          best = cand;
          bestDist = dist;
        }
      }
    }
    return best;
  }

  /** True when some sample has z + b strictly inside the margin (beyond SNAP). */
  private inMargin(z: Float64Array, b: number): boolean {
    const N = this.view.samples;
    const eps = this.view.epsilon;
    for (let n = 0; n < N; n++) {
      const v = z[n]! + b;
      if (v > -eps + SNAP && v < -SNAP) return true;
    }
    return false;
  }

  /** Output of the last layer `[n * classes + k]`. */
  get outputs(): Float64Array {
    return this.post[this.post.length - 1]!;
  }

  /**
   * Training error of the last pass as the loss defines it (xor: wrong output bits; zero-one: samples
   * below the margin; hinge: Σ max(0, γ − margin)); per-sample errors into `perSample` when given.
   */
  error(perSample?: Float64Array): number {
    const v = this.view;
    const K = v.classes;
    const out = this.outputs;
    let total = 0;
    for (let n = 0; n < v.samples; n++) {
      const y = v.labels[n]!;
      let e = 0;
      if (v.loss === 'xor') {
        for (let k = 0; k < K; k++) e += Math.abs(out[n * K + k]! - (k === y ? 1 : 0));
      } else if (y >= 0) {
        let worst = Infinity;
        for (let k = 0; k < K; k++) if (k !== y) worst = Math.min(worst, out[n * K + y]! - out[n * K + k]!);
        if (v.loss === 'hinge') e = Math.max(0, v.margin - worst);
        else e = worst < v.margin - 1e-6 ? 1 : 0;
      }
      if (perSample) perSample[n] = e;
      total += e;
    }
    return total;
  }

  /**
   * Writes the pattern of the last pass into `x`: activation binaries (step output / ReLU phase),
   * kill-switches (a live neuron that fires on no sample is switched off when it has a kill-switch),
   * and integer loss indicators. Returns the number of columns written into `cols` / `vals`.
   */
  pattern(p: NnParams, cols: Int32Array, vals: Float64Array, perSample?: Float64Array): number {
    const v = this.view;
    const N = v.samples;
    let c = 0;
    for (const L of v.layers) {
      const pre = this.pre[L.index]!;
      const post = this.post[L.index]!;
      const w = L.width;
      for (let i = 0; i < w; i++) {
        const nr = L.neurons[i]!;
        let live = p.live[L.index]![i]!;
        let fires = 0;
        if (L.activation === 'step') for (let n = 0; n < N; n++) fires += post[n * w + i]! > 0 ? 1 : 0;
        if (live && nr.killCol >= 0 && L.activation === 'step' && fires === 0) {
          live = 0;
          p.live[L.index]![i] = 0;
          const b = p.b[L.index]!;
          if (b[i]! > -v.epsilon) b[i] = Math.max(this.biasLo[L.index]![i]!, -v.epsilon);
        }
        if (nr.killCol >= 0) {
          cols[c] = nr.killCol;
          vals[c++] = live;
        }
        for (let n = 0; n < N; n++) {
          const a = nr.activationCols[n]!;
          if (a < 0) continue;
          cols[c] = a;
          // step: the output a; sign: the ±1 output s (the structure lists s); ReLU: the phase δ
          if (L.activation === 'sign') vals[c++] = post[n * w + i]!;
          else if (!live) vals[c++] = 0;
          else if (L.activation === 'step') vals[c++] = post[n * w + i]! > 0 ? 1 : 0;
          else vals[c++] = pre[n * w + i]! > 0 ? 1 : 0;
        }
      }
    }
    if (v.loss === 'zero-one') {
      const per = perSample ?? new Float64Array(N);
      this.error(per);
      for (let n = 0; n < N; n++) {
        const e = v.lossCols[n]!;
        if (e < 0 || !v.model.integrality[e]) continue;
        cols[c] = e;
        vals[c++] = per[n]! > 0 ? 1 : 0;
      }
    }
    return c;
  }
}
