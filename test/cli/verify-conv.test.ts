/**
 * `mipnet verify` (robustness of a trained ReLU network around a sample) and the architecture flags
 * of `mipnet train` (--conv, --binarized, --activation sign), end to end through the CLI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/nn/network-io.js';
import { forward } from '../../src/nn/network.js';
import { assertCliBuilt, expectUserError, field, makeTempDir, removeDir, runCli, writeFile } from './cli-helpers.js';

let dir: string;
let net: string;

beforeAll(async () => {
  assertCliBuilt();
  dir = makeTempDir();
  net = join(dir, 'relu.json');
  const r = await runCli(['train', '--data', 'iris', '--hidden', '2', '--activation', 'relu', '--samples', '12', '--time-limit', '20', '--threads', '1', '--quiet', '--out', net]);
  expect(r.code, r.stderr).toBe(0);
  expect(existsSync(net)).toBe(true);
});

afterAll(() => removeDir(dir));

describe('mipnet verify', () => {
  it('a radius of 0 is robust exactly when the network classifies the sample correctly', async () => {
    const network = loadNetwork(net);
    const x = [5.1, 3.5, 1.4, 0.2]; // the first iris sample (setosa)
    const scores = forward(network, x, 1).outputs;
    const predicted = scores[1]! > scores[0]! ? 1 : 0;
    const r = await runCli(['verify', '--model', net, '--sample', x.join(','), '--label', '0', '--target', '1', '--epsilon', '0', '--quiet', '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'verdict')).toMatch(predicted === 0 && scores[1]! < scores[0]! ? /^robust/ : /^counterexample/);
  });

  it('a large radius finds a counterexample that the forward pass confirms', async () => {
    const r = await runCli(['verify', '--model', net, '--data', 'iris', '--index', '0', '--target', '1', '--epsilon', '1', '--quiet', '--threads', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout) as { status: string; counterexample?: number[]; bound: number; objective: number };
    expect(v.status).toBe('counterexample');
    const network = loadNetwork(net);
    const s = forward(network, v.counterexample!, 1).outputs;
    expect(s[1]! - s[0]!).toBeGreaterThanOrEqual(-1e-6);
    expect(v.bound).toBeGreaterThanOrEqual(v.objective - 1e-9);
  });

  it('bad requests are one-line errors', async () => {
    expectUserError(await runCli(['verify', '--model', net, '--data', 'iris', '--target', '7', '--epsilon', '0.1']), /target 7 is out of range/);
    expectUserError(await runCli(['verify', '--model', net, '--sample', '1,2', '--label', '0', '--target', '1', '--epsilon', '0.1']), /takes 4 features/);
    expectUserError(await runCli(['verify', '--model', net, '--data', 'iris', '--target', '1', '--epsilon', '-1']), /epsilon/);
    expectUserError(await runCli(['verify', '--model', net, '--target', '1', '--epsilon', '0.1']), /--sample/);
  });
});

describe('mipnet train architectures', () => {
  it('--conv on 4x4 bar images trains a convolution, saves and predicts', async () => {
    const rows: string[] = ['4,16,vertical,horizontal'];
    for (const col of [1, 2]) rows.push([...Array.from({ length: 16 }, (_, i) => (i % 4 === col ? 1 : 0)), 0].join(','));
    for (const row of [1, 2]) rows.push([...Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) === row ? 1 : 0)), 1].join(','));
    const csv = writeFile(dir, 'bars.csv', rows.join('\n') + '\n');
    const out = join(dir, 'conv.json');
    const r = await runCli(['train', '--data', csv, '--hidden', '0', '--conv', '2:3:max:2', '--image', '4x4', '--scaling', 'none', '--time-limit', '30', '--threads', '1', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'objective')).toMatch(/^0\b/);
    expect(loadNetwork(out).layers[0]!.type).toBe('conv');
    const p = await runCli(['predict', '--model', out, '--data', csv]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/accuracy 100\.00%/);
  });

  it('--binarized ternary with sign activations trains XOR to 0 errors', async () => {
    const csv = writeFile(dir, 'xor.csv', 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    const r = await runCli(['train', '--data', csv, '--label', 'y', '--hidden', '2', '--binarized', 'ternary', '--activation', 'sign', '--time-limit', '30', '--threads', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'objective')).toMatch(/^0\b/);
  });

  it('bad architecture flags are one-line errors', async () => {
    expectUserError(await runCli(['train', '--data', 'iris', '--conv', '2x3']), /--conv takes channels:kernel/);
    expectUserError(await runCli(['train', '--data', 'iris', '--image', '2x2']), /--image only applies together with --conv/);
  });
});
