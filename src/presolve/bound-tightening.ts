import { maxContribution, minContribution, newActivity, rowActivity, type Activity } from './activity.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { ACTIVITY_MARGIN, INFEASIBILITY_TOL, isInfinite, MAX_DERIVED_BOUND, scaleOf } from './tolerances.js';

/**
 * Activity-based bound tightening (global, one pass over the rows per round): for a row
 * L ≤ Σ a_k x_k ≤ U and a column j of it,
 *     a_j x_j ≤ U − minact(others),    a_j x_j ≥ L − maxact(others),
 * giving bounds on x_j (rounded inward for integer columns). The other columns' activity is used
 * only when it is finite (at most the column itself contributes an infinite part); each derived
 * bound is relaxed by a round-off margin (ACTIVITY_MARGIN × the magnitude of the activity used and
 * of the side), continuous bounds
 * beyond MAX_DERIVED_BOUND are not set, and continuous bounds must improve by MIN_BOUND_IMPROVEMENT
 * of the range (no endless tiny steps). A row whose activity range misses its sides proves the
 * model infeasible.
 */
export function tightenBoundsByActivity(p: PresolveProblem): string | null {
  const act = newActivity();
  for (let i = 0; i < p.numRows; i++) {
    if (!p.rowAlive[i] || p.rowLength[i] === 0) continue;
    const lo = p.rowLower[i]!;
    const up = p.rowUpper[i]!;
    const hasLo = !isInfinite(lo);
    const hasUp = !isInfinite(up);
    if (!hasLo && !hasUp) continue;
    rowActivity(p, i, act);
    const conflict = activityConflict(p, i, act);
    if (conflict) return conflict;
    const useUp = hasUp && act.minInf <= 1;
    const useLo = hasLo && act.maxInf <= 1;
    if (!useUp && !useLo) continue;
    const upMargin = ACTIVITY_MARGIN * (act.minMagnitude + scaleOf(up));
    const loMargin = ACTIVITY_MARGIN * (act.maxMagnitude + scaleOf(lo));
    for (let e = p.rowStart[i]!, end = p.rowStart[i + 1]!; e < end; e++) {
      if (!p.entryAlive[e]) continue;
      const a = p.entryValue[e]!;
      const j = p.entryCol[e]!;
      const l = p.lower[j]!;
      const u = p.upper[j]!;
      const absA = Math.abs(a);
      let newLo = -Infinity;
      let newUp = Infinity;
      if (useUp) {
        const jMin = minContribution(a, l, u);
        if (act.minInf === 0 || jMin === -Infinity) {
          const rest = act.minInf === 0 ? act.min - jMin : act.min;
          const bound = (up - rest) / a;
          const slack = upMargin / absA;
          if (a > 0) newUp = bound + slack;
          else newLo = bound - slack;
        }
      }
      if (useLo) {
        const jMax = maxContribution(a, l, u);
        if (act.maxInf === 0 || jMax === Infinity) {
          const rest = act.maxInf === 0 ? act.max - jMax : act.max;
          const bound = (lo - rest) / a;
          const slack = loMargin / absA;
          if (a > 0) newLo = Math.max(newLo, bound - slack);
          else newUp = Math.min(newUp, bound + slack);
        }
      }
      if (Math.abs(newLo) <= MAX_DERIVED_BOUND && p.tightenLower(j, newLo, false) < 0) {
        return p.boundConflict(j, `activity of row ${p.rowName(i)}`);
      }
      if (Math.abs(newUp) <= MAX_DERIVED_BOUND && p.tightenUpper(j, newUp, false) < 0) {
        return p.boundConflict(j, `activity of row ${p.rowName(i)}`);
      }
    }
  }
  return null;
}

/** The reason row i cannot be satisfied by its activity range, or null. */
export function activityConflict(p: PresolveProblem, i: number, act: Activity): string | null {
  const lo = p.rowLower[i]!;
  const up = p.rowUpper[i]!;
  if (!isInfinite(up) && act.minInf === 0 && act.min > up + INFEASIBILITY_TOL * scaleOf(up) + ACTIVITY_MARGIN * act.minMagnitude) {
    return `row ${p.rowName(i)}: minimum activity ${act.min} exceeds its upper side ${up}`;
  }
  if (!isInfinite(lo) && act.maxInf === 0 && act.max < lo - INFEASIBILITY_TOL * scaleOf(lo) - ACTIVITY_MARGIN * act.maxMagnitude) {
    return `row ${p.rowName(i)}: maximum activity ${act.max} is below its lower side ${lo}`;
  }
  return null;
}

export const boundTightening: Reduction = { name: 'bound-tightening', boundsOnly: true, run: tightenBoundsByActivity };
