import { solveModel } from '../../src/bnb/solve.js';
import { solve } from '../../src/solve.js';
import type { Model } from '../../src/model/model.js';
import { evaluateSolution } from './evaluate.js';
import { closeRoot, relativeGap, type RootBound, type SolverName, type SolverRun } from './solver-run.js';
import { closeTrace, finiteOrNull, pushTrace, type TracePoint } from './trace.js';

export interface MipnetRunOptions {
  /** worker threads (default 1: the serial engine, solveModel, in this thread) */
  threads?: number;
  /** also measure the bound after the root node (mipnetRootBound), attached as `root` */
  root?: boolean;
  /** engine parameters (SolveOptions.params), e.g. { 'cuts/enabled': false } */
  params?: Record<string, number | string | boolean>;
}

/**
 * Runs mipnet's engine with default options (so every registered plugin, NN ones included, takes
 * part), one thread (or `threads`) and the time limit, recording the incumbent / bound trace from
 * onProgress. With `root`, the bound after the root node is measured too: from this run when it
 * decided the instance within one node, else by a second run (mipnetRootBound), not timed here.
 */
export async function runMipnet(solver: SolverName, model: Model, timeLimit: number, options: MipnetRunOptions = {}): Promise<SolverRun> {
  const trace: TracePoint[] = [{ t: 0, incumbent: null, bound: null }];
  const t0 = performance.now();
  const r = await solve(model, {
    timeLimit,
    threads: options.threads ?? 1,
    ...(options.params ? { params: options.params } : {}),
    onProgress: (p) => pushTrace(trace, { t: p.seconds, incumbent: finiteOrNull(p.incumbent), bound: finiteOrNull(p.bound) }),
  });
  const wall = (performance.now() - t0) / 1000;
  const objective = r.objective;
  const bound = finiteOrNull(r.bound);
  let check;
  let note: string | undefined;
  if (r.solution) {
    check = evaluateSolution(model, r.solution);
    if (!check.feasible) note = `mipnet solution violates the model by ${check.maxViolation.toExponential(2)} (integrality ${check.maxIntegrality.toExponential(2)})`;
    else if (objective !== null && Math.abs(check.objective - objective) > 1e-6 * Math.max(1, Math.abs(objective))) {
      note = `mipnet objective ${objective} but its solution evaluates to ${check.objective}`;
    }
  }
  const run: SolverRun = {
    solver,
    status: r.status,
    objective,
    bound,
    gap: relativeGap(objective, bound),
    seconds: wall,
    timeToOptimal: r.status === 'optimal' ? wall : null,
    timeToBest: null,
    nodes: r.nodes,
    lpSeconds: r.lpSeconds,
    lpIterations: r.lpIterations,
    plugins: r.stats
      .filter((p) => p.calls > 0)
      .map((p) => ({ name: p.name, calls: p.calls, solutions: p.solutions, seconds: Math.round(p.seconds * 1000) / 1000, ...(p.cutsApplied ? { cutsApplied: p.cutsApplied } : {}) })),
    trace: closeTrace(trace, r.seconds, objective, bound),
  };
  if (check) run.check = check;
  if (options.root === true) {
    const here = closeRoot(
      { lp: null, bound: null, seconds: null, complete: false, source: 'this run (decided within one node)' },
      { status: r.status, nodes: r.nodes, bound, seconds: r.seconds },
    );
    run.root = here.complete ? here : await mipnetRootBound(model, timeLimit, options.params);
  }
  const notes = note ? [note] : [];
  if (model.structure !== undefined && !r.stats.some((p) => p.calls > 0 && /(^|\/)nn/i.test(p.name))) {
    notes.push('no NN plugin ran on this structured model');
  }
  if (notes.length > 0) run.note = notes.join('; ');
  return run;
}

/**
 * The bound of mipnet's serial engine once its root node is processed (propagation, LP, separation
 * rounds, root heuristics, branching): a second solve with nodeLimit 1, since the engine has no hook
 * for the root bound. The serial engine is deterministic, so its root is the one of a serial timed
 * run (with threads > 1 this is still the serial engine's root bound). The engine does
 * not report its root LP bound apart (`lp` is null; it has no presolve, so that LP is the model's).
 */
export async function mipnetRootBound(model: Model, timeLimit: number, params?: Record<string, number | string | boolean>): Promise<RootBound> {
  const r = await solveModel(model, { timeLimit, nodeLimit: 1, ...(params ? { params } : {}) });
  return closeRoot(
    {
      lp: null,
      bound: finiteOrNull(r.bound),
      seconds: r.seconds,
      complete: r.status !== 'time-limit' && r.status !== 'interrupted',
      source: 'second solveModel run with nodeLimit 1 (the engine has no root-bound hook)',
    },
    { status: r.status, nodes: r.nodes, bound: finiteOrNull(r.bound), seconds: r.seconds },
  );
}
