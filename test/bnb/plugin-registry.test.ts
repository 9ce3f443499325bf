import { describe, it, expect } from 'vitest';
import '../../src/bnb/builtin-plugins.js';
import { globalRegistry, PluginRegistry } from '../../src/bnb/plugin-registry.js';
import { OptionError } from '../../src/errors.js';
import { knapsack } from './helpers.js';

describe('PluginRegistry', () => {
  it('lists the built-in plugins and resolves defaults', () => {
    expect(globalRegistry.list('branching').map((d) => d.name)).toEqual(expect.arrayContaining(['most-fractional', 'pseudocost', 'strong']));
    expect(globalRegistry.list('node-selection').map((d) => d.name)).toEqual(['best-bound', 'best-estimate', 'depth-first']);
    const p = globalRegistry.resolveParams(undefined);
    expect(p.get('branching/pseudocost/reliability')).toBe(4);
    expect(p.get('propagator/row-activity/enabled')).toBe(true);
    expect(p.get('search/plunge-depth')).toBe(8);
  });

  it('accepts valid parameters', () => {
    const p = globalRegistry.resolveParams({ 'branching/pseudocost/reliability': 0, 'heuristic/rounding/enabled': false, 'search/plunge-depth': 0 });
    expect(p.get('branching/pseudocost/reliability')).toBe(0);
    expect(p.get('heuristic/rounding/enabled')).toBe(false);
    const heur = globalRegistry.createEnabled('heuristic', knapsack(1, 5), p);
    expect(heur.map((h) => h.name)).not.toContain('rounding');
  });

  it('rejects unknown plugins and parameters, wrong types and out-of-range values with OptionError', () => {
    expect(() => globalRegistry.get('branching', 'nope')).toThrow(OptionError);
    expect(() => globalRegistry.get('branching', 'nope')).toThrow(/unknown branching plugin "nope".*most-fractional/);
    expect(() => globalRegistry.resolveParams({ 'branching/pseudocost/nope': 1 })).toThrow(/unknown parameter "branching\/pseudocost\/nope".*reliability/);
    expect(() => globalRegistry.resolveParams({ 'branching/pseudocost/reliability': 101 })).toThrow(/out of range \[0, 100\]/);
    expect(() => globalRegistry.resolveParams({ 'branching/pseudocost/reliability': 2.5 })).toThrow(/must be an integer/);
    expect(() => globalRegistry.resolveParams({ 'branching/pseudocost/reliability': Number.NaN })).toThrow(OptionError);
    expect(() => globalRegistry.resolveParams({ 'branching/pseudocost/reliability': '4' })).toThrow(/must be a integer|must be an integer/);
    expect(() => globalRegistry.resolveParams({ 'propagator/row-activity/enabled': 1 })).toThrow(/must be a boolean/);
    expect(() => globalRegistry.resolveParams({ 'search/plunge-depth': -1 })).toThrow(OptionError);
  });

  it('picks a default branching rule per model kind through defaultFor (nn-pseudocost on network models)', async () => {
    const r = new PluginRegistry();
    const rule = (name: string, defaultFor?: (m: import('../../src/model/model.js').Model) => boolean) => ({
      kind: 'branching' as const, name, description: name, ...(defaultFor ? { defaultFor } : {}),
      create: () => ({ name, score: () => undefined }),
    });
    r.register(rule('plain'));
    r.register(rule('for-big', (m) => m.numCols > 10));
    expect(r.defaultName('branching', knapsack(1, 5), 'plain')).toBe('plain');
    expect(r.defaultName('branching', knapsack(1, 20), 'plain')).toBe('for-big');
    // the global registry: network models get nn-pseudocost, others the fallback
    const { buildTrainingModel } = await import('../../src/nn/training-model.js');
    const net = await buildTrainingModel({ dataset: 'iris', hidden: [2], trainSamples: 12, seed: 1 });
    expect(globalRegistry.defaultName('branching', net.model, 'pseudocost')).toBe('nn-pseudocost');
    expect(globalRegistry.defaultName('branching', knapsack(1, 20), 'pseudocost')).toBe('pseudocost');
  });

  it('registers new plugins with namespaced parameters handed to create()', () => {
    const reg = new PluginRegistry();
    let seen: unknown;
    reg.register({
      kind: 'heuristic',
      name: 'my-heur',
      description: 'test',
      enabledByDefault: false,
      params: [{ name: 'level', type: 'real', default: 0.5, min: 0, max: 1, description: 'x' }],
      create: (env) => {
        seen = env.num('level');
        return { name: 'my-heur', frequency: 1, run: () => null };
      },
    });
    const m = knapsack(2, 4);
    expect(reg.createEnabled('heuristic', m, reg.resolveParams({}))).toHaveLength(0);
    const p = reg.resolveParams({ 'heuristic/my-heur/enabled': true, 'heuristic/my-heur/level': 0.25 });
    expect(reg.createEnabled('heuristic', m, p)).toHaveLength(1);
    expect(seen).toBe(0.25);
    expect(() => reg.resolveParams({ 'heuristic/my-heur/level': 2 })).toThrow(OptionError);
    expect(() => reg.register({ kind: 'heuristic', name: 'Bad Name', description: '', create: () => ({ name: 'x', frequency: 1, run: () => null }) })).toThrow(OptionError);
  });
});
