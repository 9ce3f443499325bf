import { ColumnKind } from '../model/column-tag.js';
import { Model } from '../model/model.js';
import type { LayerStructure, NetworkStructure } from '../model/structure.js';
import type { NnView } from './nn-view.js';

/** Sample of a column or row: a sample index >= 0, PARAM (shared by all samples) or CROSS (ties several samples). */
export const PARAM = -1;
export const CROSS = -2;

/**
 * Which sample every column and row of an NN-training model belongs to, derived once from the
 * structure, the tags and the matrix:
 * - activation and pre-activation columns from the structure, loss columns (e_n, ξ_n) from the view;
 * - weights, biases, kill-switches, weight indicators and bits, layer switches are parameters;
 * - every other column (post-activations, products, pooling, |w| auxiliaries) takes the sample of
 *   the rows it shares with sample columns (repeated to a fixed point), else it is a parameter;
 * - a row is a sample's when its columns are that sample's and parameters, a parameter row when it
 *   has only parameters, and CROSS when it ties columns of two samples (e.g. a zero-pattern row).
 *
 * The objective of such a model is a sum over samples plus a penalty over parameters, and the rows
 * of one sample only meet the others' through the parameters; so the model restricted to a subset
 * of samples (`subsetModel`) is a relaxation of the whole model projected on its columns.
 */
export interface SamplePartition {
  readonly colSample: Int32Array;
  readonly rowSample: Int32Array;
  /** columns per sample (CSR over samples): `sampleCols[sampleStart[s] .. sampleStart[s+1]-1]` */
  readonly sampleStart: Int32Array;
  readonly sampleCols: Int32Array;
  readonly paramCols: Int32Array;
  /** 1 on the columns whose cost is the loss (xor: output activations; else e_n / ξ_n) */
  readonly lossCol: Uint8Array;
  /** rows dropped from every subset model (they tie samples) */
  readonly crossRows: number;
}

const PARAM_KINDS = new Set<number>([ColumnKind.WEIGHT, ColumnKind.BIAS, ColumnKind.KILL_SWITCH, ColumnKind.WEIGHT_INDICATOR, ColumnKind.WEIGHT_BIT, ColumnKind.LAYER_SWITCH]);
const UNKNOWN = -3;

const cache = new WeakMap<Model, SamplePartition>();

/** The sample of row i from its columns' samples so far: the one sample among them, PARAM when none, CROSS when two. */
function rowSampleOf(rm: { rowStart: Int32Array; colIndex: Int32Array }, colSample: Int32Array, i: number): number {
  let s = PARAM;
  for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) {
    const c = colSample[rm.colIndex[k]!]!;
    if (c < 0) continue;
    if (s === PARAM) s = c;
    else if (s !== c) return CROSS;
  }
  return s;
}

export function samplePartition(view: NnView): SamplePartition {
  const m = view.model;
  const hit = cache.get(m);
  if (hit) return hit;
  const n = m.numCols;
  const colSample = new Int32Array(n).fill(UNKNOWN);
  for (let j = 0; j < n; j++) if (PARAM_KINDS.has(m.tagKind[j]!)) colSample[j] = PARAM;
  for (const L of view.layers) {
    for (const nr of L.neurons) {
      for (let s = 0; s < nr.activationCols.length; s++) {
        if (nr.activationCols[s]! >= 0) colSample[nr.activationCols[s]!] = s;
        if (nr.preActivationCols[s]! >= 0) colSample[nr.preActivationCols[s]!] = s;
      }
    }
  }
  for (let s = 0; s < view.lossCols.length; s++) if (view.lossCols[s]! >= 0) colSample[view.lossCols[s]!] = s;
  const rm = m.rowMatrix();
  const rowSample = new Int32Array(m.numRows);
  // fixed point: unknown columns take the only sample of a row they are in
  for (let changed = true, pass = 0; changed && pass < 50; pass++) {
    changed = false;
    for (let i = 0; i < m.numRows; i++) {
      const s = rowSampleOf(rm, colSample, i);
      if (s < 0) continue;
      for (let k = rm.rowStart[i]!; k < rm.rowStart[i + 1]!; k++) {
        const j = rm.colIndex[k]!;
        if (colSample[j] === UNKNOWN) {
          colSample[j] = s;
          changed = true;
        }
      }
    }
  }
  for (let j = 0; j < n; j++) if (colSample[j] === UNKNOWN) colSample[j] = PARAM;
  let cross = 0;
  for (let i = 0; i < m.numRows; i++) {
    const s = rowSampleOf(rm, colSample, i);
    rowSample[i] = s;
    if (s === CROSS) cross++;
  }
  const N = view.samples;
  const sampleStart = new Int32Array(N + 1);
  let params = 0;
  for (let j = 0; j < n; j++) {
    const s = colSample[j]!;
    if (s >= 0 && s < N) sampleStart[s + 1]!++;
    else params++;
  }
  for (let s = 0; s < N; s++) sampleStart[s + 1]! += sampleStart[s]!;
  const fill = sampleStart.slice(0, N);
  const sampleCols = new Int32Array(sampleStart[N]!);
  const paramCols = new Int32Array(params);
  let p = 0;
  for (let j = 0; j < n; j++) {
    const s = colSample[j]!;
    if (s >= 0 && s < N) sampleCols[fill[s]!++] = j;
    else paramCols[p++] = j;
  }
  const lossCol = new Uint8Array(n);
  if (view.loss === 'xor') {
    const out = view.layers[view.layers.length - 1]!;
    for (const nr of out.neurons) for (const a of nr.activationCols) if (a >= 0) lossCol[a] = 1;
  } else for (const e of view.lossCols) if (e >= 0) lossCol[e] = 1;
  const out: SamplePartition = { colSample, rowSample, sampleStart, sampleCols, paramCols, lossCol, crossRows: cross };
  cache.set(m, out);
  return out;
}

/** A model over a subset of the samples, with the map of its columns to the whole model's. */
export interface SubsetModel {
  model: Model;
  /** sub-model column → whole-model column */
  cols: Int32Array;
  samples: Int32Array;
}

/**
 * The whole model restricted to the parameters and the columns and rows of `samples`, CROSS rows
 * dropped: every point of the whole model, projected, is feasible for it. Its objective: the
 * samples' loss costs plus `penaltyWeight` × every other cost (parameters' penalties, activation
 * penalties), with no offset; so its proven lower
 * bound L gives the valid inequality Σ_j c_j x_cols[j] ≥ L for the whole model. Column bounds come
 * from `lower` / `upper` (the model's, or a node's: the inequality then holds in that subtree).
 */
export function subsetModel(view: NnView, part: SamplePartition, samples: Int32Array, penaltyWeight: number, lower: ArrayLike<number>, upper: ArrayLike<number>): SubsetModel {
  const m = view.model;
  const N = view.samples;
  const inSubset = new Int32Array(N).fill(-1);
  samples.forEach((s, k) => (inSubset[s] = k));
  const newCol = new Int32Array(m.numCols).fill(-1);
  const cols: number[] = [];
  // parameters first, then the samples' columns in subset order
  for (const j of part.paramCols) {
    newCol[j] = cols.length;
    cols.push(j);
  }
  for (const s of samples) {
    for (let k = part.sampleStart[s]!; k < part.sampleStart[s + 1]!; k++) {
      const j = part.sampleCols[k]!;
      newCol[j] = cols.length;
      cols.push(j);
    }
  }
  const newRow = new Int32Array(m.numRows).fill(-1);
  let rows = 0;
  for (let i = 0; i < m.numRows; i++) {
    const s = part.rowSample[i]!;
    if (s === PARAM || (s >= 0 && inSubset[s]! >= 0)) newRow[i] = rows++;
  }
  const nc = cols.length;
  const colStart = new Int32Array(nc + 1);
  for (let c = 0; c < nc; c++) {
    const j = cols[c]!;
    let cnt = 0;
    for (let k = m.colStart[j]!; k < m.colStart[j + 1]!; k++) if (newRow[m.rowIndex[k]!]! >= 0) cnt++;
    colStart[c + 1] = colStart[c]! + cnt;
  }
  const rowIndex = new Int32Array(colStart[nc]!);
  const value = new Float64Array(colStart[nc]!);
  const colCost = new Float64Array(nc);
  const colLower = new Float64Array(nc);
  const colUpper = new Float64Array(nc);
  const integrality = new Uint8Array(nc);
  const tagKind = new Uint8Array(nc);
  const tagLayer = new Int32Array(nc);
  const tagNeuron = new Int32Array(nc);
  const tagSample = new Int32Array(nc);
  const colNames: string[] = new Array<string>(nc);
  for (let c = 0; c < nc; c++) {
    const j = cols[c]!;
    let p = colStart[c]!;
    for (let k = m.colStart[j]!; k < m.colStart[j + 1]!; k++) {
      const r = newRow[m.rowIndex[k]!]!;
      if (r < 0) continue;
      rowIndex[p] = r;
      value[p++] = m.value[k]!;
    }
    const s = part.colSample[j]!;
    colCost[c] = part.lossCol[j] ? m.colCost[j]! : penaltyWeight * m.colCost[j]!;
    colLower[c] = lower[j]!;
    colUpper[c] = upper[j]!;
    integrality[c] = m.integrality[j]!;
    tagKind[c] = m.tagKind[j]!;
    tagLayer[c] = m.tagLayer[j]!;
    tagNeuron[c] = m.tagNeuron[j]!;
    // per-sample tags are renumbered to the subset's sample index; weights keep their input index
    tagSample[c] = s >= 0 && m.tagSample[j]! === s ? inSubset[s]! : m.tagSample[j]!;
    colNames[c] = m.colNames[j] ?? `c${j}`;
  }
  const rowLower = new Float64Array(rows);
  const rowUpper = new Float64Array(rows);
  const rowNames: string[] = new Array<string>(rows);
  for (let i = 0; i < m.numRows; i++) {
    const r = newRow[i]!;
    if (r < 0) continue;
    rowLower[r] = m.rowLower[i]!;
    rowUpper[r] = m.rowUpper[i]!;
    rowNames[r] = m.rowNames[i] ?? `r${i}`;
  }
  const structure = m.structure ? subsetStructure(m.structure, samples, newCol, newRow) : undefined;
  const sub = new Model({
    name: `${m.name} (${samples.length} of ${N} samples)`,
    sense: 'minimize',
    objectiveOffset: 0,
    colCost,
    colLower,
    colUpper,
    integrality,
    rowLower,
    rowUpper,
    colStart,
    rowIndex,
    value,
    colNames,
    rowNames,
    tagKind,
    tagLayer,
    tagNeuron,
    tagSample,
    ...(structure ? { structure } : {}),
  });
  return { model: sub, cols: Int32Array.from(cols), samples };
}

function remap(a: Int32Array, map: Int32Array): Int32Array {
  return Int32Array.from(a, (c) => (c >= 0 ? map[c]! : -1));
}

function subsetStructure(st: NetworkStructure, samples: Int32Array, newCol: Int32Array, newRow: Int32Array): NetworkStructure {
  const layers: LayerStructure[] = st.layers.map((L) => {
    const out: LayerStructure = {
      layer: L.layer,
      activation: L.activation,
      permutable: L.permutable,
      neurons: L.neurons.map((nr) => ({
        layer: nr.layer,
        neuron: nr.neuron,
        weightCols: remap(nr.weightCols, newCol),
        biasCol: nr.biasCol >= 0 ? newCol[nr.biasCol]! : -1,
        killCol: nr.killCol >= 0 ? newCol[nr.killCol]! : -1,
        activationCols: Int32Array.from(samples, (s) => (nr.activationCols[s]! >= 0 ? newCol[nr.activationCols[s]!]! : -1)),
        preActivationCols: Int32Array.from(samples, (s) => (nr.preActivationCols[s]! >= 0 ? newCol[nr.preActivationCols[s]!]! : -1)),
      })),
    };
    if (L.orderingRows) {
      const kept = Array.from(L.orderingRows, (r) => newRow[r]!);
      // an ordering row that did not survive would leave the symmetry handling inconsistent: drop the group
      if (kept.every((r) => r >= 0)) out.orderingRows = Int32Array.from(kept);
      else out.permutable = false;
    }
    return out;
  });
  return { description: `${st.description} (subset of ${samples.length})`, layers, samples: samples.length };
}
