/**
 * The correctness suite through the highs-js-compatible call: every instance written as LP text
 * (writeLp) and solved by solveLpText and by highs.solve must give the same Status, the same
 * ObjectiveValue (1e-6 relative), the same column/row key structure, and a Primal vector that is
 * feasible for the model with the reported objective. (Primal values themselves are not compared:
 * several of these instances have more than one optimal solution.)
 */
import { describe, it, expect } from 'vitest';
import { correctnessSuite } from '../../src/gen/index.js';
import { writeLp } from '../../src/io/lp-writer.js';
import { readLp } from '../../src/io/lp-reader.js';
import { solveLpText } from '../../src/api/highs-compat.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { expectClose, expectFeasibleSolution } from '../helpers/solution-checks.js';

const UNBOUNDED_FAMILY = ['Unbounded', 'Primal infeasible or unbounded'];
const INFEASIBLE_FAMILY = ['Infeasible', 'Primal infeasible or unbounded'];

describe('correctness suite through solveLpText vs highs.solve', () => {
  const highs = getHighs();
  for (const inst of correctnessSuite()) {
    it(inst.name, async () => {
      const text = writeLp(inst.model);
      const model = readLp(text); // what both solvers see (split ranged rows, LP names)
      const theirs = (await highs).solve(text, { output_flag: false, mip_rel_gap: 0 });
      const ours = await solveLpText(text, { mip_rel_gap: 0 });
      const what = `${inst.name}: ours ${ours.Status}, HiGHS ${theirs.Status}`;
      if (inst.expected.status === 'unbounded') {
        expect(UNBOUNDED_FAMILY, what).toContain(theirs.Status);
        expect(UNBOUNDED_FAMILY, what).toContain(ours.Status);
      } else if (inst.expected.status === 'infeasible') {
        expect(INFEASIBLE_FAMILY, what).toContain(theirs.Status);
        expect(ours.Status, what).toBe('Infeasible');
        expect(ours.ObjectiveValue, what).toBe(theirs.Status === 'Infeasible' ? theirs.ObjectiveValue : Infinity);
      } else {
        expect(ours.Status, what).toBe(theirs.Status);
        if (ours.Status === 'Empty') {
          expect(ours).toEqual(theirs);
          return;
        }
        expect(ours.Status, what).toBe('Optimal');
        expectClose(ours.ObjectiveValue, theirs.ObjectiveValue, what);
        const x = model.colNames.map((name) => (ours.Columns[name] as { Primal: number }).Primal);
        expectFeasibleSolution(model, x, ours.ObjectiveValue, what);
      }
      expect(Object.keys(ours.Columns), what).toEqual(Object.keys(theirs.Columns));
      for (const name of Object.keys(theirs.Columns)) {
        expect(Object.keys(ours.Columns[name]!), `${what} column ${name}`).toEqual(Object.keys(theirs.Columns[name]!));
        expect(ours.Columns[name]!.Index, `${what} column ${name}`).toBe(theirs.Columns[name]!.Index);
        expect(ours.Columns[name]!.Lower, `${what} column ${name}`).toBe(theirs.Columns[name]!.Lower);
        expect(ours.Columns[name]!.Upper, `${what} column ${name}`).toBe(theirs.Columns[name]!.Upper);
      }
      expect(ours.Rows.length, what).toBe(theirs.Rows.length);
      for (let i = 0; i < theirs.Rows.length; i++) {
        expect(Object.keys(ours.Rows[i]!), `${what} row ${i}`).toEqual(Object.keys(theirs.Rows[i]!));
        // (highs-js's types omit Name on MIP rows, but the runtime objects carry it)
        const name = (r: unknown) => (r as { Name: string }).Name;
        expect(name(ours.Rows[i]), `${what} row ${i}`).toBe(name(theirs.Rows[i]));
      }
    });
  }
});
