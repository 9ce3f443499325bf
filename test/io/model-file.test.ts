import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readModelFile, writeModelFile } from '../../src/io/model-file.js';
import { writeMps } from '../../src/io/mps-writer.js';
import { MipnetError, ParseError } from '../../src/errors.js';
import { expectSameModel, featureModel, randomModel } from './io-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'mipnet-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readModelFile / writeModelFile', () => {
  it('round-trips .mps, .mps.gz exactly and .lp, .lp.gz exactly for models without ranged rows', async () => {
    const a = featureModel();
    for (const ext of ['.mps', '.mps.gz', '.MPS']) {
      const p = join(dir, `f${ext}`);
      await writeModelFile(a, p);
      expectSameModel(a, await readModelFile(p));
    }
    const noRanges = randomModel(3, 10, 0, 0.5);
    for (const ext of ['.lp', '.lp.gz']) {
      const p = join(dir, `r${ext}`);
      await writeModelFile(noRanges, p);
      expectSameModel(noRanges, await readModelFile(p));
    }
  });

  it('really compresses .gz files', async () => {
    const p = join(dir, 'c.mps.gz');
    await writeModelFile(featureModel(), p);
    const raw = readFileSync(p);
    expect(raw[0]).toBe(0x1f);
    expect(raw[1]).toBe(0x8b);
    expect(gunzipSync(raw).toString('utf8')).toBe(writeMps(featureModel()));
  });

  it('reads a gzip file written by someone else and names the path in parse errors', async () => {
    const p = join(dir, 'broken.lp.gz');
    writeFileSync(p, gzipSync(Buffer.from('min\n x\nst\n c1: x >>= 3\nend\n')));
    await expect(readModelFile(p)).rejects.toThrow(ParseError);
    await expect(readModelFile(p)).rejects.toThrow(`${p}, line 4`);
  });

  it('gives a clear MipnetError for a missing file, an unknown extension and bad gzip', async () => {
    await expect(readModelFile(join(dir, 'nope.mps'))).rejects.toThrow(/file not found: .*nope\.mps/);
    await expect(readModelFile(join(dir, 'model.txt'))).rejects.toThrow(MipnetError);
    await expect(readModelFile(join(dir, 'model.txt'))).rejects.toThrow(/expected \.mps, \.lp, \.mps\.gz or \.lp\.gz/);
    await expect(writeModelFile(featureModel(), join(dir, 'model.json'))).rejects.toThrow(/cannot tell the format/);
    const bad = join(dir, 'bad.mps.gz');
    writeFileSync(bad, 'not gzip');
    await expect(readModelFile(bad)).rejects.toThrow(/not a valid gzip file/);
    await expect(writeModelFile(featureModel(), join(dir, 'no', 'such', 'dir.mps'))).rejects.toThrow(/cannot write/);
  });
});
