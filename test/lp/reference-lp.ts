import { ScriptedLpSolver, type ScriptedLpResult } from '../../src/lp/mock-lp.js';

/** Largest LP (columns) the vertex enumeration is used on: C(#constraints, n) subsets are tried. */
const MAX_COLS = 8;
const FEAS_TOL = 1e-9;
const DUAL_TOL = 1e-9;
const PIVOT_TOL = 1e-12;

/**
 * One inequality of the LP: a'x >= rhs (sense 1) or a'x <= rhs (sense -1); `row` is the row, or
 * -1 for a column bound, then `col` is the column (else -1).
 */
interface Constraint {
  a: Float64Array;
  sense: 1 | -1;
  rhs: number;
  row: number;
  col: number;
}

/** An optimal vertex: x, the n constraints of its basis (indices into the list) and their multipliers (c = sum lambda_k a_k). */
interface Vertex {
  x: Float64Array;
  basis: number[];
  lambda: Float64Array;
}

/**
 * A ScriptedLpSolver whose script solves the LP it currently holds (the loaded model, the rows
 * added since, with the coefficient, row bound and column bound changes made since) exactly, by
 * vertex enumeration: a mock that answers correctly for LPs of up to 8 columns, each with a
 * finite bound. An optimal answer carries its basis and tableau (basicVariables / tableauRow), an
 * infeasible one a Farkas proof (dualRay, computed on first use from a phase-1 LP).
 */
export function referenceLpSolver(): ScriptedLpSolver {
  const s: ScriptedLpSolver = new ScriptedLpSolver((lower, upper) => solveHeldLp(s, lower, upper));
  return s;
}

/**
 * Solves min c'x + offset (minimisation sense: a maximisation model's costs negated) over the LP
 * `s` holds, with column bounds lower/upper (see optimalVertex). Row duals are the lambdas of the
 * row constraints, reduced costs d = c - A'y. A feasible vertex without an optimal basis means
 * unbounded (the feasible set is pointed: every column has a finite bound); no feasible vertex
 * means infeasible.
 *
 * The basis of the optimal vertex: its n constraints make their rows' activities r_i and their
 * columns nonbasic, the m other variables of (x, r) are basic (positions: the basic columns, then
 * the basic rows, ascending); the tableau is B^-1 [A, -I] over (x, r) for the columns B of
 * [A, -I] of the basic variables (the LpSolver.tableauRow convention).
 */
function solveHeldLp(s: ScriptedLpSolver, lower: Float64Array, upper: Float64Array): ScriptedLpResult {
  const model = s.loadedModel();
  const n = model.numCols;
  const m = s.rowCount();
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
  const rowLower = Float64Array.from({ length: m }, (_, i) => s.rowBounds(i).lower);
  const rowUpper = Float64Array.from({ length: m }, (_, i) => s.rowBounds(i).upper);
  const cons: Constraint[] = [];
  for (let i = 0; i < m; i++) {
    if (Number.isFinite(rowLower[i]!)) cons.push({ a: rows[i]!, sense: 1, rhs: rowLower[i]!, row: i, col: -1 });
    if (Number.isFinite(rowUpper[i]!)) cons.push({ a: rows[i]!, sense: -1, rhs: rowUpper[i]!, row: i, col: -1 });
  }
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(lower[j]!) && !Number.isFinite(upper[j]!)) throw new Error(`reference LP solver: column ${j} is free`);
    const e = new Float64Array(n);
    e[j] = 1;
    if (Number.isFinite(lower[j]!)) cons.push({ a: e, sense: 1, rhs: lower[j]!, row: -1, col: j });
    if (Number.isFinite(upper[j]!)) cons.push({ a: e, sense: -1, rhs: upper[j]!, row: -1, col: j });
  }
  const { vertex, feasible } = optimalVertex(cons, cost);
  if (!vertex) {
    if (feasible) return { status: 'unbounded', objective: -Infinity };
    return { status: 'infeasible', objective: Infinity, dualRay: () => farkasProof(rows, rowLower, rowUpper, lower, upper) };
  }
  const { x, basis, lambda } = vertex;
  const y = new Float64Array(m);
  basis.forEach((k, q) => {
    const c = cons[k]!;
    if (c.row >= 0) y[c.row] = lambda[q]!;
  });
  const d = Float64Array.from(cost, (c, j) => rows.reduce((r, a, i) => r - a[j]! * y[i]!, c));
  // the basic variables: what the basis constraints leave free
  const nonbasicCol = new Uint8Array(n);
  const nonbasicRow = new Uint8Array(m);
  for (const k of basis) {
    const c = cons[k]!;
    if (c.row >= 0) nonbasicRow[c.row] = 1;
    else nonbasicCol[c.col] = 1;
  }
  const basicVariables: number[] = [];
  for (let j = 0; j < n; j++) if (!nonbasicCol[j]) basicVariables.push(j);
  for (let i = 0; i < m; i++) if (!nonbasicRow[i]) basicVariables.push(-1 - i);
  // [A, -I] (m x (n + m)) and its basis columns B (m x m): tableau = B^-1 [A, -I]
  const full = rows.map((a, i) => {
    const r = new Float64Array(n + m);
    r.set(a);
    r[n + i] = -1;
    return r;
  });
  const b = full.map((r) => Float64Array.from(basicVariables, (v) => r[v >= 0 ? v : n + (-1 - v)]!));
  const tableau = solveMatrix(b, full);
  if (!tableau) throw new Error('reference LP solver: singular basis matrix at an optimal vertex');
  return {
    status: 'optimal', objective: dot(cost, x) + offset, primal: x, rowDual: y, reducedCosts: d, basicVariables, tableau,
  };
}

/**
 * Tries every n-subset of the constraints (n = the dimension) with independent normals as a
 * basis: the first one that is primal feasible (its vertex satisfies every constraint) and dual
 * feasible (c = sum of lambda_k a_k with lambda_k >= 0 for a >= constraint, <= 0 for a <= one) is
 * an optimal vertex. `feasible`: some vertex is feasible.
 */
function optimalVertex(cons: Constraint[], cost: Float64Array): { vertex: Vertex | undefined; feasible: boolean } {
  const n = cost.length;
  let feasible = false;
  const pick: number[] = [];
  const search = (from: number): Vertex | undefined => {
    if (pick.length === n) {
      const basis = pick.map((k) => cons[k]!);
      const x = solveSquare(basis.map((c) => c.a), basis.map((c) => c.rhs));
      if (!x || !cons.every((c) => satisfied(c, dot(c.a, x)))) return undefined;
      feasible = true;
      const lambda = solveSquare(transpose(basis.map((c) => c.a)), Array.from(cost));
      if (!lambda || !basis.every((c, k) => c.sense * lambda[k]! >= -DUAL_TOL)) return undefined;
      return { x, basis: pick.slice(), lambda };
    }
    for (let k = from; k <= cons.length - (n - pick.length); k++) {
      pick.push(k);
      const r = search(k + 1);
      pick.pop();
      if (r) return r;
    }
    return undefined;
  };
  const vertex = search(0);
  return { vertex, feasible };
}

/**
 * A Farkas proof for infeasible rows lower <= A x <= upper within the column box, from the
 * phase-1 LP min t over (x, t): a_i x + t >= lower_i, a_i x - t <= upper_i, the column box, t >= 0.
 * Its optimum t* > 0 (the rows are infeasible); the multipliers of the row constraints, y_i =
 * lambda_i(lower) + lambda_i(upper), satisfy A'y = -mu (mu: the box multipliers), so by strong
 * duality y'b - max over the box of y'A x = t* > 0 (the LpSolver.dualRay convention).
 */
function farkasProof(rows: Float64Array[], rowLower: Float64Array, rowUpper: Float64Array, lower: Float64Array, upper: Float64Array): Float64Array | undefined {
  const n = lower.length;
  const m = rows.length;
  const cons: Constraint[] = [];
  const lifted = (a: Float64Array, t: number): Float64Array => {
    const r = new Float64Array(n + 1);
    r.set(a);
    r[n] = t;
    return r;
  };
  for (let i = 0; i < m; i++) {
    if (Number.isFinite(rowLower[i]!)) cons.push({ a: lifted(rows[i]!, 1), sense: 1, rhs: rowLower[i]!, row: i, col: -1 });
    if (Number.isFinite(rowUpper[i]!)) cons.push({ a: lifted(rows[i]!, -1), sense: -1, rhs: rowUpper[i]!, row: i, col: -1 });
  }
  for (let j = 0; j <= n; j++) {
    const e = new Float64Array(n + 1);
    e[j] = 1;
    if (j === n || Number.isFinite(lower[j]!)) cons.push({ a: e, sense: 1, rhs: j === n ? 0 : lower[j]!, row: -1, col: j });
    if (j < n && Number.isFinite(upper[j]!)) cons.push({ a: e, sense: -1, rhs: upper[j]!, row: -1, col: j });
  }
  const cost = new Float64Array(n + 1);
  cost[n] = 1;
  const { vertex } = optimalVertex(cons, cost);
  if (!vertex || !(dot(cost, vertex.x) > FEAS_TOL)) return undefined;
  const y = new Float64Array(m);
  vertex.basis.forEach((k, q) => {
    const c = cons[k]!;
    if (c.row >= 0) y[c.row]! += vertex.lambda[q]!;
  });
  return y;
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

/** Solves M X = R for the rows R (Gauss-Jordan on [M | R], partial pivoting); undefined when M is singular. */
function solveMatrix(mat: Float64Array[], rhs: Float64Array[]): Float64Array[] | undefined {
  const n = mat.length;
  const w = rhs[0]?.length ?? 0;
  const a = mat.map((r, i) => [...r, ...rhs[i]!]);
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
      for (let k = c; k < n + w; k++) row[k]! -= f * pr[k]!;
    }
  }
  return a.map((r, i) => Float64Array.from(r.slice(n), (v) => v / r[i]!));
}

/** Solves M x = b; undefined when M is singular. */
function solveSquare(mat: Float64Array[], b: number[]): Float64Array | undefined {
  const x = solveMatrix(mat, b.map((v) => Float64Array.of(v)));
  return x && Float64Array.from(x, (r) => r[0]!);
}
