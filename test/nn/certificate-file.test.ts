import { describe, expect, it } from 'vitest';
import { MipnetError } from '../../src/errors.js';
import { certificateFile, certificateJson, type CertificateFile, type SubsetClaimEntry } from '../../src/nn/certificate-file.js';
import { checkCertificate, parseCertificateFile } from '../../src/nn/check-certificate.js';
import { train } from '../../src/nn/train.js';
import type { TrainOptions } from '../../src/nn/train-options.js';
import { blobs } from '../nn-engine/nn-fixtures.js';
import { datasetFromArrays } from '../../src/data/dataset.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { buildTrainingModel } from '../../src/nn/training-model.js';
import { mulberry32 } from '../helpers/rng.js';

const clone = (f: CertificateFile): CertificateFile => parseCertificateFile(certificateJson(f), 'clone');

describe('training certificate file and its checker', async () => {
  // 4 classes, 3 kill-switched step neurons: the architecture forces 2 live neurons; subset bounds on, with loss batches
  const dataset = blobs(11, 16, 4);
  const options: TrainOptions = {
    dataset,
    hidden: [3],
    sparsity: { weights: 0.1, neurons: 0.1 },
    lpTightening: false,
    solver: { threads: 1, timeLimit: 10, params: { 'separator/nn-subset-bounds/enabled': true, 'separator/nn-subset-bounds/loss-batches': 2, 'separator/nn-subset-bounds/batch-size': 6 } },
  };
  const result = await train(options);
  const file = certificateFile(options, result);

  it('states the bound in parts, the rungs and the claims; the architecture part matches what 4 classes force', () => {
    const p = result.proof;
    expect(p.trainSamples).toBe(16);
    expect(p.classCounts.reduce((a, b) => a + b, 0)).toBe(16);
    // ≤ 1 live neuron: 2 patterns for 4 classes, the 2 smallest classes wrong
    const one = p.rungs.find((g) => g.maxLive === 1)!;
    const sorted = p.classCounts.slice().sort((a, b) => a - b);
    expect(one.minErrors).toBe(sorted[0]! + sorted[1]!);
    expect(p.bound.architecture).toBeCloseTo(0.2, 9); // two neurons at 0.1 each, no forced error
    expect(p.bound.split.errors + p.bound.split.neurons + p.bound.split.rest).toBeCloseTo(p.bound.value, 9);
    expect(p.bound.value).toBeLessThanOrEqual(result.certificate.objective! + 1e-6);
    expect(p.objective!.total).toBeCloseTo(result.certificate.objective!, 9);
    expect(p.objective!.loss + p.objective!.weights + p.objective!.neurons + p.objective!.activations).toBeCloseTo(p.objective!.total, 9);
    expect(p.claims.some((c) => c.kind === 'architecture')).toBe(true);
    expect(p.claims.some((c) => c.kind === 'subset'), JSON.stringify(result.solve.reports)).toBe(true);
    // the returned network lies on the rungs at or above its live count only
    const live = result.counts!.neurons;
    for (const g of p.rungs) expect(g.holdsReturnedNetwork).toBe(g.maxLive >= live);
  });

  it('no subset claim says more than the returned network pays: its objective (claims with the penalty), its loss (loss-only claims)', () => {
    const subset = result.proof.claims.filter((x): x is SubsetClaimEntry => x.kind === 'subset');
    expect(subset.length).toBeGreaterThan(0);
    for (const c of subset) {
      expect(c.bound).toBeLessThanOrEqual((c.penaltyWeight === 1 ? result.certificate.objective! : result.loss!) + 1e-6);
      expect(c.samples.every((s) => s >= 0 && s < 16)).toBe(true);
    }
  });

  it('the checker re-proves it: the data, the network, the architecture, every claim (highs-js on the subset models)', async () => {
    const r = await checkCertificate(clone(file), { dataset, timeLimit: 30 });
    expect(r.invalid, JSON.stringify(r.items, null, 1)).toBe(0);
    expect(r.items.find((i) => i.item === 'network')!.verdict).toBe('valid');
    expect(r.items.filter((i) => i.item.startsWith('claim')).every((i) => i.verdict === 'valid')).toBe(true);
  });

  it('the checker catches a tampered claim, network or data set', async () => {
    const sub = clone(file);
    const k = sub.proof.claims.findIndex((c) => c.kind === 'subset');
    (sub.proof.claims[k] as SubsetClaimEntry).bound += 1;
    const a = clone(file);
    const j = a.proof.claims.findIndex((c) => c.kind === 'architecture');
    (a.proof.claims[j] as { minErrors: number }).minErrors += 1;
    const net = clone(file);
    const w = net.network!.layers[0]! as unknown as { weights: number[][] };
    w.weights[0]![0] = w.weights[0]![0]! + 0.37;
    const r1 = await checkCertificate(sub, { dataset, timeLimit: 30 });
    expect(r1.items.find((i) => i.item === `claim ${k + 1}`)!.verdict).toBe('invalid');
    const r2 = await checkCertificate(a, { dataset, timeLimit: 30 });
    expect(r2.items.find((i) => i.item === `claim ${j + 1}`)!.verdict).toBe('invalid');
    const r3 = await checkCertificate(net, { dataset, timeLimit: 30 });
    expect(r3.items.find((i) => i.item === 'network')!.verdict).toBe('invalid');
    const r4 = await checkCertificate(clone(file), { dataset: blobs(12, 16, 4), timeLimit: 30 });
    expect(r4.invalid).toBeGreaterThan(0);
  });

  it('a file that is not a certificate gets one clear error naming it', () => {
    expect(() => parseCertificateFile('{', 'x.json')).toThrow(MipnetError);
    expect(() => parseCertificateFile('{', 'x.json')).toThrow(/x\.json is not JSON/);
    expect(() => parseCertificateFile('{"format":"mipnet-network"}', 'n.json')).toThrow(/not a mipnet certificate/);
    expect(() => parseCertificateFile(certificateJson({ ...file, version: 2 as 1 }), 'v.json')).toThrow(/version 2/);
  });
});

describe('rung claims (nn-subset-bounds, rungs on): one step neuron cannot fit XOR', async () => {
  // 2 classes in the four corners, labels by XOR: 2 live neurons fit, 1 cannot
  const rows: number[][] = [];
  const y: number[] = [];
  const g = mulberry32(5);
  for (let i = 0; i < 12; i++) {
    const a = i % 2;
    const b = Math.floor(i / 2) % 2;
    rows.push([a + (g() - 0.5) * 0.3, b + (g() - 0.5) * 0.3]);
    y.push(a ^ b);
  }
  const dataset = datasetFromArrays(rows, y, undefined, 'xor-12');
  const options: TrainOptions = {
    dataset,
    hidden: [2],
    sparsity: { weights: 0.1, neurons: 0.1 },
    lpTightening: false,
    solver: { threads: 1, timeLimit: 20, params: { 'separator/nn-subset-bounds/enabled': true, 'separator/nn-subset-bounds/batch-size': 8 } },
  };
  const result = await train(options);

  it('claims that any network with at most 1 live neuron has loss ≥ 1 on the batch; the checker re-proves it; the optimum still uses 2 neurons', async () => {
    const rung = result.proof.claims.filter((c): c is SubsetClaimEntry => c.kind === 'subset' && c.rung !== undefined);
    expect(rung.length, JSON.stringify(result.solve.reports)).toBeGreaterThan(0);
    expect(rung[0]!.rung).toEqual({ layer: 1, maxLive: 1 });
    expect(rung[0]!.bound).toBeGreaterThanOrEqual(1 - 1e-6);
    expect(result.proof.rungs.find((g) => g.maxLive === 1)?.subsetLoss?.minLoss).toBeGreaterThanOrEqual(1 - 1e-6);
    const check = await checkCertificate(clone(certificateFile(options, result)), { dataset, timeLimit: 30 });
    expect(check.invalid, JSON.stringify(check.items, null, 1)).toBe(0);
    const tm = await buildTrainingModel({ ...options, solver: undefined });
    const ref = await solveWithHighsMip(tm.model, { timeLimit: 60 });
    expect(ref.status).toBe('optimal');
    expect(result.certificate.status).toBe('optimal');
    expect(result.certificate.objective!).toBeCloseTo(ref.objective!, 5);
    expect(result.counts!.neurons).toBe(2);
  });
});
