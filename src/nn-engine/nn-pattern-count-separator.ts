import { SEPARATOR_FREQUENCY_PARAM, type PluginDescriptor } from '../bnb/plugin-registry.js';
import type { SeparationContext, Separator, SolveContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { classCounts, forcedErrors, lossExpression, patternLayers } from './nn-pattern-layers.js';
import { getNnView, type NnView } from './nn-view.js';

/** One architecture row: Σ vals·x ≥ lower. */
export interface PatternCountRow {
  layer: number;
  cols: Int32Array;
  vals: Float64Array;
  lower: number;
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
  const loss = lossExpression(view);
  if (!loss) return [];
  const counts = classCounts(view);
  const rows: PatternCountRow[] = [];
  for (const L of patternLayers(model, view)) {
    const kills = Array.from(L.kills);
    for (const { a, b } of hullLines((h) => forcedErrors(counts, h), L.fixedLive, L.width)) {
      // loss ≥ a + b·(Σk + fixedLive)  ⇔  Σ lc·x − b·Σk ≥ a + b·fixedLive − lossConst
      const cols = Int32Array.from([...loss.cols, ...kills]);
      const vals = Float64Array.from([...loss.vals, ...kills.map(() => -b)]);
      rows.push({ layer: L.layer, cols, vals, lower: a + b * L.fixedLive - loss.constant });
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
