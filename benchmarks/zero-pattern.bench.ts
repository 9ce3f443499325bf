/**
 * Root LP bound of NN suite instances with and without zero-pattern rows (TrainOptions
 * zeroPatternRows; see src/nn/dense-layer.ts), side by side in one run. Not a test.
 *
 *   npx tsx benchmarks/zero-pattern.bench.ts [--instances name,...]
 *
 * Prints per instance and setting: rows, LP status, root LP objective (the bound before any
 * branching, propagation or cuts) and the LP's seconds.
 */
import { createHighsLpSolver } from '../src/lp/highs-lp.js';
import { getHighs } from '../src/lp/highs-loader.js';
import { runScript, scriptArgs } from './lib/script-cli.js';
import { buildInstance, suiteSpecs } from './nn-suite.js';

const USAGE = 'usage: npx tsx benchmarks/zero-pattern.bench.ts [--instances name,...]';

async function main(): Promise<void> {
  const { values } = scriptArgs(USAGE, {
    options: { instances: { type: 'string', default: 'wine-step-n60-sparse,breast-cancer-step-n300-sparse,iris-step-n60-intw' } },
  });
  const names = values.instances!.split(',').map((s) => s.trim()).filter(Boolean);
  const highs = await getHighs();
  console.log('| instance | zero-pattern rows | rows | LP status | root LP bound | seconds |');
  console.log('| --- | --- | ---: | --- | ---: | ---: |');
  for (const spec of suiteSpecs('full', names)) {
    for (const on of [false, true]) {
      const built = await buildInstance({ ...spec, options: { ...spec.options, zeroPatternRows: on } });
      const lp = createHighsLpSolver(highs);
      try {
        lp.load(built.model);
        const t0 = performance.now();
        const r = lp.optimize();
        const s = (performance.now() - t0) / 1000;
        console.log(`| ${spec.name} | ${on ? 'on' : 'off'} | ${built.model.numRows} | ${r.status} | ${r.objective.toFixed(4)} | ${s.toFixed(2)} |`);
      } finally {
        lp.dispose();
      }
    }
  }
}

runScript(main);
