import type { HighsCallbackMap, Model as HighsModel } from 'highs';
import { getHighs } from '../../src/lp/highs-loader.js';
import { toHighsModelData } from '../../src/lp/highs-model-data.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { Model } from '../../src/model/model.js';
import { evaluateSolution } from './evaluate.js';
import { relativeGap, type SolverRun } from './solver-run.js';
import { closeTrace, finiteOrNull, pushTrace, type TracePoint } from './trace.js';

/** The figures of one HiGHS MIP solve that the comparison needs. */
export interface HighsOutcome {
  status: string;
  objective: number | null;
  bound: number | null;
  solution: Float64Array | null;
  nodes: number;
  trace: TracePoint[];
}

/**
 * Runs HiGHS's MIP solver (highs-js, Wasm, one thread) with a time limit and relative gap.
 * With `trace` (default) it solves once through a persistent model with the mipImprovingSolution,
 * mipLogging and (sampled) mipInterrupt callbacks on, recording (running_time, primal bound, dual
 * bound) as it goes; the callbacks only copy a few numbers, so the cost is negligible. With `trace: false` it calls
 * the project's reference driver `solveWithHighsMip` (endpoints only). Both read the same HiGHS
 * figures (model status, objective, mip_dual_bound, mip_node_count); a test checks they agree.
 */
export async function runHighs(model: Model, timeLimit: number, options: { trace?: boolean; gap?: number } = {}): Promise<SolverRun> {
  const gap = options.gap ?? 1e-6;
  const t0 = performance.now();
  let out: HighsOutcome;
  if (options.trace === false) {
    const r = await solveWithHighsMip(model, { timeLimit, gap });
    out = {
      status: r.status === 'other' ? r.rawStatus : r.status,
      objective: r.objective,
      bound: finiteOrNull(r.bound),
      solution: r.solution,
      nodes: r.nodes,
      trace: [{ t: 0, incumbent: null, bound: null }],
    };
  } else {
    out = await tracedHighsSolve(model, timeLimit, gap);
  }
  const wall = (performance.now() - t0) / 1000;
  let check;
  let note: string | undefined;
  if (out.solution) {
    check = evaluateSolution(model, out.solution);
    if (!check.feasible) note = `HiGHS solution violates the model by ${check.maxViolation.toExponential(2)}`;
  }
  const run: SolverRun = {
    solver: 'highs',
    status: out.status,
    objective: out.objective,
    bound: out.bound,
    gap: relativeGap(out.objective, out.bound),
    seconds: wall,
    timeToOptimal: out.status === 'optimal' ? wall : null,
    timeToBest: null,
    nodes: out.nodes,
    trace: closeTrace(out.trace, wall, out.objective, out.bound),
  };
  if (check) run.check = check;
  if (note) run.note = note;
  return run;
}

const MODEL_STATUS_NAMES = [
  'not set', 'load error', 'model error', 'presolve error', 'solve error', 'postsolve error', 'empty',
  'optimal', 'infeasible', 'unbounded or infeasible', 'unbounded', 'objective bound', 'objective target',
  'time limit', 'iteration limit', 'unknown', 'solution limit', 'interrupted',
];
const STATUS: Record<number, string> = { 6: 'optimal', 7: 'optimal', 8: 'infeasible', 9: 'infeasible-or-unbounded', 10: 'unbounded', 13: 'time-limit' };
const SOLUTION_FEASIBLE = 2;

/** One HiGHS MIP solve through a persistent model, recording the callbacks' bounds over time. */
export async function tracedHighsSolve(model: Model, timeLimit: number, gap: number): Promise<HighsOutcome> {
  const highs = await getHighs();
  const trace: TracePoint[] = [{ t: 0, incumbent: null, bound: null }];
  const big = (v: number | null): number | null => (v !== null && Math.abs(v) < 1e30 ? v : null);
  const record = (d: { running_time?: number; mip_primal_bound?: number; mip_dual_bound?: number }): void => {
    // HiGHS reports "no incumbent" / "no bound" as ±inf (or ±1e+inf-like huge values).
    pushTrace(trace, { t: d.running_time ?? 0, incumbent: big(finiteOrNull(d.mip_primal_bound)), bound: big(finiteOrNull(d.mip_dual_bound)) });
  };
  const hm: HighsModel = highs.createModel(toHighsModelData(model, { relax: false }));
  try {
    // output_flag on (but not to the console) makes HiGHS fire mipLogging at its log lines; the
    // interrupt checkpoint (frequent) is sampled every half second for a denser bound trace.
    hm.options.set({ output_flag: true, log_to_console: false, mip_rel_gap: gap, time_limit: timeLimit });
    const cb = highs.constants.callbackType;
    let lastSample = -Infinity;
    const callbacks: HighsCallbackMap = {
      [cb.mipInterrupt]: (ev) => {
        const t = ev.data.running_time ?? 0;
        if (t - lastSample >= 0.5) {
          lastSample = t;
          record(ev.data);
        }
        return undefined;
      },
      [cb.mipImprovingSolution]: (ev) => {
        record(ev.data);
        return undefined;
      },
      [cb.mipLogging]: (ev) => {
        record(ev.data);
        return undefined;
      },
    };
    let ms: number;
    try {
      ms = hm.run(callbacks).modelStatus as number;
    } catch {
      ms = hm.raw.getModelStatus() as number;
    }
    const status = STATUS[ms] ?? MODEL_STATUS_NAMES[ms] ?? `status ${ms}`;
    const raw = hm.raw;
    let objective: number | null = null;
    let solution: Float64Array | null = null;
    const primal = raw.getInfoValue('primal_solution_status');
    const noSolution = status === 'infeasible' || status === 'unbounded' || status === 'infeasible-or-unbounded';
    if (!noSolution && primal.status !== -1 && Number(primal.value) === SOLUTION_FEASIBLE) {
      const s = raw.getSolution();
      if (s.status !== -1) {
        solution = s.value.colValue;
        objective = raw.getObjectiveValue();
      }
    }
    let bound: number | null = null;
    const b = raw.getInfoValue('mip_dual_bound');
    if (b.status !== -1 && typeof b.value === 'number') bound = big(finiteOrNull(b.value));
    if (status === 'optimal' && objective !== null && bound === null) bound = objective;
    let nodes = 0;
    const n = raw.getInfoValue('mip_node_count');
    if (n.status !== -1) nodes = Math.max(0, Number(n.value));
    return { status, objective, bound, solution, nodes, trace };
  } finally {
    hm.dispose();
  }
}
