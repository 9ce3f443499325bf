import { getHighs } from '../../src/lp/highs-loader.js';
import { toHighsModelData } from '../../src/lp/highs-model-data.js';
import type { Model } from '../../src/model/model.js';

/** The LP relaxation of a model as read (no presolve reductions kept, no cuts). */
export interface LpRelaxation {
  /** HiGHS model status in words: 'optimal', 'infeasible', 'time limit', … */
  status: string;
  /** optimal objective in the model's sense (offset included); null unless optimal */
  objective: number | null;
  seconds: number;
}

const OPTIMAL = 7;
const STATUS_NAMES: Record<number, string> = { 7: 'optimal', 8: 'infeasible', 9: 'infeasible or unbounded', 10: 'unbounded', 13: 'time limit' };

/**
 * Solves the LP relaxation of `model` (integrality dropped) with HiGHS: z_LP, the common
 * denominator of the root gap closed of every solver, whatever its own presolve does.
 */
export async function lpRelaxation(model: Model, timeLimit: number): Promise<LpRelaxation> {
  const t0 = performance.now();
  const highs = await getHighs();
  const hm = highs.createModel(toHighsModelData(model, { relax: true }));
  try {
    hm.options.set({ output_flag: false, time_limit: timeLimit });
    hm.raw.run();
    const ms = hm.raw.getModelStatus() as number;
    return {
      status: STATUS_NAMES[ms] ?? `status ${ms}`,
      objective: ms === OPTIMAL ? hm.raw.getObjectiveValue() : null,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    hm.dispose();
  }
}
