/**
 * Throughput benchmark of the serial branch-and-bound engine (not a test; vitest ignores it):
 *   npx tsx benchmarks/bnb-serial.bench.ts [seconds-per-run]
 * Prints nodes/s and the LP share of time per branching rule on a 50-binary strongly correlated
 * knapsack and a 50-set cover, next to HiGHS MIP.
 */
import { solveModel } from '../src/bnb/solve.js';
import { solveWithHighsMip } from '../src/lp/highs-mip-reference.js';
import { correlatedKnapsack, setCover } from '../test/bnb/helpers.js';

const limit = Number(process.argv[2] ?? 10);
await solveModel(correlatedKnapsack(300, 30), { timeLimit: 3 }); // JIT warm-up
for (const m of [correlatedKnapsack(301, 50), correlatedKnapsack(302, 50), setCover(306, 50, 150)]) {
  const h = await solveWithHighsMip(m, { timeLimit: limit });
  console.log(`${m.name}: HiGHS MIP ${h.status} ${h.objective} in ${h.seconds.toFixed(2)}s, ${h.nodes} nodes`);
  for (const branching of ['most-fractional', 'pseudocost', 'strong']) {
    const r = await solveModel(m, { branching, timeLimit: limit });
    console.log(
      `  ${branching.padEnd(16)} ${r.status.padEnd(10)} obj ${r.objective} bound ${r.bound} nodes ${r.nodes} ` +
        `${r.seconds.toFixed(2)}s ${(r.nodes / r.seconds).toFixed(0)} nodes/s, LP ${((100 * r.lpSeconds) / r.seconds).toFixed(0)}% of time, ` +
        `${r.lpSolves} LP solves, ${(r.lpIterations / Math.max(1, r.lpSolves)).toFixed(1)} iters/solve`,
    );
  }
}
