import { formatGap } from './bnb/search-status.js';
import { lpShare } from './bnb/lp-share.js';
import type { SolveResult } from './bnb/solve-types.js';
import type { Model } from './model/model.js';

function fmt(v: number | null): string {
  if (v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toPrecision(10);
}

/** The human-readable summary of a solve, printed on stdout by `mipnet solve`. */
export function formatSolveResult(model: Model, r: SolveResult): string {
  const nodesPerSecond = r.seconds > 0 ? r.nodes / r.seconds : 0;
  const lines = [
    `model       ${model.name}: ${model.numCols} columns (${model.numIntegers} integer), ${model.numRows} rows, ${model.numNonzeros} nonzeros, ${model.sense}`,
    `status      ${r.status}`,
    `objective   ${fmt(r.objective)}`,
    `bound       ${fmt(r.bound)}`,
    `gap         ${formatGap(r.gap, 4)}`,
    `nodes       ${r.nodes} (${nodesPerSecond.toFixed(1)} nodes/s, ${r.threads} thread${r.threads === 1 ? '' : 's'})`,
    `time        ${r.seconds.toFixed(3)} s (LP ${(100 * lpShare(r)).toFixed(0)}% of ${r.threads === 1 ? 'the time' : 'the threads\' time'}, ${r.lpSolves} LP solves, ${r.lpIterations} iterations)`,
    `solutions   ${r.solutions}`,
  ];
  return lines.join('\n');
}

/** JSON form of a solve result: the solution keyed by column name. */
export function solveResultToJson(model: Model, r: SolveResult): Record<string, unknown> {
  const solution: Record<string, number> | null = r.solution ? {} : null;
  if (r.solution && solution) for (let j = 0; j < model.numCols; j++) solution[model.colNames[j]!] = r.solution[j]!;
  return {
    model: { name: model.name, columns: model.numCols, rows: model.numRows, integers: model.numIntegers, nonzeros: model.numNonzeros, sense: model.sense },
    status: r.status,
    objective: r.objective,
    bound: Number.isFinite(r.bound) ? r.bound : String(r.bound),
    gap: Number.isFinite(r.gap) ? r.gap : String(r.gap),
    nodes: r.nodes,
    seconds: r.seconds,
    lpSeconds: r.lpSeconds,
    lpShare: lpShare(r),
    lpSolves: r.lpSolves,
    lpIterations: r.lpIterations,
    nodesPerSecond: r.seconds > 0 ? r.nodes / r.seconds : 0,
    solutions: r.solutions,
    threads: r.threads,
    stats: r.stats,
    solution,
  };
}
