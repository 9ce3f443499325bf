import type { TracePoint } from './trace.js';

/**
 * What a CBC (2.10) run printed, parsed from its log, in the model's sense.
 *
 * CBC minimises internally: for a maximisation run (`-max`) its Cbc00xxI progress lines print the
 * negated objective, while the "Continuous objective value", the summary "Objective value:" and
 * the solution file are in the model's sense; `parseCbcLog(text, 'maximize')` undoes the former.
 */
export interface CbcLog {
  version: string | null;
  /** the "Result - …" line's words, e.g. "Optimal solution found", "Stopped on time limit"; null if absent */
  result: string | null;
  /** normalised status */
  status: 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'unknown';
  /** best integer objective ("Objective value:" / "best objective"), null when no integer solution */
  objective: number | null;
  /** best possible (last "best possible" of the progress lines, else the summary's "Lower bound:"); for an optimal result the objective */
  bound: number | null;
  nodes: number | null;
  iterations: number | null;
  /** wall seconds CBC reports (Wallclock, else the last time it printed) */
  seconds: number | null;
  /** incumbent / bound over time from Cbc0010I / Cbc0012I / Cbc0004I / Cbc0001I / Cbc0005I lines */
  trace: TracePoint[];
  /**
   * "Cbc0013I At root node, N cuts changed objective from A to B in P passes": A is the root LP
   * of the preprocessed model, B the bound after the root's cut rounds (the first A and the best B
   * when CBC restarts the root); null when CBC printed no such line
   */
  rootCuts: { from: number; to: number } | null;
}

/** CBC prints 1e+50 for "no solution". */
const NO_SOLUTION = 1e49;
const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?inf|nan)';

function num(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.toLowerCase();
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

function solutionValue(s: string | undefined): number | null {
  const v = num(s);
  return v === null || Math.abs(v) >= NO_SOLUTION || !Number.isFinite(v) ? null : v;
}

const RE = {
  version: /^Version:\s*(\S+)/,
  continuous: new RegExp(`^Continuous objective value is ${NUM} - ${NUM} seconds`),
  integer: new RegExp(`^Cbc\\d{4}I Integer solution of ${NUM} found .*\\(${NUM} seconds\\)`),
  after: new RegExp(`^Cbc0010I After (\\d+) nodes, \\d+ on tree, ${NUM} best solution, best possible ${NUM} \\(${NUM} seconds\\)`),
  completed: new RegExp(`^Cbc0001I Search completed - best objective ${NUM}, took (\\d+) iterations and (\\d+) nodes \\(${NUM} seconds\\)`),
  partial: new RegExp(`^Cbc0005I Partial search - best objective ${NUM} \\(best possible ${NUM}\\), took (\\d+) iterations and (\\d+) nodes \\(${NUM} seconds\\)`),
  rootCuts: new RegExp(`^Cbc0013I At root node, \\d+ cuts changed objective from ${NUM} to ${NUM}`),
  result: /^Result - (.*\S)\s*$/,
  objective: new RegExp(`^Objective value:\\s+${NUM}`),
  lower: new RegExp(`^Lower bound:\\s+${NUM}`),
  nodes: /^Enumerated nodes:\s+(\d+)/,
  iterations: /^Total iterations:\s+(\d+)/,
  wall: new RegExp(`^Time \\(Wallclock seconds\\):\\s+${NUM}`),
  infeasible: /(Problem (?:proven )?infeasible|Linear relaxation infeasible|Integer infeasible|^Cbc0006I)/i,
  unbounded: /(Linear relaxation unbounded|Problem proven unbounded|unbounded)/i,
};

/**
 * Parses a CBC 2.10 log (stdout of `cbc model.mps … -solve`). Robust to missing parts: a run
 * killed mid-way still yields its trace. `sense` is the model's (CBC was run with `-max` for a
 * maximisation model); every returned number is in that sense.
 */
export function parseCbcLog(text: string, sense: 'minimize' | 'maximize' = 'minimize'): CbcLog {
  const flip = sense === 'maximize' ? -1 : 1;
  const better = (a: number, b: number): boolean => (sense === 'maximize' ? a > b : a < b);
  /** a value from a Cbc00xxI line (internal minimisation sense) in the model's sense */
  const internal = (v: number | null): number | null => (v === null ? null : flip * v || 0);
  const trace: TracePoint[] = [];
  let version: string | null = null;
  let result: string | null = null;
  let objective: number | null = null;
  let bound: number | null = null;
  let nodes: number | null = null;
  let iterations: number | null = null;
  let seconds: number | null = null;
  let lastT = 0;
  let inc: number | null = null;
  let bnd: number | null = null;
  let searchDone: 'completed' | 'partial' | null = null;
  let rootCuts: CbcLog['rootCuts'] = null;
  const point = (t: number | null): void => {
    if (t !== null) lastT = Math.max(lastT, t);
    trace.push({ t: lastT, incumbent: inc, bound: bnd });
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = RE.version.exec(line))) version = m[1]!;
    else if ((m = RE.continuous.exec(line))) {
      bnd = num(m[1]);
      point(num(m[2]));
    } else if ((m = RE.integer.exec(line))) {
      const v = internal(solutionValue(m[1]));
      if (v !== null && (inc === null || better(v, inc))) inc = v;
      point(num(m[2]));
    } else if ((m = RE.after.exec(line))) {
      nodes = Number(m[1]);
      const v = internal(solutionValue(m[2]));
      if (v !== null) inc = v;
      bnd = internal(num(m[3]));
      point(num(m[4]));
    } else if ((m = RE.completed.exec(line))) {
      searchDone = 'completed';
      inc = internal(solutionValue(m[1]));
      if (inc !== null) bnd = inc;
      iterations = Number(m[2]);
      nodes = Number(m[3]);
      seconds = num(m[4]);
      point(seconds);
    } else if ((m = RE.partial.exec(line))) {
      searchDone = 'partial';
      inc = internal(solutionValue(m[1]));
      bnd = internal(num(m[2]));
      iterations = Number(m[3]);
      nodes = Number(m[4]);
      seconds = num(m[5]);
      point(seconds);
    } else if ((m = RE.rootCuts.exec(line))) {
      const from = internal(num(m[1]));
      const to = internal(num(m[2]));
      if (from !== null && to !== null) {
        rootCuts = rootCuts === null ? { from, to } : { from: rootCuts.from, to: better(rootCuts.to, to) ? to : rootCuts.to };
      }
    } else if ((m = RE.result.exec(line))) result = m[1]!;
    else if ((m = RE.objective.exec(line))) objective = solutionValue(m[1]);
    else if ((m = RE.lower.exec(line))) {
      // "Lower bound:" is only unambiguous when minimising; otherwise the progress lines' bound is used
      if (sense === 'minimize') bound = num(m[1]);
    }
    else if ((m = RE.nodes.exec(line))) nodes = Number(m[1]);
    else if ((m = RE.iterations.exec(line))) iterations = Number(m[1]);
    else if ((m = RE.wall.exec(line))) seconds = num(m[1]);
  }

  let status: CbcLog['status'] = 'unknown';
  const r = result ?? '';
  if (/optimal/i.test(r) || (result === null && searchDone === 'completed' && inc !== null)) status = 'optimal';
  else if (/time/i.test(r) || (result === null && searchDone === 'partial')) status = 'time-limit';
  else if (RE.infeasible.test(r) || (result === null && searchDone === 'completed' && inc === null)) status = 'infeasible';
  else if (RE.unbounded.test(r)) status = 'unbounded';

  if (objective === null) objective = inc;
  // the progress lines print the bound with full precision, the summary's "Lower bound:" with 3 decimals
  if (bnd !== null) bound = bnd;
  if (status === 'optimal' && objective !== null) bound = objective;
  if (seconds === null && trace.length > 0) seconds = lastT;
  return { version, result, status, objective, bound, nodes, iterations, seconds, trace, rootCuts };
}

/** CBC's solution file (`-solu`): the status line and the printed column values. */
export interface CbcSolutionFile {
  /** first line, e.g. "Optimal - objective value 0.00000000" */
  statusLine: string;
  /** the objective value on the status line, null if absent */
  objective: number | null;
  /** column name → value for every printed column (CBC prints nonzeros only: absent = 0) */
  values: Map<string, number>;
  /** column index → value, as printed */
  byIndex: Map<number, number>;
}

/** Parses a CBC `-solu` file. Lines flagged `**` (infeasible) are read the same way. */
export function parseCbcSolution(text: string): CbcSolutionFile {
  const lines = text.split(/\r?\n/);
  const statusLine = (lines[0] ?? '').trim();
  const om = new RegExp(`objective value\\s+${NUM}`, 'i').exec(statusLine);
  const values = new Map<string, number>();
  const byIndex = new Map<number, number>();
  for (let k = 1; k < lines.length; k++) {
    const m = /^\s*(?:\*\*)?\s*(\d+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*$/.exec(lines[k]!);
    if (!m) continue;
    const v = Number(m[3]);
    if (Number.isNaN(v)) continue;
    values.set(m[2]!, v);
    byIndex.set(Number(m[1]), v);
  }
  return { statusLine, objective: om ? num(om[1]) : null, values, byIndex };
}

/**
 * The full column vector of a CBC solution for a model's column names (absent names are 0).
 * Falls back to printed indices for names CBC did not print by name.
 */
export function cbcSolutionVector(sol: CbcSolutionFile, colNames: readonly string[]): Float64Array {
  const x = new Float64Array(colNames.length);
  for (let j = 0; j < colNames.length; j++) {
    const v = sol.values.get(colNames[j]!) ?? sol.byIndex.get(j);
    if (v !== undefined) x[j] = v;
  }
  return x;
}

/** True when the status line says CBC holds an integer solution (not "no integer solution", not infeasible). */
export function cbcHasIntegerSolution(sol: CbcSolutionFile): boolean {
  const s = sol.statusLine.toLowerCase();
  if (s.length === 0 || s.includes('no integer') || s.includes('infeasible') || s.includes('unbounded')) return false;
  return true;
}
