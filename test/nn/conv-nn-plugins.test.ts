/**
 * The structures my layers hand to the engine must never mislead the NN plugins: with the
 * parameters fixed to those of a feasible point, the NN bounds propagator must keep that point.
 * (Layers whose outputs are not what the plugins assume — conv patches, pruned layers — expose a
 * structure the NN view declines, so the plugins stay off for them.)
 */
import { describe, expect, it } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import { solveModel } from '../../src/bnb/solve.js';
import { Rng } from '../../src/data/rng.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { NnBoundsPropagator } from '../../src/nn-engine/nn-bounds-propagator.js';
import { getNnView } from '../../src/nn-engine/nn-view.js';
import { DenseLayer } from '../../src/nn/dense-layer.js';
import { identityLayer, PrunableLayer } from '../../src/nn/layer-pruning.js';
import { BinarizedDenseLayer } from '../../src/nn/layers/binarized-dense-layer.js';
import { ConvLayer } from '../../src/nn/layers/conv-layer.js';
import type { NetworkJson } from '../../src/nn/network.js';
import { buildVerificationModel } from '../../src/nn/verify.js';
import { propagationContext, registries } from '../nn-engine/nn-fixtures.js';
import { buildStack, completeStack, decodeStack, type Stack } from './conv-helpers.js';

const PARAM_KINDS: number[] = [ColumnKind.WEIGHT, ColumnKind.BIAS, ColumnKind.WEIGHT_BIT, ColumnKind.KILL_SWITCH, ColumnKind.LAYER_SWITCH];

/** Fixes the parameter columns to x, propagates, returns how many columns of x were cut off. */
function excluded(s: Stack, x: Float64Array): number {
  const m = s.model;
  const d = new Domain(m);
  for (let j = 0; j < m.numCols; j++) if (PARAM_KINDS.includes(m.tagKind[j]!)) d.tighten(j, x[j]!, x[j]!, BoundReason.BRANCHING, -1);
  const p = new NnBoundsPropagator(m, 0, 10, true);
  if (p.propagate(propagationContext(m, d)) === 'infeasible') return Infinity;
  let bad = 0;
  for (let j = 0; j < m.numCols; j++) if (x[j]! < d.lower[j]! - 1e-7 || x[j]! > d.upper[j]! + 1e-7) bad++;
  return bad;
}

function stacks(seed: number): { name: string; s: Stack; viewExpected: boolean }[] {
  const rng = new Rng(seed);
  const N = 4;
  const y = Int32Array.from({ length: N }, () => rng.int(2));
  const img = Float64Array.from({ length: N * 16 }, () => Math.round(rng.next() * 4) / 4);
  const X = Float64Array.from({ length: N * 3 }, () => Math.round(rng.next() * 4) / 4);
  const c1 = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step' });
  const c2 = new ConvLayer({ imageHeight: 4, imageWidth: 4, kernel: 3, channels: 2, activation: 'step', pool: { kind: 'max', size: 2 } });
  return [
    { name: 'conv (no pool)', s: buildStack([c1, new DenseLayer({ inputs: c1.width, outputs: 2, activation: 'step' })], img, y, 2, 'xor'), viewExpected: false },
    { name: 'conv + max pool', s: buildStack([c2, new DenseLayer({ inputs: c2.width, outputs: 2, activation: 'step' })], img, y, 2, 'xor'), viewExpected: false },
    {
      name: 'sign hidden, ternary',
      s: buildStack([new BinarizedDenseLayer({ inputs: 3, outputs: 3, weights: 'ternary', activation: 'sign' }), new BinarizedDenseLayer({ inputs: 3, outputs: 2, weights: 'ternary', activation: 'step' })], X, y, 2, 'xor'),
      viewExpected: true,
    },
    {
      name: 'binary-weight step + relu',
      s: buildStack([new BinarizedDenseLayer({ inputs: 3, outputs: 3, weights: 'binary', activation: 'relu' }), new BinarizedDenseLayer({ inputs: 3, outputs: 2, weights: 'binary', activation: 'linear' })], X, y, 2, 'hinge', { margin: 0.5 }),
      viewExpected: true,
    },
    {
      name: 'prunable step layer',
      s: buildStack([new DenseLayer({ inputs: 3, outputs: 3, activation: 'step' }), new PrunableLayer(new DenseLayer({ inputs: 3, outputs: 3, activation: 'step' }), { cost: 0.5 }), new DenseLayer({ inputs: 3, outputs: 2, activation: 'step' })], X, y, 2, 'xor'),
      viewExpected: false,
    },
  ];
}

describe('structures of the new layer types are safe for the NN plugins', () => {
  it('the NN bounds propagator keeps the feasible points of conv / sign / binarized / pruned models', async () => {
    for (const seed of [1]) {
      for (const { name, s, viewExpected } of stacks(seed)) {
        expect(getNnView(s.model) !== null, name).toBe(viewExpected);
        const h = await solveWithHighsMip(s.model, { timeLimit: 10 });
        const net = decodeStack(s, h.solution!);
        const nets: NetworkJson[] = [net];
        if (name.startsWith('prunable')) nets.push({ ...net, layers: [net.layers[0]!, identityLayer(3), net.layers[2]!] });
        for (const n of nets) {
          const x = completeStack(s, n);
          expect(s.model.maxViolation(x).value).toBeLessThanOrEqual(1e-6);
          expect(excluded(s, x), name).toBe(0);
        }
      }
    }
  });

  it('the engine with the NN plugins agrees with HiGHS on sign / binarized models', async () => {
    const { nn } = registries();
    for (const { name, s, viewExpected } of stacks(3)) {
      if (!viewExpected) continue;
      const h = await solveWithHighsMip(s.model, { timeLimit: 10 });
      const e = await solveModel(s.model, { timeLimit: 10 }, { registry: nn });
      expect(e.status, name).toBe('optimal');
      expect(e.objective!, name).toBeCloseTo(h.objective!, 6);
    }
  });

  it('verification models expose no structure the NN view would misread', async () => {
    const net: NetworkJson = {
      format: 'mipnet-network', version: 1, inputs: 2, classes: ['a', 'b'], scaling: { kind: 'minmax', offset: [0, 0], scale: [1, 1] },
      epsilon: 1e-3, stepThreshold: -5e-4, output: 'score',
      layers: [
        { type: 'dense', activation: 'relu', inputs: 2, outputs: 2, weights: [[1, -1], [-1, 1]], bias: [0, 0] },
        { type: 'dense', activation: 'linear', inputs: 2, outputs: 2, weights: [[1, 0], [0, 1]], bias: [0, 0.1] },
      ],
    };
    const vm = await buildVerificationModel(net, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.2 });
    expect(vm.model.structure).toBeDefined();
    expect(getNnView(vm.model)).toBeNull();
    const single = await buildVerificationModel({ ...net, layers: [net.layers[1]!] }, { sample: [0.6, 0.4], label: 0, target: 1, epsilon: 0.2 });
    expect(single.model.structure).toBeUndefined();
  });
});
