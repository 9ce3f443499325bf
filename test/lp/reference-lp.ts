import { ScriptedLpSolver, type ScriptedLpResult } from '../../src/lp/mock-lp.js';

/** Largest LP (columns) the vertex enumeration is used on: C(#constraints, n) subsets are tried. */
const MAX_COLS = 8;
const FEAS_TOL = 1e-9;
const DUAL_TOL = 1e-9;
const PIVOT_TOL = 1e-12;

/** One inequality of the LP: a'x >= rhs (sense 1) or a'x <= rhs (sense -1); `row` is -1 for a column bound. */
interface Constraint {
  a: Float64Array;
  sense: 1 | -1;
  rhs: number;
  row: number;
}

/**
 * A ScriptedLpSolver whose script solves the LP it currently holds (the loaded model with the
 * coefficient, row bound and column bound changes made since) exactly, by vertex enumeration: a
 * mock that answers correctly for LPs of up to 8 columns, each with a finite bound.
 */
export function referenceLpSolver(): ScriptedLpSolver {
  const s: ScriptedLpSolver = new ScriptedLpSolver((lower, upper) => solveHeldLp(s, lower, upper));
  return s;
}

/**
 * Solves min c'x + offset (minimisation sense: a maximisation model's costs negated) over the LP
 * `s` holds, with column bounds lower/upper. Tries every n-subset of the constraints (rows and
 * column bounds) with independent normals as a basis: the first one that is primal feasible
 * (its vertex satisfies every constraint) and dual feasible (c = sum of lambda_k a_k with
 * lambda_k >= 0 for a >= constraint, <= 0 for a <= one) is optimal. Row duals are the lambdas of
 * the row constraints, reduced costs d = c - A'y. A feasible vertex without an optimal basis means
 * unbounded (the feasible set is pointed: every column has a finite bound); no feasible vertex
 * means infeasible.
 */
function solveHeldLp(s: ScriptedLpSolver, lower: Float64Array, upper: Float64Array): ScriptedLpResult {
  const model = s.loadedModel();
  const n = model.numCols;
  const m = model.numRows;
  if (n > MAX_COLS) throw new Error(`reference LP solver: ${n} columns, at most ${MAX_COLS}`);
  const sign = model.sense === 'maximize' ? -1 : 1;
  const offset = sign * model.objectiveOffset;
  const cost = Float64Array.from(model.colCost, (c) => sign * c);
  for (let j = 0; j < n; j++) if (lower[j]! > upper[j]!) return { status: 'infeasible', objective: Infinity };
  const rows: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const a = new Float64Array(n);
    for (let j = 0; j < n; j++) a[j] = s.coefficient(i, j);
    rows.push(a);
  }
  const cons: Constraint[] = [];
  for (let i = 0; i < m; i++) {
    const { lower: lo, upper: up } = s.rowBounds(i);
    if (Number.isFinite(lo)) cons.push({ a: rows[i]!, sense: 1, rhs: lo, row: i });
    if (Number.isFinite(up)) cons.push({ a: rows[i]!, sense: -1, rhs: up, row: i });
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(lower[j]!) && !Number.isFinite(upper[j]!)) throw new Error(`reference LP solver: column ${j} is free`);
    const e = new Float64Array(n);
    e[j] = 1;
    if (Number.isFinite(lower[j]!)) cons.push({ a: e, sense: 1, rhs: lower[j]!, row: -1 });
    if (Number.isFinite(upper[j]!)) cons.push({ a: e, sense: -1, rhs: upper[j]!, row: -1 });
  }
  if (n === 0) {
    const feasible = cons.every((c) => satisfied(c, 0));
    return feasible ? { status: 'optimal', objective: offset, primal: [] } : { status: 'infeasible', objective: Infinity };
  }

  let feasibleVertex = false;
  const pick: number[] = [];
  const search = (from: number): ScriptedLpResult | undefined => {
    if (pick.length === n) {
      const basis = pick.map((k) => cons[k]!);
      const x = solveSquare(basis.map((c) => c.a), basis.map((c) => c.rhs));
      if (!x || !cons.every((c) => satisfied(c, dot(c.a, x)))) return undefined;
      feasibleVertex = true;
      const lambda = solveSquare(transpose(basis.map((c) => c.a)), Array.from(cost));
      if (!lambda || !basis.every((c, k) => c.sense * lambda[k]! >= -DUAL_TOL)) return undefined;
      const y = new Float64Array(m);
      basis.forEach((c, k) => {
        if (c.row >= 0) y[c.row] = lambda[k]!;
      });
      const d = Float64Array.from(cost, (c, j) => rows.reduce((r, a, i) => r - a[j]! * y[i]!, c));
      return { status: 'optimal', objective: dot(cost, x) + offset, primal: x, rowDual: y, reducedCosts: d };
    }
    for (let k = from; k <= cons.length - (n - pick.length); k++) {
      pick.push(k);
      const r = search(k + 1);
      pick.pop();
      if (r) return r;
    }
    return undefined;
  };
  const optimal = search(0);
  if (optimal) return optimal;
  return feasibleVertex ? { status: 'unbounded', objective: -Infinity } : { status: 'infeasible', objective: Infinity };
}

function satisfied(c: Constraint, activity: number): boolean {
  const tol = FEAS_TOL * (1 + Math.abs(c.rhs));
  return c.sense === 1 ? activity >= c.rhs - tol : activity <= c.rhs + tol;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let t = 0;
  for (let j = 0; j < a.length; j++) t += a[j]! * b[j]!;
  return t;
}

function transpose(rows: Float64Array[]): Float64Array[] {
  return rows.map((_, j) => Float64Array.from(rows, (r) => r[j]!));
}

/** Solves M x = b (Gaussian elimination, partial pivoting); undefined when M is singular. */
function solveSquare(mat: Float64Array[], b: number[]): Float64Array | undefined {
  const n = b.length;
  const a = mat.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < PIVOT_TOL) return undefined;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pr = a[c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / pr[c]!;
      if (f === 0) continue;
      const row = a[r]!;
      for (let k = c; k <= n; k++) row[k]! -= f * pr[k]!;
    }
  }
  return Float64Array.from(a, (r, i) => r[n]! / r[i]!);
}
