/**
 * Conflict analysis on infeasible node LPs (dual proofs): every learned conflict is a valid
 * constraint — it holds at the reference optimal solution of every instance with a known optimum —
 * its propagation closes nodes, and the engine reaches the same optima with and without it.
 */
import { describe, expect, it } from 'vitest';
import { ConflictPool } from '../../src/bnb/conflict-pool.js';
import { Domain } from '../../src/bnb/domain.js';
import { IncumbentStore } from '../../src/bnb/incumbent-store.js';
import { NodeProcessor, processorOptions } from '../../src/bnb/node-processor.js';
import { bestBoundOrder } from '../../src/bnb/node-queue.js';
import { rootNode } from '../../src/bnb/open-node.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { PluginSet } from '../../src/bnb/plugin-set.js';
import { Search } from '../../src/bnb/search.js';
import { solveModel } from '../../src/bnb/solve.js';
import { correctnessSuite } from '../../src/gen/index.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { expectClose } from '../helpers/solution-checks.js';
import '../../src/plugins.js';

/** A full search on mipnet's own pieces (propagation off so that node LPs go infeasible); returns the conflicts learned. */
async function searchConflicts(model: Model) {
  const lpFactory = await highsLpFactory();
  const resolved = globalRegistry.resolveParams({ 'propagator/row-activity/enabled': false, 'cuts/enabled': false });
  const plugins = PluginSet.open(globalRegistry, model, resolved, { branching: 'most-fractional', nodeSelection: 'best-bound' }, { lpFactory, role: 'serial' });
  const proc = new NodeProcessor(model, lpFactory(), plugins, new IncumbentStore(model), processorOptions(resolved));
  try {
    const search = new Search(proc, { compare: bestBoundOrder, plunge: true, plungeDepth: 8 });
    search.add(rootNode());
    search.run({ check: () => undefined }, 20000);
    return { conflicts: [...(proc.conflicts?.conflicts ?? [])], stats: proc.pluginStats(), value: proc.incumbents.value * proc.sign };
  } finally {
    proc.dispose();
    plugins.close();
  }
}

describe('conflict analysis', () => {
  const instances = correctnessSuite().filter((s) => s.expected.status === 'optimal' && s.model.numIntegers > 0 && s.model.numRows > 0);

  it('every learned dual proof holds at the reference optimum, on the correctness suite', async () => {
    let learned = 0;
    for (const inst of instances) {
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      const { conflicts, value } = await searchConflicts(inst.model);
      expectClose(value, ref.objective!, `${inst.name}: search optimum`);
      const xs = ref.solution!;
      for (const c of conflicts) {
        let a = 0;
        for (let k = 0; k < c.cols.length; k++) a += c.vals[k]! * xs[c.cols[k]!]!;
        expect(a, `${inst.name}: conflict ${a} >= ${c.rhs}`).toBeGreaterThanOrEqual(c.rhs - 1e-6 * Math.max(1, Math.abs(c.rhs)));
      }
      learned += conflicts.length;
    }
    expect(learned).toBeGreaterThan(0);
  });

  it('propagates a conflict: closes a box that cannot reach it, tightens bounds of one that can', () => {
    const b = new ModelBuilder('box');
    b.addBinary('x');
    b.addBinary('y');
    b.addColumn({ name: 'z', lower: 0, upper: 10, integer: true });
    const model = b.build();
    const pool = new ConflictPool(model, { maxConflicts: 10, maxLength: 10 });
    // x + y + z >= 8.5 (as if learned)
    pool.conflicts.push({ cols: Int32Array.of(0, 1, 2), vals: Float64Array.of(1, 1, 1), rhs: 8.5, uses: 0 });
    const d = new Domain(model);
    expect(pool.propagate(d, 0)).toBe('ok');
    expect(d.lower[2]).toBe(7); // z >= 8.5 - 2, rounded up
    const e = new Domain(model);
    expect(e.tighten(2, 0, 6, 1, -1)).toBeGreaterThan(0);
    expect(pool.propagate(e, 0)).toBe('infeasible'); // x + y + z <= 8 < 8.5
    expect(pool.conflicts[0]!.uses).toBeGreaterThan(0);
  });

  it('the engine reaches the same optima with and without conflicts, and reports their statistics', async () => {
    let proofs = 0;
    for (const inst of instances.slice(0, 14)) {
      const off = await solveModel(inst.model, { params: { 'conflicts/enabled': false, 'propagator/row-activity/enabled': false } });
      const on = await solveModel(inst.model, { params: { 'propagator/row-activity/enabled': false } });
      expect(on.status, inst.name).toBe('optimal');
      expectClose(on.objective!, off.objective!, `${inst.name}: with vs without conflicts`);
      proofs += on.stats.find((s) => s.name === 'conflicts/dual-proofs')?.cutsFound ?? 0;
    }
    expect(proofs).toBeGreaterThan(0);
  });
});
