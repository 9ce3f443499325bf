import { identicalColumns, sameCost } from './duplicate-columns.js';
import type { PresolveProblem } from './problem.js';
import type { Reduction } from './reduction.js';
import { isInfinite } from './tolerances.js';

/**
 * Dominated columns (a dual reduction) among columns with identical entries and the same type but
 * different costs: moving value from the dearer column d to the cheaper c changes no row and
 * lowers the cost, so every optimum has x_c = u_c or x_d = l_d. Hence d is fixed at l_d when u_c
 * is infinite (and l_d finite), or c at u_c when l_d is infinite (and u_c finite). Integer pairs
 * shift by integer amounts, so integrality is kept.
 */
export function fixDominatedColumns(p: PresolveProblem): string | null {
  for (const { first, second } of identicalColumns(p)) {
    if (!p.colAlive[first] || !p.colAlive[second] || sameCost(p, first, second)) continue;
    const cheapFirst = p.minCost(first) < p.minCost(second);
    const c = cheapFirst ? first : second;
    const d = cheapFirst ? second : first;
    const cUp = p.upper[c]!;
    const dLo = p.lower[d]!;
    if (isInfinite(cUp) && !isInfinite(dLo)) p.fixColumn(d, dLo);
    else if (isInfinite(dLo) && !isInfinite(cUp)) p.fixColumn(c, cUp);
  }
  return null;
}

export const dominatedColumns: Reduction = { name: 'dominated-columns', boundsOnly: false, run: fixDominatedColumns };
