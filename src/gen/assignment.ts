import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt, shuffle } from './rng.js';

/**
 * Generalised assignment: `size` jobs to 3 agents, x_aj binary, each job to exactly one agent,
 * agent loads sum_j w_aj x_aj <= cap_a. Capacities are 80% of the average load but never below
 * the load of a planted random assignment, so the instance is feasible. Minimise cost.
 */
export function generalisedAssignment(seed: number, size = 10, agents = 3): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`gap_s${seed}_n${size}_m${agents}`);
  const x: number[][] = [];
  const w: number[][] = [];
  for (let a = 0; a < agents; a++) {
    x.push([]);
    w.push([]);
    for (let j = 0; j < size; j++) {
      w[a]!.push(randInt(rng, 5, 25));
      x[a]!.push(b.addBinary(`x_${a}_${j}`, randInt(rng, 10, 50)));
    }
  }
  const planted = Array.from({ length: size }, () => randInt(rng, 0, agents - 1));
  for (let j = 0; j < size; j++) {
    b.addRow({ name: `job${j}`, lower: 1, upper: 1 }, x.map((row) => row[j]!), x.map(() => 1));
  }
  for (let a = 0; a < agents; a++) {
    const total = w[a]!.reduce((s, v) => s + v, 0);
    let load = 0;
    for (let j = 0; j < size; j++) if (planted[j] === a) load += w[a]![j]!;
    const cap = Math.max(Math.floor((0.8 * total) / agents), load);
    b.addRow({ name: `cap${a}`, upper: cap }, x[a]!, w[a]!);
  }
  return b.build();
}

/**
 * Linear assignment (size x size, x_ij binary, rows and columns sum to 1) with one knapsack side
 * constraint sum t_ij x_ij <= T that breaks total unimodularity. T is the smallest time among a
 * few random permutations, so the instance is feasible. Minimise cost.
 */
export function assignmentWithSideConstraint(seed: number, size = 5): Model {
  const rng = mulberry32(seed);
  const b = new ModelBuilder(`assignside_s${seed}_n${size}`);
  const x: number[][] = [];
  const t: number[][] = [];
  for (let i = 0; i < size; i++) {
    x.push([]);
    t.push([]);
    for (let j = 0; j < size; j++) {
      const c = randInt(rng, 1, 30);
      // time anti-correlated with cost: cheap assignments are slow
      t[i]!.push(Math.max(1, 35 - c + randInt(rng, -5, 5)));
      x[i]!.push(b.addBinary(`x_${i}_${j}`, c));
    }
  }
  for (let i = 0; i < size; i++) b.addRow({ name: `row${i}`, lower: 1, upper: 1 }, x[i]!, x[i]!.map(() => 1));
  for (let j = 0; j < size; j++) b.addRow({ name: `col${j}`, lower: 1, upper: 1 }, x.map((r) => r[j]!), x.map(() => 1));
  let budget = Infinity;
  for (let k = 0; k < 4; k++) {
    const perm = shuffle(rng, Array.from({ length: size }, (_, i) => i));
    let time = 0;
    for (let i = 0; i < size; i++) time += t[i]![perm[i]!]!;
    budget = Math.min(budget, time);
  }
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) { idx.push(x[i]![j]!); val.push(t[i]![j]!); }
  b.addRow({ name: 'time_budget', upper: budget }, idx, val);
  return b.build();
}
