import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNetwork, saveNetwork } from '../../src/nn/network-io.js';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { OptionError } from '../../src/errors.js';
import type { ConvLayerJson } from '../../src/nn/layers/conv-forward.js';
import { predict } from '../../src/nn/network.js';
import { train } from '../../src/nn/train.js';
import { trainBoth, XOR } from './nn-helpers.js';

/** 4×4 bars: class 0 vertical (column 1 or 2), class 1 horizontal (row 1 or 2). */
function bars() {
  const rows: number[][] = [];
  const y: number[] = [];
  for (const col of [1, 2]) {
    rows.push(Array.from({ length: 16 }, (_, i) => (i % 4 === col ? 1 : 0)));
    y.push(0);
  }
  for (const row of [1, 2]) {
    rows.push(Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) === row ? 1 : 0)));
    y.push(1);
  }
  return datasetFromArrays(rows, y, ['vertical', 'horizontal'], 'bars');
}

describe('train() with a convolution', () => {
  it('conv option: 2 step filters 3×3 + max pool 2 on 4×4 bars, 0 errors on both backends, re-verified', async () => {
    const ds = bars();
    const r = await trainBoth({ dataset: ds, hidden: [], conv: { channels: 2, kernel: 3, pool: { kind: 'max', size: 2 } }, lpTightening: false });
    expect(r.certificate.objective).toBe(0);
    expect(r.certificate.verified).toBe(true);
    const conv = r.network!.layers[0] as ConvLayerJson;
    expect(conv.type).toBe('conv');
    expect(conv.weights.length).toBe(2);
    expect(Array.from(predict(r.network!, ds.X, ds.n))).toEqual([0, 0, 1, 1]);
    // the conv network survives a save / load round trip with the same predictions
    const file = join(mkdtempSync(join(tmpdir(), 'mipnet-conv-')), 'net.json');
    saveNetwork(r.network!, file);
    const loaded = loadNetwork(file);
    expect(loaded).toEqual(r.network);
    expect(Array.from(predict(loaded, ds.X, ds.n))).toEqual([0, 0, 1, 1]);
  });

  it('conv option refuses images that do not fit the features', async () => {
    await expect(train({ dataset: XOR, hidden: [], conv: { channels: 1, kernel: 1, imageHeight: 3 } })).rejects.toThrow(OptionError);
  });
});
