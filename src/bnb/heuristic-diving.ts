import type { Model } from '../model/model.js';
import type { PluginDescriptor, PluginEnv } from './plugin-registry.js';
import type { HeuristicContext, PrimalHeuristic } from './plugins.js';
import { INTEGRALITY_TOL } from './tolerances.js';
import { variableLocks } from './variable-locks.js';

/**
 * Fractional diving: repeatedly bound the fractional integer column closest to an integer towards
 * that integer (towards the lock-free side when it has one), re-solve the LP (warm, with an
 * iteration budget), until the LP solution is integral (proposed as incumbent), the LP is
 * infeasible or cut off, or `max-depth` roundings were made. Runs every `frequency` nodes, and
 * only while its LP solves stay below `lp-budget` × (nodes processed + 100).
 */
export class DivingHeuristic implements PrimalHeuristic {
  readonly name = 'diving';
  readonly frequency: number;
  private readonly maxDepth: number;
  private readonly iterations: number;
  private readonly budget: number;
  private solves = 0;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly x: Float64Array;
  private readonly downLocks: Int32Array;
  private readonly upLocks: Int32Array;

  constructor(model: Model, frequency: number, maxDepth: number, iterations: number, budget = 0.2) {
    this.frequency = frequency;
    this.budget = budget;
    this.maxDepth = maxDepth;
    this.iterations = iterations;
    const n = model.numCols;
    this.lower = new Float64Array(n);
    this.upper = new Float64Array(n);
    this.x = new Float64Array(n);
    const locks = variableLocks(model);
    this.downLocks = locks.down;
    this.upLocks = locks.up;
  }

  run(ctx: HeuristicContext): Float64Array | null {
    if (this.solves > this.budget * (ctx.nodeCount + 100)) return null;
    const integ = ctx.model.integrality;
    const lo = this.lower;
    const up = this.upper;
    const x = this.x;
    lo.set(ctx.domain.lower);
    up.set(ctx.domain.upper);
    x.set(ctx.primal);
    const n = x.length;
    for (let d = 0; d < this.maxDepth; d++) {
      let best = -1;
      let bestFrac = Infinity;
      let bestDir = 0;
      for (let j = 0; j < n; j++) {
        if (!integ[j]) continue;
        const v = x[j]!;
        const f = v - Math.floor(v);
        if (f <= INTEGRALITY_TOL || f >= 1 - INTEGRALITY_TOL) continue;
        let dir: number;
        let dist: number;
        if (this.downLocks[j] === 0) {
          dir = -1;
          dist = f * 0.5; // lock-free roundings first
        } else if (this.upLocks[j] === 0) {
          dir = 1;
          dist = (1 - f) * 0.5;
        } else if (f < 0.5) {
          dir = -1;
          dist = f;
        } else {
          dir = 1;
          dist = 1 - f;
        }
        if (dist < bestFrac) {
          bestFrac = dist;
          best = j;
          bestDir = dir;
        }
      }
      if (best < 0) return d === 0 ? null : x;
      const v = x[best]!;
      if (bestDir < 0) up[best] = Math.floor(v);
      else lo[best] = Math.ceil(v);
      const out = ctx.solveLp(lo, up, this.iterations);
      this.solves++;
      if (out.status !== 'optimal' || !out.primal) return null;
      x.set(out.primal);
    }
    return null;
  }
}

export const divingDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'diving',
  description: 'fractional diving on the LP relaxation',
  priority: 50,
  params: [
    { name: 'frequency', type: 'integer', default: 20, min: 0, max: 1000000, description: 'run every this many nodes (0 = root only)' },
    { name: 'max-depth', type: 'integer', default: 100, min: 1, max: 1000000, description: 'roundings per dive' },
    { name: 'iterations', type: 'integer', default: 1000, min: 1, max: 10000000, description: 'simplex iterations per dive LP' },
    { name: 'lp-budget', type: 'real', default: 0.2, min: 0, max: 1000, description: 'dive LP solves allowed per processed node (plus 100 × this at the start)' },
  ],
  create: (env: PluginEnv) =>
    new DivingHeuristic(env.model, env.num('frequency'), env.num('max-depth'), env.num('iterations'), env.num('lp-budget')),
};
