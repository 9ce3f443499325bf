import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { OptionError } from '../../src/errors.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import { NN_BRANCHING_RULES, NN_HEURISTICS, NN_PROPAGATORS, NN_SEPARATORS } from '../../src/nn-engine/register-nn-plugins.js';
import { registries } from './nn-fixtures.js';

describe('registerNnPlugins', () => {
  it('registers every NN plugin by name with namespaced, ranged parameters', () => {
    const { nn, base } = registries();
    for (const r of NN_BRANCHING_RULES) expect(nn.has('branching', r)).toBe(true);
    for (const p of NN_PROPAGATORS) expect(nn.has('propagator', p)).toBe(true);
    for (const h of NN_HEURISTICS) expect(nn.has('heuristic', h)).toBe(true);
    for (const s of NN_SEPARATORS) expect(nn.has('separator', s)).toBe(true);
    expect(base.has('branching', 'nn-undecided')).toBe(false);
    const specs = nn.paramSpecs();
    expect(specs.get('propagator/nn-bounds/enabled')?.default).toBe(true);
    expect(specs.get('heuristic/nn-ste/restarts')?.type).toBe('integer');
    expect(() => nn.resolveParams({ 'heuristic/nn-local-search/kick': 2 })).toThrow(OptionError);
    expect(() => nn.resolveParams({ 'branching/nn-strong/candidates': 0 })).toThrow(OptionError);
    expect(nn.resolveParams({ 'branching/nn-misclassified/boost': 3 }).get('branching/nn-misclassified/boost')).toBe(3);
  });

  it('is harmless on a model without network structure', async () => {
    const { nn } = registries();
    const b = new ModelBuilder('knap');
    b.sense = 'maximize';
    const x = [b.addBinary('x0', 5), b.addBinary('x1', 4), b.addBinary('x2', 3)];
    b.addRow({ name: 'cap', upper: 2 }, x, [1, 1, 1]);
    const m = b.build();
    for (const rule of NN_BRANCHING_RULES) {
      const r = await solveModel(m, { branching: rule }, { registry: nn });
      expect(r.status).toBe('optimal');
      expect(r.objective).toBe(9);
    }
  });
});
