/**
 * End-to-end tests of `mipnet train`, `mipnet predict` and `mipnet export-mps` on the bundled Iris
 * data set (tiny sub-samples and short time limits: the point is the command line, not the search).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, expectUserError, field, makeTempDir, removeDir, runCli } from './cli-helpers.js';

let dir: string;
let netFile: string;
let trainRun: Awaited<ReturnType<typeof runCli>> | undefined;

const IRIS_SAMPLES = 150;

beforeAll(async () => {
  assertCliBuilt();
  dir = makeTempDir();
  netFile = join(dir, 'net.json');
  // one training run shared by the tests below (it may take the whole time limit)
  trainRun = await runCli(['train', '--data', 'iris', '--hidden', '1', '--samples', '12', '--time-limit', '10', '--quiet', '--out', netFile], {
    timeoutMs: 60_000,
  });
}, 90_000);
afterAll(() => removeDir(dir));

const STATUSES = /^(optimal|time-limit|node-limit|gap-limit|solution-limit)$/;

describe('mipnet train', () => {
  it('exits 0 and prints the certificate, the accuracy and where the network went', () => {
    const r = trainRun!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr, 'quiet: no progress log').toBe('');
    expect(field(r.stdout, 'model')).toMatch(/^mipnet-train: \d+ columns \(\d+ integer\), \d+ rows, \d+ nonzeros$/);
    expect(field(r.stdout, 'status')).toMatch(STATUSES);
    const objective = Number(/^objective\s+(\S+)/m.exec(r.stdout)?.[1]);
    const bound = Number(/^bound\s+(\S+)/m.exec(r.stdout)?.[1]);
    expect(Number.isFinite(objective), r.stdout).toBe(true);
    expect(Number.isFinite(bound), r.stdout).toBe(true);
    // a valid certificate: the bound never exceeds the objective of the returned network (minimisation)
    expect(bound).toBeLessThanOrEqual(objective + 1e-6);
    // xor loss over 12 samples and 3 classes: at most 12 * 3 wrong output bits
    expect(objective).toBeGreaterThanOrEqual(0);
    expect(objective).toBeLessThanOrEqual(36);
    expect(field(r.stdout, 'gap')).toMatch(/^\d+(\.\d+)?%$/);
    expect(field(r.stdout, 'nodes')).toMatch(/^\d+/);
    expect(field(r.stdout, 'verified')).toMatch(/^yes\b/);
    expect(r.stdout).toMatch(/^train {7}accuracy \d+\.\d\d% on 12 samples$/m);
    expect(field(r.stdout, 'network')).toBe(`written to ${netFile}`);
    if (field(r.stdout, 'status') === 'optimal') expect(bound).toBeCloseTo(objective, 6);
  });

  it('writes a network JSON file', () => {
    expect(existsSync(netFile)).toBe(true);
    const net = JSON.parse(readFileSync(netFile, 'utf8')) as { format?: string };
    expect(net.format).toBe('mipnet-network');
  });

  it('--train-fraction adds a test accuracy line; --sparsity adds a penalty to the objective', async () => {
    const r = await runCli(
      ['train', '--data', 'iris', '--hidden', '0', '--samples', '10', '--train-fraction', '0.5', '--sparsity', 'weights=0.1', '--time-limit', '10', '--quiet'],
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^train {7}accuracy \d+\.\d\d% on 10 samples$/m);
    // stratified half of Iris held out
    expect(r.stdout).toMatch(/^test {8}accuracy \d+\.\d\d% on 75 samples$/m);
    const m = /^objective\s+(\S+)\s+\(loss (\S+), penalty (\S+)\)$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [objective, loss, penalty] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect(penalty).toBeGreaterThan(0);
    expect(objective).toBeCloseTo(loss + penalty, 6);
    expect(field(r.stdout, 'verified')).toMatch(/^yes\b/);
    expect(field(r.stdout, 'sparsity')).toMatch(/^\d+ nonzero weights, \d+ firing hidden activations, \d+ live hidden neurons$/);
  });

  it('--json prints the full result as parseable JSON', async () => {
    const r = await runCli(['train', '--data', 'iris', '--hidden', '0', '--samples', '6', '--time-limit', '10', '--quiet', '--json'], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      certificate: { status: string; objective: number | null; bound: number; verified: boolean };
      network: unknown;
      train: { accuracy: number; samples: number } | null;
      solve: { solution?: unknown; status: string };
    };
    expect(j.certificate.status).toMatch(STATUSES);
    expect(j.certificate.verified).toBe(true);
    expect(j.network).toBeTruthy();
    expect(j.train?.samples).toBe(6);
    expect(j.train!.accuracy).toBeGreaterThanOrEqual(0);
    expect(j.train!.accuracy).toBeLessThanOrEqual(1);
    expect(j.solve.solution, 'the raw solution vector is left out').toBeUndefined();
  });
});

describe('mipnet predict', () => {
  it('predicts with the trained network and prints the accuracy and the confusion matrix', async () => {
    expect(existsSync(netFile)).toBe(true);
    const r = await runCli(['predict', '--model', netFile, '--data', 'iris']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^accuracy \\d+\\.\\d\\d% on ${IRIS_SAMPLES} samples$`, 'm'));
    expect(r.stdout).toMatch(/^confusion \(rows: true class, columns: predicted; last column: no class\)$/m);
    const rows = r.stdout
      .split('\n')
      .filter((l) => /^\s+\d+(\s+\d+)*\s*$/.test(l))
      .map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows).toHaveLength(3); // three Iris classes
    // every printed row is the true class's predictions plus the "no class" column
    for (const row of rows) expect(row).toHaveLength(4);
    expect(rows.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([50, 50, 50]);
    for (const row of rows) expect(row.length).toBeGreaterThanOrEqual(3);
  });

  it('--json output parses, with one prediction per sample and an accuracy that matches them', async () => {
    const r = await runCli(['predict', '--model', netFile, '--data', 'iris', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { predictions: number[]; accuracy: number; confusion: { matrix: number[][]; noClass: number[] } };
    expect(j.predictions).toHaveLength(IRIS_SAMPLES);
    for (const p of j.predictions) expect([-1, 0, 1, 2]).toContain(p);
    expect(j.accuracy).toBeGreaterThanOrEqual(0);
    expect(j.accuracy).toBeLessThanOrEqual(1);
    // every sample is in the confusion matrix or in the no-class counts
    const total = j.confusion.matrix.flat().reduce((a, b) => a + b, 0) + j.confusion.noClass.reduce((a, b) => a + b, 0);
    expect(total).toBe(IRIS_SAMPLES);
    const correct = j.confusion.matrix.reduce((a, row, t) => a + row[t]!, 0);
    expect(j.accuracy).toBeCloseTo(correct / IRIS_SAMPLES, 12);
  });

  it('refuses a data set whose feature count does not match the network', async () => {
    const r = await runCli(['predict', '--model', netFile, '--data', 'wine']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mipnet: predict: the network takes 4 features but wine has 13$/m);
    expect(r.stdout).toBe('');
  });
});

describe('a plain CSV file with --label', () => {
  it('trains XOR exactly (loss 0) and predicts it back with 100% accuracy', async () => {
    const csv = join(dir, 'xor.csv');
    writeFileSync(csv, ['f1,f2,cls', '0,0,a', '0,1,b', '1,0,b', '1,1,a', '0.1,0.1,a', '0.9,0.1,b', ''].join('\n'));
    const net = join(dir, 'xor-net.json');
    const t = await runCli(['train', '--data', csv, '--label', 'cls', '--hidden', '2', '--time-limit', '30', '--quiet', '--out', net], {
      timeoutMs: 60_000,
    });
    expect(t.code, t.stderr).toBe(0);
    // XOR is separable by two step units: the proven optimum is loss 0
    expect(field(t.stdout, 'status')).toBe('optimal');
    expect(t.stdout).toMatch(/^objective\s+0\b/m);
    expect(t.stdout).toMatch(/^train {7}accuracy 100\.00% on 6 samples$/m);
    const p = await runCli(['predict', '--model', net, '--data', csv, '--label', 'cls']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^accuracy 100\.00% on 6 samples$/m);
  });
});

describe('mipnet export-mps', () => {
  it('writes the training MILP as MPS, and solve reads it back', async () => {
    const mpsFile = join(dir, 'm.mps');
    const e = await runCli(['export-mps', '--data', 'iris', '--hidden', '1', '--samples', '10', '--out', mpsFile], { timeoutMs: 60_000 });
    expect(e.code, e.stderr).toBe(0);
    const m = /^wrote .*m\.mps: (\d+) columns \((\d+) integer\), (\d+) rows, (\d+) nonzeros$/m.exec(e.stdout);
    expect(m, e.stdout).not.toBeNull();
    expect(existsSync(mpsFile)).toBe(true);

    // solve reads it (a short node limit: only reading and the model summary matter here)
    const s = await runCli(['solve', mpsFile, '--quiet', '--json', '--node-limit', '1', '--time-limit', '20'], { timeoutMs: 60_000 });
    expect(s.code, s.stderr).toBe(0);
    const j = JSON.parse(s.stdout) as { status: string; model: { columns: number; integers: number; rows: number; nonzeros: number } };
    expect(j.model.columns).toBe(Number(m![1]));
    expect(j.model.integers).toBe(Number(m![2]));
    expect(j.model.rows).toBe(Number(m![3]));
    expect(j.model.nonzeros).toBe(Number(m![4]));
    expect(j.status).not.toMatch(/infeasible|unbounded/);
  });

  it('adds zero-pattern rows with an activation penalty, and --no-zero-pattern-rows leaves them out', async () => {
    const size = async (extra: string[]): Promise<{ cols: number; rows: number }> => {
      const out = join(dir, `zp${extra.length}.lp`);
      const e = await runCli(['export-mps', '--data', 'iris', '--hidden', '2', '--samples', '12', '--no-lp-tightening', '--sparsity', 'activations=0.1', ...extra, '--out', out], { timeoutMs: 60_000 });
      expect(e.code, e.stderr).toBe(0);
      const m = /: (\d+) columns \(\d+ integer\), (\d+) rows/.exec(e.stdout);
      expect(m, e.stdout).not.toBeNull();
      return { cols: Number(m![1]), rows: Number(m![2]) };
    };
    const on = await size([]);
    const off = await size(['--no-zero-pattern-rows']);
    // output layer of 3 classes on 2 step inputs: one o column per class, two rows per sample and class
    expect(on.cols - off.cols).toBe(3);
    expect(on.rows - off.rows).toBeGreaterThan(0);
    expect(on.rows - off.rows).toBeLessThanOrEqual(2 * 12 * 3);
  });

  it('--certificate writes what the run proves; check-certificate re-checks it (exit 0) and refuses a file that is not one (exit 2)', async () => {
    const cert = join(dir, 'cert.json');
    const t = await runCli(['train', '--data', 'iris', '--hidden', '2', '--samples', '12', '--sparsity', 'weights=0.1,neurons=0.1', '--time-limit', '5', '--threads', '1', '--quiet', '--certificate', cert], { timeoutMs: 60_000 });
    expect(t.code, t.stderr).toBe(0);
    expect(field(t.stdout, 'certificate')).toBe(`written to ${cert} (check it with: mipnet check-certificate ${cert})`);
    // 3 classes: at most one live neuron tells 2 classes apart, so the third is wrong
    expect(field(t.stdout, 'rungs')).toMatch(/layer 1 with ≤1 live: ≥ \d+ errors/);
    const j = JSON.parse(readFileSync(cert, 'utf8')) as { format: string; problem: { data: string; trainSamples: number } };
    expect(j.format).toBe('mipnet-certificate');
    expect(j.problem.data).toBe('iris');
    expect(j.problem.trainSamples).toBe(12);
    const c = await runCli(['check-certificate', cert], { timeoutMs: 120_000 });
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^valid +network /m);
    expect(c.stdout).toMatch(/^\d+ valid, 0 invalid, \d+ unknown$/m);
    const bad = join(dir, 'not-a-cert.json');
    writeFileSync(bad, '{"format":"mipnet-network"}');
    expectUserError(await runCli(['check-certificate', bad]), /not-a-cert\.json is not a mipnet certificate/);
    expectUserError(await runCli(['check-certificate', join(dir, 'missing.json')]), /cannot read .*missing\.json/);
  });
});

