/**
 * Correctness must not depend on the search strategy: every registered branching rule with every
 * registered node selector, and the bare search with all propagators and heuristics switched off,
 * must reach the reference optimum (HiGHS) on the suite's instances with a finite optimum, and
 * prove the infeasible ones infeasible. Plugins are taken from the registry, so ones added later
 * are covered automatically.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { correctnessSuite, type SuiteInstance } from '../../src/gen/index.js';
import { solveModel } from '../../src/bnb/solve.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import '../../src/plugins.js'; // the built-in plugins and the NN plugin package
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { SolveOptions } from '../../src/bnb/solve-types.js';
import { expectClose, expectFeasibleSolution, expectValidBound } from '../helpers/solution-checks.js';

const instances = correctnessSuite().filter((s) => s.expected.status !== 'unbounded');
const optimum = new Map<string, number>();

beforeAll(async () => {
  for (const inst of instances) {
    if (inst.expected.status !== 'optimal') continue;
    const ref = await solveWithHighsMip(inst.model, { gap: 0 });
    optimum.set(inst.name, inst.expected.objective ?? ref.objective!);
  }
});

async function checkAll(options: SolveOptions, label: string): Promise<void> {
  for (const inst of instances) await checkOne(inst, options, `${inst.name} [${label}]`);
}

async function checkOne(inst: SuiteInstance, options: SolveOptions, what: string): Promise<void> {
  const r = await solveModel(inst.model, { timeLimit: 20, ...options });
  if (inst.expected.status === 'infeasible') {
    expect(r.status, what).toBe('infeasible');
    return;
  }
  const opt = optimum.get(inst.name)!;
  expect(r.status, what).toBe('optimal');
  expectClose(r.objective!, opt, what);
  expectFeasibleSolution(inst.model, r.solution!, r.objective!, what);
  expectValidBound(inst.model, r.bound, opt, what);
}

describe('every branching rule and every node selector reaches the optimum', () => {
  const branching = globalRegistry.list('branching').map((d) => d.name);
  const selectors = globalRegistry.list('node-selection').map((d) => d.name);

  it('the registry has plugins to test', () => {
    expect(branching.length).toBeGreaterThan(0);
    expect(selectors.length).toBeGreaterThan(0);
  });

  // Each branching rule with the default selector, each selector with the default rule (the
  // full cross product costs more time than it adds coverage).
  const combos: Array<{ branching?: string; nodeSelection?: string }> = [
    ...branching.map((b) => ({ branching: b })),
    ...selectors.map((s) => ({ nodeSelection: s })),
  ];
  for (const combo of combos) {
    const label = combo.branching ? `branching ${combo.branching}` : `node selection ${combo.nodeSelection}`;
    it(label, async () => {
      await checkAll(combo, label);
    });
  }

  it('big-M re-tightening of the LP rows at every node (every gain pushed)', async () => {
    await checkAll({ params: { 'search/big-m-tightening': true, 'search/big-m-min-improvement': 0 } }, 'big-m');
  });

  it('big-M re-tightening with the bare search (no propagation: the LP rows carry the node bounds alone)', async () => {
    const params: Record<string, boolean | number> = { 'search/big-m-tightening': true, 'search/big-m-min-improvement': 0 };
    for (const kind of ['propagator', 'heuristic'] as const) {
      for (const d of globalRegistry.list(kind)) params[`${kind}/${d.name}/enabled`] = false;
    }
    await checkAll({ params, branching: 'most-fractional', nodeSelection: 'depth-first' }, 'big-m bare');
  });

  it('bare search: every propagator and heuristic disabled', async () => {
    const params: Record<string, boolean> = {};
    for (const kind of ['propagator', 'heuristic'] as const) {
      for (const d of globalRegistry.list(kind)) params[`${kind}/${d.name}/enabled`] = false;
    }
    expect(Object.keys(params).length).toBeGreaterThan(0);
    await checkAll({ params, branching: 'most-fractional', nodeSelection: 'depth-first' }, 'bare');
  });
});
