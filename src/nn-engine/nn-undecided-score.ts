import type { Domain } from '../bnb/domain.js';
import { ColumnKind } from '../model/column-tag.js';
import type { NnView } from './nn-view.js';

/**
 * How undecided the pre-activation behind an activation binary is at the current node:
 * 2·max(0, min(−zL, zU)) / (zU − zL) ∈ [0, 1] from the z column's current bounds (1 = the interval
 * is centred on the threshold, 0 = the interval decides the activation). −1 for columns that are
 * not activation binaries with a z column.
 */
export function undecided(view: NnView, domain: Domain, col: number): number {
  const m = view.model;
  if (m.tagKind[col] !== ColumnKind.ACTIVATION) return -1;
  const g = view.colNeuron[col]!;
  const n = view.colSample[col]!;
  if (g < 0 || n < 0) return -1;
  const L = view.layers[view.neuronLayer[g]!]!;
  const z = L.neurons[view.neuronIndex[g]!]!.preActivationCols[n]!;
  if (z < 0) return -1;
  const zl = domain.lower[z]!;
  const zu = domain.upper[z]!;
  const range = zu - zl;
  if (!(range > 1e-12) || !Number.isFinite(range)) return Number.isFinite(range) ? 0 : 1;
  return (2 * Math.max(0, Math.min(-zl, zu))) / range;
}

/** Distance of an LP value to the nearest integer, in [0, 0.5]. */
export function fractionalPart(v: number): number {
  const f = v - Math.floor(v);
  return Math.min(f, 1 - f);
}

/**
 * The 'nn-undecided' score of candidate column `col` with LP value `v`: activation binaries
 * (u + 0.01)·(frac + 0.01); kill-switches like a fully undecided activation; other integer columns
 * (loss indicators, …) a small fraction, so they are branched on last.
 */
export function undecidedScore(view: NnView, domain: Domain, col: number, v: number): number {
  const f = fractionalPart(v) + 0.01;
  const u = undecided(view, domain, col);
  if (u >= 0) return (u + 0.01) * f;
  if (view.model.tagKind[col] === ColumnKind.KILL_SWITCH) return 1.01 * f;
  return 0.001 * f;
}
