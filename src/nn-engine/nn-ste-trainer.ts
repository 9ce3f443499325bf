import { Rng } from '../data/rng.js';
import { allocParams, NnForwardPass, type NnParams } from './nn-forward-pass.js';
import type { NnView } from './nn-view.js';

export interface SteOptions {
  /** independent random restarts (default 24) */
  restarts?: number;
  /** full-batch Adam steps per restart (default 400) */
  epochs?: number;
  /** Adam step size (default 0.05) */
  learningRate?: number;
  seed?: number;
  /** wall-clock budget in seconds over all restarts (default 2) */
  timeLimit?: number;
  /** per layer (view index), 1 for the neurons that must stay dead (output 0, no weights): a network with fewer live neurons */
  dead?: readonly (Uint8Array | undefined)[];
}

export interface SteResult {
  params: NnParams;
  /** training error of the best network (the loss as the forward pass defines it) */
  error: number;
  restarts: number;
  seconds: number;
}

/**
 * A small gradient trainer over the same architecture as the MILP (a warm start for the search):
 * full-batch Adam with the straight-through estimator for step activations (d step/dz ≈ max(0, 1 − |z|/s)),
 * a logistic loss per step output (xor loss) or softmax cross-entropy on score outputs (zero-one /
 * hinge), weights clipped into the model's bounds. Every 10 steps the true training error of the
 * exact network (forward pass with margin repair) is measured; the best network over all restarts
 * is returned (training stops early at zero error). Seeded: the same options give the same network.
 */
export function trainSte(view: NnView, options: SteOptions = {}): SteResult {
  const t0 = performance.now();
  const restarts = options.restarts ?? 24;
  const epochs = options.epochs ?? 400;
  const lr = options.learningRate ?? 0.05;
  const budget = (options.timeLimit ?? 2) * 1000;
  const rng = new Rng(options.seed ?? 1);
  const L = view.layers.length;
  const N = view.samples;
  const K = view.classes;
  const m = view.model;
  const fwd = new NnForwardPass(view);
  const cur = allocParams(view);
  const trial = allocParams(view);
  const best = allocParams(view);
  let bestErr = Infinity;
  // bounds per parameter
  const wLo = view.layers.map((Ly) => Float64Array.from({ length: Ly.width * Ly.fanIn }, (_, t) => {
    const c = Ly.neurons[Math.floor(t / Ly.fanIn)]!.weightCols[t % Ly.fanIn]!;
    return c >= 0 ? m.colLower[c]! : 0;
  }));
  const wHi = view.layers.map((Ly) => Float64Array.from({ length: Ly.width * Ly.fanIn }, (_, t) => {
    const c = Ly.neurons[Math.floor(t / Ly.fanIn)]!.weightCols[t % Ly.fanIn]!;
    return c >= 0 ? m.colUpper[c]! : 0;
  }));
  const bLo = view.layers.map((Ly) => Float64Array.from(Ly.neurons, (nr) => (nr.biasCol >= 0 ? m.colLower[nr.biasCol]! : 0)));
  const bHi = view.layers.map((Ly) => Float64Array.from(Ly.neurons, (nr) => (nr.biasCol >= 0 ? m.colUpper[nr.biasCol]! : 0)));
  // dead neurons: no weights, no bias, output 0
  const dead = view.layers.map((Ly, l) => options.dead?.[l] ?? new Uint8Array(Ly.width));
  view.layers.forEach((Ly, l) => {
    for (let i = 0; i < Ly.width; i++) {
      if (!dead[l]![i]) continue;
      wLo[l]!.fill(0, i * Ly.fanIn, (i + 1) * Ly.fanIn);
      wHi[l]!.fill(0, i * Ly.fanIn, (i + 1) * Ly.fanIn);
      bLo[l]![i] = bHi[l]![i] = 0;
    }
  });
  // activations, gradients, Adam moments
  const Z = view.layers.map((Ly) => new Float64Array(N * Ly.width));
  const A = view.layers.map((Ly) => new Float64Array(N * Ly.width));
  const G = view.layers.map((Ly) => new Float64Array(N * Ly.width));
  const gW = view.layers.map((Ly) => new Float64Array(Ly.width * Ly.fanIn));
  const gB = view.layers.map((Ly) => new Float64Array(Ly.width));
  const mW = view.layers.map((Ly) => new Float64Array(Ly.width * Ly.fanIn));
  const vW = view.layers.map((Ly) => new Float64Array(Ly.width * Ly.fanIn));
  const mB = view.layers.map((Ly) => new Float64Array(Ly.width));
  const vB = view.layers.map((Ly) => new Float64Array(Ly.width));
  const steWidth = 1;
  let posWeight = 1;
  let done = 0;
  const copy = (from: NnParams, to: NnParams): void => {
    for (let l = 0; l < L; l++) {
      to.W[l]!.set(from.W[l]!);
      to.b[l]!.set(from.b[l]!);
      to.live[l]!.set(from.live[l]!);
    }
  };
  const measure = (): void => {
    copy(cur, trial);
    if (!fwd.run(trial, true)) return;
    const e = fwd.error();
    if (e < bestErr) {
      bestErr = e;
      copy(trial, best);
    }
  };
  for (let r = 0; r < restarts; r++) {
    if (r > 0 && (performance.now() - t0 > budget || bestErr === 0)) break;
    done++;
    // one-hot step outputs: every other restart weights the target output like the K − 1 others
    // together (else "every output off" is where the gradient settles when the network can tell the
    // classes apart); the others leave it at 1 (better when it cannot: fewer outputs fire at once)
    posWeight = r % 2 === 0 ? Math.max(1, K - 1) : 1;
    for (let l = 0; l < L; l++) {
      const Ly = view.layers[l]!;
      const W = cur.W[l]!;
      const scale = Math.min(wHi[l]!.reduce((a, b) => Math.max(a, b), 0) || 1, 1 / Math.sqrt(Ly.fanIn));
      for (let t = 0; t < W.length; t++) W[t] = Math.min(wHi[l]![t]!, Math.max(wLo[l]![t]!, (rng.next() * 2 - 1) * scale * 2));
      for (let i = 0; i < Ly.width; i++) cur.b[l]![i] = Math.min(bHi[l]![i]!, Math.max(bLo[l]![i]!, (rng.next() * 2 - 1) * 0.5));
      for (let i = 0; i < Ly.width; i++) cur.live[l]![i] = dead[l]![i] ? 0 : 1;
      mW[l]!.fill(0);
      vW[l]!.fill(0);
      mB[l]!.fill(0);
      vB[l]!.fill(0);
    }
    for (let ep = 1; ep <= epochs; ep++) {
      // forward
      let input = view.X;
      let inW = view.features;
      for (let l = 0; l < L; l++) {
        const Ly = view.layers[l]!;
        const W = cur.W[l]!;
        const b = cur.b[l]!;
        const z = Z[l]!;
        const a = A[l]!;
        const w = Ly.width;
        const dl = dead[l]!;
        for (let n = 0; n < N; n++) {
          for (let i = 0; i < w; i++) {
            if (dl[i]) {
              z[n * w + i] = 0;
              a[n * w + i] = 0;
              continue;
            }
            let s = b[i]!;
            for (let j = 0; j < Ly.fanIn; j++) s += W[i * Ly.fanIn + j]! * input[n * inW + j]!;
            z[n * w + i] = s;
            a[n * w + i] =
              Ly.activation === 'step' ? (s >= 0 ? 1 : 0) : Ly.activation === 'sign' ? (s >= 0 ? 1 : -1) : Ly.activation === 'relu' ? Math.max(0, s) : s;
          }
        }
        input = a;
        inW = w;
      }
      // output gradient
      const lo = L - 1;
      const zo = Z[lo]!;
      const go = G[lo]!;
      const stepOut = view.layers[lo]!.activation === 'step';
      for (let n = 0; n < N; n++) {
        const y = view.labels[n]!;
        if (stepOut) {
          for (let k = 0; k < K; k++) {
            const s = 1 / (1 + Math.exp(-4 * zo[n * K + k]!));
            go[n * K + k] = k === y ? (4 * posWeight * (s - 1)) / N : (4 * s) / N;
          }
        } else {
          let mx = -Infinity;
          for (let k = 0; k < K; k++) mx = Math.max(mx, zo[n * K + k]!);
          let sum = 0;
          for (let k = 0; k < K; k++) sum += Math.exp(4 * (zo[n * K + k]! - mx));
          for (let k = 0; k < K; k++) {
            const p = Math.exp(4 * (zo[n * K + k]! - mx)) / sum;
            go[n * K + k] = y >= 0 ? (4 * (p - (k === y ? 1 : 0))) / N : 0;
          }
        }
      }
      // backward
      for (let l = lo; l >= 0; l--) {
        const Ly = view.layers[l]!;
        const w = Ly.width;
        const fi = Ly.fanIn;
        const g = G[l]!;
        const z = Z[l]!;
        if (l < lo) {
          // g holds dL/da: through the activation
          const dl = dead[l]!;
          for (let t = 0; t < N * w; t++) {
            const zz = z[t]!;
            if (dl[t % w]) g[t] = 0;
            else if (Ly.activation === 'step') g[t] = g[t]! * Math.max(0, 1 - Math.abs(zz) / steWidth);
            else if (Ly.activation === 'sign') g[t] = 2 * g[t]! * Math.max(0, 1 - Math.abs(zz) / steWidth);
            else if (Ly.activation === 'relu') g[t] = zz > 0 ? g[t]! : 0;
          }
        }
        const input = l === 0 ? view.X : A[l - 1]!;
        const inW = l === 0 ? view.features : view.layers[l - 1]!.width;
        const GW = gW[l]!;
        const GB = gB[l]!;
        GW.fill(0);
        GB.fill(0);
        const W = cur.W[l]!;
        const gPrev = l > 0 ? G[l - 1]! : undefined;
        if (gPrev) gPrev.fill(0);
        for (let n = 0; n < N; n++) {
          for (let i = 0; i < w; i++) {
            const gi = g[n * w + i]!;
            if (gi === 0) continue;
            GB[i]! += gi;
            for (let j = 0; j < fi; j++) {
              GW[i * fi + j]! += gi * input[n * inW + j]!;
              if (gPrev) gPrev[n * inW + j]! += gi * W[i * fi + j]!;
            }
          }
        }
      }
      // Adam step with clipping into the bounds
      const b1 = 0.9;
      const b2 = 0.999;
      const c1 = 1 - Math.pow(b1, ep);
      const c2 = 1 - Math.pow(b2, ep);
      for (let l = 0; l < L; l++) {
        const W = cur.W[l]!;
        for (let t = 0; t < W.length; t++) {
          const gr = gW[l]![t]!;
          mW[l]![t] = b1 * mW[l]![t]! + (1 - b1) * gr;
          vW[l]![t] = b2 * vW[l]![t]! + (1 - b2) * gr * gr;
          const step = (lr * (mW[l]![t]! / c1)) / (Math.sqrt(vW[l]![t]! / c2) + 1e-8);
          W[t] = Math.min(wHi[l]![t]!, Math.max(wLo[l]![t]!, W[t]! - step));
        }
        const b = cur.b[l]!;
        for (let i = 0; i < b.length; i++) {
          const gr = gB[l]![i]!;
          mB[l]![i] = b1 * mB[l]![i]! + (1 - b1) * gr;
          vB[l]![i] = b2 * vB[l]![i]! + (1 - b2) * gr * gr;
          const step = (lr * (mB[l]![i]! / c1)) / (Math.sqrt(vB[l]![i]! / c2) + 1e-8);
          b[i] = Math.min(bHi[l]![i]!, Math.max(bLo[l]![i]!, b[i]! - step));
        }
      }
      if (ep % 10 === 0) {
        measure();
        if (performance.now() - t0 > budget || bestErr === 0) break;
      }
    }
    measure();
  }
  if (bestErr === Infinity) copy(cur, best);
  return { params: best, error: bestErr, restarts: done, seconds: (performance.now() - t0) / 1000 };
}
