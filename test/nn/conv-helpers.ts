/** Test helpers: encode a stack of layers + loss on data, decode and complete (what train() does for dense stacks). */
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import type { Layer, LayerEncoding, LayerInput, LayerPenalties } from '../../src/nn/layer.js';
import { encodeLoss, evaluateLoss, type LossEncoding, type LossKind } from '../../src/nn/loss.js';
import { forwardScaled, type NetworkJson } from '../../src/nn/network.js';

export interface Stack {
  model: Model;
  layers: Layer[];
  encodings: LayerEncoding[];
  loss: LossEncoding;
  X: Float64Array;
  y: Int32Array;
  K: number;
  d: number;
}

export const NO_PENALTIES: LayerPenalties = { l1: 0, l0: 0, activation: 0, neuron: 0 };

export function buildStack(
  layers: Layer[],
  X: Float64Array,
  y: Int32Array,
  K: number,
  loss: LossKind,
  opts: { margin?: number; penalties?: Partial<LayerPenalties>; weightIndicators?: boolean } = {},
): Stack {
  const b = new ModelBuilder('stack');
  const N = y.length;
  const d = X.length / N;
  let input: LayerInput = { samples: N, width: d, data: X, bounds: { lo: X, hi: X }, binary: false };
  const encodings: LayerEncoding[] = [];
  const penalties = { ...NO_PENALTIES, ...(opts.penalties ?? {}) };
  layers.forEach((layer, i) => {
    const enc = layer.encode(
      { builder: b, layer: i + 1, isOutput: i === layers.length - 1, epsilon: 1e-3, penalties, weightIndicators: opts.weightIndicators ?? false, symmetryBreaking: false },
      input,
    );
    encodings.push(enc);
    input = enc.output;
  });
  const last = layers[layers.length - 1]! as Layer & { activation: string };
  const lossEnc = encodeLoss(b, loss, opts.margin ?? 1e-3, encodings[encodings.length - 1]!, y, K, last.activation);
  b.structure = { description: 'test stack', layers: encodings.map((e) => e.structure), samples: N };
  return { model: b.build(), layers, encodings, loss: lossEnc, X, y, K, d };
}

export function header(s: Stack): Omit<NetworkJson, 'layers'> {
  return {
    format: 'mipnet-network',
    version: 1,
    inputs: s.d,
    classes: Array.from({ length: s.K }, (_, k) => `c${k}`),
    scaling: { kind: 'none', offset: new Array(s.d).fill(0), scale: new Array(s.d).fill(1) },
    epsilon: 1e-3,
    stepThreshold: -5e-4,
    output: s.loss.kind === 'xor' ? 'step' : 'score',
  };
}

export function decodeStack(s: Stack, solution: ArrayLike<number>): NetworkJson {
  return { ...header(s), layers: s.layers.map((l, i) => l.decode(solution, s.encodings[i]!)) };
}

/** Canonical point of a network; throws if a column is left unset. */
export function completeStack(s: Stack, net: NetworkJson): Float64Array {
  const N = s.y.length;
  const sol = new Float64Array(s.model.numCols).fill(NaN);
  let a = s.X;
  s.layers.forEach((l, i) => {
    a = l.complete(net.layers[i]!, a, N, s.encodings[i]!, sol);
  });
  evaluateLoss(s.loss, a, s.y, s.K, sol);
  for (let j = 0; j < sol.length; j++) if (Number.isNaN(sol[j]!)) throw new Error(`column ${s.model.colNames[j]} not set`);
  return sol;
}

/** Forward-pass loss of a network on the stack's data. */
export function forwardLoss(s: Stack, net: NetworkJson): number {
  const out = forwardScaled(net, s.X, s.y.length).outputs;
  return evaluateLoss(s.loss, out, s.y, s.K).total;
}
