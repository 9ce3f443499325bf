import { describe, it, expect } from 'vitest';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { Domain } from '../../src/bnb/domain.js';
import type { LpContext, PropagationContext } from '../../src/bnb/plugins.js';
import { ReducedCostPropagator } from '../../src/bnb/propagator-reduced-cost.js';
import { RowActivityPropagator } from '../../src/bnb/propagator-row-activity.js';
import { Pseudocosts } from '../../src/bnb/pseudocosts.js';
import { RoundingHeuristic } from '../../src/bnb/heuristic-rounding.js';
import type { Model } from '../../src/model/model.js';
import { ModelBuilder } from '../../src/model/model-builder.js';

function ctx(model: Model, domain: Domain, since: number, extra: Partial<LpContext> = {}): PropagationContext & LpContext {
  return {
    model,
    domain,
    source: 3,
    cutoff: Infinity,
    depth: 0,
    since,
    pseudocosts: new Pseudocosts(model.numCols),
    lpStatus: 'optimal',
    lpObjective: 0,
    primal: new Float64Array(model.numCols),
    reducedCosts: new Float64Array(model.numCols),
    rowActivity: new Float64Array(model.numRows),
    ...extra,
  };
}

describe('row-activity propagator', () => {
  it('chains implications to a fixpoint with integer rounding', () => {
    // y (int, [0,10]) <= 2.5 x0 ; z (cont, [0,100]) <= 3 y ; x0 binary; x0 <= 1 - x1
    const b = new ModelBuilder('chain');
    const x0 = b.addBinary('x0');
    const x1 = b.addBinary('x1');
    const y = b.addColumn({ name: 'y', lower: 0, upper: 10, integer: true });
    const z = b.addColumn({ name: 'z', lower: 0, upper: 100 });
    b.addRow({ name: 'y<=2.5x0', upper: 0 }, [y, x0], [1, -2.5]);
    b.addRow({ name: 'z<=3y', upper: 0 }, [z, y], [1, -3]);
    b.addRow({ name: 'x0+x1<=1', upper: 1 }, [x0, x1], [1, 1]);
    const m = b.build();
    const d = new Domain(m);
    const p = new RowActivityPropagator(m, 4, 1e-3);
    expect(p.propagate(ctx(m, d, -1))).toBe('ok');
    expect(d.upper[y]).toBe(2); // floor(2.5)
    expect(d.upper[z]).toBeCloseTo(6, 6);
    // branch x1 = 1: incremental propagation from that change fixes x0, y, z to 0
    const mark = d.mark();
    d.tightenLower(x1, 1, BoundReason.BRANCHING, -1);
    expect(p.propagate(ctx(m, d, mark))).toBe('ok');
    expect([d.upper[x0], d.upper[y]]).toEqual([0, 0]);
    expect(d.upper[z]).toBeLessThanOrEqual(1e-6);
    expect(d.explain(y).every((c) => c.reason === BoundReason.PROPAGATION && c.source === 3)).toBe(true);
    d.undo(mark);
    expect(d.upper[y]).toBe(2);
  });

  it('detects infeasible rows and raises lower bounds from >= rows', () => {
    const b = new ModelBuilder('inf');
    const a = b.addColumn({ name: 'a', lower: 0, upper: 5, integer: true });
    const c = b.addColumn({ name: 'c', lower: 0, upper: 2, integer: true });
    b.addRow({ name: 'sum>=6', lower: 6 }, [a, c], [1, 1]);
    const m = b.build();
    const d = new Domain(m);
    const p = new RowActivityPropagator(m, 4, 1e-3);
    expect(p.propagate(ctx(m, d, -1))).toBe('ok');
    expect(d.lower[a]).toBe(4);
    expect(d.lower[c]).toBe(1);
    const d2 = new Domain(m);
    d2.tightenUpper(a, 3, BoundReason.BRANCHING, -1);
    expect(p.propagate(ctx(m, d2, 0))).toBe('infeasible'); // max activity 3 + 2 < 6
  });

  it('handles one infinite bound in a row (residual activity)', () => {
    const b = new ModelBuilder('inf-bound');
    const f = b.addColumn({ name: 'f', lower: -Infinity, upper: Infinity });
    const g = b.addColumn({ name: 'g', lower: 0, upper: 4 });
    b.addRow({ name: 'f+g<=10', upper: 10 }, [f, g], [1, 1]);
    b.addRow({ name: 'f>=g+1', lower: 1 }, [f, g], [1, -1]);
    const m = b.build();
    const d = new Domain(m);
    expect(new RowActivityPropagator(m, 4, 1e-3).propagate(ctx(m, d, -1))).toBe('ok');
    expect(d.upper[f]).toBeCloseTo(10, 6);
    expect(d.lower[f]).toBeCloseTo(1, 6);
  });
});

describe('reduced-cost propagator', () => {
  it('fixes columns whose reduced cost exceeds the gap to the cutoff', () => {
    const b = new ModelBuilder('rc');
    for (let j = 0; j < 4; j++) b.addColumn({ name: `x${j}`, lower: 0, upper: 10, integer: true });
    const m = b.build();
    const d = new Domain(m);
    const p = new ReducedCostPropagator(false);
    const c = ctx(m, d, 0, {
      cutoff: 12,
      lpObjective: 10,
      primal: Float64Array.of(0, 0, 10, 3),
      reducedCosts: Float64Array.of(3, 0.5, -1, 0),
    });
    expect(p.propagate(c)).toBe('ok');
    expect(d.upper[0]).toBe(0); // 0 + 2/3 -> floor 0
    expect(d.upper[1]).toBe(4); // 0 + 2/0.5
    expect(d.lower[2]).toBe(8); // 10 - 2/1
    expect([d.lower[3], d.upper[3]]).toEqual([0, 10]);
    expect(d.explain(0)[0]!.reason).toBe(BoundReason.REDUCED_COST);
  });
});

describe('rounding heuristic', () => {
  it('rounds in the lock-free direction', () => {
    const b = new ModelBuilder('round');
    const x = b.addBinary('x', -1);
    const y = b.addBinary('y', -1);
    b.addRow({ name: 'cap', upper: 1 }, [x, y], [1, 1]); // only up-locks
    const m = b.build();
    const h = new RoundingHeuristic(m, 1);
    const d = new Domain(m);
    const out = h.run(ctx(m, d, 0, { primal: Float64Array.of(0.6, 0.4) }));
    expect(Array.from(out!)).toEqual([0, 0]);
    expect(m.maxViolation(out!).value).toBe(0);
  });
});
