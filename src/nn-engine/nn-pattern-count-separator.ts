import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from '../bnb/plugin-registry.js';
import type { SeparationContext, Separator, SolveContext } from '../bnb/plugins.js';
import { ColumnKind } from '../model/column-tag.js';
import type { Model } from '../model/model.js';
import { getNnView, type NnView } from './nn-view.js';

/** One architecture row: Σ vals·x ≥ lower. */
export interface PatternCountRow {
  layer: number;
  cols: Int32Array;
  vals: Float64Array;
  lower: number;
}

/**
 * The fewest samples any network must misclassify when layer ℓ has h live neurons: a hidden layer
 * of h binary units has at most 2^h distinct patterns, the later layers map each pattern to one
 * output, and one output is right for at most one class; so at most 2^h classes have a correctly
 * classified sample, and every sample of the other classes is wrong. f(h) = the sum of the
 * C − 2^h smallest class counts (0 when 2^h ≥ C).
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

/**
 * The lower convex hull of the points (h, f(h)), h = lo..hi, as lines f(h) ≥ a + b·h (b ≤ 0), one
 * per hull edge that is above zero somewhere in the range.
 */
export function hullLines(f: (h: number) => number, lo: number, hi: number): { a: number; b: number }[] {
  const pts: [number, number][] = [];
  for (let h = lo; h <= hi; h++) pts.push([h, f(h)]);
  const hull: [number, number][] = [];
  for (const p of pts) {
    while (hull.length >= 2) {
      const [x1, y1] = hull[hull.length - 2]!;
      const [x2, y2] = hull[hull.length - 1]!;
      // keep convex from below: drop the middle point when it lies on or above the chord
      if ((y2 - y1) * (p[0] - x1) >= (p[1] - y1) * (x2 - x1)) hull.pop();
      else break;
    }
    hull.push(p);
  }
  const lines: { a: number; b: number }[] = [];
  if (hull.length === 1) {
    if (hull[0]![1] > 0) lines.push({ a: hull[0]![1], b: 0 });
    return lines;
  }
  for (let k = 0; k + 1 < hull.length; k++) {
    const [x1, y1] = hull[k]!;
    const [x2, y2] = hull[k + 1]!;
    if (y1 <= 0 && y2 <= 0) continue;
    const b = (y2 - y1) / (x2 - x1);
    lines.push({ a: y1 - b * x1, b });
  }
  return lines;
}

/**
 * Architecture rows of a network model (xor or zero-one loss): for every hidden layer of binary
 * units (step / sign) that the next layer reads unit by unit, the training loss is at least f(h)
 * (forcedErrors) for h = the layer's live neurons (kill-switches at 1, plus the neurons without
 * one), written as the lower convex hull of f over the layer's range of h:
 *   loss + (−b)·Σ k_i ≥ a + b·(neurons without kill-switch)   (xor: loss = N + Σ ±a_nk).
 * Valid for every network of the architecture; null when the model has nothing to say.
 */
export function patternCountRows(model: Model, view: NnView): PatternCountRow[] {
  if (view.loss !== 'xor' && view.loss !== 'zero-one') return [];
  if (view.labels.some((y) => y < 0)) return [];
  const K = view.classes;
  const counts = new Float64Array(K);
  for (const y of view.labels) counts[y]!++;
  // loss expression: Σ lc·x + lossConst
  const lossCols: number[] = [];
  const lossVals: number[] = [];
  let lossConst = 0;
  const out = view.layers[view.layers.length - 1]!;
  if (view.loss === 'xor') {
    for (let n = 0; n < view.samples; n++) {
      for (let k = 0; k < K; k++) {
        const a = out.neurons[k]?.activationCols[n] ?? -1;
        if (a < 0) return []; // an output fixed away: leave it
        lossCols.push(a);
        lossVals.push(k === view.labels[n] ? -1 : 1);
      }
      lossConst += 1;
    }
  } else {
    for (let n = 0; n < view.samples; n++) {
      const e = view.lossCols[n]!;
      if (e < 0) return [];
      lossCols.push(e);
      lossVals.push(1);
    }
  }
  const layerSwitched = new Set<number>();
  for (let j = 0; j < model.numCols; j++) if (model.tagKind[j] === ColumnKind.LAYER_SWITCH) layerSwitched.add(model.tagLayer[j]!);
  const rows: PatternCountRow[] = [];
  for (let li = 0; li + 1 < view.layers.length; li++) {
    const L = view.layers[li]!;
    const next = view.layers[li + 1]!;
    if ((L.activation !== 'step' && L.activation !== 'sign') || next.fanIn !== L.width || layerSwitched.has(L.layer)) continue;
    if (L.neurons.some((nr) => nr.activationCols.length !== view.samples)) continue;
    const kills = L.neurons.filter((nr) => nr.killCol >= 0).map((nr) => nr.killCol);
    const fixedLive = L.width - kills.length;
    for (const { a, b } of hullLines((h) => forcedErrors(counts, h), fixedLive, L.width)) {
      // loss ≥ a + b·(Σk + fixedLive)  ⇔  Σ lc·x − b·Σk ≥ a + b·fixedLive − lossConst
      const cols = Int32Array.from([...lossCols, ...kills]);
      const vals = Float64Array.from([...lossVals, ...kills.map(() => -b)]);
      rows.push({ layer: L.layer, cols, vals, lower: a + b * fixedLive - lossConst });
    }
  }
  return rows;
}

/**
 * Separator nn-pattern-count: proposes the architecture rows (patternCountRows) at the root while
 * the LP point violates them (global cuts). The rows tie the kill-switches to the errors they force:
 * on a 7-class set a network with 2 live neurons of its last hidden layer misclassifies the 3
 * smallest classes, so the LP must pay for a third neuron or for those errors.
 */
export class NnPatternCountSeparator implements Separator {
  readonly name = 'nn-pattern-count';
  readonly frequency: number;
  private readonly model: Model;
  private rows: PatternCountRow[] = [];
  constructor(model: Model, frequency: number) {
    this.model = model;
    this.frequency = frequency;
  }

  initSolve(_ctx: SolveContext): boolean {
    const v = getNnView(this.model);
    if (!v || this.model.sense !== 'minimize') return false;
    this.rows = patternCountRows(this.model, v);
    return this.rows.length > 0;
  }

  separate(ctx: SeparationContext): void {
    const x = ctx.primal;
    for (const r of this.rows) {
      let act = 0;
      for (let k = 0; k < r.cols.length; k++) act += r.vals[k]! * x[r.cols[k]!]!;
      if (act < r.lower - 1e-6 * Math.max(1, Math.abs(r.lower))) ctx.addCut(r.cols, r.vals, r.cols.length, r.lower, Infinity, false);
    }
  }
}

export const nnPatternCountDescriptor: PluginDescriptor<'separator'> = {
  kind: 'separator',
  name: 'nn-pattern-count',
  description: 'NN: architecture rows — h live binary neurons in a hidden layer give at most 2^h patterns, so at most 2^h classes are told apart: loss ≥ f(live neurons) (convex hull)',
  priority: 6,
  params: [SEPARATOR_FREQUENCY_PARAM],
  create: (env) => new NnPatternCountSeparator(env.model, env.num('frequency')),
};
