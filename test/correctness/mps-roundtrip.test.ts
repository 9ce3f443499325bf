/**
 * Every suite instance written with writeMps and read back with readMps is the same model
 * (bit for bit: sense, offset, bounds, integrality, matrix, names) and solves to the same optimum
 * with mipnet's engine as the original does with HiGHS.
 */
import { describe, it, expect } from 'vitest';
import { correctnessSuite } from '../../src/gen/index.js';
import { writeMps } from '../../src/io/mps-writer.js';
import { readMps } from '../../src/io/mps-reader.js';
import { solveModel } from '../../src/bnb/solve.js';
import { solveWithHighsMip } from '../../src/lp/highs-mip-reference.js';
import type { Model } from '../../src/model/model.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';

function expectSameModel(a: Model, b: Model, what: string): void {
  expect(b.sense, what).toBe(a.sense);
  expect(b.objectiveOffset, what).toBe(a.objectiveOffset);
  expect(b.numCols, what).toBe(a.numCols);
  expect(b.numRows, what).toBe(a.numRows);
  expect(b.colNames, what).toEqual(a.colNames);
  expect(b.rowNames, what).toEqual(a.rowNames);
  expect(Array.from(b.colCost), what).toEqual(Array.from(a.colCost));
  expect(Array.from(b.colLower), what).toEqual(Array.from(a.colLower));
  expect(Array.from(b.colUpper), what).toEqual(Array.from(a.colUpper));
  expect(Array.from(b.integrality), what).toEqual(Array.from(a.integrality));
  expect(Array.from(b.rowLower), what).toEqual(Array.from(a.rowLower));
  expect(Array.from(b.rowUpper), what).toEqual(Array.from(a.rowUpper));
  expect(Array.from(b.colStart), what).toEqual(Array.from(a.colStart));
  expect(Array.from(b.rowIndex), what).toEqual(Array.from(a.rowIndex));
  expect(Array.from(b.value), what).toEqual(Array.from(a.value));
}

describe('MPS round trip of the correctness suite', () => {
  for (const inst of correctnessSuite()) {
    it(`${inst.name} survives writeMps -> readMps`, async () => {
      const text = writeMps(inst.model);
      const back = readMps(text, { source: `${inst.name}.mps` });
      expectSameModel(inst.model, back, inst.name);
      if (inst.expected.status !== 'optimal') return; // statuses are covered by suite.test.ts
      const ref = await solveWithHighsMip(inst.model, { gap: 0 });
      const ours = await solveModel(back);
      expect(ours.status, inst.name).toBe('optimal');
      expectClose(ours.objective!, inst.expected.objective ?? ref.objective!, `${inst.name}: optimum after round trip`);
      expectFeasibleSolution(inst.model, ours.solution!, ours.objective!, inst.name);
    });
  }
});
