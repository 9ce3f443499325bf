import type { SolveResult } from './solve-types.js';

/**
 * Share (0..1) of the search threads' time spent in LP solves. `lpSeconds` is summed over the
 * worker threads of a parallel run, so it is divided by `seconds × threads`.
 */
export function lpShare(r: Pick<SolveResult, 'seconds' | 'lpSeconds' | 'threads'>): number {
  return r.seconds > 0 ? Math.min(1, r.lpSeconds / (r.seconds * Math.max(1, r.threads))) : 0;
}
