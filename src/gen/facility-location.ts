import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randInt } from './rng.js';

/**
 * Capacitated facility location, mixed binary + continuous: `size` facilities (open y_f binary,
 * fixed cost) and 1.5 size customers at random points of the unit square; x_fc in [0, 1] is the
 * fraction of customer c's demand served by f. Rows: each customer fully served, capacity
 * sum_c d_c x_fc <= cap_f y_f, and the strong linking x_fc <= y_f. Total capacity is twice the
 * total demand, so the instance is feasible. Minimise fixed + transport cost.
 */
export function facilityLocation(seed: number, size = 8): Model {
  const rng = mulberry32(seed);
  const numCustomers = Math.max(2, Math.round(size * 1.5));
  const b = new ModelBuilder(`facility_s${seed}_n${size}`);
  const fx: number[] = [];
  const fy: number[] = [];
  const y: number[] = [];
  for (let f = 0; f < size; f++) {
    fx.push(rng());
    fy.push(rng());
    y.push(b.addBinary(`open${f}`, randInt(rng, 40, 120)));
  }
  const demand: number[] = [];
  const cx: number[] = [];
  const cy: number[] = [];
  for (let c = 0; c < numCustomers; c++) {
    demand.push(randInt(rng, 5, 30));
    cx.push(rng());
    cy.push(rng());
  }
  const totalDemand = demand.reduce((s, v) => s + v, 0);
  const x: number[][] = [];
  for (let f = 0; f < size; f++) {
    x.push([]);
    for (let c = 0; c < numCustomers; c++) {
      const dist = Math.hypot(fx[f]! - cx[c]!, fy[f]! - cy[c]!);
      const cost = Math.round(dist * demand[c]! * 10 * 100) / 100;
      x[f]!.push(b.addColumn({ name: `serve_${f}_${c}`, lower: 0, upper: 1, cost }));
    }
  }
  for (let c = 0; c < numCustomers; c++) {
    b.addRow({ name: `demand${c}`, lower: 1, upper: 1 }, x.map((r) => r[c]!), x.map(() => 1));
  }
  for (let f = 0; f < size; f++) {
    const cap = Math.ceil(((2 * totalDemand) / size) * (0.5 + rng()));
    b.addRow({ name: `capacity${f}`, upper: 0 }, [...x[f]!, y[f]!], [...demand, -cap]);
    for (let c = 0; c < numCustomers; c++) b.addRow({ name: `link_${f}_${c}`, upper: 0 }, [x[f]![c]!, y[f]!], [1, -1]);
  }
  return b.build();
}
