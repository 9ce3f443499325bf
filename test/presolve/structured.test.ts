/**
 * Models with NN structure get a bounds-only presolve: every row, column, tag and the structure
 * (which refers to column and row indices) stay; only column bounds get tighter.
 */
import { describe, expect, it } from 'vitest';
import { solveModel } from '../../src/bnb/solve.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';
import { buildTrainingModel } from '../../src/nn/training-model.js';
import { presolve } from '../../src/presolve/presolve.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';
import { expectReduced, expectSameOptimum } from './presolve-helpers.js';

/** The reduced model is the original with bounds inside the original's. */
function expectSameShapeTighterBounds(orig: Model, red: Model): void {
  expect(red.numCols).toBe(orig.numCols);
  expect(red.numRows).toBe(orig.numRows);
  expect(red.structure).toBe(orig.structure);
  expect(red.colNames).toEqual(orig.colNames);
  expect(red.rowNames).toEqual(orig.rowNames);
  for (const key of ['tagKind', 'tagLayer', 'tagNeuron', 'tagSample', 'colStart', 'rowIndex', 'value', 'rowLower', 'rowUpper', 'colCost', 'integrality'] as const) {
    expect(red[key], key).toEqual(orig[key]);
  }
  expect(red.objectiveOffset).toBe(orig.objectiveOffset);
  for (let j = 0; j < orig.numCols; j++) {
    expect(red.colLower[j]!, `lower of ${orig.colNames[j]}`).toBeGreaterThanOrEqual(orig.colLower[j]!);
    expect(red.colUpper[j]!, `upper of ${orig.colNames[j]}`).toBeLessThanOrEqual(orig.colUpper[j]!);
    expect(red.colLower[j]!).toBeLessThanOrEqual(red.colUpper[j]!);
  }
}

describe('presolve of structured models', () => {
  it('keeps the structure of an iris training model (20 samples, 2 hidden) and its optimum', async () => {
    const tm = await buildTrainingModel({ dataset: 'iris', hidden: [2], trainSamples: 20 });
    const m = tm.model;
    expect(m.structure).toBeDefined();
    const r = expectReduced(presolve(m), 'iris');
    expect(r.stats.boundsOnly).toBe(true);
    expect(r.stats.reduced).toEqual(r.stats.original);
    expectSameShapeTighterBounds(m, r.model);
    const orig = await solveModel(m, { timeLimit: 60 });
    const red = await solveModel(r.model, { timeLimit: 60 });
    expect(orig.status).toBe('optimal');
    expect(red.status).toBe('optimal');
    expectClose(red.objective!, orig.objective!, 'iris optimum after presolve');
    const x = r.postsolve(red.solution!);
    expectFeasibleSolution(m, x, orig.objective!, 'iris postsolved');
  });

  /** w (weight) and a (activation) tagged when `tagged`; a fixed column, a duplicate row, a singleton row. */
  function linkModel(tagged: boolean): Model {
    const b = new ModelBuilder('tagged');
    const w = b.addColumn({ name: 'w', lower: -5, upper: 5, cost: 1, ...(tagged ? { tag: { kind: ColumnKind.WEIGHT, layer: 1, neuron: 0, sample: 0 } } : {}) });
    const a = b.addBinary('a', 2, tagged ? { kind: ColumnKind.ACTIVATION, layer: 1, neuron: 0, sample: 0 } : undefined);
    const fixed = b.addColumn({ name: 'fixed', lower: 1, upper: 1, cost: 3 });
    const spare = b.addColumn({ name: 'spare', lower: -1, upper: 4, cost: 1, integer: true });
    b.addRow({ name: 'single', lower: -2 }, [w], [1]); // → w ≥ -2
    b.addRow({ name: 'link', upper: 0.5 }, [w, a, fixed], [1, -10, 1]); // w ≤ 10a - 0.5
    b.addRow({ name: 'dup', upper: 1 }, [w, a, fixed], [2, -20, 2]);
    b.addRow({ name: 'loose', upper: 100 }, [w, spare], [1, 1]);
    return b.build();
  }

  it('only tightens bounds on a tagged model where a general presolve removes rows and columns', async () => {
    const m = linkModel(true);
    expect(m.hasStructure).toBe(true);
    const r = expectReduced(presolve(m, { boundsOnly: false }), 'tagged'); // bounds-only is forced by the tags
    expect(r.stats.boundsOnly).toBe(true);
    expectSameShapeTighterBounds(m, r.model);
    expect(r.model.colLower[0]).toBe(-2); // w, from the singleton row
    expect([r.model.colLower[3], r.model.colUpper[3]]).toEqual([-1, -1]); // spare: dual-fixed by its bounds
    expect(r.stats.boundsTightened).toBeGreaterThanOrEqual(3);
    await expectSameOptimum(m, r, 'tagged');
    const untagged = linkModel(false);
    const g = expectReduced(presolve(untagged), 'untagged');
    expect(g.stats.boundsOnly).toBe(false);
    expect(g.model.numRows).toBeLessThan(untagged.numRows);
    expect(g.model.numCols).toBeLessThan(untagged.numCols);
    await expectSameOptimum(untagged, g, 'untagged');
  });

  it('the boundsOnly option gives the same bounds-only presolve on a general model', async () => {
    const b = new ModelBuilder('general');
    const x = b.addColumn({ name: 'x', upper: 10, cost: -1, integer: true });
    const y = b.addColumn({ name: 'y', lower: 2, upper: 2, cost: 1 });
    b.addRow({ name: 'r', upper: 7.5 }, [x, y], [1, 1]);
    b.addRow({ name: 's', upper: 11 }, [x], [2]);
    const m = b.build();
    const full = expectReduced(presolve(m), 'full');
    expect(full.model.numCols).toBeLessThan(2);
    const bounds = expectReduced(presolve(m, { boundsOnly: true }), 'bounds only');
    expect(bounds.stats.boundsOnly).toBe(true);
    expectSameShapeTighterBounds(m, bounds.model);
    expect(bounds.model.colUpper[x]).toBe(5);
    await expectSameOptimum(m, bounds, 'bounds only');
    await expectSameOptimum(m, full, 'full');
  });
});
