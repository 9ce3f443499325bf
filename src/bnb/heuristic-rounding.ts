import type { Model } from '../model/model.js';
import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { LpContext, PrimalHeuristic } from './plugins.js';
import { INTEGRALITY_TOL } from './tolerances.js';
import { variableLocks } from './variable-locks.js';

/**
 * Simple rounding of the LP solution: each fractional integer column is rounded in a direction
 * that cannot violate any row (no down-locks: round down; no up-locks: round up), else to the
 * nearest integer, then clipped to the node's bounds. The framework verifies the point.
 */
export class RoundingHeuristic implements PrimalHeuristic {
  readonly name = 'rounding';
  readonly frequency: number;
  private readonly downLocks: Int32Array;
  private readonly upLocks: Int32Array;
  private readonly x: Float64Array;

  constructor(model: Model, frequency: number) {
    this.frequency = frequency;
    const n = model.numCols;
    const locks = variableLocks(model);
    this.downLocks = locks.down;
    this.upLocks = locks.up;
    this.x = new Float64Array(n);
  }

  run(ctx: LpContext): Float64Array | null {
    const { primal, domain } = ctx;
    const integ = ctx.model.integrality;
    const x = this.x;
    x.set(primal);
    let fractional = 0;
    for (let j = 0; j < x.length; j++) {
      if (!integ[j]) continue;
      const v = x[j]!;
      const r = Math.round(v);
      if (Math.abs(v - r) <= INTEGRALITY_TOL) {
        x[j] = r;
        continue;
      }
      fractional++;
      let nv: number;
      if (this.downLocks[j] === 0) nv = Math.floor(v);
      else if (this.upLocks[j] === 0) nv = Math.ceil(v);
      else nv = r;
      x[j] = Math.min(domain.upper[j]!, Math.max(domain.lower[j]!, nv));
    }
    return fractional > 0 ? x : null;
  }
}

export const roundingDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'rounding',
  description: 'lock-aware rounding of the node LP solution',
  priority: 100,
  params: [{ name: 'frequency', type: 'integer', default: 1, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' }],
  create: (env: PluginEnv) => new RoundingHeuristic(env.model, env.num('frequency')),
};
