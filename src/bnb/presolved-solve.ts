import type { Model } from '../model/model.js';
import { presolve, type PresolveStats } from '../presolve/presolve.js';
import { SearchLog } from './search-log.js';
import type { PluginStats, SolveOptions, SolveResult } from './solve-types.js';
import { FEASIBILITY_TOL } from './tolerances.js';

/** Whether a solve presolves: SolveOptions.presolve / 'presolve/enabled', and no initial solution (it is given in the original columns). */
export function presolveWanted(options: SolveOptions, params: ReadonlyMap<string, unknown>): boolean {
  if (options.presolve === false || params.get('presolve/enabled') === false) return false;
  return options.initialSolution === undefined;
}

/** The framework statistics row of presolve: calls 1, its seconds; fixings = columns removed and bounds tightened, cutoffs = rows removed. */
function presolveRow(st: PresolveStats): PluginStats {
  let bounds = 0;
  for (const r of st.reductions) bounds += r.boundsTightened;
  return {
    name: 'presolve',
    calls: 1,
    seconds: st.seconds,
    fixings: st.original.cols - st.reduced.cols + bounds,
    cutoffs: st.original.rows - st.reduced.rows,
    solutions: 0,
  };
}

/** A result decided by presolve alone. */
function decided(model: Model, status: 'infeasible' | 'unbounded', solution: Float64Array | null, st: PresolveStats): SolveResult {
  const max = model.sense === 'maximize';
  return {
    status,
    objective: solution ? model.objectiveOf(solution) : null,
    bound: status === 'infeasible' ? (max ? -Infinity : Infinity) : max ? Infinity : -Infinity,
    gap: Infinity,
    solution,
    nodes: 0,
    seconds: st.seconds,
    lpSeconds: 0,
    lpIterations: 0,
    lpSolves: 0,
    solutions: solution ? 1 : 0,
    stats: [presolveRow(st)],
    threads: 1,
  };
}

/**
 * Presolve, then the search on the reduced model (`search`: the serial or the parallel engine,
 * called with presolve off and the time left), then postsolve: the solution is mapped back and
 * checked against the original model. Presolve that proves the model infeasible (or unbounded
 * with a feasible point) decides the result itself. Should a postsolved point fail the check
 * (numerics), the original model is searched instead — no wrong answer is returned. Objectives
 * and bounds are the same on both models (presolve keeps the objective, offset included).
 */
export async function solvePresolved<R extends SolveResult>(
  model: Model,
  options: SolveOptions,
  timeLimit: number,
  search: (m: Model, o: SolveOptions) => Promise<R>,
  wrap: (r: SolveResult) => R,
): Promise<R> {
  const log = new SearchLog(options.log);
  const pr = presolve(model, { timeLimit: Number.isFinite(timeLimit) ? Math.min(timeLimit / 4, 30) : 30, signal: options.signal });
  const st = pr.stats;
  log.note(
    `presolve: ${st.original.rows} rows, ${st.original.cols} columns, ${st.original.nonzeros} nonzeros -> ` +
      `${st.reduced.rows} rows, ${st.reduced.cols} columns, ${st.reduced.nonzeros} nonzeros in ${st.seconds.toFixed(2)}s (${st.rounds} rounds)`,
  );
  if (pr.status === 'infeasible') {
    log.note(`presolve: infeasible (${pr.reason})`);
    return wrap(decided(model, 'infeasible', null, st));
  }
  if (pr.status === 'unbounded') {
    log.note(`presolve: unbounded (${pr.reason})`);
    return wrap(decided(model, 'unbounded', pr.solution, st));
  }
  const left = timeLimit - st.seconds;
  const inner: SolveOptions = { ...options, presolve: false, timeLimit: Number.isFinite(timeLimit) ? Math.max(1e-3, left) : undefined };
  const r = await search(pr.model, inner);
  const out: R = { ...r, seconds: r.seconds + st.seconds, stats: [presolveRow(st), ...r.stats] };
  if (r.solution) {
    const x = pr.postsolve(r.solution);
    const v = model.maxViolation(x);
    if (!(v.value <= FEASIBILITY_TOL)) {
      log.note(`presolve: the postsolved point violates the original model (${v.where}, ${v.value}); solving the original model instead`);
      const again = await search(model, { ...options, presolve: false });
      return { ...again, seconds: again.seconds + out.seconds };
    }
    out.solution = x;
    out.objective = model.objectiveOf(x);
  }
  return out;
}
