/**
 * Incumbent / bound traces over time, as recorded from a solver's progress reports or log.
 * Values are in the model's own sense; `null` means "none yet" (no incumbent, no finite bound).
 */
export interface TracePoint {
  /** seconds since the start of the run */
  t: number;
  incumbent: number | null;
  bound: number | null;
}

/** A finite number or null (JSON cannot hold ±Infinity / NaN). */
export function finiteOrNull(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
}

/**
 * Appends a point, dropping exact repeats of the previous values (keeps traces short when a
 * solver reports every second without change) but always keeping the time order.
 */
export function pushTrace(trace: TracePoint[], p: TracePoint): void {
  const last = trace[trace.length - 1];
  if (last !== undefined && p.t < last.t) p = { ...p, t: last.t };
  if (last !== undefined && last.incumbent === p.incumbent && last.bound === p.bound) return;
  trace.push(p);
}

/**
 * Closes a trace at the end of a run: a final point at `t` with the run's final incumbent and
 * bound (a solver may report a better bound only in its summary).
 */
export function closeTrace(trace: TracePoint[], t: number, incumbent: number | null, bound: number | null): TracePoint[] {
  const out = trace.slice();
  const last = out[out.length - 1];
  const tt = last !== undefined ? Math.max(t, last.t) : t;
  out.push({ t: tt, incumbent, bound });
  return out;
}

/**
 * First time at which the trace's incumbent reached `target` (within `tol`, relative to
 * max(1, |target|)) in the direction of `sense`; null if it never did.
 */
export function timeToReach(trace: readonly TracePoint[], target: number, sense: 'minimize' | 'maximize', tol = 1e-6): number | null {
  const eps = tol * Math.max(1, Math.abs(target));
  for (const p of trace) {
    if (p.incumbent === null) continue;
    if (sense === 'minimize' ? p.incumbent <= target + eps : p.incumbent >= target - eps) return p.t;
  }
  return null;
}
