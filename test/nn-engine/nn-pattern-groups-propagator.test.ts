import { describe, expect, it } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { NnPatternGroupsPropagator } from '../../src/nn-engine/nn-pattern-groups-propagator.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { blobs, propagationContext, registries, tinyModel } from './nn-fixtures.js';

const B = BoundReason.BRANCHING;

describe('nn-pattern-groups propagator', () => {
  it('samples with equal fixed hidden patterns share their output activations and z bounds', async () => {
    const tm = await tinyModel({ dataset: blobs(4, 8, 2), hidden: [1] });
    const m = tm.model;
    const v = getNnView(m)!;
    const hidden = v.layers[0]!.neurons[0]!.activationCols;
    const out0 = v.layers[1]!.neurons[0]!;
    const d = new Domain(m);
    // samples 0..3 fire, 4..6 do not, 7 undecided
    for (let n = 0; n < 7; n++) {
      if (n < 4) d.tightenLower(hidden[n]!, 1, B, -1);
      else d.tightenUpper(hidden[n]!, 0, B, -1);
    }
    d.tightenLower(out0.activationCols[0]!, 1, B, -1);
    d.tightenUpper(out0.activationCols[5]!, 0, B, -1);
    d.tighten(out0.preActivationCols[1]!, -0.5, 0.75, B, -1);
    const p = new NnPatternGroupsPropagator(m, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    for (let n = 0; n < 4; n++) {
      expect(d.lower[out0.activationCols[n]!]).toBe(1);
      const z = out0.preActivationCols[n]!;
      expect(d.lower[z]!).toBeGreaterThanOrEqual(-0.5);
      expect(d.upper[z]!).toBeLessThanOrEqual(0.75);
    }
    for (let n = 4; n < 7; n++) expect(d.upper[out0.activationCols[n]!]).toBe(0);
    // the undecided sample is left alone
    expect(d.upper[out0.activationCols[7]!]! - d.lower[out0.activationCols[7]!]!).toBe(1);
  });

  it('detects two different outputs for the same hidden pattern', async () => {
    const tm = await tinyModel({ dataset: blobs(4, 8, 2), hidden: [1] });
    const m = tm.model;
    const v = getNnView(m)!;
    const hidden = v.layers[0]!.neurons[0]!.activationCols;
    const out1 = v.layers[1]!.neurons[1]!.activationCols;
    const d = new Domain(m);
    d.tightenLower(hidden[2]!, 1, B, -1);
    d.tightenLower(hidden[3]!, 1, B, -1);
    d.tightenLower(out1[2]!, 1, B, -1);
    d.tightenUpper(out1[3]!, 0, B, -1);
    const p = new NnPatternGroupsPropagator(m, true);
    expect(p.propagate(propagationContext(m, d))).toBe('infeasible');
  });

  it('keeps the HiGHS optimum and shrinks the tree of a one-neuron network', async () => {
    const tm = await tinyModel({ dataset: blobs(7, 7, 3), hidden: [1] });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    const { nn } = registries();
    // (the architecture rows alone close this one: 3 classes, one neuron; they are tested in nn-pattern-count.test.ts)
    const params = { 'heuristic/nn-ste/enabled': false, 'separator/nn-pattern-count/enabled': false };
    const on = await solveModel(tm.model, { branching: 'nn-pseudocost', params }, { registry: nn });
    const off = await solveModel(tm.model, { branching: 'nn-pseudocost', params: { ...params, 'propagator/nn-pattern-groups/enabled': false } }, { registry: nn });
    expect(on.status).toBe('optimal');
    expect(off.status).toBe('optimal');
    expect(on.objective!).toBeCloseTo(ref.objective!, 6);
    expect(off.objective!).toBeCloseTo(ref.objective!, 6);
    const st = on.stats.find((s) => s.name === 'propagator/nn-pattern-groups')!;
    expect(st.fixings).toBeGreaterThan(0);
    expect(on.nodes).toBeLessThan(off.nodes);
  });
});
