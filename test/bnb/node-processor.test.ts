import { describe, it, expect } from 'vitest';
import { MostFractionalBranching } from '../../src/bnb/branching-most-fractional.js';
import { StrongBranching } from '../../src/bnb/branching-strong.js';
import { BoundReason } from '../../src/bnb/bound-reason.js';
import { IncumbentStore } from '../../src/bnb/incumbent-store.js';
import { NodeProcessor, type NodeProcessorPlugins } from '../../src/bnb/node-processor.js';
import { Search } from '../../src/bnb/search.js';
import { depthFirstOrder } from '../../src/bnb/node-queue.js';
import { rootNode } from '../../src/bnb/open-node.js';
import { RowActivityPropagator } from '../../src/bnb/propagator-row-activity.js';
import type { HeuristicContext } from '../../src/bnb/plugins.js';
import { ScriptedLpSolver } from '../../src/lp/mock-lp.js';
import { ModelBuilder } from '../../src/model/model-builder.js';
import type { Model } from '../../src/model/model.js';

/** min -x0 - x1 - x2  s.t.  x0 + x1 <= 1.5,  x1 + x2 <= 1  (binaries) */
function tinyModel() {
  const b = new ModelBuilder('tiny');
  b.addBinary('x0', -1);
  b.addBinary('x1', -1);
  b.addBinary('x2', -1);
  b.addRow({ name: 'r0', upper: 1.5 }, [0, 1], [1, 1]);
  b.addRow({ name: 'r1', upper: 1 }, [1, 2], [1, 1]);
  return b.build();
}

/** A processor with its own incumbent store (processor.incumbents). */
function make(model: Model, lp: ScriptedLpSolver, plugins: NodeProcessorPlugins): NodeProcessor {
  return new NodeProcessor(model, lp, plugins, new IncumbentStore(model));
}

function processor(lp: ScriptedLpSolver, withPropagation = true) {
  const model = tinyModel();
  const propagators = withPropagation ? [new RowActivityPropagator(model, 4, 1e-3)] : [];
  return make(model, lp, { branching: new MostFractionalBranching(), propagators, heuristics: [] });
}

describe('NodeProcessor pipeline on a scripted LP', () => {
  it('branches on the fractional column, propagates the child and pushes only changed bounds', () => {
    const lp = new ScriptedLpSolver((lower, upper, call) => {
      if (call === 0) return { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] };
      // up child x1 = 1: propagation must have fixed x0 = 0 and x2 = 0
      return { status: 'optimal', objective: -1, primal: [lower[0]!, lower[1]!, lower[2]!] };
    });
    const p = processor(lp);
    const root = p.processNode(rootNode());
    expect(root.kind).toBe('branched');
    if (root.kind !== 'branched') return;
    expect(root.bound).toBe(-2);
    expect(lp.pushed).toEqual([]); // the root has the model's bounds
    expect(lp.cutoffs).toEqual([Infinity]); // set once, then only when it changes
    const [a, b] = root.children;
    // most fractional: x1 = 0.5 and x2 = 0.5 tie -> lowest candidate position (x1)
    expect(a.branchCol).toBe(1);
    expect(b.branchCol).toBe(1);
    const up = a.branchDir === 1 ? a : b;
    const down = a.branchDir === 1 ? b : a;
    expect(up.cols[up.count - 1]).toBe(1);
    expect([up.lower[up.count - 1], up.upper[up.count - 1]]).toEqual([1, 1]);
    expect([down.lower[down.count - 1], down.upper[down.count - 1]]).toEqual([0, 0]);
    expect(up.lowerBound).toBe(-2);

    const r = p.processNode(up);
    expect(r.kind).toBe('integral');
    if (r.kind === 'integral') {
      expect(r.objective).toBe(-1);
      expect(Array.from(r.x)).toEqual([0, 1, 0]);
    }
    // pushed exactly x1 := 1 plus the propagated x0 := 0 and x2 := 0
    const pushed = lp.pushed.map((c) => `${c.col}:${c.lower}:${c.upper}`).sort();
    expect(pushed).toEqual(['0:0:0', '1:1:1', '2:0:0']);
    // explain: why is x0 fixed to 0? propagation
    expect(p.domain.explain(0).map((c) => c.reason)).toEqual([BoundReason.PROPAGATION]);
    expect(p.domain.explain(1).map((c) => c.reason)).toEqual([BoundReason.BRANCHING]);
  });

  it('prunes by bound without solving, and passes the integral-objective cutoff to the LP', () => {
    const lp = new ScriptedLpSolver([
      { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] },
      { status: 'optimal', objective: -1.5, primal: [1, 0, 0.5] },
    ]);
    const p = processor(lp, false);
    const root = p.processNode(rootNode());
    if (root.kind !== 'branched') throw new Error('expected a branching');
    expect(p.objectiveIntegral).toBe(true);
    // incumbent -1: integral objective => cutoff = -1 - 1 + 1e-6
    const cutoff = p.cutoffFor(-1);
    expect(cutoff).toBeCloseTo(-2 + 1e-6, 12);
    p.incumbents.tighten(-1);
    const pruned = p.processNode({ ...root.children[0], lowerBound: -1.9 });
    expect(pruned).toEqual({ kind: 'pruned', bound: -1.9 });
    expect(lp.optimizeCount).toBe(1);
    const r = p.processNode(root.children[1]);
    expect(r.kind).toBe('cutoff'); // LP -1.5 > cutoff: the scripted LP reports 'cutoff'
    expect(lp.cutoffs).toEqual([Infinity, cutoff]);
    expect(lp.optimizeCount).toBe(2);
  });

  it('reports infeasible and lp-error outcomes as values and jumps between unrelated nodes', () => {
    const lp = new ScriptedLpSolver([
      { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] },
      { status: 'infeasible', objective: Infinity },
      { status: 'optimal', objective: -1.5, primal: [0.5, 0, 1] },
    ]);
    const p = processor(lp, false);
    const root = p.processNode(rootNode());
    if (root.kind !== 'branched') throw new Error('expected a branching');
    const [c0, c1] = root.children;
    expect(p.processNode(c0)).toEqual({ kind: 'infeasible' });
    const r = p.processNode(c1);
    expect(r.kind).toBe('branched');
    // c1 was not a child of the last node: its bounds were re-applied from the model's
    const last = lp.boundsAtOptimize[2]!;
    const j = c1.cols[c1.count - 1]!;
    expect([last.lower[j], last.upper[j]]).toEqual([c1.lower[c1.count - 1], c1.upper[c1.count - 1]]);
    const other = c0.cols[c0.count - 1]!;
    expect(other).toBe(j);
  });

  it('the Search explores a subtree: solutions go to the store, pseudocosts are learned, open nodes come back', () => {
    // LP: value of x = lower bounds except fractional root
    const lp = new ScriptedLpSolver((lower, upper, call) => {
      if (call === 0) return { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] };
      const x = [upper[0]!, lower[1]!, upper[2]!];
      if (x[1]! + x[2]! > 1) x[2] = 0;
      if (x[0]! + x[1]! > 1.5) x[0] = 0;
      return { status: 'optimal', objective: -(x[0]! + x[1]! + x[2]!), primal: x };
    });
    const p = processor(lp);
    const found: number[] = [];
    p.incumbents.onImprove((obj) => found.push(obj));
    const search = new Search(p, { compare: depthFirstOrder, plunge: true, plungeDepth: 1000 });
    search.add(rootNode());
    expect(search.run({ check: () => undefined }, 10)).toBe('exhausted');
    expect(search.nodes).toBeGreaterThanOrEqual(2);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.at(-1)).toBe(-2);
    expect(p.incumbents.value).toBe(-2);
    expect(p.model.maxViolation(p.incumbents.incumbentPoint!).value).toBe(0);
    expect(search.takeOpen()).toEqual([]);
    const counts = p.pseudocosts.downCount.reduce((a, b) => a + b, 0) + p.pseudocosts.upCount.reduce((a, b) => a + b, 0);
    expect(counts).toBeGreaterThanOrEqual(1);
    // with a node limit of 1 the root's children come back open
    const q = processor(new ScriptedLpSolver([{ status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] }]));
    const limited = new Search(q, { compare: depthFirstOrder, plunge: true, plungeDepth: 1000 });
    limited.add(rootNode());
    expect(limited.run({ check: () => undefined }, 1)).toBe('node-limit');
    expect(limited.takeOpen().map((n) => n.depth)).toEqual([1, 1]);
  });

  it('strong branching probes restore bounds and basis, and an infeasible side wins with bound Infinity', () => {
    const model = tinyModel();
    const lp = new ScriptedLpSolver((lower, upper, call) => {
      if (call === 0) return { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] };
      // x2 = 0 is infeasible; everything else costs +0.25
      if (upper[2] === 0) return { status: 'infeasible', objective: Infinity };
      return { status: 'optimal', objective: -1.75, primal: [lower[0]!, lower[1]!, lower[2]!] };
    });
    const p = make(model, lp, { branching: new StrongBranching(10, 50), propagators: [], heuristics: [] });
    const r = p.processNode(rootNode());
    expect(r.kind).toBe('branched');
    if (r.kind !== 'branched') return;
    expect(r.children[0].branchCol).toBe(2);
    const down = r.children.find((c) => c.branchDir === -1)!;
    const up = r.children.find((c) => c.branchDir === 1)!;
    expect(down.lowerBound).toBe(Infinity);
    expect(up.lowerBound).toBe(-1.75);
    expect(r.children[0]).toBe(up); // preferred: the feasible side
    // 1 node LP + 2 probes per candidate (x1, x2)
    expect(lp.optimizeCount).toBe(5);
    expect(lp.calls.filter((c) => c.op === 'setBasis')).toHaveLength(4);
    const limits = lp.calls.filter((c) => c.op === 'setLimits').map((c) => (c.op === 'setLimits' ? c.limits.iterations : 0));
    expect(limits[0]).toBe(50);
    expect(limits[limits.length - 1]).toBe(Infinity);
    // bounds restored after probing
    expect(Array.from(lp.colLower())).toEqual([0, 0, 0]);
    expect(Array.from(lp.colUpper())).toEqual([1, 1, 1]);
    // pseudocosts learned from the feasible probes
    expect(p.pseudocosts.upCount[1]).toBe(1);
    expect(p.pseudocosts.up(1)).toBeCloseTo(0.25 / 0.5, 12);
  });

  it('an LP failure splits the first unfixed integer column; with all fixed it reports lp-error', () => {
    const lp = new ScriptedLpSolver(() => ({ status: 'error', objective: NaN, message: 'scripted failure' }));
    const p = processor(lp, false);
    const r = p.processNode({ ...rootNode(), lowerBound: -3 });
    expect(r.kind).toBe('branched');
    if (r.kind !== 'branched') return;
    expect(r.bound).toBe(-3);
    expect(r.children.map((c) => [c.branchCol, c.lower[c.count - 1], c.upper[c.count - 1], c.lowerBound])).toEqual([
      [0, 0, 0, -3],
      [0, 1, 1, -3],
    ]);
    // a node with every column fixed cannot be split
    const fixed = { ...rootNode(-2), id: 99, count: 3, cols: Int32Array.of(0, 1, 2), lower: Float64Array.of(0, 1, 0), upper: Float64Array.of(0, 1, 0), reasons: new Uint8Array(3), sources: new Int16Array(3) };
    const e = p.processNode(fixed);
    expect(e).toMatchObject({ kind: 'lp-error', bound: -2, lpStatus: 'error', message: 'scripted failure' });
  });
});


describe('NodeProcessor: heuristics before the root LP', () => {
  it('runs runBeforeLp once at the root before the first LP solve; its solution sets the LP cutoff', () => {
    const order: string[] = [];
    const lp = new ScriptedLpSolver(() => {
      order.push('lp');
      return { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] };
    });
    const calls = { before: 0, run: 0 };
    const heuristic = {
      name: 'warm', frequency: 1,
      run: () => {
        calls.run++;
        return null;
      },
      runBeforeLp: () => {
        calls.before++;
        order.push('before');
        return Float64Array.from([1, 0, 0]); // feasible, objective -1
      },
    };
    const model = tinyModel();
    const p = make(model, lp, { branching: new MostFractionalBranching(), propagators: [], heuristics: [heuristic] });
    const root = p.processNode(rootNode());
    expect(order.slice(0, 2)).toEqual(['before', 'lp']);
    expect(calls.before).toBe(1);
    // incumbent -1, integral objective: cutoff -1 - (1 - 1e-6) reaches the LP before its solve
    expect(lp.cutoffs[0]).toBeCloseTo(-2 + 1e-6, 9);
    expect(p.incumbents.value).toBe(-1);
    expect(p.incumbents.found).toBe(1);
    const st = p.pluginStats().find((s) => s.name === 'heuristic/warm')!;
    expect(st.solutions).toBe(1);
    expect(st.calls).toBeGreaterThanOrEqual(1);
    // children (depth 1) never call it again
    if (root.kind === 'branched') p.processNode(root.children[0]);
    expect(calls.before).toBe(1);
  });

  it('rejects an infeasible before-LP candidate like any heuristic solution', () => {
    const lp = new ScriptedLpSolver(() => ({ status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] }));
    const heuristic = { name: 'bad', frequency: 0, run: () => null, runBeforeLp: () => Float64Array.from([1, 1, 1]) };
    const p = make(tinyModel(), lp, { branching: new MostFractionalBranching(), propagators: [], heuristics: [heuristic] });
    p.processNode(rootNode());
    expect(p.incumbents.found).toBe(0);
    expect(p.incumbents.value).toBe(Infinity);
    expect(lp.cutoffs[0]).toBe(Infinity);
  });
});

describe('NodeProcessor: the incumbent point seen by heuristics', () => {
  it('exposes the best accepted point as ctx.incumbentSolution; the store only takes feasible, better points', () => {
    const lp = new ScriptedLpSolver(() => ({ status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] }));
    const seen: Array<{ objective: number; x: number[] } | null> = [];
    const finder = { name: 'finder', frequency: 1, run: () => null, runBeforeLp: () => Float64Array.from([1, 0, 0]) };
    const reader = {
      name: 'reader', frequency: 1,
      run: (ctx: HeuristicContext) => {
        const s = ctx.incumbentSolution;
        seen.push(s ? { objective: s.objective, x: Array.from(s.x) } : null);
        return null;
      },
    };
    const p = make(tinyModel(), lp, { branching: new MostFractionalBranching(), propagators: [], heuristics: [finder, reader] });
    expect(p.incumbentSolution).toBeNull();
    const root = p.processNode(rootNode());
    expect(seen).toEqual([{ objective: -1, x: [1, 0, 0] }]);
    expect(p.incumbents.offer([1, 1, 1], 'test')).toBe(false); // violates both rows
    expect(p.incumbents.offer([0, 1, 0], 'test')).toBe(false); // feasible, not better (-1)
    expect(p.incumbents.offer([NaN, 0, 0], 'test')).toBe(false); // not finite
    expect(p.incumbents.offer([1.0000001, 0, 0.9999999], 'test')).toBe(true); // feasible after rounding, -2
    expect(p.incumbentSolution!.objective).toBe(-2);
    expect(Array.from(p.incumbentSolution!.x)).toEqual([1, 0, 1]);
    if (root.kind !== 'branched') throw new Error(`root ${root.kind}`);
    p.incumbents.reset(Infinity, false); // (a cutoff at -2 would close the child before its heuristics)
    p.processNode(root.children[0]);
    expect(seen.at(-1)).toEqual({ objective: -2, x: [1, 0, 1] });
  });
});

describe('NodeProcessor: the LP time limit is a deadline for every LP of the node', () => {
  it('heuristic LPs and strong-branching probes get no LP once the time set by setLpTimeLimit is spent', () => {
    let solves = 0;
    const lp = new ScriptedLpSolver(() => {
      solves++;
      const until = performance.now() + 15; // the node LP uses up the time
      while (performance.now() < until) {
        // busy
      }
      return { status: 'optimal', objective: -2, primal: [1, 0.5, 0.5] };
    });
    const statuses: string[] = [];
    const heuristic = {
      name: 'lp-user', frequency: 1,
      run: (ctx: HeuristicContext) => {
        statuses.push(ctx.solveLp(ctx.domain.lower, ctx.domain.upper, 100).status);
        return null;
      },
    };
    const p = make(tinyModel(), lp, { branching: new StrongBranching(10, 50), propagators: [], heuristics: [heuristic] });
    p.setLpTimeLimit(0.005);
    const r = p.processNode(rootNode());
    expect(r.kind).toBe('branched');
    expect(solves).toBe(1); // the node LP only: no heuristic LP, no probe
    expect(statuses).toEqual(['time-limit']);
    expect(p.probeStats().solves).toBe(0);
    // a fresh limit gives the extra LPs time again
    p.setLpTimeLimit(60);
    solves = 0;
    statuses.length = 0;
    p.processNode(rootNode());
    expect(statuses).toEqual(['optimal']);
    expect(solves).toBeGreaterThan(2);
  });
});

describe('NodeProcessor: integral LP points that fail the model check', () => {
  it('re-solves with the integers fixed when rounding breaks a row (round-off of a tight LP), and takes that point', () => {
    // min -x  s.t.  1e4 x - y = 0,  x integer in [0, 2], y in [0, 1e5]
    const b = new ModelBuilder('roundoff');
    b.addColumn({ name: 'x', lower: 0, upper: 2, cost: -1, integer: true });
    b.addColumn({ name: 'y', lower: 0, upper: 1e5, cost: 0 });
    b.addRow({ name: 'link', lower: 0, upper: 0 }, [0, 1], [1e4, -1]);
    const model = b.build();
    const lp = new ScriptedLpSolver((lower, upper) => {
      if (lower[0] === upper[0]) return { status: 'optimal', objective: -lower[0]!, primal: [lower[0]!, 1e4 * lower[0]!] };
      // x within the integrality tolerance of 2, y consistent with it: x = 2 breaks the row by 4e-3
      const x = 2 - 4e-7;
      return { status: 'optimal', objective: -x, primal: [x, 1e4 * x] };
    });
    const p = make(model, lp, { branching: new MostFractionalBranching(), propagators: [], heuristics: [] });
    const r = p.processNode(rootNode());
    expect(r.kind).toBe('integral');
    if (r.kind !== 'integral') return;
    expect(Array.from(r.x)).toEqual([2, 20000]);
    expect(r.objective).toBe(-2);
    expect(p.repairs).toBe(1);
    expect(p.incumbents.offer(r.x, 'lp')).toBe(true);
  });
});
