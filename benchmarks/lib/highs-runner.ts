import type { HighsCallbackMap, Model as HighsModel } from 'highs';
import { getHighs } from '../../src/lp/highs-loader.js';
import { toHighsModelData } from '../../src/lp/highs-model-data.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { Model } from '../../src/model/model.js';
import { evaluateSolution } from './evaluate.js';
import { closeRoot, relativeGap, type RootBound, type SolverRun } from './solver-run.js';
import { closeTrace, finiteOrNull, pushTrace, type TracePoint } from './trace.js';

/** The figures of one HiGHS MIP solve that the comparison needs. */
export interface HighsOutcome {
  status: string;
  objective: number | null;
  bound: number | null;
  solution: Float64Array | null;
  nodes: number;
  trace: TracePoint[];
  /** the root node's bounds, from the callbacks (null with `trace: false`) */
  root: RootBound | null;
}

/** Options of a HiGHS MIP run. */
export interface HighsRunOptions {
  /** record the trace (and the root bounds) through callbacks; default true */
  trace?: boolean;
  gap?: number;
  /** receives HiGHS's log text (its logging callback), when tracing */
  log?: (text: string) => void;
}

/** What the root tracker sees of a MIP callback event. */
interface MipEventData {
  running_time?: number;
  mip_node_count?: bigint | number;
  mip_dual_bound?: number;
  mip_total_lp_iterations?: bigint | number;
}

/**
 * Follows HiGHS's root node through its MIP callbacks (each log line fires mipLogging, and
 * mipInterrupt fires often): while the processed-node count is 0, HiGHS is at the root (presolve,
 * root LP, cut rounds, root restarts); the first finite dual bound seen there after LP iterations
 * were counted is its (presolved) root LP bound (before that HiGHS may show a trivial bound), the
 * last one the bound after the root. The first event with a node count above 0 ends
 * the root; `finish` closes it at the end of the run (closeRoot).
 */
export class HighsRootTracker {
  private lp: number | null = null;
  private bound: number | null = null;
  private seconds: number | null = null;
  private done = false;

  see(d: MipEventData): void {
    if (this.done) return;
    const nodes = d.mip_node_count === undefined ? 0 : Number(d.mip_node_count);
    if (nodes > 0) {
      this.done = true;
      return;
    }
    const b = d.mip_dual_bound;
    if (b === undefined || !Number.isFinite(b) || Math.abs(b) >= 1e30) return;
    if (this.lp === null && Number(d.mip_total_lp_iterations ?? 0) > 0) this.lp = b;
    this.bound = b;
    this.seconds = d.running_time ?? null;
  }

  finish(status: string, nodes: number, bound: number | null, seconds: number): RootBound {
    const root: RootBound = {
      lp: this.lp,
      bound: this.bound,
      seconds: this.seconds,
      complete: this.done || status === 'optimal' || status === 'infeasible',
      source: 'HiGHS MIP callbacks (mipLogging at each log line, mipInterrupt): last dual bound while 0 nodes were processed',
    };
    return closeRoot(root, { status, nodes, bound, seconds });
  }
}

/**
 * Runs HiGHS's MIP solver (highs-js, Wasm, one thread) with a time limit and relative gap.
 * With `trace` (default) it solves once through a persistent model with the mipImprovingSolution,
 * mipLogging and (sampled) mipInterrupt callbacks on, recording (running_time, primal bound, dual
 * bound) as it goes; the callbacks only copy a few numbers, so the cost is negligible. With `trace: false` it calls
 * the project's reference driver `solveWithHighsMip` (endpoints only). Both read the same HiGHS
 * figures (model status, objective, mip_dual_bound, mip_node_count); a test checks they agree.
 */
export async function runHighs(model: Model, timeLimit: number, options: HighsRunOptions = {}): Promise<SolverRun> {
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
      root: null,
    };
  } else {
    out = await tracedHighsSolve(model, timeLimit, gap, options.log);
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
  if (out.root) run.root = out.root;
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

/**
 * One HiGHS MIP solve through a persistent model, recording the callbacks' bounds over time and the
 * root node's bounds; `log` receives HiGHS's log text.
 */
export async function tracedHighsSolve(model: Model, timeLimit: number, gap: number, log?: (text: string) => void): Promise<HighsOutcome> {
  const highs = await getHighs();
  const trace: TracePoint[] = [{ t: 0, incumbent: null, bound: null }];
  const root = new HighsRootTracker();
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
    const logging: HighsCallbackMap = log
      ? {
          [cb.logging]: (ev) => {
            log(ev.message);
            return undefined;
          },
        }
      : {};
    const callbacks: HighsCallbackMap = {
      ...logging,
      [cb.mipInterrupt]: (ev) => {
        root.see(ev.data);
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
        root.see(ev.data);
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
    const seconds = trace.reduce((t, p) => Math.max(t, p.t), 0);
    return { status, objective, bound, solution, nodes, trace, root: root.finish(status, nodes, bound, seconds) };
  } finally {
    hm.dispose();
  }
}
