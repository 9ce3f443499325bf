import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt, sampleIndices } from './rng.js';

/**
 * Weighted set cover: `size` sets over `size` elements; each set holds each element with
 * probability 0.12 and every element lies in at least two sets. A set costs its cardinality plus
 * noise (so the LP relaxation is usually fractional). Minimise total cost s.t. every element is
 * covered (sum_{S ∋ e} x_S >= 1), x binary.
 */
export function setCover(seed: number, size = 30): Model {
  const rng = mulberry32(seed);
  const numElements = Math.max(2, size);
  const members: number[][] = [];
  for (let e = 0; e < numElements; e++) {
    const m: number[] = [];
    for (let s = 0; s < size; s++) if (rng() < 0.12) m.push(s);
    if (m.length < 2) for (const s of sampleIndices(rng, size, 2)) if (!m.includes(s)) m.push(s);
    m.sort((a, c) => a - c);
    members.push(m);
  }
  const card = new Array<number>(size).fill(0);
  for (const m of members) for (const s of m) card[s]!++;
  const b = new ModelBuilder(`setcover_s${seed}_n${size}`);
  const cols: number[] = [];
  for (let s = 0; s < size; s++) cols.push(b.addBinary(`set${s}`, 2 * card[s]! + randInt(rng, 1, 4)));
  for (let e = 0; e < numElements; e++) {
    const m = members[e]!;
    b.addRow({ name: `cover${e}`, lower: 1 }, m.map((s) => cols[s]!), m.map(() => 1));
  }
  return b.build();
}
