import { ColumnKind } from '../model/column-tag.js';
import { dataInputFromRow, stepMarginFromRow } from '../nn/activation-encoding.js';
import type { Model } from '../model/model.js';
import type { LayerStructure, NeuronStructure } from '../model/structure.js';

/**
 * The engine's read-only view of an NN-training model, derived ONCE per model from `model.structure`,
 * the column tags and the matrix (cached per Model): everything the NN plugins need in typed arrays.
 *
 * - Layer-1 inputs are data: x_nj is read back from the pre-activation definition row
 *   `z − Σ_j x_nj w_j − b = 0` of each sample (the coefficient of w_j is −x_nj), with the reader of
 *   the encoding module (src/nn/activation-encoding.ts, where the layers write those rows).
 * - Layers ≥ 2 read the previous layer's outputs (binary step outputs, or ReLU outputs bounded by
 *   the previous pre-activation).
 * - ε is read from the step rows `z − (zU + ε) a ≤ −ε` (`stepMarginFromRow`, activation-encoding.ts).
 * - Labels: xor loss from the output activations' costs (−1 on the target); zero-one / hinge loss
 *   from the margin rows (the output pre-activation with coefficient +1 is the target's).
 *
 * `buildNnView` returns null for a model without structure (every NN plugin is then a no-op).
 */
export interface NnLayerView {
  /** index in `view.layers` (0-based); `layer` = the builder's 1-based layer number */
  index: number;
  layer: number;
  activation: LayerStructure['activation'];
  width: number;
  fanIn: number;
  isOutput: boolean;
  permutable: boolean;
  /** true when the formulation's ordering rows only order kill-switches (orbitopal fixing is consistent) */
  orbitopeCompatible: boolean;
  neurons: NeuronStructure[];
}

export type NnLossKind = 'xor' | 'zero-one' | 'hinge' | 'unknown';

export interface NnView {
  readonly model: Model;
  readonly samples: number;
  readonly features: number;
  /** layer-1 inputs `[n * features + j]` */
  readonly X: Float64Array;
  readonly layers: NnLayerView[];
  readonly epsilon: number;
  readonly loss: NnLossKind;
  /** label per sample (-1 = unknown) */
  readonly labels: Int32Array;
  readonly classes: number;
  /** per sample loss column (zero-one e_n / hinge ξ_n), -1 where none */
  readonly lossCols: Int32Array;
  /** margin γ of the zero-one / hinge loss rows (0 when unknown) */
  readonly margin: number;
  /** global neuron id of each column belonging to a neuron (weight, bias, kill, activation, z), -1 otherwise */
  readonly colNeuron: Int32Array;
  /** sample of an activation / z column, -1 otherwise */
  readonly colSample: Int32Array;
  /** global neuron id -> (layer index, neuron) */
  readonly neuronLayer: Int32Array;
  readonly neuronIndex: Int32Array;
  readonly neuronCount: number;
  /** first global neuron id of each layer */
  readonly layerStart: Int32Array;
  /** weight bound magnitude per layer (max |bound| over its weight columns) */
  readonly weightBound: Float64Array;
  /** integer columns whose value a network pattern decides: activations, kill-switches, loss indicators */
  readonly patternCols: Int32Array;
  /**
   * integer parameter columns (weights / biases) and, for weights written in bits
   * (w = Σ_q c_q β_q − P), their bits: `intParams[t]` with bits `bitCols[bitStart[t] .. bitStart[t+1]-1]`,
   * bit values c_q in `bitValues` and offset `bitOffset[t]` = P
   */
  readonly intParams: Int32Array;
  readonly bitStart: Int32Array;
  readonly bitCols: Int32Array;
  readonly bitValues: Float64Array;
  readonly bitOffset: Float64Array;
}

const cache = new WeakMap<Model, NnView | null>();

/** The NN view of a model (cached), or null when the model carries no usable network structure. */
export function getNnView(model: Model): NnView | null {
  let v = cache.get(model);
  if (v === undefined) {
    v = buildNnView(model);
    cache.set(model, v);
  }
  return v;
}

function findRowWith(model: Model, col: number, other: number, eq: boolean): number {
  const rm = model.rowMatrix();
  for (let k = model.colStart[col]!; k < model.colStart[col + 1]!; k++) {
    const r = model.rowIndex[k]!;
    if (eq && model.rowLower[r] !== model.rowUpper[r]) continue;
    for (let q = rm.rowStart[r]!; q < rm.rowStart[r + 1]!; q++) if (rm.colIndex[q] === other) return r;
  }
  return -1;
}

function coefIn(model: Model, row: number, col: number): number {
  const rm = model.rowMatrix();
  for (let q = rm.rowStart[row]!; q < rm.rowStart[row + 1]!; q++) if (rm.colIndex[q] === col) return rm.value[q]!;
  return 0;
}

export function buildNnView(model: Model): NnView | null {
  const st = model.structure;
  if (!st || st.layers.length === 0) return null;
  const N = st.samples;
  const n = model.numCols;
  const layers: NnLayerView[] = [];
  let prevWidth = -1;
  for (let li = 0; li < st.layers.length; li++) {
    const ls = st.layers[li]!;
    if (ls.neurons.length === 0) return null;
    const fanIn = ls.neurons[0]!.weightCols.length;
    if (li > 0 && fanIn !== prevWidth) return null;
    for (const nr of ls.neurons) if (nr.weightCols.length !== fanIn || nr.activationCols.length !== N || nr.preActivationCols.length !== N) return null;
    let compatible = ls.permutable;
    if (ls.orderingRows && ls.orderingRows.length > 0) {
      const rm = model.rowMatrix();
      for (const r of ls.orderingRows) {
        for (let q = rm.rowStart[r]!; q < rm.rowStart[r + 1]!; q++) {
          if (model.tagKind[rm.colIndex[q]!] !== ColumnKind.KILL_SWITCH) compatible = false;
        }
      }
      if (compatible && ls.neurons.some((nr) => nr.killCol < 0)) compatible = false;
    }
    layers.push({
      index: li,
      layer: ls.layer,
      activation: ls.activation,
      width: ls.neurons.length,
      fanIn,
      isOutput: li === st.layers.length - 1,
      permutable: ls.permutable,
      orbitopeCompatible: compatible,
      neurons: ls.neurons,
    });
    prevWidth = ls.neurons.length;
  }
  const d = layers[0]!.fanIn;
  // ---- layer-1 data from the z definition rows
  const X = new Float64Array(N * d);
  const first = layers[0]!.neurons;
  for (let s = 0; s < N; s++) {
    let done = false;
    for (const nr of first) {
      const z = nr.preActivationCols[s]!;
      if (z < 0 || nr.biasCol < 0) continue;
      const r = findRowWith(model, z, nr.biasCol, true);
      if (r < 0) continue;
      const cz = coefIn(model, r, z);
      if (cz === 0) continue;
      let ok = true;
      for (let j = 0; j < d; j++) {
        const w = nr.weightCols[j]!;
        if (w < 0) {
          ok = false;
          continue;
        }
        X[s * d + j] = dataInputFromRow(cz, coefIn(model, r, w));
      }
      if (ok) {
        done = true;
        break;
      }
    }
    if (!done) return null;
  }
  // ---- epsilon from a step row
  let epsilon = 1e-3;
  outer: for (const L of layers) {
    if (L.activation !== 'step') continue;
    for (const nr of L.neurons) {
      for (let s = 0; s < N; s++) {
        const a = nr.activationCols[s]!;
        const z = nr.preActivationCols[s]!;
        if (a < 0 || z < 0) continue;
        for (let k = model.colStart[a]!; k < model.colStart[a + 1]!; k++) {
          const r = model.rowIndex[k]!;
          const e = stepMarginFromRow(model.rowLower[r]!, model.rowUpper[r]!, coefIn(model, r, z));
          if (e !== undefined) {
            epsilon = e;
            break outer;
          }
        }
      }
    }
  }
  // ---- loss and labels
  const out = layers[layers.length - 1]!;
  const K = out.width;
  const labels = new Int32Array(N).fill(-1);
  const lossCols = new Int32Array(N).fill(-1);
  let loss: NnLossKind = 'unknown';
  let margin = 0;
  if (out.activation === 'step') {
    loss = 'xor';
    for (let s = 0; s < N; s++) {
      for (let k = 0; k < K; k++) {
        const a = out.neurons[k]!.activationCols[s]!;
        if (a >= 0 && model.colCost[a]! < 0) labels[s] = k;
      }
    }
  } else {
    const outZ = new Int32Array(n).fill(-1);
    for (let k = 0; k < K; k++) for (let s = 0; s < N; s++) {
      const z = out.neurons[k]!.preActivationCols[s]!;
      if (z >= 0) outZ[z] = k;
    }
    const rm = model.rowMatrix();
    for (let j = 0; j < n; j++) {
      const kind = model.tagKind[j];
      const s = model.tagSample[j]!;
      const isLoss = kind === ColumnKind.LOSS;
      const isHinge = kind === ColumnKind.AUXILIARY && model.tagLayer[j] === -1 && s >= 0;
      if (!isLoss && !isHinge) continue;
      if (s < 0 || s >= N) continue;
      lossCols[s] = j;
      loss = isLoss ? 'zero-one' : 'hinge';
      for (let k = model.colStart[j]!; k < model.colStart[j + 1]! && labels[s]! < 0; k++) {
        const r = model.rowIndex[k]!;
        if (Number.isFinite(model.rowLower[r]!)) margin = model.rowLower[r]!;
        for (let q = rm.rowStart[r]!; q < rm.rowStart[r + 1]!; q++) {
          const c = rm.colIndex[q]!;
          if (outZ[c]! >= 0 && rm.value[q]! > 0) labels[s] = outZ[c]!;
        }
      }
    }
  }
  // ---- column maps
  const colNeuron = new Int32Array(n).fill(-1);
  const colSample = new Int32Array(n).fill(-1);
  const layerStart = new Int32Array(layers.length + 1);
  let count = 0;
  for (const L of layers) {
    layerStart[L.index] = count;
    count += L.width;
  }
  layerStart[layers.length] = count;
  const neuronLayer = new Int32Array(count);
  const neuronIndex = new Int32Array(count);
  const weightBound = new Float64Array(layers.length);
  const pattern: number[] = [];
  for (const L of layers) {
    for (let i = 0; i < L.width; i++) {
      const g = layerStart[L.index]! + i;
      neuronLayer[g] = L.index;
      neuronIndex[g] = i;
      const nr = L.neurons[i]!;
      for (const w of nr.weightCols) {
        if (w < 0) continue;
        colNeuron[w] = g;
        weightBound[L.index] = Math.max(weightBound[L.index]!, Math.abs(model.colLower[w]!), Math.abs(model.colUpper[w]!));
      }
      if (nr.biasCol >= 0) colNeuron[nr.biasCol] = g;
      if (nr.killCol >= 0) {
        colNeuron[nr.killCol] = g;
        pattern.push(nr.killCol);
      }
      for (let s = 0; s < N; s++) {
        const a = nr.activationCols[s]!;
        const z = nr.preActivationCols[s]!;
        if (a >= 0) {
          colNeuron[a] = g;
          colSample[a] = s;
          pattern.push(a);
        }
        if (z >= 0) {
          colNeuron[z] = g;
          colSample[z] = s;
        }
      }
    }
  }
  for (let s = 0; s < N; s++) if (lossCols[s]! >= 0 && model.integrality[lossCols[s]!]) pattern.push(lossCols[s]!);
  // ---- integer parameters and their binary expansions
  const intParams: number[] = [];
  const bitStart: number[] = [0];
  const bitCols: number[] = [];
  const bitValues: number[] = [];
  const bitOffset: number[] = [];
  const rm = model.rowMatrix();
  for (const L of layers) {
    for (const nr of L.neurons) {
      const params = [...nr.weightCols, nr.biasCol];
      for (const c of params) {
        if (c < 0 || !model.integrality[c]) continue;
        intParams.push(c);
        let P = 0;
        const bits: { col: number; value: number }[] = [];
        for (let k = model.colStart[c]!; k < model.colStart[c + 1]! && bits.length === 0; k++) {
          const r = model.rowIndex[k]!;
          if (model.rowLower[r] !== model.rowUpper[r] || model.value[k] !== 1) continue;
          let ok = true;
          const found: { col: number; value: number }[] = [];
          for (let q = rm.rowStart[r]!; q < rm.rowStart[r + 1]!; q++) {
            const o = rm.colIndex[q]!;
            if (o === c) continue;
            if (model.tagKind[o] !== ColumnKind.WEIGHT_BIT) ok = false;
            else found.push({ col: o, value: -rm.value[q]! });
          }
          // w = Σ_q c_q β_q − P (plain binary c_q = 2^q, binarized 2β − 1, ternary β⁺ − β⁻)
          if (ok && found.length > 0 && found.length <= 10) {
            bits.push(...found);
            P = -model.rowLower[r]!;
          }
        }
        for (const b of bits) {
          bitCols.push(b.col);
          bitValues.push(b.value);
        }
        bitStart.push(bitCols.length);
        bitOffset.push(P);
      }
    }
  }
  return {
    model,
    samples: N,
    features: d,
    X,
    layers,
    epsilon,
    loss,
    labels,
    classes: K,
    lossCols,
    margin,
    colNeuron,
    colSample,
    neuronLayer,
    neuronIndex,
    neuronCount: count,
    layerStart,
    weightBound,
    patternCols: Int32Array.from(pattern),
    intParams: Int32Array.from(intParams),
    bitStart: Int32Array.from(bitStart),
    bitCols: Int32Array.from(bitCols),
    bitValues: Float64Array.from(bitValues),
    bitOffset: Float64Array.from(bitOffset),
  };
}
