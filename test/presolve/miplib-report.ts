/**
 * Measures presolve on the MIPLIB 3 instances (not a test: run by hand,
 * `npx tsx test/presolve/miplib-report.ts [folder] [--solve]`): rows / columns / nonzeros before
 * and after, bounds tightened, rounds and seconds per instance, as a Markdown table. With --solve
 * each reduced model of an instance that highs-js solves quickly is solved by HiGHS (30 s) and its
 * postsolved point checked against the original model (feasibility and objective);
 * `--only a,b` restricts the instances.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelFile } from '../../src/io/model-file.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { presolve } from '../../src/presolve/presolve.js';

const args = process.argv.slice(2);
const solve = args.includes('--solve');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
const folder = args.find((a, k) => !a.startsWith('--') && k !== onlyAt + 1) ?? '/work/shared/benchmarks/miplib3';
const files = (await readdir(folder))
  .filter((f) => f.endsWith('.mps.gz') && (!only || only.has(f.replace('.mps.gz', ''))))
  .sort();
const pct = (a: number, b: number): string => (b === 0 ? '0' : ((100 * (b - a)) / b).toFixed(1));
console.log(`| instance | rows | cols | nonzeros | rows after | cols after | nonzeros after | removed rows / cols / nz % | bounds tightened | rounds | ms |${solve ? ' check |' : ''}`);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |${solve ? ' --- |' : ''}`);
let worst = { name: '', ms: 0 };
for (const f of files) {
  const model = await readModelFile(join(folder, f));
  const name = f.replace('.mps.gz', '');
  const r = presolve(model);
  const s = r.stats;
  const ms = s.seconds * 1000;
  if (ms > worst.ms) worst = { name, ms };
  let check = '';
  if (solve && r.status === 'reduced') {
    const ref = await solveWithHighsMip(model, { timeLimit: 30 });
    const red = await solveWithHighsMip(r.model, { timeLimit: 30 });
    if (red.solution && ref.status === 'optimal' && red.status === 'optimal') {
      const x = r.postsolve(red.solution);
      const v = model.maxViolation(x).value;
      const d = Math.abs(model.objectiveOf(x) - ref.objective!) / Math.max(1, Math.abs(ref.objective!));
      check = ` ${v <= 1e-6 && d <= 1e-6 ? 'ok' : 'FAIL'} (viol ${v.toExponential(1)}, rel ${d.toExponential(1)}) |`;
    } else {
      check = ` ref ${ref.status}, reduced ${red.status} |`;
    }
  }
  const a = s.reduced;
  const o = s.original;
  const status = r.status === 'reduced' ? '' : ` (${r.status})`;
  console.log(
    `| ${name}${status} | ${o.rows} | ${o.cols} | ${o.nonzeros} | ${a.rows} | ${a.cols} | ${a.nonzeros} | ${pct(a.rows, o.rows)} / ${pct(a.cols, o.cols)} / ${pct(a.nonzeros, o.nonzeros)} | ${s.boundsTightened} | ${s.rounds} | ${ms.toFixed(1)} |${check}`,
  );
}
console.log(`\nslowest: ${worst.name} ${worst.ms.toFixed(1)} ms`);
