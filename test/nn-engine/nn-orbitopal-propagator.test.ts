import { describe, expect, it } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { NnOrbitopalPropagator } from '../../src/nn-engine/nn-orbitopal-propagator.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { blobs, propagationContext, registries, tinyModel } from './nn-fixtures.js';

const B = BoundReason.BRANCHING;

describe('nn-orbitopal propagator', () => {
  it('orders kill-switches (kill row first): k_2 = 1 forces k_0 = k_1 = 1', async () => {
    const tm = await tinyModel({ dataset: blobs(1, 6, 3), hidden: [3], symmetryBreaking: false, sparsity: { neurons: 0.1 } });
    const m = tm.model;
    const ns = getNnView(m)!.layers[0]!.neurons;
    const p = new NnOrbitopalPropagator(m, 8);
    expect(p.layers).toBe(1);
    const d = new Domain(m);
    d.tightenLower(ns[2]!.killCol, 1, B, -1);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    expect(d.lower[ns[0]!.killCol]).toBe(1);
    expect(d.lower[ns[1]!.killCol]).toBe(1);
    for (let k = 1; k < d.trailLength; k++) expect(d.trailReason(k)).toBe(BoundReason.SYMMETRY);
  });

  it('fixes at the first undecided row, uses the look-ahead, and detects infeasibility', async () => {
    const tm = await tinyModel({ dataset: blobs(1, 6, 3), hidden: [2], symmetryBreaking: false });
    const m = tm.model;
    const [c0, c1] = getNnView(m)!.layers[0]!.neurons.map((n) => n.activationCols);
    const p = new NnOrbitopalPropagator(m, 8);
    // a(0, 1) = 1 ⇒ a(0, 0) = 1
    let d = new Domain(m);
    d.tightenLower(c1![0]!, 1, B, -1);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    expect(d.lower[c0![0]!]).toBe(1);
    // row 1 forced smaller (0 vs 1) ⇒ row 0 strictly larger: a(0,0) = 1, a(0,1) = 0
    d = new Domain(m);
    d.tightenUpper(c0![1]!, 0, B, -1);
    d.tightenLower(c1![1]!, 1, B, -1);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    expect(d.lower[c0![0]!]).toBe(1);
    expect(d.upper[c1![0]!]).toBe(0);
    // first row 0 < 1 ⇒ infeasible
    d = new Domain(m);
    d.tightenUpper(c0![0]!, 0, B, -1);
    d.tightenLower(c1![0]!, 1, B, -1);
    expect(p.propagate(propagationContext(m, d))).toBe('infeasible');
    // nothing decided ⇒ nothing fixed
    d = new Domain(m);
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    expect(d.trailLength).toBe(0);
  });

  it('stays off layers whose formulation orders the biases', async () => {
    const tm = await tinyModel({ dataset: blobs(1, 6, 3), hidden: [2] });
    const m = tm.model;
    const p = new NnOrbitopalPropagator(m, 8);
    expect(p.layers).toBe(0);
    const [, c1] = getNnView(m)!.layers[0]!.neurons.map((n) => n.activationCols);
    const d = new Domain(m);
    d.tightenLower(c1![0]!, 1, B, -1);
    const before = d.trailLength;
    expect(p.propagate(propagationContext(m, d))).toBe('ok');
    expect(d.trailLength).toBe(before);
  });

  it('keeps the optimum: on / off give the HiGHS optimum, and it fixes when on', async () => {
    const tm = await tinyModel({ dataset: blobs(7, 6, 3), hidden: [3], symmetryBreaking: false, sparsity: { neurons: 0.6 } });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    expect(ref.status).toBe('optimal');
    const { nn } = registries();
    const heurOff = { 'heuristic/nn-ste/enabled': false, 'heuristic/nn-local-search/enabled': false };
    const on = await solveModel(tm.model, { branching: 'nn-undecided', params: heurOff }, { registry: nn });
    const off = await solveModel(tm.model, { branching: 'nn-undecided', params: { ...heurOff, 'propagator/nn-orbitopal/enabled': false } }, { registry: nn });
    expect(on.status).toBe('optimal');
    expect(off.status).toBe('optimal');
    expect(on.objective!).toBeCloseTo(ref.objective!, 6);
    expect(off.objective!).toBeCloseTo(ref.objective!, 6);
    const st = on.stats.find((s) => s.name === 'propagator/nn-orbitopal')!;
    expect(st.calls).toBeGreaterThan(0);
    expect(st.fixings).toBeGreaterThan(0);
  });
});
