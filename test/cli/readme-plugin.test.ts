/**
 * The README's "Writing a plugin" example, copied as written (only the rule's name made unique),
 * must register, be selectable by name with its namespaced parameter, solve a small knapsack to the
 * same optimum as the default rule, and show up in the per-plugin statistics.
 */
import { describe, expect, it } from 'vitest';
import { generate, globalRegistry, registerPlugin, solve, type BranchingRule, type Model } from '../../src/index.js';

const NAME = 'readme-example-rule';

// ---- from README.md, "Writing a plugin" (name changed from 'my-rule') ----
registerPlugin({
  kind: 'branching', name: NAME, description: 'prefer columns with large cost',
  params: [{ name: 'weight', type: 'real', default: 1, min: 0, max: 10, description: 'cost weight' }],
  create: (env): BranchingRule => ({
    name: NAME,
    score(ctx) {
      const w = env.num('weight');
      for (let k = 0; k < ctx.candidateCount; k++) ctx.scores[k] = w * Math.abs(ctx.model.colCost[ctx.candidates[k]!]!);
    },
  }),
});
// ---- end of the README example ----

/** Small generated knapsacks whose LP relaxation is fractional (so the rule is called). */
function smallKnapsacks(): Array<[string, Model]> {
  return [
    ['knapsack seed 2 size 15', generate('knapsack', 2, 15)],
    ['knapsack seed 5 size 12', generate('knapsack', 5, 12)],
  ];
}

describe('README plugin example', () => {
  it('registers a branching rule that is listed with its parameter', () => {
    expect(globalRegistry.list('branching').map((d) => d.name)).toContain(NAME);
    expect([...globalRegistry.paramSpecs()].map(([n]) => n)).toContain(`branching/${NAME}/weight`);
  });

  for (const [label, model] of smallKnapsacks()) {
    it(`solves ${label} to the default rule's optimum, and its statistics count the calls`, async () => {
      const reference = await solve(model, { timeLimit: 30 });
      expect(reference.status).toBe('optimal');
      const r = await solve(model, { timeLimit: 30, branching: NAME, params: { [`branching/${NAME}/weight`]: 2 } });
      expect(r.status).toBe('optimal');
      expect(r.objective).not.toBeNull();
      expect(r.objective!).toBeCloseTo(reference.objective!, 6);
      const entry = r.stats.find((s) => s.name === `branching/${NAME}`);
      expect(entry, JSON.stringify(r.stats.map((s) => s.name))).toBeDefined();
      expect(entry!.calls).toBeGreaterThan(0);
      // the default rule is not the one that ran
      expect(r.stats.some((s) => s.name === 'branching/pseudocost')).toBe(false);
    });
  }

  it('an out-of-range value for its parameter is refused', async () => {
    const model = generate('knapsack', 2, 15);
    await expect(solve(model, { branching: NAME, params: { [`branching/${NAME}/weight`]: 11 } })).rejects.toThrow(/weight.*11.*range/);
  });
});
