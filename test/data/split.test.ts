import { describe, expect, it } from 'vitest';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { Rng } from '../../src/data/rng.js';
import { applyScaling, fitScaling } from '../../src/data/scaling.js';
import { stratifiedSplit, stratifiedSubsample } from '../../src/data/split.js';

function classCounts(y: Int32Array, K: number): number[] {
  const c = new Array<number>(K).fill(0);
  for (const v of y) c[v]!++;
  return c;
}

describe('splits, sub-samples, scaling and the PRNG', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xa);
    expect(c.next()).not.toBe(xa[0]);
    for (const v of xa) expect(v >= 0 && v < 1).toBe(true);
  });

  it('stratified split keeps class proportions and is seeded', () => {
    const wine = loadDataset('wine');
    const counts = classCounts(wine.y, 3); // 59, 71, 48
    const s = stratifiedSplit(wine, 0.5, 7);
    expect(s.train.n + s.test.n).toBe(wine.n);
    const tr = classCounts(s.train.y, 3);
    tr.forEach((c, k) => expect(Math.abs(c - counts[k]! / 2)).toBeLessThanOrEqual(1));
    const again = stratifiedSplit(wine, 0.5, 7);
    expect(Array.from(again.trainIndices)).toEqual(Array.from(s.trainIndices));
    const other = stratifiedSplit(wine, 0.5, 8);
    expect(Array.from(other.trainIndices)).not.toEqual(Array.from(s.trainIndices));
    const all = new Set([...s.trainIndices, ...s.testIndices]);
    expect(all.size).toBe(wine.n);
  });

  it('stratified sub-sample draws N samples in proportion', () => {
    const iris = loadDataset('iris');
    const sub = stratifiedSubsample(iris, 12, 3);
    expect(sub.n).toBe(12);
    expect(classCounts(sub.y, 3)).toEqual([4, 4, 4]);
  });

  it('min-max scaling is fitted on the training split only', () => {
    const ds = datasetFromArrays([[0, 10], [2, 20], [4, 30]], [0, 1, 0]);
    const sc = fitScaling(ds, 'minmax');
    expect(sc.offset).toEqual([0, 10]);
    expect(sc.scale).toEqual([4, 20]);
    const out = applyScaling(sc, Float64Array.from([8, 10]), 2); // unseen point outside the range
    expect(Array.from(out)).toEqual([2, 0]);
    const st = fitScaling(ds, 'standard');
    const z = applyScaling(st, ds.X, 2);
    expect(Math.abs(z[0]! + z[2]! + z[4]!)).toBeLessThan(1e-12);
  });
});
