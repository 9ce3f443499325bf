import { BoundReason } from './bound-reason.js';
import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { LpContext, PropagationContext, Propagator } from './plugins.js';

/**
 * Reduced-cost fixing after an optimal node LP: a column at its lower bound with reduced cost
 * d > 0 can only rise by (cutoff - LP) / d in any solution better than the cutoff, so its upper
 * bound becomes lower + (cutoff - LP) / d (symmetrically at the upper bound with d < 0). Valid for
 * the node's subtree; the children inherit the tightened bounds. Integer columns only unless
 * `continuous` is set.
 */
export class ReducedCostPropagator implements Propagator {
  readonly name = 'reduced-cost';
  readonly reason = BoundReason.REDUCED_COST;
  readonly timing = 'after-lp' as const;
  constructor(private readonly continuous: boolean) {}

  propagate(ctx: PropagationContext): 'ok' | 'infeasible' {
    const lp = ctx as PropagationContext & LpContext;
    const gap = lp.cutoff - lp.lpObjective;
    if (!(gap >= 0) || gap === Infinity || !lp.reducedCosts) return 'ok';
    const { domain, source, primal, reducedCosts } = lp;
    const integ = lp.model.integrality;
    const n = lp.model.numCols;
    const lo = domain.lower;
    const up = domain.upper;
    for (let j = 0; j < n; j++) {
      const d = reducedCosts[j]!;
      if (d > -1e-7 && d < 1e-7) continue;
      if (!integ[j] && !this.continuous) continue;
      const l = lo[j]!;
      const u = up[j]!;
      if (u - l < 0.5 && integ[j]) continue; // fixed
      const x = primal[j]!;
      if (d > 0 && x <= l + 1e-9 && Number.isFinite(l)) {
        const nu = l + gap / d;
        if (nu < u) {
          if (domain.tightenUpper(j, nu, BoundReason.REDUCED_COST, source) < 0) return 'infeasible';
        }
      } else if (d < 0 && x >= u - 1e-9 && Number.isFinite(u)) {
        const nl = u - gap / -d;
        if (nl > l) {
          if (domain.tightenLower(j, nl, BoundReason.REDUCED_COST, source) < 0) return 'infeasible';
        }
      }
    }
    return 'ok';
  }
}

export const reducedCostDescriptor: PluginDescriptor<'propagator'> = {
  kind: 'propagator',
  name: 'reduced-cost',
  description: 'reduced-cost fixing against the incumbent after an optimal LP',
  priority: 50,
  params: [{ name: 'continuous', type: 'boolean', default: false, description: 'also tighten continuous columns' }],
  create: (env: PluginEnv) => new ReducedCostPropagator(env.bool('continuous')),
};
