/**
 * Every error a user can cause is one line naming the problem, exit code 2, and no stack trace
 * (README, "Command line"). The compiled CLI is spawned for each case.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNAPSACK_LP, assertCliBuilt, expectUserError, field, makeTempDir, removeDir, runCli, writeFile } from './cli-helpers.js';

let dir: string;
let knapsack: string;

beforeAll(() => {
  assertCliBuilt();
  dir = makeTempDir();
  knapsack = writeFile(dir, 'knapsack.lp', KNAPSACK_LP);
});
afterAll(() => removeDir(dir));

/** A valid free-MPS model with the given COLUMNS lines and BOUNDS lines. */
function mps(columns: string[], bounds: string[] = []): string {
  return [
    'NAME demo',
    'ROWS',
    ' N obj',
    ' L c1',
    'COLUMNS',
    ...columns,
    'RHS',
    '    rhs c1 4.0',
    ...(bounds.length > 0 ? ['BOUNDS', ...bounds] : []),
    'ENDATA',
    '',
  ].join('\n');
}
const COLS_OK = ['    x obj 1.0 c1 2.0', '    y obj 1.0 c1 1.0'];

describe('solve: bad files', () => {
  it('a missing file', async () => {
    const r = await runCli(['solve', join(dir, 'does-not-exist.mps')]);
    expectUserError(r, /not found.*does-not-exist\.mps|does-not-exist\.mps.*not found/);
  });

  it('an unknown extension', async () => {
    const f = writeFile(dir, 'model.txt', KNAPSACK_LP);
    const r = await runCli(['solve', f]);
    expectUserError(r, /model\.txt.*extension|extension.*model\.txt/);
  });

  it('a malformed MPS file: the message names the line number', async () => {
    // line 7 carries a coefficient that is not a number
    const f = writeFile(dir, 'malformed.mps', mps(['    x obj 1.0 c1 2.0', '    y obj abc c1 1.0']));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read MPS: .*line 7\b.*"abc"/);
  });

  it('a malformed MPS file: a COLUMNS entry for an unknown row names the line and the row', async () => {
    const f = writeFile(dir, 'unknown-row.mps', mps(['    x obj 1.0 c1 2.0', '    y obj 1.0 nosuchrow 1.0']));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read MPS: .*line 7\b.*nosuchrow/);
  });

  it('a malformed LP file names the line', async () => {
    const f = writeFile(dir, 'malformed.lp', ['Minimize', ' obj: x + + * y', 'Subject To', ' c1: x + y >= 1', 'End', ''].join('\n'));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read LP: .*line 2\b/);
  });

  it('a NaN coefficient in an MPS file', async () => {
    const f = writeFile(dir, 'nan.mps', mps(['    x obj 1.0 c1 NaN', '    y obj 1.0 c1 1.0']));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read MPS: .*line 6\b.*NaN/);
  });

  it('lower bound > upper bound in BOUNDS', async () => {
    const f = writeFile(dir, 'lo-gt-up.mps', mps(COLS_OK, [' LO BND x 5', ' UP BND x 3']));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read MPS: .*"x".*lower bound 5 > upper bound 3/);
  });

  it('an integer column with fractional bounds', async () => {
    const cols = ["    MARKER 'MARKER' 'INTORG'", '    x obj 1.0 c1 2.0', "    MARKER 'MARKER' 'INTEND'", '    y obj 1.0 c1 1.0'];
    const f = writeFile(dir, 'frac-int.mps', mps(cols, [' LO BND x 0.5', ' UP BND x 3.5']));
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: .*integer column "x".*fractional/);
  });
});

describe('unreadable and unwritable files', () => {
  it('an empty MPS file', async () => {
    const f = writeFile(dir, 'empty.mps', '');
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read MPS: .*empty\.mps.*line 1\b/);
  });

  it('an empty LP file', async () => {
    const f = writeFile(dir, 'empty.lp', '');
    const r = await runCli(['solve', f]);
    expectUserError(r, /^mipnet: read LP: .*empty\.lp.*line 1\b/);
  });

  it('a .mps.gz file that is not gzip', async () => {
    const f = writeFile(dir, 'fake.mps.gz', 'NAME x\n');
    const r = await runCli(['solve', f]);
    expectUserError(r, /fake\.mps\.gz.*gzip/);
  });

  it('a directory instead of a file', async () => {
    const sub = join(dir, 'a-directory.mps');
    mkdirSync(sub, { recursive: true });
    const r = await runCli(['solve', sub]);
    expectUserError(r, /a-directory\.mps/);
  });

  it('generate --out into a missing directory', async () => {
    const r = await runCli(['generate', 'knapsack', '--out', join(dir, 'no-such-dir', 'x.mps')]);
    expectUserError(r, /^mipnet: write model file: .*no-such-dir/);
  });

  it('generate --out with an unknown extension', async () => {
    const r = await runCli(['generate', 'knapsack', '--out', join(dir, 'x.txt')]);
    expectUserError(r, /x\.txt.*extension|extension.*x\.txt/);
  });

  it('generate --size 0', async () => {
    const r = await runCli(['generate', 'knapsack', '--size', '0', '--out', join(dir, 'x.mps')]);
    expectUserError(r, /--size.*0/);
  });

  it('export-mps --out into a missing directory', async () => {
    const r = await runCli(['export-mps', '--data', 'iris', '--hidden', '0', '--samples', '5', '--out', join(dir, 'no-such-dir', 'm.mps')]);
    expectUserError(r, /^mipnet: write model file: .*no-such-dir/);
  });

  it('solve --solution into a missing directory', async () => {
    const r = await runCli(['solve', knapsack, '--quiet', '--solution', join(dir, 'no-such-dir', 's.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mipnet: .*no-such-dir/m);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('solve: outcomes that are not errors', () => {
  it('an infeasible model exits 0 with status infeasible', async () => {
    const f = join(dir, 'infeasible.mps');
    const g = await runCli(['generate', 'infeasible-parity', '--out', f]);
    expect(g.code, g.stderr).toBe(0);
    const r = await runCli(['solve', f, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'status')).toBe('infeasible');
  });

  it('an unbounded model exits 0 with status unbounded or infeasible-or-unbounded', async () => {
    const f = join(dir, 'unbounded.mps');
    const g = await runCli(['generate', 'unbounded', '--out', f]);
    expect(g.code, g.stderr).toBe(0);
    const r = await runCli(['solve', f, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(field(r.stdout, 'status')).toMatch(/^(unbounded|infeasible-or-unbounded)$/);
  });
});

describe('solve: bad option values', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--time-limit', '0'], /--time-limit.*"0"|--time-limit.*'0'/],
    [['--time-limit', '-1'], /--time-limit.*-1/],
    [['--time-limit', 'abc'], /--time-limit.*abc/],
    [['--threads', '0'], /--threads.*0/],
    [['--gap', '-0.5'], /--gap.*-0\.5/],
    [['--param', 'unknown/name=1'], /unknown parameter "unknown\/name"/],
    [['--param', 'branching/pseudocost/reliability=1000'], /branching\/pseudocost\/reliability.*1000.*range/],
    [['--param', 'noequals'], /--param.*noequals/],
    [['--branching', 'nosuchrule'], /unknown branching .*"nosuchrule"/],
    [['--node-selection', 'nosuchselector'], /nosuchselector/],
  ];
  for (const [args, mentions] of cases) {
    it(`solve ${args.join(' ')}`, async () => {
      const r = await runCli(['solve', knapsack, '--quiet', ...args]);
      expectUserError(r, mentions);
    });
  }
});

describe('train / predict: bad input', () => {
  it('train --data with an unknown data set', async () => {
    const r = await runCli(['train', '--data', 'nosuchdataset', '--quiet', '--time-limit', '5']);
    expectUserError(r, /^mipnet: .*"nosuchdataset".*(bundled|file)/);
  });

  it('train --data on a CSV file with a ragged row', async () => {
    const f = writeFile(dir, 'ragged.csv', ['a,b,label', '1,2,x', '3,4,y', '5,y', '6,7,x', ''].join('\n'));
    const r = await runCli(['train', '--data', f, '--label', 'label', '--quiet', '--time-limit', '5']);
    expectUserError(r, /ragged\.csv.*line 4\b/);
  });

  it('train --data on a CSV file with a NaN value', async () => {
    const f = writeFile(dir, 'nan.csv', ['a,b,label', '1,2,x', '3,NaN,y', '5,6,y', '6,7,x', ''].join('\n'));
    const r = await runCli(['train', '--data', f, '--label', 'label', '--quiet', '--time-limit', '5']);
    expectUserError(r, /nan\.csv.*line 3\b.*NaN/);
  });

  it('train --hidden abc', async () => {
    const r = await runCli(['train', '--data', 'iris', '--hidden', 'abc']);
    expectUserError(r, /--hidden.*abc/);
  });

  it('train --sparsity foo=1', async () => {
    const r = await runCli(['train', '--data', 'iris', '--sparsity', 'foo=1']);
    expectUserError(r, /--sparsity.*"foo"/);
  });

  it('train without --data', async () => {
    const r = await runCli(['train', '--hidden', '1']);
    expectUserError(r, /--data/);
  });

  it('predict --model on a truncated network JSON', async () => {
    const f = writeFile(dir, 'truncated-net.json', '{\n  "format": "mipnet-network",\n  "layers": [\n');
    const r = await runCli(['predict', '--model', f, '--data', 'iris']);
    expectUserError(r, /^mipnet: load network: .*truncated-net\.json.*invalid JSON/);
  });

  it('predict --model on a one-line malformed network JSON', async () => {
    const f = writeFile(dir, 'bad-net.json', '{ "layers": [ { "weights": [1, 2, }');
    const r = await runCli(['predict', '--model', f, '--data', 'iris']);
    expectUserError(r, /^mipnet: load network: .*bad-net\.json.*invalid JSON/);
  });

  it('predict --model on a pretty-printed network JSON with a syntax error: still one line', async () => {
    const f = writeFile(dir, 'bad-net-multiline.json', '{\n  "format": "mipnet-network",\n  "layers": [\n    { "weights": [1, 2, }\n  ]\n}\n');
    const r = await runCli(['predict', '--model', f, '--data', 'iris']);
    expectUserError(r, /^mipnet: load network: .*bad-net-multiline\.json, line 4: invalid JSON/);
  });

  it('predict --model on valid JSON that is not a network', async () => {
    const f = writeFile(dir, 'not-a-net.json', JSON.stringify({ hello: 'world' }));
    const r = await runCli(['predict', '--model', f, '--data', 'iris']);
    expectUserError(r, /^mipnet: load network: .*not-a-net\.json/);
  });

  it('predict --model on a missing file', async () => {
    const r = await runCli(['predict', '--model', join(dir, 'no-such-net.json'), '--data', 'iris']);
    expectUserError(r, /^mipnet: load network: .*no-such-net\.json/);
  });
});
