/**
 * Presolve on two MIPLIB 3 instances shipped as fixtures (p0033, vpm1): it removes rows and
 * columns, takes well under a second, and HiGHS on the reduced model with postsolve gives a
 * feasible point with the known optimum.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../../src/io/model-file.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { presolve } from '../../src/presolve/presolve.js';
import { expectFeasibleSolution } from '../helpers/solution-checks.js';
import { expectReduced } from './presolve-helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}.mps.gz`, import.meta.url));

describe('presolve on MIPLIB 3 instances', () => {
  for (const [name, optimum, minRemovedRows] of [['p0033', 3089, 2], ['vpm1', 20, 50]] as const) {
    it(`${name}: reduces, and the postsolved optimum of the reduced model is ${optimum}`, async () => {
      const m = await readModelFile(fixture(name));
      const r = expectReduced(presolve(m), name);
      expect(r.stats.seconds).toBeLessThan(1);
      expect(r.stats.rowsRemoved, name).toBeGreaterThanOrEqual(minRemovedRows);
      expect(r.stats.original.rows - r.stats.reduced.rows).toBe(r.stats.rowsRemoved);
      expect(r.stats.original.cols - r.stats.reduced.cols).toBe(r.stats.colsRemoved);
      expect(r.stats.original.nonzeros - r.stats.reduced.nonzeros).toBe(r.stats.nonzerosRemoved);
      const red = await solveWithHighsMip(r.model, { gap: 0, timeLimit: 60 });
      expect(red.status).toBe('optimal');
      expect(Math.abs(red.objective! - optimum)).toBeLessThanOrEqual(1e-6 * optimum);
      expectFeasibleSolution(m, r.postsolve(red.solution!), optimum, `${name} postsolved`);
    });
  }
});
