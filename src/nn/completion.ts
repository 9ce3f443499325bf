import { MipnetError } from '../errors.js';
import { getLayerType } from './layer-registry.js';
import { evaluateLoss } from './loss.js';
import { forwardScaled, type NetworkJson } from './network.js';
import type { TrainingModel } from './training-model.js';

/** The forward-pass view of a network on the training data: loss and every penalty term. */
export interface NetworkEvaluation {
  loss: number;
  /** λ1 Σ|w| + λ0 #w + λa #act + λk #neurons */
  penalty: number;
  objective: number;
  /** nonzero weights over all layers */
  weights: number;
  /** sum over hidden neurons and training samples of the activations that fire */
  activations: number;
  /** live hidden neurons */
  neurons: number;
  l1: number;
}

/** Counts and objective of a network on the scaled training data of `tm`, computed without the model. */
export function evaluateNetwork(tm: TrainingModel, network: NetworkJson): NetworkEvaluation {
  const p = tm.problem;
  const fw = forwardScaled(network, p.X, p.samples);
  const loss = evaluateLoss(tm.loss, fw.outputs, p.y, p.classes).total;
  let weights = 0;
  let l1 = 0;
  let activations = 0;
  let neurons = 0;
  const L = network.layers.length;
  network.layers.forEach((layer, l) => {
    // one weight row per unit: neuron (dense) or filter (conv)
    const params = getLayerType(layer.type, 'evaluate network').parameters(layer);
    for (let i = 0; i < params.weights.length; i++) {
      const live = params.live ? params.live[i] !== false : true;
      for (const w of params.weights[i]!) {
        if (w !== 0) weights++;
        l1 += Math.abs(w);
      }
      if (l < L - 1 && live) neurons++;
    }
    if (l < L - 1) {
      const post = fw.layers[l]!.post;
      for (let t = 0; t < post.length; t++) if (post[t]! > 0) activations++;
    }
  });
  const pen = p.penalties;
  const killCount = p.layers.some((x, l) => l < L - 1 && x.killSwitches) ? neurons : 0;
  const penalty = pen.l1 * l1 + pen.l0 * weights + pen.activation * activations + pen.neuron * killCount;
  return { loss, penalty, objective: loss + penalty, weights, activations, neurons, l1 };
}

/**
 * The canonical feasible point of a network: every column of the training model set from a
 * forward pass over the training data. Throws MipnetError if a column is left unset (a layer's
 * `complete` is incomplete).
 */
export function completeSolution(tm: TrainingModel, network: NetworkJson): Float64Array {
  const p = tm.problem;
  const sol = new Float64Array(tm.model.numCols).fill(NaN);
  let a = p.X;
  p.layers.forEach((layer, l) => {
    a = layer.complete(network.layers[l]!, a, p.samples, tm.encodings[l]!, sol);
  });
  evaluateLoss(tm.loss, a, p.y, p.classes, sol);
  for (let j = 0; j < sol.length; j++) {
    if (Number.isNaN(sol[j]!)) throw new MipnetError('complete solution', `column ${tm.model.colNames[j]} was not set by any layer`);
  }
  return sol;
}

/** Decodes the network of a solution vector. */
export function decodeNetwork(tm: TrainingModel, solution: ArrayLike<number>, header: Omit<NetworkJson, 'layers'>): NetworkJson {
  const layers = tm.problem.layers.map((layer, l) => layer.decode(solution, tm.encodings[l]!));
  return { ...header, layers };
}
