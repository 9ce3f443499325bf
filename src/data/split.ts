import { OptionError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { subsetDataset } from './dataset.js';
import { Rng } from './rng.js';

function byClass(y: Int32Array, K: number, rng: Rng): number[][] {
  const groups: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < y.length; i++) groups[y[i]!]!.push(i);
  for (const g of groups) rng.shuffle(g);
  return groups;
}

/**
 * Largest-remainder allocation of `total` items over groups proportionally to their sizes (each
 * group gets at most its size).
 */
function allocate(sizes: number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n === 0) return sizes.map(() => 0);
  const exact = sizes.map((s) => (s * total) / n);
  const take = exact.map((e, k) => Math.min(sizes[k]!, Math.floor(e)));
  let left = total - take.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => [e - Math.floor(e), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  while (left > 0) {
    let progressed = false;
    for (const [, k] of order) {
      if (left === 0) break;
      if (take[k]! < sizes[k]!) {
        take[k]!++;
        left--;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return take;
}

/** Seeded stratified train/test split: `fraction` of every class goes to the training set. */
export function stratifiedSplit(ds: Dataset, fraction: number, seed: number): { train: Dataset; test: Dataset; trainIndices: Int32Array; testIndices: Int32Array } {
  if (!(fraction > 0 && fraction <= 1)) throw new OptionError('split data', `train fraction must be in (0, 1], got ${fraction}`);
  const rng = new Rng(seed);
  const groups = byClass(ds.y, ds.classNames.length, rng);
  const take = allocate(groups.map((g) => g.length), Math.round(ds.n * fraction));
  const tr: number[] = [];
  const te: number[] = [];
  groups.forEach((g, k) => {
    tr.push(...g.slice(0, take[k]));
    te.push(...g.slice(take[k]));
  });
  tr.sort((a, b) => a - b);
  te.sort((a, b) => a - b);
  const trainIndices = Int32Array.from(tr);
  const testIndices = Int32Array.from(te);
  return { train: subsetDataset(ds, trainIndices, ds.name), test: subsetDataset(ds, testIndices, ds.name), trainIndices, testIndices };
}

/** Seeded stratified sub-sample of `count` samples (class proportions kept). */
export function stratifiedSubsample(ds: Dataset, count: number, seed: number): Dataset {
  if (!Number.isInteger(count) || count < 1) throw new OptionError('subsample data', `sample count must be a positive integer, got ${count}`);
  if (count >= ds.n) return ds;
  const rng = new Rng(seed);
  const groups = byClass(ds.y, ds.classNames.length, rng);
  const take = allocate(groups.map((g) => g.length), count);
  const idx: number[] = [];
  groups.forEach((g, k) => idx.push(...g.slice(0, take[k])));
  idx.sort((a, b) => a - b);
  return subsetDataset(ds, idx, ds.name);
}
