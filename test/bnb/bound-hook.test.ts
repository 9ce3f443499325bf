import { describe, expect, it } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { registerBuiltinPlugins } from '../../src/bnb/builtin-plugins.js';
import { PluginRegistry } from '../../src/bnb/plugin-registry.js';
import type { PropagationContext, Propagator } from '../../src/bnb/plugins.js';
import { solveModel } from '../../src/bnb/solve.js';
import { formatPluginStats } from '../../src/bnb/search-log.js';
import type { Model } from '../../src/model/model.js';
import { ModelBuilder } from '../../src/model/model-builder.js';

// a knapsack, minimised: min −Σ v x  s.t.  Σ w x ≤ C, x binary
const V = [41, 33, 29, 27, 23, 19, 17, 14, 13, 11, 8, 7];
const W = [21, 18, 16, 15, 13, 11, 10, 8, 8, 7, 5, 5];
const C = 61;

function knapsack(): Model {
  const b = new ModelBuilder('knapsack-min');
  const xs = V.map((v, i) => b.addColumn({ name: `x${i}`, lower: 0, upper: 1, integer: true, cost: -v }));
  b.addRow({ name: 'cap', upper: C }, xs, W);
  return b.build();
}

/** The optimum by enumeration over the points within the bounds lo..up (Infinity: none). */
function enumerate(lo: ArrayLike<number> = V.map(() => 0), up: ArrayLike<number> = V.map(() => 1)): number {
  let best = Infinity;
  for (let s = 0; s < 1 << V.length; s++) {
    let inside = true;
    for (let i = 0; i < V.length; i++) {
      const xi = (s >> i) & 1;
      if (xi < lo[i]! - 1e-9 || xi > up[i]! + 1e-9) inside = false;
    }
    if (!inside) continue;
    let w = 0;
    let v = 0;
    for (let i = 0; i < V.length; i++) if (s & (1 << i)) { w += W[i]!; v += V[i]!; }
    if (w <= C) best = Math.min(best, -v);
  }
  return best;
}

/** A registry with the built-ins and a 'node' propagator 'oracle' whose bound hook is `hook`. */
function withOracle(hook: (ctx: PropagationContext) => number): PluginRegistry {
  const r = new PluginRegistry();
  registerBuiltinPlugins(r);
  r.register({
    kind: 'propagator',
    name: 'oracle',
    description: 'test bound hook',
    create: (): Propagator => ({ name: 'oracle', reason: BoundReason.PROPAGATION, timing: 'node', propagate: () => 'ok', lowerBound: hook }),
  });
  return r;
}

/** no cuts, no presolve, no heuristics: the search alone decides what is found and proven */
function quiet(): Record<string, boolean> {
  const q: Record<string, boolean> = { 'cuts/enabled': false, 'presolve/enabled': false };
  const r = new PluginRegistry();
  registerBuiltinPlugins(r);
  for (const name of r.paramSpecs().keys()) if (name.startsWith('heuristic/') && name.endsWith('/enabled')) q[name] = false;
  return q;
}
const QUIET = quiet();

describe('the bound hook (Propagator.lowerBound)', () => {
  it('a valid bound at the root becomes the dual bound of a search stopped after one node, and the statistics count its gain', async () => {
    const m = knapsack();
    const opt = enumerate();
    const plain = await solveModel(m, { nodeLimit: 1, threads: 1, params: QUIET });
    expect(plain.bound).toBeLessThan(opt - 0.5); // the LP bound is weaker than what the hook will say
    const r = await solveModel(m, { nodeLimit: 1, threads: 1, params: QUIET }, { registry: withOracle(() => opt - 0.25) });
    expect(r.bound).toBeGreaterThanOrEqual(opt - 0.25 - 1e-9);
    expect(r.bound).toBeLessThanOrEqual(opt + 1e-9);
    const row = r.stats.find((s) => s.name === 'propagator/oracle');
    expect(row?.calls ?? 0).toBeGreaterThan(0);
    expect(row?.fixings ?? 0).toBeGreaterThan(0); // nodes whose bound it raised
    expect(formatPluginStats(r.stats)).toMatch(/propagator\/oracle .* -\s+-\s+\S+/);
    // solved to the end with the hook: the same optimum
    const full = await solveModel(m, { threads: 1, params: QUIET }, { registry: withOracle(() => opt - 0.25) });
    expect(full.status).toBe('optimal');
    expect(full.objective!).toBeCloseTo(opt, 9);
  });

  it('a node whose hook bound reaches the cutoff closes before its LP: the exact optimum of each node below the root (enumerated) as its bound prunes the tree', async () => {
    const m = knapsack();
    const opt = enumerate();
    const plain = await solveModel(m, { threads: 1, params: QUIET });
    const r = await solveModel(m, { threads: 1, params: QUIET }, { registry: withOracle((ctx) => (ctx.depth === 0 ? -Infinity : enumerate(ctx.domain.lower, ctx.domain.upper))) });
    expect(plain.objective!).toBeCloseTo(opt, 9);
    expect(r.status).toBe('optimal');
    expect(r.objective!).toBeCloseTo(opt, 9);
    const row = r.stats.find((s) => s.name === 'propagator/oracle')!;
    expect(row.cutoffs).toBeGreaterThan(0);
    expect(row.boundGain ?? 0).toBeGreaterThan(0);
    expect(r.nodes).toBeLessThan(plain.nodes);
    expect(r.lpSolves).toBeLessThan(plain.lpSolves);
  });

  it('with 2 threads the workers run the hook too: same optimum, bound never above it', async () => {
    const m = knapsack();
    const opt = enumerate();
    const r = await solveModel(m, { threads: 2, params: QUIET }, { registry: withOracle(() => opt - 0.25) });
    expect(r.status).toBe('optimal');
    expect(r.objective!).toBeCloseTo(opt, 9);
    expect(r.bound).toBeLessThanOrEqual(opt + 1e-9);
  });
});
