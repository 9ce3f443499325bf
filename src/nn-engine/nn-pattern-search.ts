import { Rng } from '../data/rng.js';
import { allocParams, canonicalizeParams, NnForwardPass, readParams, roundIntegerParams, writeParams, type NnParams } from './nn-forward-pass.js';
import type { NnLpFit } from './nn-lp-fit.js';
import type { NnView } from './nn-view.js';

/** A candidate found by the pattern search: a full column vector and its objective (minimisation sense). */
export interface PatternCandidate {
  x: Float64Array;
  objective: number;
}

/**
 * The machinery the NN primal heuristics share: forward pass → activation pattern → LP-fit, and the
 * alternating local search between them. All buffers are allocated once.
 *
 * Local search move ("relax the errors"): fix the pattern of every sample the current network gets
 * right, free the binaries of the samples it gets wrong (and of a seeded random `kick` fraction of
 * the others when a move fails), solve that LP relaxation, forward-pass its weights (the fixed
 * samples keep their pattern, so they stay right), and LP-fit the new pattern. A move is kept when
 * the objective strictly improves.
 */
export class NnPatternSearch {
  readonly view: NnView;
  readonly fwd: NnForwardPass;
  readonly params: NnParams;
  private readonly lpFit: NnLpFit;
  private readonly sign: number;
  private readonly cols: Int32Array;
  private readonly vals: Float64Array;
  private readonly relaxCols: Int32Array;
  private readonly relaxVals: Float64Array;
  private readonly perSample: Float64Array;
  private readonly free: Uint8Array;
  private readonly best: Float64Array;
  private readonly scratch: Float64Array;
  private readonly perm: Int32Array;
  /** integer weight column -> index in view.intParams */
  private readonly paramIndex = new Map<number, number>();
  private readonly tmp: Float64Array;
  private readonly rng: Rng;
  private readonly lastHash: Float64Array = new Float64Array(1);
  /** improving local-search moves made */
  moves = 0;

  constructor(view: NnView, lpFit: NnLpFit, seed: number) {
    this.view = view;
    this.lpFit = lpFit;
    this.fwd = new NnForwardPass(view);
    this.params = allocParams(view);
    this.sign = view.model.sense === 'maximize' ? -1 : 1;
    const n = view.model.numCols;
    this.cols = new Int32Array(n);
    this.vals = new Float64Array(n);
    this.relaxCols = new Int32Array(n);
    this.relaxVals = new Float64Array(n);
    this.perSample = new Float64Array(view.samples);
    this.free = new Uint8Array(view.samples);
    this.best = new Float64Array(n);
    this.scratch = new Float64Array(n);
    let widest = 1;
    let area = 1;
    for (const L of view.layers) {
      widest = Math.max(widest, L.width);
      area = Math.max(area, L.width * L.fanIn);
    }
    this.perm = new Int32Array(widest);
    for (let t = 0; t < view.intParams.length; t++) if (view.bitStart[t + 1]! > view.bitStart[t]!) this.paramIndex.set(view.intParams[t]!, t);
    this.tmp = new Float64Array(area);
    this.rng = new Rng(seed);
    this.lastHash[0] = NaN;
  }

  /** Objective of a full vector in minimisation sense. */
  objectiveOf(x: ArrayLike<number>): number {
    return this.sign * this.view.model.objectiveOf(x);
  }

  /**
   * Forward pass of `p` (biases repaired), its pattern fixed, then the LP: with `fixParams` the
   * network's own weights are fixed too (pure completion), else they are optimised (LP-fit).
   * `skipRepeat`: return null when the pattern equals the previous call's.
   */
  fit(p: NnParams, fixParams: boolean, skipRepeat = false): PatternCandidate | null {
    roundIntegerParams(this.view, p);
    if (this.paramIndex.size > 0) this.snapParams(p);
    if (!this.fwd.run(p, true)) return null;
    // pattern() may switch off neurons that never fire; canonical order after that, then the final pass
    this.fwd.pattern(p, this.cols, this.vals, this.perSample);
    canonicalizeParams(this.view, p, this.perm, this.tmp);
    this.fwd.run(p, false);
    let c = this.fwd.pattern(p, this.cols, this.vals, this.perSample);
    if (skipRepeat) {
      let h = 0;
      for (let k = 0; k < c; k++) h = (h * 31 + this.vals[k]! * (k + 7) + this.cols[k]!) % 1e15;
      if (h === this.lastHash[0]) return null;
      this.lastHash[0] = h;
    }
    const x = this.scratch;
    x.fill(NaN);
    writeParams(this.view, p, x);
    if (fixParams) {
      for (let j = 0; j < x.length; j++) {
        if (Number.isNaN(x[j]!)) continue;
        this.cols[c] = j;
        this.vals[c++] = x[j]!;
      }
    } else {
      // integer parameters are not for the LP to choose: fix them to the network's (rounded) values
      const ip = this.view.intParams;
      for (let t = 0; t < ip.length; t++) {
        const j = ip[t]!;
        if (Number.isNaN(x[j]!)) continue;
        this.cols[c] = j;
        this.vals[c++] = x[j]!;
      }
    }
    c = this.fixBits(x, c);
    const y = this.lpFit.solve(this.cols, this.vals, c);
    if (!y) return null;
    return { x: y, objective: this.objectiveOf(y) };
  }

  /**
   * Appends the bits of every integer weight of `x` written in bits (w = Σ c_q β_q − P) to the fix
   * list: the representable combination with the fewest ones (weights were snapped before).
   */
  private fixBits(x: Float64Array, count: number): number {
    const v = this.view;
    let c = count;
    for (let t = 0; t < v.intParams.length; t++) {
      const s0 = v.bitStart[t]!;
      const s1 = v.bitStart[t + 1]!;
      if (s1 === s0) continue;
      const w = x[v.intParams[t]!]!;
      if (Number.isNaN(w)) continue;
      const mask = this.bitMask(t, w);
      if (mask < 0) continue;
      for (let q = s0; q < s1; q++) {
        this.cols[c] = v.bitCols[q]!;
        this.vals[c++] = (mask >> (q - s0)) & 1;
      }
    }
    return c;
  }

  /** The bit combination (fewest ones) of parameter t that represents w, or -1. */
  private bitMask(t: number, w: number): number {
    const v = this.view;
    const s0 = v.bitStart[t]!;
    const k = v.bitStart[t + 1]! - s0;
    let best = -1;
    let bestOnes = Infinity;
    for (let mask = 0; mask < 1 << k; mask++) {
      let val = -v.bitOffset[t]!;
      let ones = 0;
      for (let q = 0; q < k; q++) {
        if ((mask >> q) & 1) {
          val += v.bitValues[s0 + q]!;
          ones++;
        }
      }
      if (Math.abs(val - w) < 1e-9 && ones < bestOnes) {
        best = mask;
        bestOnes = ones;
      }
    }
    return best;
  }

  /** Snaps every integer parameter of `p` to the nearest value its bits can represent (and its bounds allow). */
  private snapParams(p: NnParams): void {
    const v = this.view;
    const m = v.model;
    for (const L of v.layers) {
      const W = p.W[L.index]!;
      for (let i = 0; i < L.width; i++) {
        const nr = L.neurons[i]!;
        for (let j = 0; j < L.fanIn; j++) {
          const col = nr.weightCols[j]!;
          const t = col >= 0 ? this.paramIndex.get(col) : undefined;
          if (t === undefined) continue;
          W[i * L.fanIn + j] = this.snap(t, W[i * L.fanIn + j]!, m.colLower[col]!, m.colUpper[col]!);
        }
      }
    }
  }

  private snap(t: number, w: number, lo: number, hi: number): number {
    const v = this.view;
    const s0 = v.bitStart[t]!;
    const k = v.bitStart[t + 1]! - s0;
    if (k === 0) return Math.min(hi, Math.max(lo, Math.round(w)));
    let best = Math.round(w);
    let bestDist = Infinity;
    for (let mask = 0; mask < 1 << k; mask++) {
      let val = -v.bitOffset[t]!;
      for (let q = 0; q < k; q++) if ((mask >> q) & 1) val += v.bitValues[s0 + q]!;
      if (val < lo - 1e-9 || val > hi + 1e-9) continue;
      const dist = Math.abs(val - w);
      if (dist < bestDist) {
        best = val;
        bestDist = dist;
      }
    }
    return best;
  }

  /** LP-fit of the network read from the column vector `x` (clamped into [lower, upper]). */
  fitFrom(x: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, fixParams: boolean, skipRepeat = false): PatternCandidate | null {
    readParams(this.view, x, lower, upper, this.params);
    return this.fit(this.params, fixParams, skipRepeat);
  }

  /**
   * Local search from a feasible point `start` (copied) for at most `rounds` LP pairs and about
   * `seconds` of wall time; returns the best point found (a buffer of this object) and its objective.
   */
  improve(start: ArrayLike<number>, startObjective: number, rounds: number, kick: number, seconds = Infinity): PatternCandidate {
    const deadline = performance.now() + seconds * 1000;
    const v = this.view;
    const m = v.model;
    const best = this.best;
    best.set(start as ArrayLike<number>);
    let bestObj = startObjective;
    let kickNow = 0;
    for (let r = 0; r < rounds; r++) {
      if (r > 0 && performance.now() > deadline) break;
      readParams(v, best, m.colLower, m.colUpper, this.params);
      this.fwd.run(this.params, false);
      this.fwd.error(this.perSample);
      let errors = 0;
      for (let n = 0; n < v.samples; n++) {
        const wrong = this.perSample[n]! > 1e-9;
        const f = wrong || (kickNow > 0 && this.rng.next() < kickNow);
        this.free[n] = f ? 1 : 0;
        if (wrong) errors++;
      }
      if (errors === 0 && kickNow === 0) break;
      // fix the pattern of the kept samples at their values in `best`
      let c = 0;
      for (const L of v.layers) {
        for (const nr of L.neurons) {
          if (nr.killCol >= 0) {
            this.relaxCols[c] = nr.killCol;
            this.relaxVals[c++] = best[nr.killCol]!;
          }
          for (let n = 0; n < v.samples; n++) {
            const a = nr.activationCols[n]!;
            if (a < 0 || this.free[n]) continue;
            this.relaxCols[c] = a;
            this.relaxVals[c++] = best[a]!;
          }
        }
      }
      for (let n = 0; n < v.samples; n++) {
        const e = v.lossCols[n]!;
        if (e < 0 || this.free[n] || !m.integrality[e]) continue;
        this.relaxCols[c] = e;
        this.relaxVals[c++] = best[e]!;
      }
      const y = this.lpFit.solve(this.relaxCols, this.relaxVals, c);
      let improved = false;
      if (y) {
        readParams(v, y, m.colLower, m.colUpper, this.params);
        const cand = this.fit(this.params, false);
        if (cand && cand.objective < bestObj - 1e-9) {
          best.set(cand.x);
          bestObj = cand.objective;
          improved = true;
          this.moves++;
        }
      }
      kickNow = improved ? 0 : kickNow === 0 ? kick : Math.min(1, kickNow * 2);
      if (!improved && kick <= 0) break;
    }
    return { x: best, objective: bestObj };
  }
}
