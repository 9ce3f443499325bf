import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportInstance, modelSize, suiteSpecs } from '../../benchmarks/nn-suite.js';
import { OptionError } from '../../src/errors.js';
import { readModelFile } from '../../src/io/model-file.js';
import { writeMps } from '../../src/io/mps-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'mipnet-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('suiteSpecs', () => {
  it('lists a quick subset of the full suite with unique, file-safe names', () => {
    const quick = suiteSpecs('quick');
    const fullSuite = suiteSpecs('full');
    expect(quick.length).toBeGreaterThanOrEqual(5);
    expect(quick.length).toBeLessThanOrEqual(8);
    expect(fullSuite.length).toBeGreaterThanOrEqual(15);
    expect(fullSuite.length).toBeLessThanOrEqual(22);
    const names = fullSuite.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    for (const q of quick) expect(names).toContain(q.name);
  });

  it('covers the four data sets, step / ReLU / sign activations, binarized weights, sparsity, and 30 to 500 samples, all seeded', () => {
    const specs = suiteSpecs('full');
    expect(new Set(specs.map((s) => s.options.dataset))).toEqual(new Set(['iris', 'wine', 'breast-cancer', 'digits']));
    expect(new Set(specs.map((s) => s.options.activation))).toEqual(new Set(['step', 'relu', 'sign']));
    expect(new Set(specs.map((s) => s.options.binarizedWeights).filter(Boolean))).toEqual(new Set(['binary', 'ternary']));
    expect(specs.some((s) => s.options.sparsity !== undefined)).toBe(true);
    expect(specs.some((s) => s.options.sparsity === undefined)).toBe(true);
    expect(specs.some((s) => s.options.integerWeights === true)).toBe(true);
    const n = specs.map((s) => s.options.trainSamples!);
    expect(Math.min(...n)).toBe(30);
    expect(Math.max(...n)).toBe(500);
    for (const s of specs) expect(s.options.seed).toBeTypeOf('number');
  });

  it('filters by name and rejects unknown names and suites', () => {
    expect(suiteSpecs('quick', ['digits-step-n30', 'iris-step-n30']).map((s) => s.name)).toEqual(['iris-step-n30', 'digits-step-n30']);
    expect(() => suiteSpecs('full', ['no-such-instance'])).toThrow(OptionError);
    expect(() => suiteSpecs('huge' as 'full')).toThrow(OptionError);
  });
});

describe('exportInstance', () => {
  it('builds a valid model with its network structure and writes an MPS file that reads back the same', async () => {
    const spec = suiteSpecs('quick', ['iris-step-n30'])[0]!;
    const { path, built } = await exportInstance(spec, dir);
    expect(path).toBe(join(dir, 'iris-step-n30.mps'));
    const m = built.model;
    expect(m.structure).toBeDefined();
    expect(built.size.ints).toBeGreaterThan(0);
    expect(built.size.rows).toBeGreaterThan(0);
    for (let j = 0; j < m.numCols; j++) {
      expect(m.colLower[j]!).toBeLessThanOrEqual(m.colUpper[j]!);
      expect(Number.isFinite(m.colCost[j]!)).toBe(true);
    }
    const back = await readModelFile(path);
    expect(modelSize(back)).toEqual(built.size);
    expect(back.sense).toBe(m.sense);
    expect(Array.from(back.colCost)).toEqual(Array.from(m.colCost));
    expect(back.structure).toBeUndefined(); // the reason for the separate 'mipnet+nn' column
  });

  it('is deterministic: building the same spec twice gives the same MPS text', async () => {
    const spec = suiteSpecs('quick', ['wine-step-n60-sparse'])[0]!;
    const a = await exportInstance(spec, dir);
    const first = readFileSync(a.path, 'utf8');
    const b = await exportInstance(spec, join(dir, 'again'));
    expect(readFileSync(b.path, 'utf8')).toBe(first);
    expect(writeMps(b.built.model)).toBe(first);
    expect(a.built.tightening).toBeNull();
  });
});
