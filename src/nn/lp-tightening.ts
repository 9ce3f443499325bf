import { getHighs } from '../lp/highs-loader.js';
import { toHighsModelData } from '../lp/highs-model-data.js';
import { LpBackendError } from '../errors.js';
import type { Model } from '../model/model.js';

export interface TighteningResult {
  /** tightened lower / upper bound of each requested column (unchanged where not tightened) */
  lower: Float64Array;
  upper: Float64Array;
  /** LPs solved */
  lps: number;
  seconds: number;
  /** columns whose both LPs were solved before the time budget ran out */
  completed: number;
  /** true when the relaxation itself is infeasible (then so is the MILP) */
  infeasible: boolean;
}

const OPTIMAL = 7;
const INFEASIBLE = 8;

/**
 * Minimises and maximises each column of `cols` over the LP relaxation of `model` (warm-started
 * HiGHS simplex, one persistent model), within `timeLimit` seconds. The results are valid bounds
 * for every integer-feasible point of the model (slightly relaxed by 1e-7 for round-off).
 */
export async function tightenColumnBounds(model: Model, cols: Int32Array, timeLimit: number): Promise<TighteningResult> {
  const t0 = performance.now();
  const lower = new Float64Array(cols.length);
  const upper = new Float64Array(cols.length);
  for (let t = 0; t < cols.length; t++) {
    lower[t] = model.colLower[cols[t]!]!;
    upper[t] = model.colUpper[cols[t]!]!;
  }
  const highs = await getHighs();
  const data = toHighsModelData(model, { relax: true });
  const zero = new Float64Array(model.numCols);
  let hm;
  try {
    hm = highs.createModel({ ...data, colCost: zero, offset: 0 });
  } catch (e) {
    throw new LpBackendError('tighten bounds', `HiGHS rejected the relaxation: ${(e as Error).message}`);
  }
  let lps = 0;
  let completed = 0;
  let infeasible = false;
  try {
    hm.options.set({ output_flag: false, presolve: 'off' });
    const raw = hm.raw;
    outer: for (let t = 0; t < cols.length; t++) {
      const c = cols[t]!;
      for (const sign of [1, -1]) {
        if ((performance.now() - t0) / 1000 > timeLimit) break outer;
        raw.changeColCost(c, sign);
        raw.run();
        lps++;
        const ms = raw.getModelStatus() as number;
        if (ms === INFEASIBLE) {
          infeasible = true;
          raw.changeColCost(c, 0);
          break outer;
        }
        if (ms === OPTIMAL) {
          const v = sign * raw.getObjectiveValue();
          const slack = 1e-7 * (1 + Math.abs(v));
          if (sign === 1) lower[t] = Math.max(lower[t]!, v - slack);
          else upper[t] = Math.min(upper[t]!, v + slack);
        }
      }
      raw.changeColCost(c, 0);
      completed++;
    }
  } finally {
    hm.dispose();
  }
  for (let t = 0; t < cols.length; t++) if (lower[t]! > upper[t]!) lower[t] = upper[t]!;
  return { lower, upper, lps, seconds: (performance.now() - t0) / 1000, completed, infeasible };
}
