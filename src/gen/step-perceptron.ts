import { ColumnKind } from '../model/column-tag.js';
import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import { mulberry32, randUniform } from './rng.js';

/** Margin of the step activation: h = 0 requires a pre-activation <= -STEP_MARGIN. */
export const STEP_MARGIN = 1e-3;

/** The seeded 2-D points and 0/1 labels the perceptron generator trains on. */
export interface XorPoints {
  x: number[][];
  y: number[];
}

/**
 * `count` points uniform in [-1, 1]^2 with the quadrant-XOR label y = [x1 > 0] xor [x2 > 0],
 * each label flipped with probability 0.15 (so the optimum is usually not zero).
 */
export function xorPoints(seed: number, count: number): XorPoints {
  const rng = mulberry32(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let n = 0; n < count; n++) {
    const p = [randUniform(rng, -1, 1), randUniform(rng, -1, 1)];
    let label = (p[0]! > 0) !== (p[1]! > 0) ? 1 : 0;
    if (rng() < 0.15) label = 1 - label;
    x.push(p.map((v) => Math.round(v * 1000) / 1000));
    y.push(label);
  }
  return { x, y };
}

/**
 * Exact training of a tiny step-activation perceptron as a MILP, written directly with
 * ModelBuilder: 2 inputs, `hidden` step neurons, one step output, on `size` seeded XOR points.
 *
 *   hidden  z_nk = w_k . x_n + b_k,   h_nk = 1  =>  z_nk >= 0,   h_nk = 0  =>  z_nk <= -margin
 *           (big-M rows with M_n = |x_n1| + |x_n2| + 1 from the weight bounds [-1, 1])
 *   output  u_nk = v_k h_nk (exact McCormick rows, h binary, v in [-1, 1]),
 *           z_n = sum_k u_nk + c,  o_n = 1  =>  z_n >= 0,  o_n = 0  =>  z_n <= -margin  (M = hidden + 1)
 *   minimise  sum_n |o_n - y_n|  (linear since y is data: o_n for y = 0, 1 - o_n for y = 1)
 *
 * All weights and biases are continuous in [-1, 1]; binaries: size * (hidden + 1).
 */
export function stepPerceptron(seed: number, size = 6, hidden = 2): Model {
  const { x, y } = xorPoints(seed, size);
  const b = new ModelBuilder(`perceptron_s${seed}_n${size}_h${hidden}`);
  const w: number[][] = [];
  const bias: number[] = [];
  for (let k = 0; k < hidden; k++) {
    w.push([]);
    for (let i = 0; i < 2; i++) {
      w[k]!.push(b.addColumn({ name: `w_${k}_${i}`, lower: -1, upper: 1, tag: { kind: ColumnKind.WEIGHT, layer: 0, neuron: k, sample: i } }));
    }
    bias.push(b.addColumn({ name: `b_${k}`, lower: -1, upper: 1, tag: { kind: ColumnKind.BIAS, layer: 0, neuron: k } }));
  }
  const v: number[] = [];
  for (let k = 0; k < hidden; k++) {
    v.push(b.addColumn({ name: `v_${k}`, lower: -1, upper: 1, tag: { kind: ColumnKind.WEIGHT, layer: 1, neuron: 0, sample: k } }));
  }
  const c = b.addColumn({ name: 'c', lower: -1, upper: 1, tag: { kind: ColumnKind.BIAS, layer: 1, neuron: 0 } });
  const eps = STEP_MARGIN;
  let ones = 0;
  for (let n = 0; n < size; n++) {
    const p = x[n]!;
    const bigM = Math.abs(p[0]!) + Math.abs(p[1]!) + 1;
    const outIdx: number[] = [];
    const outVal: number[] = [];
    for (let k = 0; k < hidden; k++) {
      const h = b.addBinary(`h_${n}_${k}`, 0, { kind: ColumnKind.ACTIVATION, layer: 0, neuron: k, sample: n });
      const zIdx = [w[k]![0]!, w[k]![1]!, bias[k]!];
      const zVal = [p[0]!, p[1]!, 1];
      b.addRow({ name: `on_${n}_${k}`, lower: -bigM }, [...zIdx, h], [...zVal, -bigM]);
      b.addRow({ name: `off_${n}_${k}`, upper: -eps }, [...zIdx, h], [...zVal, -(bigM + eps)]);
      const u = b.addColumn({ name: `u_${n}_${k}`, lower: -1, upper: 1, tag: { kind: ColumnKind.AUXILIARY, layer: 1, neuron: k, sample: n } });
      b.addRow({ name: `mc1_${n}_${k}`, upper: 0 }, [u, h], [1, -1]);
      b.addRow({ name: `mc2_${n}_${k}`, lower: 0 }, [u, h], [1, 1]);
      b.addRow({ name: `mc3_${n}_${k}`, lower: -1 }, [u, v[k]!, h], [1, -1, -1]);
      b.addRow({ name: `mc4_${n}_${k}`, upper: 1 }, [u, v[k]!, h], [1, -1, 1]);
      outIdx.push(u);
      outVal.push(1);
    }
    const o = b.addBinary(`o_${n}`, y[n] === 1 ? -1 : 1, { kind: ColumnKind.ACTIVATION, layer: 1, neuron: 0, sample: n });
    if (y[n] === 1) ones++;
    const bigMo = hidden + 1;
    b.addRow({ name: `out_on_${n}`, lower: -bigMo }, [...outIdx, c, o], [...outVal, 1, -bigMo]);
    b.addRow({ name: `out_off_${n}`, upper: -eps }, [...outIdx, c, o], [...outVal, 1, -(bigMo + eps)]);
  }
  b.objectiveOffset = ones;
  return b.build();
}
