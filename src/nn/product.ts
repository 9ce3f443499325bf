import { ModelError } from '../errors.js';
import type { ColumnTag } from '../model/column-tag.js';
import type { ModelBuilder } from '../model/model-builder.js';

/**
 * Adds p = b · c for a binary column b and a bounded column c ∈ [cL, cU], exactly, with the four
 * inequalities
 *     cL·b ≤ p ≤ cU·b,   c − cU·(1−b) ≤ p ≤ c − cL·(1−b),
 * and returns the column of p (bounds [min(0,cL), max(0,cU)]). `what` names the layer for errors.
 */
export function linearizeProduct(
  builder: ModelBuilder,
  binCol: number,
  contCol: number,
  cL: number,
  cU: number,
  name: string,
  tag: ColumnTag,
  what: string,
): number {
  if (!Number.isFinite(cL) || !Number.isFinite(cU)) {
    throw new ModelError('build model', `${what}: product ${name} needs finite bounds on its continuous factor, got [${cL}, ${cU}]`);
  }
  const p = builder.addColumn({ name, lower: Math.min(0, cL), upper: Math.max(0, cU), tag });
  // p - cL b >= 0 ; p - cU b <= 0
  builder.addRow({ name: `${name}_lb`, lower: 0 }, [p, binCol], [1, -cL]);
  builder.addRow({ name: `${name}_ub`, upper: 0 }, [p, binCol], [1, -cU]);
  // p - c - cU b >= -cU   (p >= c - cU (1-b)) ; p - c - cL b <= -cL   (p <= c - cL (1-b))
  builder.addRow({ name: `${name}_lc`, lower: -cU }, [p, contCol, binCol], [1, -1, -cU]);
  builder.addRow({ name: `${name}_uc`, upper: -cL }, [p, contCol, binCol], [1, -1, -cL]);
  return p;
}
