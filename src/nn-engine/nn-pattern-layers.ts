import { ColumnKind } from '../model/column-tag.js';
import type { Model } from '../model/model.js';
import type { NnView } from './nn-view.js';

/**
 * The fewest samples any network must misclassify when layer ℓ has h live neurons: a hidden layer
 * of h binary units has at most 2^h distinct patterns, the later layers map each pattern to one
 * output, and one output is right for at most one class; so at most 2^h classes have a correctly
 * classified sample, and every sample of the other classes is wrong. f(h) = the sum of the
 * C − 2^h smallest class counts (0 when 2^h ≥ C). Non-increasing in h.
 */
export function forcedErrors(classCounts: ArrayLike<number>, live: number): number {
  const C = classCounts.length;
  const patterns = live >= 30 ? Infinity : 2 ** live;
  if (patterns >= C) return 0;
  const sorted = Array.from(classCounts).sort((a, b) => a - b);
  let s = 0;
  for (let c = 0; c < C - patterns; c++) s += sorted[c]!;
  return s;
}

/** Training samples per class. */
export function classCounts(view: NnView): Float64Array {
  const counts = new Float64Array(view.classes);
  for (const y of view.labels) if (y >= 0) counts[y]!++;
  return counts;
}

/**
 * The training loss as a linear expression Σ vals·x + constant over the model's columns, where a
 * misclassified sample costs at least 1 (xor over one-hot step outputs: loss_n = 1 − a_{n,y} +
 * Σ_{k≠y} a_{n,k}; zero-one: the error columns). Null for other losses, unlabelled samples or an
 * output column fixed away.
 */
export function lossExpression(view: NnView): { cols: Int32Array; vals: Float64Array; constant: number } | null {
  if (view.loss !== 'xor' && view.loss !== 'zero-one') return null;
  if (view.labels.some((y) => y < 0)) return null;
  const K = view.classes;
  const cols: number[] = [];
  const vals: number[] = [];
  let constant = 0;
  const out = view.layers[view.layers.length - 1]!;
  if (view.loss === 'xor') {
    for (let n = 0; n < view.samples; n++) {
      for (let k = 0; k < K; k++) {
        const a = out.neurons[k]?.activationCols[n] ?? -1;
        if (a < 0) return null;
        cols.push(a);
        vals.push(k === view.labels[n] ? -1 : 1);
      }
      constant += 1;
    }
  } else {
    for (let n = 0; n < view.samples; n++) {
      const e = view.lossCols[n]!;
      if (e < 0) return null;
      cols.push(e);
      vals.push(1);
    }
  }
  return { cols: Int32Array.from(cols), vals: Float64Array.from(vals), constant };
}

/** A hidden layer of binary units whose live-neuron count limits the patterns the network can tell apart. */
export interface PatternLayer {
  /** the layer's index in the model's tags */
  layer: number;
  width: number;
  /** kill-switch columns of its neurons (the neurons without one are always live) */
  kills: Int32Array;
  /** neurons without a kill-switch */
  fixedLive: number;
}

/**
 * The hidden layers of binary units (step / sign, no layer switch) that the next layer reads unit by
 * unit: with h live neurons there, any network misclassifies at least forcedErrors(counts, h) samples.
 */
export function patternLayers(model: Model, view: NnView): PatternLayer[] {
  const layerSwitched = new Set<number>();
  for (let j = 0; j < model.numCols; j++) if (model.tagKind[j] === ColumnKind.LAYER_SWITCH) layerSwitched.add(model.tagLayer[j]!);
  const out: PatternLayer[] = [];
  for (let li = 0; li + 1 < view.layers.length; li++) {
    const L = view.layers[li]!;
    const next = view.layers[li + 1]!;
    if ((L.activation !== 'step' && L.activation !== 'sign') || next.fanIn !== L.width || layerSwitched.has(L.layer)) continue;
    if (L.neurons.some((nr) => nr.activationCols.length !== view.samples)) continue;
    const kills = L.neurons.filter((nr) => nr.killCol >= 0).map((nr) => nr.killCol);
    out.push({ layer: L.layer, width: L.width, kills: Int32Array.from(kills), fixedLive: L.width - kills.length });
  }
  return out;
}
