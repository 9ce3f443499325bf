import { describe, expect, it } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import { solveModel } from '../../src/bnb/solve.js';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { NnBoundsPropagator } from '../../src/nn-engine/nn-bounds-propagator.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { blobs, propagationContext, registries, tinyModel } from './nn-fixtures.js';

/** One feature, raw 0, 1, 2 → scaled 0, 0.5, 1; one hidden step neuron; two classes (xor loss). */
async function line(extra: object = {}) {
  const ds = datasetFromArrays([[0], [1], [2]], [0, 1, 1]);
  return tinyModel({ dataset: ds, hidden: [1], ...extra });
}

describe('nn-bounds propagator', () => {
  it('fixes exactly the activations that interval arithmetic decides', async () => {
    const tm = await line();
    const m = tm.model;
    const v = getNnView(m)!;
    const h = v.layers[0]!.neurons[0]!;
    const d = new Domain(m);
    d.tighten(h.weightCols[0]!, 0.5, 1, BoundReason.BRANCHING, -1);
    d.tighten(h.biasCol, -0.2, -0.1, BoundReason.BRANCHING, -1);
    const before = d.trailLength;
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    // z(x=0) ∈ [−0.2, −0.1] → a = 0;  z(0.5) ∈ [0.05, 0.4] and z(1) ∈ [0.3, 0.9] → a = 1
    const a = h.activationCols;
    expect([d.lower[a[0]!], d.upper[a[0]!]]).toEqual([0, 0]);
    expect([d.lower[a[1]!], d.upper[a[1]!]]).toEqual([1, 1]);
    expect([d.lower[a[2]!], d.upper[a[2]!]]).toEqual([1, 1]);
    // the z columns got the interval bounds
    const z2 = h.preActivationCols[2]!;
    expect(d.lower[z2]!).toBeCloseTo(0.3, 5);
    expect(d.upper[z2]!).toBeCloseTo(0.9, 5);
    let activationFixings = 0;
    for (let k = before; k < d.trailLength; k++) if (v.colSample[d.trailCol(k)]! >= 0 && m.integrality[d.trailCol(k)]) activationFixings++;
    expect(activationFixings).toBeGreaterThanOrEqual(3);
    // every change carries the propagation reason
    for (let k = before; k < d.trailLength; k++) expect(d.trailReason(k)).toBe(BoundReason.PROPAGATION);
  });

  it('decides nothing when the interval straddles the threshold', async () => {
    const tm = await line();
    const m = tm.model;
    const h = getNnView(m)!.layers[0]!.neurons[0]!;
    const d = new Domain(m);
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    for (const a of h.activationCols) expect(d.upper[a]! - d.lower[a]!).toBe(1);
  });

  it('pushes a fixed activation back to the bias (a = 1 ⇒ w·x + b ≥ 0)', async () => {
    const tm = await line();
    const m = tm.model;
    const h = getNnView(m)!.layers[0]!.neurons[0]!;
    const d = new Domain(m);
    d.tighten(h.weightCols[0]!, -1, -0.5, BoundReason.BRANCHING, -1);
    d.tightenLower(h.activationCols[2]!, 1, BoundReason.BRANCHING, -1); // x = 1 fires
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    // b ≥ −w ≥ 0.5
    expect(d.lower[h.biasCol]!).toBeGreaterThan(0.5 - 1e-4);
    expect(d.lower[h.biasCol]!).toBeLessThanOrEqual(0.5);
    // then x = 0 and x = 0.5 fire too: z(0) = b ≥ 0.5, z(0.5) ≥ 0.5 − 0.5 = 0 > −ε
    expect(d.lower[h.activationCols[0]!]).toBe(1);
    expect(d.lower[h.activationCols[1]!]).toBe(1);
  });

  it('reports infeasibility when the fixed activations contradict the weights', async () => {
    const tm = await line();
    const m = tm.model;
    const h = getNnView(m)!.layers[0]!.neurons[0]!;
    const d = new Domain(m);
    d.tighten(h.weightCols[0]!, 0.5, 1, BoundReason.BRANCHING, -1);
    d.tighten(h.biasCol, 0, 0.1, BoundReason.BRANCHING, -1);
    d.tightenUpper(h.activationCols[2]!, 0, BoundReason.BRANCHING, -1); // z(1) ≥ 0.5 but a = 0 wants z ≤ −ε
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('infeasible');
  });

  it('applies the kill-switch implications', async () => {
    const tm = await tinyModel({ dataset: blobs(1, 6, 3), hidden: [2], sparsity: { neurons: 0.1 } });
    const m = tm.model;
    const v = getNnView(m)!;
    const [n0, n1] = v.layers[0]!.neurons;
    const d = new Domain(m);
    d.tightenUpper(n0!.killCol, 0, BoundReason.BRANCHING, -1);
    d.tightenLower(n1!.activationCols[3]!, 1, BoundReason.BRANCHING, -1);
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    for (const a of n0!.activationCols) expect(d.upper[a]).toBe(0);
    expect(d.lower[n1!.killCol]).toBe(1);
  });

  it('only revisits the neurons changed since the given trail position', async () => {
    const tm = await tinyModel({ dataset: blobs(2, 6, 3), hidden: [2] });
    const m = tm.model;
    const h = getNnView(m)!.layers[0]!.neurons[1]!;
    const d = new Domain(m);
    const p = new NnBoundsPropagator(m, 0.01, 3, true);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    const mark = d.trailLength;
    // nothing new since `mark`: no change
    expect(p.propagate(propagationContext(m, d, mark))).toBe('ok');
    expect(d.trailLength).toBe(mark);
    // a new bound on neuron 1's weights is picked up
    for (const w of h.weightCols) d.tighten(w, 0.5, 1, BoundReason.BRANCHING, -1);
    d.tighten(h.biasCol, 0.1, 0.2, BoundReason.BRANCHING, -1);
    const mark2 = d.trailLength;
    expect(p.propagate(propagationContext(m, d, mark))).toBe('ok');
    expect(d.trailLength).toBeGreaterThan(mark2);
    for (const a of h.activationCols) expect(d.lower[a]).toBe(1); // inputs ≥ 0, weights ≥ 0.5, bias ≥ 0.1
  });

  it('never cuts off the optimum: same optimum with and without it, equal to HiGHS', async () => {
    const tm = await tinyModel({ dataset: blobs(7, 7, 3), hidden: [1] });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    expect(ref.status).toBe('optimal');
    const { nn } = registries();
    const heurOff = { 'heuristic/nn-ste/enabled': false, 'heuristic/nn-local-search/enabled': false };
    const on = await solveModel(tm.model, { branching: 'pseudocost', params: heurOff }, { registry: nn });
    const off = await solveModel(tm.model, { branching: 'pseudocost', params: { ...heurOff, 'propagator/nn-bounds/enabled': false } }, { registry: nn });
    expect(on.status).toBe('optimal');
    expect(off.status).toBe('optimal');
    expect(on.objective!).toBeCloseTo(ref.objective!, 6);
    expect(off.objective!).toBeCloseTo(ref.objective!, 6);
    const st = on.stats.find((s) => s.name === 'propagator/nn-bounds')!;
    expect(st.calls).toBeGreaterThan(0);
    expect(st.fixings).toBeGreaterThan(0);
    expect(off.stats.some((s) => s.name === 'propagator/nn-bounds')).toBe(false);
  });

  it('handles ±1 sign inputs (binarized layers): the HiGHS optimum, with fixings', async () => {
    const tm = await tinyModel({ dataset: blobs(5, 8, 2), hidden: [2], activation: 'sign', binarizedWeights: 'binary' });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    const { nn } = registries();
    const r = await solveModel(tm.model, { branching: 'nn-pseudocost', params: { 'heuristic/nn-ste/enabled': false } }, { registry: nn });
    expect(r.status).toBe('optimal');
    expect(r.objective!).toBeCloseTo(ref.objective!, 6);
    expect(r.stats.find((s) => s.name === 'propagator/nn-bounds')!.fixings).toBeGreaterThan(0);
  });
});
