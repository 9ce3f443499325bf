/**
 * Search fingerprint of the engine (not a test; vitest ignores it): for every instance of the
 * correctness suite, the status, objective, dual bound, node count and LP iterations of
 *   - the serial engine (solveModel, 1 thread),
 *   - the serial engine with a node limit of 5,
 *   - deterministic parallel search with 2 and 3 threads (and 1 worker),
 * and the optimum of non-deterministic 2- and 3-thread runs (node counts vary there).
 *
 *   npx tsx benchmarks/search-agreement.ts [--json out.json] [--compare before.json]
 *
 * Run it on two builds (e.g. a git worktree of an older commit and this one) and compare the two
 * JSON files with `--compare`: a refactoring that keeps the search must give the same rows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { correctnessSuite } from '../src/gen/index.js';
import { solveModel } from '../src/bnb/solve.js';
import { ParallelSolver } from '../src/parallel/solve-parallel.js';
import type { SolveResult } from '../src/bnb/solve-types.js';

interface Row {
  instance: string;
  run: string;
  status: string;
  objective: number | null;
  bound: number;
  nodes: number;
  lpIterations: number;
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = flag('--json');
const compareWith = flag('--compare');

const rows: Row[] = [];
const add = (instance: string, run: string, r: SolveResult, exact: boolean): void => {
  rows.push({
    instance,
    run,
    status: r.status,
    objective: r.objective,
    bound: exact ? r.bound : NaN,
    nodes: exact ? r.nodes : -1,
    lpIterations: exact ? r.lpIterations : -1,
  });
};

const suite = correctnessSuite();
const pools = new Map<number, ParallelSolver>([1, 2, 3].map((t) => [t, new ParallelSolver(t)]));
try {
  for (const inst of suite) {
    add(inst.name, 'serial', await solveModel(inst.model, { timeLimit: 60 }), true);
    add(inst.name, 'serial-node-limit-5', await solveModel(inst.model, { nodeLimit: 5 }), true);
    for (const t of [1, 2, 3]) {
      add(inst.name, `deterministic-${t}`, await pools.get(t)!.solve(inst.model, { threads: t, deterministic: true, timeLimit: 60 }), true);
    }
    for (const t of [2, 3]) add(inst.name, `parallel-${t}`, await pools.get(t)!.solve(inst.model, { threads: t, timeLimit: 60 }), false);
  }
} finally {
  for (const p of pools.values()) await p.close();
}

const key = (r: Row): string => `${r.instance} ${r.run}`;
const show = (r: Row): string =>
  `${r.status} obj ${r.objective} bound ${Number.isNaN(r.bound) ? '-' : r.bound} nodes ${r.nodes < 0 ? '-' : r.nodes} iters ${r.lpIterations < 0 ? '-' : r.lpIterations}`;
for (const r of rows) console.log(`${key(r).padEnd(48)} ${show(r)}`);
if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
if (compareWith) {
  const before = new Map((JSON.parse(readFileSync(compareWith, 'utf8')) as Row[]).map((r) => [key(r), r]));
  let same = 0;
  const differ: string[] = [];
  const sameValue = (a: number | null, b: number | null): boolean => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
  // compare as JSON holds them (NaN and ±Infinity read back as null on both sides)
  for (const r of JSON.parse(JSON.stringify(rows)) as Row[]) {
    const b = before.get(key(r));
    const ok =
      b !== undefined &&
      b.status === r.status &&
      sameValue(b.objective, r.objective) &&
      sameValue(b.bound, r.bound) &&
      b.nodes === r.nodes &&
      b.lpIterations === r.lpIterations;
    if (ok) same++;
    else differ.push(`${key(r)}\n  before ${b ? show(b) : 'missing'}\n  after  ${show(r)}`);
  }
  console.log(`\n${same} of ${rows.length} rows identical to ${compareWith}`);
  for (const d of differ) console.log(d);
  const nodes = (run: string, rs: Iterable<Row>): number => [...rs].filter((r) => r.run === run).reduce((s, r) => s + r.nodes, 0);
  for (const run of ['serial', 'deterministic-1', 'deterministic-2', 'deterministic-3']) {
    console.log(`total nodes ${run}: before ${nodes(run, before.values())}, after ${nodes(run, rows)}`);
  }
}
