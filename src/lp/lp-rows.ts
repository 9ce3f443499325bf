import { LpBackendError } from '../errors.js';

/**
 * Input checks and reusable buffers for LpSolver.addRows / deleteRows and the tableau and ray
 * calls, shared by the backends (HighsLpSolver, ScriptedLpSolver), so every backend accepts and
 * rejects the same input.
 */

/** An output buffer of `length` entries must hold `needed` (one per row or column); else LpBackendError(operation). */
export function checkBuffer(operation: string, length: number, needed: number, what: 'rows' | 'columns'): void {
  if (length < needed) throw new LpBackendError(operation, `buffer of ${length} entries for ${needed} ${what}`);
}

/** The arguments of LpSolver.tableauRow for an LP of numRows x numCols; else LpBackendError('read tableau row'). */
export function checkTableauRow(position: number, numRows: number, numCols: number, out: Float64Array, slackOut: Float64Array | undefined): void {
  const op = 'read tableau row';
  if (!Number.isInteger(position) || position < 0 || position >= numRows) throw new LpBackendError(op, `basis position ${position} out of range [0, ${numRows})`);
  checkBuffer(op, out.length, numCols, 'columns');
  if (slackOut) checkBuffer(op, slackOut.length, numRows, 'rows');
}

/** A typed array at least `size` long: `a` itself when it is, else a new one (doubling) holding a's first `keep` entries. */
export function grown<T extends Float64Array | Int32Array>(a: T, size: number, keep = 0): T {
  if (a.length >= size) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, 2 * a.length, 8));
  if (keep > 0) b.set(a.subarray(0, keep));
  return b;
}

/**
 * Removes the entries sorted[0..k) (strictly increasing indices < length) from a[0..length) in
 * place, the later entries moving up; returns the new length.
 */
export function removeSorted(a: Float64Array | Int32Array, length: number, sorted: Int32Array, k: number): number {
  let w = k > 0 ? sorted[0]! : length;
  let next = 0;
  for (let r = w; r < length; r++) {
    if (next < k && sorted[next] === r) {
      next++;
      continue;
    }
    a[w++] = a[r]!;
  }
  return w;
}

/**
 * One batch of rows for addRows, checked and copied into reusable buffers with the CSR starts
 * rebased to 0: lower/upper[0..count), starts[0..count] (starts[count] = nz), indices/values[0..nz).
 */
export class RowBatch {
  count = 0;
  nz = 0;
  lower = new Float64Array(0);
  upper = new Float64Array(0);
  starts = new Int32Array(1);
  indices = new Int32Array(0);
  values = new Float64Array(0);
  /** per column: the last row (1-based stamp) that used it, to find repeated indices */
  private mark = new Int32Array(0);
  private stamp = 0;

  /**
   * Checks the addRows arguments against a model of `numCols` columns (see LpSolver.addRows) and
   * copies them; throws LpBackendError(operation) naming the first problem.
   */
  load(
    operation: string, numCols: number, count: number, lower: ArrayLike<number>, upper: ArrayLike<number>,
    starts: ArrayLike<number>, indices: ArrayLike<number>, values: ArrayLike<number>,
  ): void {
    const fail = (message: string): never => {
      throw new LpBackendError(operation, message);
    };
    if (!Number.isInteger(count) || count < 0) fail(`row count must be an integer >= 0, got ${count}`);
    if (lower.length < count || upper.length < count) fail(`${count} rows need ${count} lower and upper bounds, got ${lower.length} and ${upper.length}`);
    if (starts.length < count + 1) fail(`${count} rows need ${count + 1} starts, got ${starts.length}`);
    const s0 = count === 0 ? 0 : starts[0]!;
    const end = count === 0 ? 0 : starts[count]!;
    if (!Number.isInteger(s0) || s0 < 0) fail(`starts[0] must be an integer >= 0, got ${s0}`);
    if (end > indices.length || end > values.length) fail(`starts[${count}] = ${end} exceeds the ${indices.length} indices or ${values.length} values`);
    const nz = end - s0;
    this.lower = grown(this.lower, count);
    this.upper = grown(this.upper, count);
    this.starts = grown(this.starts, count + 1);
    this.indices = grown(this.indices, nz);
    this.values = grown(this.values, nz);
    if (this.mark.length < numCols) this.mark = new Int32Array(numCols);
    const st = this.starts;
    const idx = this.indices;
    const val = this.values;
    const mark = this.mark;
    st[0] = 0;
    for (let i = 0; i < count; i++) {
      const lo = lower[i]!;
      const up = upper[i]!;
      if (Number.isNaN(lo) || Number.isNaN(up)) fail(`NaN bound for new row ${i}`);
      if (lo > up) fail(`new row ${i}: lower bound ${lo} > upper bound ${up}`);
      if (lo === Infinity || up === -Infinity) fail(`new row ${i}: infinite bounds [${lo}, ${up}]`);
      this.lower[i] = lo;
      this.upper[i] = up;
      const a = starts[i]!;
      const b = starts[i + 1]!;
      if (!Number.isInteger(b) || b < a) fail(`starts must be nondecreasing integers: starts[${i}] = ${a}, starts[${i + 1}] = ${b}`);
      if (++this.stamp > 0x7fffffff) {
        mark.fill(0);
        this.stamp = 1;
      }
      const stamp = this.stamp;
      for (let k = a; k < b; k++) {
        const j = indices[k]!;
        const v = values[k]!;
        if (!Number.isInteger(j) || j < 0 || j >= numCols) fail(`new row ${i}: column index ${j} out of range [0, ${numCols})`);
        if (!Number.isFinite(v)) fail(`new row ${i}: coefficient of column ${j} must be finite, got ${v}`);
        if (mark[j] === stamp) fail(`new row ${i}: column ${j} appears twice`);
        mark[j] = stamp;
        idx[k - s0] = j;
        val[k - s0] = v;
      }
      st[i + 1] = b - s0;
    }
    this.count = count;
    this.nz = nz;
  }
}

/** The rows of one deleteRows call, checked and sorted into a reusable buffer: rows[0..count), strictly increasing. */
export class RowDeletion {
  count = 0;
  rows = new Int32Array(0);

  /**
   * Checks `rows` (distinct integers in [firstAdded, numRows): only rows added after the model's
   * `firstAdded` rows may go) and sorts them; throws LpBackendError(operation) naming the first problem.
   */
  load(operation: string, rows: ArrayLike<number>, firstAdded: number, numRows: number): void {
    const k = rows.length;
    this.rows = grown(this.rows, k);
    const sorted = this.rows;
    for (let q = 0; q < k; q++) {
      const i = rows[q]!;
      if (!Number.isInteger(i) || i < 0 || i >= numRows) {
        throw new LpBackendError(operation, `row index ${i} out of range [0, ${numRows})`);
      }
      if (i < firstAdded) {
        throw new LpBackendError(operation, `row ${i} is a row of the model (rows 0..${firstAdded - 1}); only rows added with addRows can be deleted`);
      }
      sorted[q] = i;
    }
    const view = sorted.subarray(0, k).sort();
    for (let q = 1; q < k; q++) {
      if (view[q] === view[q - 1]) throw new LpBackendError(operation, `row ${view[q]} is listed twice`);
    }
    this.count = k;
  }
}
