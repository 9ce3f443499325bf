import type { BranchingContext } from './plugins.js';
import { Pseudocosts } from './pseudocosts.js';

/**
 * Evaluates both children of candidate k with LP probes (at most `iterations` simplex iterations
 * each), records proven child bounds in ctx.downBound / ctx.upBound (Infinity = infeasible child)
 * and returns the product score of the two objective gains. Unknown gains (probe stopped early)
 * fall back to the pseudocost estimate.
 */
export function strongScore(ctx: BranchingContext, k: number, iterations: number): number {
  const v = ctx.values[k]!;
  const f = v - Math.floor(v);
  const col = ctx.candidates[k]!;
  const base = ctx.lpObjective;
  const down = ctx.probe(k, -1, iterations);
  const up = ctx.probe(k, 1, iterations);
  let gDown: number;
  let gUp: number;
  if (Number.isNaN(down)) gDown = ctx.pseudocosts.down(col) * f;
  else {
    if (down > ctx.downBound[k]!) ctx.downBound[k] = down;
    gDown = down - base;
  }
  if (Number.isNaN(up)) gUp = ctx.pseudocosts.up(col) * (1 - f);
  else {
    if (up > ctx.upBound[k]!) ctx.upBound[k] = up;
    gUp = up - base;
  }
  // an infeasible side makes the candidate the best choice: the other child is the only one left
  if (gDown === Infinity || gUp === Infinity) return Number.MAX_VALUE;
  return Pseudocosts.productScore(gDown, gUp);
}

/** Sorts candidate positions 0..count-1 into `order` by decreasing key. */
export function orderByKey(order: Int32Array, keys: Float64Array, count: number): Int32Array {
  for (let k = 0; k < count; k++) order[k] = k;
  const view = order.subarray(0, count);
  view.sort((a, b) => keys[b]! - keys[a]! || a - b);
  return view;
}
