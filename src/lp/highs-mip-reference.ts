import type { Model as HighsModel } from 'highs';
import { DEFAULT_REL_GAP } from '../bnb/search-status.js';
import { LpBackendError, OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import { getHighs } from './highs-loader.js';
import { toHighsModelData } from './highs-model-data.js';

export interface HighsMipOptions {
  /** wall-clock limit in seconds (> 0); default none */
  timeLimit?: number;
  /** relative gap (HiGHS mip_rel_gap, >= 0); default 1e-6 */
  gap?: number;
  /** HiGHS in Wasm is single-threaded */
  threads?: 1;
}

export type HighsMipStatus = 'optimal' | 'infeasible' | 'unbounded' | 'infeasible-or-unbounded' | 'time-limit' | 'other';

export interface HighsMipResult {
  status: HighsMipStatus;
  /** objective of the best solution found (model sense, offset included); null if none */
  objective: number | null;
  /**
   * proven dual bound in the model's sense (<= optimum when minimising, >= when maximising);
   * +/-Infinity (the optimum side of "nothing feasible") when proven infeasible, the other infinity
   * when nothing is proven
   */
  bound: number;
  /** column values of the best solution, null if none */
  solution: Float64Array | null;
  /** branch-and-bound nodes of HiGHS (0 for a pure LP) */
  nodes: number;
  seconds: number;
  /** HiGHS model status in words, e.g. "optimal", "time limit" */
  rawStatus: string;
}

const MS = {
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  timeLimit: 13,
  empty: 6,
} as const;
const MODEL_STATUS_NAMES = [
  'not set', 'load error', 'model error', 'presolve error', 'solve error', 'postsolve error', 'empty',
  'optimal', 'infeasible', 'unbounded or infeasible', 'unbounded', 'objective bound', 'objective target',
  'time limit', 'iteration limit', 'unknown', 'solution limit', 'interrupted',
];
const SOLUTION_FEASIBLE = 2;

/**
 * Solves the model with HiGHS's own MIP solver (branch-and-cut with presolve) through a
 * persistent highs-js model: the reference the correctness suite and the benchmarks compare
 * against. Objectives are in the model's own sense. Handles models without columns or rows and
 * pure LPs (then `nodes` is 0 and `bound` equals the optimum).
 */
export async function solveWithHighsMip(model: Model, options: HighsMipOptions = {}): Promise<HighsMipResult> {
  const op = 'solve with HiGHS MIP';
  const gap = options.gap ?? DEFAULT_REL_GAP;
  if (!(gap >= 0) || !Number.isFinite(gap)) throw new OptionError(op, `gap must be a finite number >= 0, got ${gap}`);
  if (options.timeLimit !== undefined && !(options.timeLimit > 0)) {
    throw new OptionError(op, `timeLimit must be > 0 seconds, got ${options.timeLimit}`);
  }
  if (options.threads !== undefined && options.threads !== 1) {
    throw new OptionError(op, `threads must be 1 (HiGHS in Wasm is single-threaded), got ${String(options.threads)}`);
  }
  const maximize = model.sense === 'maximize';
  const t0 = performance.now();

  if (model.numCols === 0) return solveEmpty(model, t0);

  const highs = await getHighs();
  let hm: HighsModel;
  try {
    hm = highs.createModel(toHighsModelData(model, { relax: false }));
  } catch (e) {
    throw new LpBackendError(op, `HiGHS rejected model "${model.name}": ${(e as Error).message}`);
  }
  try {
    hm.options.set({ output_flag: false, mip_rel_gap: gap });
    if (options.timeLimit !== undefined) hm.options.set('time_limit', options.timeLimit);
    const raw = hm.raw;
    const runStatus = raw.run().status;
    const ms = raw.getModelStatus() as number;
    const rawStatus = MODEL_STATUS_NAMES[ms] ?? `status ${ms}`;
    const isMip = model.numIntegers > 0;

    let status: HighsMipStatus;
    if (runStatus === -1) status = 'other';
    else if (ms === MS.optimal || ms === MS.empty) status = 'optimal';
    else if (ms === MS.infeasible) status = 'infeasible';
    else if (ms === MS.unbounded) status = 'unbounded';
    else if (ms === MS.unboundedOrInfeasible) status = 'infeasible-or-unbounded';
    else if (ms === MS.timeLimit) status = 'time-limit';
    else status = 'other';

    const primal = raw.getInfoValue('primal_solution_status');
    const hasSolution =
      status !== 'infeasible' && status !== 'unbounded' && status !== 'infeasible-or-unbounded' &&
      primal.status !== -1 && Number(primal.value) === SOLUTION_FEASIBLE;
    let solution: Float64Array | null = null;
    let objective: number | null = null;
    if (hasSolution) {
      const s = raw.getSolution();
      if (s.status !== -1) {
        solution = s.value.colValue;
        objective = raw.getObjectiveValue();
      }
    }

    const noBound = maximize ? Infinity : -Infinity;
    let bound = noBound;
    if (status === 'infeasible') bound = -noBound;
    else if (status === 'unbounded' || status === 'infeasible-or-unbounded') bound = noBound;
    else if (!isMip) bound = status === 'optimal' && objective !== null ? objective : noBound;
    else {
      const b = raw.getInfoValue('mip_dual_bound');
      if (b.status !== -1 && typeof b.value === 'number' && !Number.isNaN(b.value)) bound = b.value;
      if (status === 'optimal' && objective !== null && !Number.isFinite(bound)) bound = objective;
    }

    let nodes = 0;
    if (isMip) {
      const n = raw.getInfoValue('mip_node_count');
      if (n.status !== -1) nodes = Math.max(0, Number(n.value));
    }
    return { status, objective, bound, solution, nodes, seconds: (performance.now() - t0) / 1000, rawStatus };
  } finally {
    hm.dispose();
  }
}

/** No columns: every row activity is 0; feasible iff every row admits 0. */
function solveEmpty(model: Model, t0: number): HighsMipResult {
  let feasible = true;
  for (let i = 0; i < model.numRows; i++) {
    if (model.rowLower[i]! > 1e-7 || model.rowUpper[i]! < -1e-7) feasible = false;
  }
  const seconds = (performance.now() - t0) / 1000;
  if (!feasible) {
    const bound = model.sense === 'maximize' ? -Infinity : Infinity;
    return { status: 'infeasible', objective: null, bound, solution: null, nodes: 0, seconds, rawStatus: 'infeasible' };
  }
  const v = model.objectiveOffset;
  return { status: 'optimal', objective: v, bound: v, solution: new Float64Array(0), nodes: 0, seconds, rawStatus: 'empty' };
}
