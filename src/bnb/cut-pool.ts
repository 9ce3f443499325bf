import type { LpSolver } from '../lp/lp-solver.js';

/** Settings of the cut pool ('cuts/…' parameters). */
export interface CutPoolOptions {
  /** a cut must be violated by at least this much per unit of coefficient norm (efficacy) */
  minEfficacy: number;
  /** at most this many cuts enter the LP per round */
  maxPerRound: number;
  /** a cut whose normalised coefficient vector has a cosine above this with one taken in the same round is dropped */
  maxParallelism: number;
  /** cuts whose largest / smallest coefficient (after removing tiny ones) exceeds this are dropped */
  maxDynamism: number;
  /** a cut in the LP that was slack in this many solves in a row is removed */
  maxAge: number;
}

export const DEFAULT_CUT_POOL_OPTIONS: CutPoolOptions = {
  minEfficacy: 1e-4,
  maxPerRound: 100,
  maxParallelism: 0.999,
  maxDynamism: 1e6,
  maxAge: 10,
};

/** Relative size below which a coefficient is removed from a cut (its term relaxed over the bounds). */
const TINY = 1e-9;
/** Activity this close to a cut's bound counts as tight (the cut does not age). */
const TIGHT = 1e-6;

/** A cut as it is kept: lower <= a x <= upper, with a sparse, normalised a. */
export interface Cut {
  cols: Int32Array;
  vals: Float64Array;
  lower: number;
  upper: number;
  /** valid only in the subtree of the node that made it */
  local: boolean;
  /** index of the separator in the processor's statistics */
  source: number;
  efficacy: number;
  /** consecutive solves with the cut slack */
  age: number;
}

/** Cuts as plain typed arrays (CSR), to send to other threads. */
export interface CutBatch {
  count: number;
  lower: Float64Array;
  upper: Float64Array;
  starts: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Packs cuts into one CutBatch. */
export function packCuts(cuts: readonly Cut[]): CutBatch {
  let nnz = 0;
  for (const c of cuts) nnz += c.cols.length;
  const b: CutBatch = {
    count: cuts.length,
    lower: new Float64Array(cuts.length),
    upper: new Float64Array(cuts.length),
    starts: new Int32Array(cuts.length + 1),
    cols: new Int32Array(nnz),
    vals: new Float64Array(nnz),
  };
  let p = 0;
  cuts.forEach((c, i) => {
    b.lower[i] = c.lower;
    b.upper[i] = c.upper;
    b.starts[i] = p;
    b.cols.set(c.cols, p);
    b.vals.set(c.vals, p);
    p += c.cols.length;
  });
  b.starts[cuts.length] = p;
  return b;
}

/** The cuts of a batch (views on it), as pool entries from no separator. */
export function unpackCuts(b: CutBatch): Cut[] {
  const out: Cut[] = [];
  for (let i = 0; i < b.count; i++) {
    const a = b.starts[i]!;
    const e = b.starts[i + 1]!;
    out.push({ cols: b.cols.subarray(a, e), vals: b.vals.subarray(a, e), lower: b.lower[i]!, upper: b.upper[i]!, local: false, source: -1, efficacy: 0, age: 0 });
  }
  return out;
}

/** Why a proposed cut was refused (statistics). */
export type CutRefusal = 'numerics' | 'not-violated' | 'parallel' | 'limit';

/**
 * The cuts of one node processor: candidates proposed in a separation round (cleaned numerically,
 * checked for violation by the current LP point), the selection of the round (best efficacy
 * first, skipping near-parallel ones, at most maxPerRound) that goes into the LP as rows after the
 * model's own, and the cuts in the LP, which age while slack and are removed when too old.
 *
 * Numerics (the usual source of wrong answers): coefficients below 1e-9 of the largest are removed
 * with their term relaxed over the column's bounds (the cut stays valid; a term over an unbounded
 * column makes the cut be dropped), cuts with a dynamism above maxDynamism, non-finite data or no
 * finite side are dropped, and every cut is scaled to a largest coefficient of 1.
 */
export class CutPool {
  readonly options: CutPoolOptions;
  /** cuts in the LP, in LP row order after the model's rows */
  readonly inLp: Cut[] = [];
  private candidates: Cut[] = [];
  private readonly numCols: number;
  private readonly scratchCols: Int32Array;
  private readonly scratchVals: Float64Array;
  /** dense scratch for parallelism checks (entries cleared after use) */
  private readonly dense: Float64Array;
  refused: Record<CutRefusal, number> = { numerics: 0, 'not-violated': 0, parallel: 0, limit: 0 };
  /** cuts removed from the LP by ageing */
  removed = 0;

  constructor(numCols: number, options: CutPoolOptions = DEFAULT_CUT_POOL_OPTIONS) {
    this.options = options;
    this.numCols = numCols;
    this.scratchCols = new Int32Array(numCols);
    this.scratchVals = new Float64Array(numCols);
    this.dense = new Float64Array(numCols);
  }

  get candidateCount(): number {
    return this.candidates.length;
  }

  /**
   * Proposes lower <= a x <= upper (`count` entries of cols/vals; duplicates are summed) for the LP
   * point `x`, relaxing tiny terms over [lo, up] (the bounds the cut is valid under). Returns the
   * refusal, or undefined when it became a candidate.
   */
  propose(
    cols: ArrayLike<number>,
    vals: ArrayLike<number>,
    count: number,
    lower: number,
    upper: number,
    local: boolean,
    source: number,
    x: ArrayLike<number>,
    lo: ArrayLike<number>,
    up: ArrayLike<number>,
  ): CutRefusal | undefined {
    const refuse = (r: CutRefusal): CutRefusal => {
      this.refused[r]++;
      return r;
    };
    if (!(lower > -Infinity) && !(upper < Infinity)) return refuse('numerics');
    if (Number.isNaN(lower) || Number.isNaN(upper) || lower > upper) return refuse('numerics');
    // sum duplicates into the dense scratch, collect the support
    const d = this.dense;
    const sc = this.scratchCols;
    let n = 0;
    for (let k = 0; k < count; k++) {
      const j = cols[k]!;
      const v = vals[k]!;
      if (!Number.isFinite(v) || j < 0 || j >= this.numCols) {
        for (let t = 0; t < n; t++) d[sc[t]!] = 0;
        return refuse('numerics');
      }
      if (d[j] === 0 && v !== 0) sc[n++] = j;
      d[j]! += v;
    }
    let amax = 0;
    for (let t = 0; t < n; t++) amax = Math.max(amax, Math.abs(d[sc[t]!]!));
    let lowerSide = lower;
    let upperSide = upper;
    let m = 0;
    let amin = Infinity;
    const sv = this.scratchVals;
    let ok = amax > 0;
    for (let t = 0; t < n && ok; t++) {
      const j = sc[t]!;
      const a = d[j]!;
      d[j] = 0;
      if (Math.abs(a) <= TINY * amax) {
        // drop the term: a x_j ranges over [min, max] on the bounds; widen the sides by it
        const p = a * lo[j]!;
        const q = a * up[j]!;
        const tmin = Math.min(p, q);
        const tmax = Math.max(p, q);
        // over an unbounded column that side of the cut is lost
        upperSide = Number.isFinite(tmin) ? upperSide - tmin : Infinity;
        lowerSide = Number.isFinite(tmax) ? lowerSide - tmax : -Infinity;
        if (Number.isNaN(upperSide) || Number.isNaN(lowerSide)) ok = false;
        continue;
      }
      sc[m] = j;
      sv[m] = a;
      m++;
      amin = Math.min(amin, Math.abs(a));
    }
    for (let t = 0; t < n; t++) d[sc[t]!] = 0;
    if (!ok || m === 0 || amax / amin > this.options.maxDynamism) return refuse('numerics');
    if (!(lowerSide > -Infinity) && !(upperSide < Infinity)) return refuse('numerics');
    // scale to a largest coefficient of 1; violation per unit norm
    const s = 1 / amax;
    let act = 0;
    let norm = 0;
    for (let t = 0; t < m; t++) {
      sv[t]! *= s;
      act += sv[t]! * x[sc[t]!]!;
      norm += sv[t]! * sv[t]!;
    }
    const lw = lowerSide * s;
    const upw = upperSide * s;
    const violation = Math.max(lw - act, act - upw);
    const efficacy = violation / Math.sqrt(norm);
    if (!(efficacy >= this.options.minEfficacy)) return refuse('not-violated');
    this.candidates.push({
      cols: sc.slice(0, m),
      vals: sv.slice(0, m),
      lower: lw,
      upper: upw,
      local,
      source,
      efficacy,
      age: 0,
    });
    return undefined;
  }

  /**
   * Selects the round's cuts among the candidates (best efficacy first, dropping near-parallel ones
   * and those beyond maxPerRound), adds them to `lp` in one addRows call and clears the candidates.
   * Returns the selected cuts.
   */
  applyRound(lp: LpSolver): Cut[] {
    const cand = this.candidates;
    this.candidates = [];
    if (cand.length === 0) return [];
    cand.sort((a, b) => b.efficacy - a.efficacy);
    const taken: Cut[] = [];
    for (const c of cand) {
      if (taken.length >= this.options.maxPerRound) {
        this.refused.limit++;
        continue;
      }
      if (taken.some((t) => cosine(t, c, this.dense) > this.options.maxParallelism)) {
        this.refused.parallel++;
        continue;
      }
      taken.push(c);
    }
    this.addToLp(lp, taken);
    return taken;
  }

  /** Adds cuts to the LP (one addRows call) and to the cuts in it. */
  private addToLp(lp: LpSolver, cuts: Cut[]): void {
    if (cuts.length === 0) return;
    const b = packCuts(cuts);
    lp.addRows(b.count, b.lower, b.upper, b.starts, b.cols, b.vals);
    this.inLp.push(...cuts);
  }

  /**
   * The global cuts in the LP, to share with other threads (a parallel solve's root cuts). The
   * cuts in the LP of every thread are a prefix of the shared list, in its order.
   */
  globalCuts(): Cut[] {
    return this.inLp.filter((c) => !c.local);
  }

  /**
   * Brings the LP up to the shared list of global cuts: adds those beyond the ones it has (the
   * shared list extends this pool's cuts in the LP). Returns how many were added.
   */
  importShared(lp: LpSolver, shared: CutBatch): number {
    if (shared.count <= this.inLp.length) return 0;
    const fresh = unpackCuts(shared).slice(this.inLp.length);
    this.addToLp(lp, fresh);
    return fresh.length;
  }

  /** Deletes the cuts from index `first` on from the LP (in one deleteRows call) and from the cuts in it. */
  removeFrom(lp: LpSolver, modelRows: number, first: number): number {
    const n = this.inLp.length - first;
    if (n <= 0) return 0;
    const rows: number[] = [];
    for (let k = first; k < this.inLp.length; k++) rows.push(modelRows + k);
    lp.deleteRows(rows);
    this.inLp.length = first;
    return n;
  }

  /** Drops the round's candidates (a round that is not applied). */
  clearCandidates(): void {
    this.candidates = [];
  }

  /**
   * The first `count` cuts in the LP, whose activities at the last optimal LP point are in
   * `rowActivity` (over the LP rows, the cuts after the first `modelRows`): slack ones age, tight
   * ones are reset; cuts older than maxAge are deleted from the LP (which voids the LP solution:
   * call it when the LP is re-solved anyway). Returns how many were removed.
   */
  age(lp: LpSolver, rowActivity: ArrayLike<number>, modelRows: number, count = this.inLp.length): number {
    const old: number[] = [];
    for (let k = 0; k < count; k++) {
      const c = this.inLp[k]!;
      const a = rowActivity[modelRows + k]!;
      const tight = (c.upper < Infinity && a >= c.upper - TIGHT * Math.max(1, Math.abs(c.upper))) || (c.lower > -Infinity && a <= c.lower + TIGHT * Math.max(1, Math.abs(c.lower)));
      c.age = tight ? 0 : c.age + 1;
      if (c.age > this.options.maxAge) old.push(k);
    }
    if (old.length === 0) return 0;
    lp.deleteRows(old.map((k) => modelRows + k));
    for (let t = old.length - 1; t >= 0; t--) this.inLp.splice(old[t]!, 1);
    this.removed += old.length;
    return old.length;
  }
}

/** Cosine of the angle between two normalised sparse cuts (dense: a zeroed scratch of numCols). */
function cosine(a: Cut, b: Cut, dense: Float64Array): number {
  let na = 0;
  for (let k = 0; k < a.cols.length; k++) {
    dense[a.cols[k]!] = a.vals[k]!;
    na += a.vals[k]! * a.vals[k]!;
  }
  let dot = 0;
  let nb = 0;
  for (let k = 0; k < b.cols.length; k++) {
    dot += dense[b.cols[k]!]! * b.vals[k]!;
    nb += b.vals[k]! * b.vals[k]!;
  }
  for (let k = 0; k < a.cols.length; k++) dense[a.cols[k]!] = 0;
  return Math.abs(dot) / Math.sqrt(na * nb);
}
