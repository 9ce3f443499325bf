import { solve } from '../../src/solve.js';
import type { Model } from '../../src/model/model.js';
import { evaluateSolution } from './evaluate.js';
import { relativeGap, type SolverName, type SolverRun } from './solver-run.js';
import { closeTrace, finiteOrNull, pushTrace, type TracePoint } from './trace.js';

/**
 * Runs mipnet's engine with default options (so every registered plugin, NN ones included, takes
 * part), one thread and the time limit, recording the incumbent / bound trace from onProgress.
 */
export async function runMipnet(solver: SolverName, model: Model, timeLimit: number): Promise<SolverRun> {
  const trace: TracePoint[] = [{ t: 0, incumbent: null, bound: null }];
  const t0 = performance.now();
  const r = await solve(model, {
    timeLimit,
    threads: 1,
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
      .map((p) => ({ name: p.name, calls: p.calls, solutions: p.solutions, seconds: Math.round(p.seconds * 1000) / 1000 })),
    trace: closeTrace(trace, r.seconds, objective, bound),
  };
  if (check) run.check = check;
  const notes = note ? [note] : [];
  if (model.structure !== undefined && !r.stats.some((p) => p.calls > 0 && /(^|\/)nn/i.test(p.name))) {
    notes.push('no NN plugin ran on this structured model');
  }
  if (notes.length > 0) run.note = notes.join('; ');
  return run;
}
