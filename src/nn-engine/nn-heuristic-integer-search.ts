import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { HeuristicContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { allocParams, readParams, type NnParams } from './nn-forward-pass.js';
import { budgetOptions, budgetParams, TimeSharedNnHeuristic, type BudgetOptions } from './nn-heuristic-budget.js';
import type { PatternCandidate } from './nn-pattern-search.js';
import type { NnView } from './nn-view.js';

export interface IntegerSearchOptions extends BudgetOptions {
  /** perturbation rounds per call (descent + kick) */
  rounds: number;
}

/** Parameters with more values than this are moved by ±1, ±2 only. */
const MAX_ENUM = 21;
const STEPS = [-2, -1, 1, 2] as const;

/**
 * Iterated local search over the parameters of a network whose weights and biases are all integer
 * columns (integer weights, binarized / ternary weights): from the search's incumbent
 * (HeuristicContext.incumbentSolution; the node LP point before the first), descend by changing one parameter (every value it may take) and then two parameters at a
 * time while the forward pass's training loss strictly drops, then kick the best network (2–4
 * seeded random parameters set to random values) and descend again, for `rounds` kicks or
 * `time-limit` seconds. Moves are evaluated by the forward pass alone (microseconds); a local
 * optimum whose loss beats the best one so far is completed by an LP (NnPatternSearch.fit with the
 * parameters fixed) into a feasible point with its exact objective (penalties included). No-op on
 * models without network structure or with a continuous parameter.
 */
export class NnIntegerSearchHeuristic extends TimeSharedNnHeuristic<IntegerSearchOptions> {
  readonly name = 'nn-integer-search';
  private readonly p: NnParams | undefined;
  private readonly trial: NnParams | undefined;
  /** slot s: parameter array (layer, bias or weights) and index */
  private readonly slotLayer: Int32Array;
  private readonly slotBias: Uint8Array;
  private readonly slotIndex: Int32Array;
  /** allowed values of slot s: values[valueStart[s] .. valueStart[s+1]-1] (empty: ±1, ±2 moves) */
  private readonly valueStart: Int32Array;
  private readonly values: Float64Array;
  private readonly slotLo: Float64Array;
  private readonly slotHi: Float64Array;
  private readonly bestVec: Float64Array;
  private readonly best: Float64Array;
  private readonly moveBuf = new Float64Array(MAX_ENUM);
  private readonly moveBuf2 = new Float64Array(MAX_ENUM);
  private deadline = 0;
  private evals = 0;
  /** forward evaluations over all calls */
  evaluations = 0;

  constructor(model: Model, opts: IntegerSearchOptions) {
    super(model, opts, allParamsInteger);
    const slots: { layer: number; bias: boolean; index: number; col: number }[] = [];
    if (this.view) {
      for (const L of this.view.layers) {
        for (let i = 0; i < L.width; i++) {
          const nr = L.neurons[i]!;
          for (let j = 0; j < L.fanIn; j++) {
            const c = nr.weightCols[j]!;
            if (c >= 0 && model.colUpper[c]! > model.colLower[c]!) slots.push({ layer: L.index, bias: false, index: i * L.fanIn + j, col: c });
          }
          const b = nr.biasCol;
          if (b >= 0 && model.colUpper[b]! > model.colLower[b]!) slots.push({ layer: L.index, bias: true, index: i, col: b });
        }
      }
    }
    const S = slots.length;
    this.slotLayer = Int32Array.from(slots, (s) => s.layer);
    this.slotBias = Uint8Array.from(slots, (s) => (s.bias ? 1 : 0));
    this.slotIndex = Int32Array.from(slots, (s) => s.index);
    this.slotLo = Float64Array.from(slots, (s) => model.colLower[s.col]!);
    this.slotHi = Float64Array.from(slots, (s) => model.colUpper[s.col]!);
    const vals: number[] = [];
    this.valueStart = new Int32Array(S + 1);
    const bitsOf = new Map<number, number>();
    if (this.view) for (let t = 0; t < this.view.intParams.length; t++) bitsOf.set(this.view.intParams[t]!, t);
    for (let s = 0; s < S; s++) {
      const t = bitsOf.get(slots[s]!.col);
      const v = this.view!;
      if (t !== undefined && v.bitStart[t + 1]! > v.bitStart[t]!) {
        for (const w of representable(v, t, this.slotLo[s]!, this.slotHi[s]!)) vals.push(w);
      } else if (this.slotHi[s]! - this.slotLo[s]! + 1 <= MAX_ENUM) {
        for (let w = this.slotLo[s]!; w <= this.slotHi[s]!; w++) vals.push(w);
      }
      this.valueStart[s + 1] = vals.length;
    }
    this.values = Float64Array.from(vals);
    this.bestVec = new Float64Array(S);
    this.best = new Float64Array(this.view ? model.numCols : 0);
    if (this.view) {
      this.p = allocParams(this.view);
      this.trial = allocParams(this.view);
    }
  }

  private get(s: number): number {
    const l = this.slotLayer[s]!;
    return this.slotBias[s] ? this.p!.b[l]![this.slotIndex[s]!]! : this.p!.W[l]![this.slotIndex[s]!]!;
  }

  private set(s: number, w: number): void {
    const l = this.slotLayer[s]!;
    if (this.slotBias[s]) this.p!.b[l]![this.slotIndex[s]!] = w;
    else this.p!.W[l]![this.slotIndex[s]!] = w;
  }

  /** Training loss of the current parameters (forward pass without repair). */
  private loss(): number {
    this.evals++;
    const fwd = this.search!.fwd;
    fwd.run(this.p!, false);
    return fwd.error();
  }

  /** Candidate values of slot s other than `cur` into `out`; returns their count. */
  private moves(s: number, cur: number, out: Float64Array): number {
    let c = 0;
    const a = this.valueStart[s]!;
    const b = this.valueStart[s + 1]!;
    if (b > a) {
      for (let k = a; k < b; k++) if (this.values[k] !== cur) out[c++] = this.values[k]!;
      return c;
    }
    for (const d of STEPS) {
      const w = cur + d;
      if (w >= this.slotLo[s]! && w <= this.slotHi[s]!) out[c++] = w;
    }
    return c;
  }

  private timeUp(): boolean {
    return (this.evals & 255) === 0 && performance.now() > this.deadline;
  }

  /**
   * Tries the values buf[0 .. n-1] for slot s (now at `orig`): keeps the first that brings the
   * loss below `cur` and returns that loss; otherwise restores `orig` and returns `cur`, or NaN
   * when the time ran out.
   */
  private tryValues(s: number, orig: number, buf: Float64Array, n: number, cur: number): number {
    for (let x = 0; x < n; x++) {
      this.set(s, buf[x]!);
      const e = this.loss();
      if (e < cur) return e;
      if (this.timeUp()) {
        this.set(s, orig);
        return NaN;
      }
    }
    this.set(s, orig);
    return cur;
  }

  /** First-improvement descent: one-parameter moves, then two-parameter moves. Returns the loss reached. */
  private descend(loss: number): number {
    const S = this.slotLayer.length;
    let cur = loss;
    while (cur > 0) {
      let next = cur;
      for (let a = 0; a < S && next === cur; a++) {
        const va = this.get(a);
        next = this.tryValues(a, va, this.moveBuf, this.moves(a, va, this.moveBuf), cur);
      }
      for (let a = 0; a < S && next === cur; a++) {
        const va = this.get(a);
        const na = this.moves(a, va, this.moveBuf);
        for (let b = a + 1; b < S && next === cur; b++) {
          const vb = this.get(b);
          const nb = this.moves(b, vb, this.moveBuf2);
          for (let x = 0; x < na && next === cur; x++) {
            this.set(a, this.moveBuf[x]!);
            next = this.tryValues(b, vb, this.moveBuf2, nb, cur);
          }
          if (!(next < cur)) this.set(a, va); // no improvement (or NaN: out of time)
        }
      }
      if (!(next < cur)) return cur; // no improving move, or out of time
      cur = next;
    }
    return cur;
  }

  protected improve(ctx: HeuristicContext, deadline: number): PatternCandidate | null | undefined {
    const S = this.slotLayer.length;
    if (S === 0) return undefined;
    const m = this.model;
    const start = ctx.incumbentSolution;
    readParams(this.view!, start ? start.x : ctx.primal, m.colLower, m.colUpper, this.p!);
    let bestObj = start ? start.objective : Infinity;
    this.deadline = deadline;
    this.evals = 0;
    let cur = this.descend(this.loss());
    let bestLoss = Infinity;
    let found = false;
    for (let round = 0; ; round++) {
      if (cur < bestLoss) {
        bestLoss = cur;
        for (let s = 0; s < S; s++) this.bestVec[s] = this.get(s);
        const cand = this.complete();
        if (cand && cand.objective < bestObj - 1e-9) {
          bestObj = cand.objective;
          this.best.set(cand.x);
          found = true;
        }
      }
      if (round >= this.opts.rounds || bestLoss === 0 || performance.now() > this.deadline) break;
      // kick: back to the best network, 2–4 random parameters set to random allowed values
      for (let s = 0; s < S; s++) this.set(s, this.bestVec[s]!);
      const k = Math.min(S, 2 + this.rng.int(3));
      for (let q = 0; q < k; q++) {
        const s = this.rng.int(S);
        const n = this.moves(s, this.get(s), this.moveBuf);
        if (n > 0) this.set(s, this.moveBuf[this.rng.int(n)]!);
      }
      cur = this.descend(this.loss());
    }
    this.evaluations += this.evals;
    return found ? { x: this.best, objective: bestObj } : null;
  }

  /** The current parameters completed into a feasible point by LP (copied: fit() repairs and reorders). */
  private complete(): PatternCandidate | null {
    const p = this.p!;
    const q = this.trial!;
    for (let l = 0; l < p.W.length; l++) {
      q.W[l]!.set(p.W[l]!);
      q.b[l]!.set(p.b[l]!);
      q.live[l]!.set(p.live[l]!);
    }
    return this.search!.fit(q, true);
  }
}

/** True when every weight and bias column of the network is an integer column. */
function allParamsInteger(v: NnView): boolean {
  const integ = v.model.integrality;
  for (const L of v.layers) {
    for (const nr of L.neurons) {
      for (const c of nr.weightCols) if (c >= 0 && !integ[c]) return false;
      if (nr.biasCol >= 0 && !integ[nr.biasCol]) return false;
    }
  }
  return true;
}

/** The values of integer parameter t (written in bits) that its bits can represent within [lo, hi], ascending. */
function representable(v: NnView, t: number, lo: number, hi: number): number[] {
  const s0 = v.bitStart[t]!;
  const k = v.bitStart[t + 1]! - s0;
  const out = new Set<number>();
  for (let mask = 0; mask < 1 << k; mask++) {
    let val = -v.bitOffset[t]!;
    for (let q = 0; q < k; q++) if ((mask >> q) & 1) val += v.bitValues[s0 + q]!;
    if (val >= lo - 1e-9 && val <= hi + 1e-9) out.add(Math.round(val));
  }
  return [...out].sort((a, b) => a - b).slice(0, MAX_ENUM);
}

export const nnIntegerSearchDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-integer-search',
  description: 'NN: iterated local search over integer / binarized weights and biases (forward-pass moves, LP completion)',
  priority: 78,
  params: [
    ...budgetParams({ timeLimit: 1, maxShare: 0.15 }),
    { name: 'rounds', type: 'integer', default: 1000, min: 0, max: 100000000, description: 'kicks (perturbation + descent) per call' },
  ],
  create: (env: PluginEnv) =>
    new NnIntegerSearchHeuristic(env.model, { ...budgetOptions(env), rounds: env.num('rounds') }),
};
