/**
 * The dense layer type: its JSON shape, JSON check and forward pass, the trainable `DenseLayer`
 * (bound propagation and MILP encoding with real or integer weights) and the `dense` descriptor
 * of the layer registry. Binarized weights ({−1, 1}, {−1, 0, 1}) are dense layers too: same JSON
 * and forward pass, their encoding is BinarizedDenseLayer (layers/binarized-dense-layer.ts), which
 * the descriptor creates for a spec with `weights`.
 */
import { ModelError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import { activate, activationBounds, addDeadBiasRow, addPreActivation, completeActivation, encodeActivation, pushDataTerm } from './activation-encoding.js';
import type { EncodeContext, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds, TrainableLayer } from './layer.js';
import {
  addWeight,
  affineBiasBound,
  affinePreBounds,
  applyPreActivationBounds,
  checkInputBounds,
  completeUnits,
  decodeUnits,
  isFiniteNumbers,
  isLiveFlags,
  isPositiveInteger,
  unitStructure,
} from './layer-helpers.js';
import type { LayerForward, LayerType, LayerValidateContext } from './layer-registry.js';
import { BinarizedDenseLayer, type BinarizedDenseLayerOptions } from './layers/binarized-dense-layer.js';
import type { Activation, NetworkLayer } from './network.js';
import { linearizeProduct } from './product.js';

/** A fully connected layer: `z = W a + b`, then the activation. */
export interface DenseLayerJson {
  type: 'dense';
  activation: Activation;
  inputs: number;
  outputs: number;
  /** weights[i][j]: neuron i, input j */
  weights: number[][];
  bias: number[];
  /** live flag per neuron (kill-switch); a dead neuron outputs 0. Absent = all live. */
  live?: boolean[];
  /** true when layer pruning replaced this layer by the identity (then weights = I, bias = 0, linear) */
  pruned?: boolean;
}

/** Forward pass of a dense layer on `samples` rows of inputs. */
export function forwardDense(layer: DenseLayerJson, inputs: Float64Array, samples: number, stepThreshold: number): LayerForward {
  const nin = layer.inputs;
  const nout = layer.outputs;
  const act = layer.activation;
  const pre = new Float64Array(samples * nout);
  const post = new Float64Array(samples * nout);
  for (let i = 0; i < nout; i++) {
    const w = layer.weights[i]!;
    const b = layer.bias[i]!;
    const live = layer.live ? layer.live[i] !== false : true;
    for (let n = 0; n < samples; n++) {
      let z = b;
      const base = n * nin;
      for (let j = 0; j < nin; j++) {
        const wij = w[j]!;
        if (wij !== 0) z += wij * inputs[base + j]!;
      }
      pre[n * nout + i] = z;
      post[n * nout + i] = live ? activate(act, z, stepThreshold) : 0;
    }
  }
  return { pre, post };
}

/**
 * Checks the JSON shape of a dense layer that receives `nin` inputs (for network loading); returns
 * the first problem as a message ("… must …", without the layer's position), or undefined.
 */
export function denseLayerProblem(layer: Readonly<Record<string, unknown>>, nin: number): string | undefined {
  if (layer.activation !== 'step' && layer.activation !== 'relu' && layer.activation !== 'linear' && layer.activation !== 'sign') {
    return '.activation must be step, relu, linear or sign';
  }
  if (layer.inputs !== nin) return `.inputs is ${JSON.stringify(layer.inputs)} but the previous layer has ${nin} outputs`;
  const nout = layer.outputs;
  if (!isPositiveInteger(nout)) return '.outputs must be a positive integer';
  if (!Array.isArray(layer.weights) || layer.weights.length !== nout) return `.weights must have ${nout} rows`;
  const bad = (layer.weights as unknown[]).findIndex((row) => !isFiniteNumbers(row, nin));
  if (bad >= 0) return `.weights[${bad}] must be ${nin} finite numbers`;
  if (!isFiniteNumbers(layer.bias, nout)) return `.bias must be ${nout} finite numbers`;
  if (!isLiveFlags(layer.live, nout)) return `.live must be ${nout} booleans`;
  if (layer.pruned !== undefined && typeof layer.pruned !== 'boolean') return '.pruned must be a boolean';
  return undefined;
}

export interface DenseLayerOptions {
  inputs: number;
  outputs: number;
  activation: Activation;
  /** weights in [−W, W] (default 1) */
  weightBound?: number;
  /** integer weights and biases (default false) */
  integerWeights?: boolean;
  /** biases in [−B, B]; default: W·Σ_j max|input_j| + ε, which loses no generality (see `resolveBiasBound`) */
  biasBound?: number;
  /** a kill-switch binary per neuron (hidden layers) */
  killSwitches?: boolean;
  /** step margin ε (default 1e-3) */
  epsilon?: number;
}

/** Column indices of one encoded dense layer (the `detail` of its LayerEncoding). */
interface DenseDetail {
  samples: number;
  mode: 'data' | 'binary' | 'bits';
  /** [i * nin + j] */
  weightCols: Int32Array;
  l1Cols: Int32Array;
  indicatorCols: Int32Array;
  /** [(i * nin + j) * nbits + k] */
  bitCols: Int32Array;
  nbits: number;
  biasCols: Int32Array;
  killCols: Int32Array;
  /** [n * nout + i] */
  preCols: Int32Array;
  /** step output a / ReLU phase δ */
  actCols: Int32Array;
  /** ReLU output a */
  postCols: Int32Array;
  /** [(n * nout + i) * nin + j]: p = w·a (binary mode) */
  productCols: Int32Array;
  /** [((n * nout + i) * nin + j) * nbits + k]: q = β_k·a (bits mode) */
  bitProductCols: Int32Array;
  /** [i]: o_i, the output of neuron i on the all-zero input pattern (zero-pattern rows), or -1 */
  zeroCols: Int32Array;
}

/**
 * Fully connected layer `z = W a + b` with a step, ReLU or linear activation. Products of weights
 * with variable inputs are linearised exactly: binary inputs × bounded weights directly; bounded
 * continuous inputs × integer weights through the weights' binary expansion
 * `w = Σ 2^k β_k − P`. Continuous inputs × continuous weights are refused (not a MILP).
 */
export class DenseLayer implements TrainableLayer {
  readonly type = 'dense';
  readonly inputWidth: number;
  readonly width: number;
  readonly activation: Activation;
  readonly weightBound: number;
  readonly integerWeights: boolean;
  readonly killSwitches: boolean;
  readonly epsilon: number;
  biasBound: number | undefined;
  /** 1-based index, set when encoded (for messages) */
  index = 0;

  constructor(options: DenseLayerOptions) {
    this.inputWidth = options.inputs;
    this.width = options.outputs;
    this.activation = options.activation;
    this.weightBound = options.weightBound ?? 1;
    this.integerWeights = options.integerWeights ?? false;
    this.killSwitches = options.killSwitches ?? false;
    this.epsilon = options.epsilon ?? 1e-3;
    this.biasBound = options.biasBound;
    const what = `dense layer (${this.inputWidth}→${this.width}, ${this.activation})`;
    if (!Number.isInteger(this.inputWidth) || this.inputWidth < 1 || !Number.isInteger(this.width) || this.width < 1) {
      throw new ModelError('build model', `${what}: widths must be positive integers`);
    }
    if (!(this.weightBound > 0) || !Number.isFinite(this.weightBound)) {
      throw new ModelError('build model', `${what}: weight bound must be finite and > 0, got ${this.weightBound}`);
    }
    if (this.integerWeights && !Number.isInteger(this.weightBound)) {
      throw new ModelError('build model', `${what}: integer weights need an integer weight bound, got ${this.weightBound}`);
    }
    if (!(this.epsilon > 0)) throw new ModelError('build model', `${what}: step margin ε must be > 0, got ${this.epsilon}`);
    if (this.activation === 'sign') throw new ModelError('build model', `${what}: sign activations need binarized weights (BinarizedDenseLayer)`);
  }

  get binaryOutput(): boolean {
    return this.activation === 'step';
  }

  get label(): string {
    return `layer ${this.index || '?'} (dense ${this.inputWidth}→${this.width}, ${this.activation})`;
  }

  /**
   * Fixes the bias bound from the input bounds if none was given: B = W·Σ_j max_n |input_nj| + ε.
   * A bias beyond ±B gives a neuron that is constant on every input in range, which B reproduces,
   * so this bound loses no generality. Called once, on the interval bounds (never re-derived from
   * tightened bounds, so every model built for one problem has the same B).
   */
  resolveBiasBound(input: LayerBounds, samples: number): number {
    if (this.biasBound === undefined) this.biasBound = affineBiasBound(input, samples, this.inputWidth, this.weightBound, this.epsilon, this.integerWeights, this.label);
    return this.biasBound;
  }

  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    checkInputBounds(input, samples, this.inputWidth, this.label);
    const B = this.resolveBiasBound(input, samples);
    const pre = affinePreBounds(input, samples, this.inputWidth, this.width, this.weightBound, B);
    return { pre, post: this.postBounds(pre) };
  }

  /** Output bounds from pre-activation bounds. */
  postBounds(pre: LayerBounds): LayerBounds {
    return activationBounds(this.activation, pre, this.epsilon, this.killSwitches);
  }

  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding {
    this.index = ctx.layer;
    const what = this.label;
    const b = ctx.builder;
    const l = ctx.layer;
    const N = input.samples;
    const nin = this.inputWidth;
    const nout = this.width;
    const W = this.weightBound;
    const eps = this.epsilon;
    if (input.width !== nin) throw new ModelError('build model', `${what}: receives ${input.width} inputs, expects ${nin}`);
    let mode: DenseDetail['mode'];
    if (input.data) mode = 'data';
    else if (input.binary) mode = 'binary';
    else if (this.integerWeights) mode = 'bits';
    else {
      throw new ModelError(
        'build model',
        `${what}: its inputs are continuous variables and its weights are continuous, so w·a is a continuous × continuous product (not a MILP); use step activations in the previous layer or integer weights here`,
      );
    }
    const kill = this.killSwitches && !ctx.isOutput;
    const B = this.resolveBiasBound(input.bounds, N);
    const pre = applyPreActivationBounds(this.propagate(input.bounds, N).pre, ctx.preActivationBounds, nout, what, 'neuron');
    const P = this.integerWeights ? W : 0;
    const nbits = mode === 'bits' ? Math.ceil(Math.log2(2 * P + 1)) : 0;
    const d: DenseDetail = {
      samples: N,
      mode,
      weightCols: new Int32Array(nout * nin),
      l1Cols: new Int32Array(nout * nin).fill(-1),
      indicatorCols: new Int32Array(nout * nin).fill(-1),
      bitCols: new Int32Array(nout * nin * nbits).fill(-1),
      nbits,
      biasCols: new Int32Array(nout),
      killCols: new Int32Array(nout).fill(-1),
      preCols: new Int32Array(N * nout),
      actCols: new Int32Array(N * nout).fill(-1),
      postCols: new Int32Array(N * nout).fill(-1),
      productCols: new Int32Array(mode === 'binary' ? N * nout * nin : 0).fill(-1),
      bitProductCols: new Int32Array(mode === 'bits' ? N * nout * nin * nbits : 0).fill(-1),
      zeroCols: new Int32Array(nout).fill(-1),
    };
    const pen = ctx.penalties;
    const indicators: number[] = [];

    // ---- parameters -------------------------------------------------------------------------
    for (let i = 0; i < nout; i++) {
      let k = -1;
      if (kill) {
        k = b.addBinary(`k_${l}_${i}`, pen.neuron, { kind: ColumnKind.KILL_SWITCH, layer: l, neuron: i });
        d.killCols[i] = k;
      }
      const bias = b.addColumn({ name: `b_${l}_${i}`, lower: -B, upper: B, integer: this.integerWeights, tag: { kind: ColumnKind.BIAS, layer: l, neuron: i } });
      d.biasCols[i] = bias;
      if (k >= 0) addDeadBiasRow(b, `${l}_${i}`, bias, k, B, this.activation === 'step' ? 'step' : 'relu', eps);
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const cols = addWeight(b, {
          name: `w_${l}_${i}_${j}`,
          suffix: `${l}_${i}_${j}`,
          layer: l,
          neuron: i,
          sample: j,
          bound: W,
          integer: this.integerWeights,
          kill: k,
          inputKill: input.unitKillCols ? input.unitKillCols[j]! : -1,
          indicator: ctx.weightIndicators,
          l0: pen.l0,
          l1: pen.l1,
        });
        const w = cols.w;
        d.weightCols[t] = w;
        d.indicatorCols[t] = cols.s;
        d.l1Cols[t] = cols.u;
        if (cols.s >= 0) indicators.push(cols.s);
        if (mode === 'bits') {
          const idx = [w];
          const val = [1];
          const sumIdx: number[] = [];
          const sumVal: number[] = [];
          for (let q = 0; q < nbits; q++) {
            const beta = b.addBinary(`beta_${l}_${i}_${j}_${q}`, 0, { kind: ColumnKind.WEIGHT_BIT, layer: l, neuron: i, sample: j });
            d.bitCols[t * nbits + q] = beta;
            idx.push(beta);
            val.push(-(2 ** q));
            sumIdx.push(beta);
            sumVal.push(2 ** q);
          }
          // w − Σ 2^q β_q = −P ; Σ 2^q β_q ≤ 2P
          b.addRow({ name: `wb_${l}_${i}_${j}`, lower: -P, upper: -P }, idx, val);
          b.addRow({ name: `wbs_${l}_${i}_${j}`, upper: 2 * P }, sumIdx, sumVal);
        }
      }
    }

    // ---- per sample ----------------------------------------------------------------------------
    const inLo = input.bounds.lo;
    const inHi = input.bounds.hi;
    const rowIdx: number[] = [];
    const rowVal: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < nout; i++) {
        const t = n * nout + i;
        const zl = pre.lo[t]!;
        const zu = pre.hi[t]!;
        // z − Σ terms − b = 0
        const z = addPreActivation(b, `${l}_${i}_${n}`, zl, zu, { layer: l, neuron: i, sample: n }, d.biasCols[i]!, rowIdx, rowVal);
        d.preCols[t] = z;
        for (let j = 0; j < nin; j++) {
          const w = d.weightCols[i * nin + j]!;
          const ij = n * nin + j;
          if (mode === 'data') {
            pushDataTerm(rowIdx, rowVal, w, input.data![ij]!);
            continue;
          }
          const col = input.cols![ij]!;
          const lo = inLo[ij]!;
          const hi = inHi[ij]!;
          if (col < 0 || (lo >= 0 && hi <= 0)) continue; // constant 0
          if (mode === 'binary') {
            if (lo >= 1) {
              rowIdx.push(w);
              rowVal.push(-1);
              continue;
            }
            const p = linearizeProduct(b, col, w, -W, W, `p_${l}_${i}_${j}_${n}`, { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: n }, what);
            d.productCols[(n * nout + i) * nin + j] = p;
            rowIdx.push(p);
            rowVal.push(-1);
          } else {
            // w·a = Σ 2^q (β_q · a) − P·a
            for (let q = 0; q < nbits; q++) {
              const beta = d.bitCols[(i * nin + j) * nbits + q]!;
              const qc = linearizeProduct(b, beta, col, lo, hi, `q_${l}_${i}_${j}_${n}_${q}`, { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: n }, what);
              d.bitProductCols[((n * nout + i) * nin + j) * nbits + q] = qc;
              rowIdx.push(qc);
              rowVal.push(-(2 ** q));
            }
            rowIdx.push(col);
            rowVal.push(P);
          }
        }
        b.addRow({ name: `zdef_${l}_${i}_${n}`, lower: 0, upper: 0 }, rowIdx, rowVal);
        const site = { builder: b, suffix: `${l}_${i}_${n}`, layer: l, neuron: i, sample: n, z, zl, zu, kill: d.killCols[i]!, cost: ctx.isOutput ? 0 : pen.activation };
        const cols = encodeActivation(this.activation, site, eps);
        d.actCols[t] = cols.act;
        if (this.activation === 'relu') d.postCols[t] = cols.out;
      }
    }

    if (ctx.zeroPatternRows && mode === 'binary' && this.activation === 'step') this.encodeZeroPattern(ctx, input, d);

    // ---- symmetry breaking -------------------------------------------------------------------------
    const ordering: number[] = [];
    if (ctx.symmetryBreaking && !ctx.isOutput && nout > 1) {
      const M = 2 * B;
      for (let i = 0; i + 1 < nout; i++) {
        const k0 = d.killCols[i]!;
        const k1 = d.killCols[i + 1]!;
        if (k0 >= 0 && k1 >= 0) ordering.push(b.addRow({ name: `symk_${l}_${i}`, lower: 0 }, [k0, k1], [1, -1]));
        if (k1 >= 0) {
          // b_i ≥ b_{i+1} − M (1 − k_{i+1})  ⇔  b_i − b_{i+1} − M k_{i+1} ≥ −M
          ordering.push(b.addRow({ name: `symb_${l}_${i}`, lower: -M }, [d.biasCols[i]!, d.biasCols[i + 1]!, k1], [1, -1, -M]));
        } else {
          ordering.push(b.addRow({ name: `symb_${l}_${i}`, lower: 0 }, [d.biasCols[i]!, d.biasCols[i + 1]!], [1, -1]));
        }
      }
    }

    // ---- structure and output -------------------------------------------------------------------
    const neurons = Array.from({ length: nout }, (_, i) =>
      unitStructure(l, i, d.weightCols.slice(i * nin, (i + 1) * nin), d.biasCols[i]!, d.killCols[i]!, d.actCols, d.preCols, nout, N),
    );
    const structure = {
      layer: l,
      activation: this.activation,
      neurons,
      permutable: !ctx.isOutput,
      ...(ordering.length ? { orderingRows: Int32Array.from(ordering) } : {}),
    };
    const post = this.postBounds(pre);
    const outCols = this.activation === 'step' ? d.actCols : this.activation === 'relu' ? d.postCols : d.preCols;
    const output: LayerInput = {
      samples: N,
      width: nout,
      cols: outCols,
      bounds: post,
      binary: this.activation === 'step',
      ...(kill ? { unitKillCols: d.killCols } : {}),
    };
    return {
      layer: l,
      structure,
      output,
      preActivationBounds: pre,
      preActivationCols: d.preCols,
      weightIndicatorCols: Int32Array.from(indicators),
      killCols: d.killCols,
      detail: d,
    };
  }

  /**
   * Zero-pattern rows (step layer on binary inputs): a sample whose inputs are all 0 has z = b, so
   * every such sample has the same output o_i = step(b_i) (the step rows make a a function of z).
   * With a continuous o_i ∈ [0, 1] per neuron and S_n = Σ_j a_nj (the sample's inputs that can be 1):
   *   a_ni − o_i ≤ S_n   and   o_i − a_ni ≤ S_n     for every sample n.
   * Valid: o_i = the shared output when some sample has the zero pattern, anything otherwise (the
   * rows are then slack, S_n ≥ 1). The LP relaxation of the plain encoding lets every sample's
   * output follow its target at no activation cost; these rows charge Σ_n |t_n − o| against the
   * loss and the inputs' activations, which lifts the root bound by about λ_activation × the smaller
   * class count when activations are penalised. Samples with an input fixed to 1 get no rows.
   */
  private encodeZeroPattern(ctx: EncodeContext, input: LayerInput, d: DenseDetail): void {
    const b = ctx.builder;
    const l = ctx.layer;
    const N = input.samples;
    const nin = this.inputWidth;
    const nout = this.width;
    const idx: number[] = [];
    const val: number[] = [];
    for (let i = 0; i < nout; i++) {
      d.zeroCols[i] = b.addColumn({ name: `o_${l}_${i}`, lower: 0, upper: 1, tag: { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: -1 } });
    }
    for (let n = 0; n < N; n++) {
      idx.length = 0;
      val.length = 0;
      let forcedOne = false;
      for (let j = 0; j < nin; j++) {
        const ij = n * nin + j;
        const col = input.cols![ij]!;
        if (col < 0 || input.bounds.hi[ij]! <= 0) continue; // constant 0
        if (input.bounds.lo[ij]! >= 1) forcedOne = true;
        idx.push(col);
        val.push(-1);
      }
      if (forcedOne) continue;
      const k = idx.length;
      for (let i = 0; i < nout; i++) {
        const a = d.actCols[n * nout + i]!;
        const o = d.zeroCols[i]!;
        idx.length = k;
        val.length = k;
        idx.push(a, o);
        val.push(1, -1);
        b.addRow({ name: `zp1_${l}_${i}_${n}`, upper: 0 }, idx, val);
        val[k] = -1;
        val[k + 1] = 1;
        b.addRow({ name: `zp0_${l}_${i}_${n}`, upper: 0 }, idx, val);
      }
    }
  }

  /**
   * Parameters of a feasible start that fires nothing: zero weights, biases −ε (step; −1 with
   * integer weights) or 0, dead neurons where there are kill-switches (no neuron cost).
   */
  startParams(isOutput: boolean): DenseLayerJson {
    const step = this.activation === 'step';
    return {
      type: 'dense',
      activation: this.activation,
      inputs: this.inputWidth,
      outputs: this.width,
      weights: Array.from({ length: this.width }, () => new Array<number>(this.inputWidth).fill(0)),
      bias: new Array<number>(this.width).fill(step ? (this.integerWeights ? -1 : -this.epsilon) : 0),
      ...(this.killSwitches && !isOutput ? { live: new Array<boolean>(this.width).fill(false) } : {}),
    };
  }

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as DenseDetail;
    const { weights, bias, live } = decodeUnits(solution, d, this.width, this.inputWidth, this.integerWeights, this.activation === 'step', this.epsilon);
    const out: DenseLayerJson = { type: 'dense', activation: this.activation, inputs: this.inputWidth, outputs: this.width, weights, bias };
    if (this.killSwitches && d.killCols.some((c) => c >= 0)) out.live = live;
    return out;
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    if (params.type !== 'dense') throw new ModelError('complete solution', `${this.label}: expected dense parameters, got a ${params.type} layer`);
    const d = encoding.detail as DenseDetail;
    const nin = this.inputWidth;
    const nout = this.width;
    const P = this.integerWeights ? this.weightBound : 0;
    const thr = -this.epsilon / 2;
    completeUnits(params, d, nout, nin, solution);
    if (d.nbits > 0) {
      for (let t = 0; t < nout * nin; t++) {
        let v = Math.round(params.weights[Math.floor(t / nin)]![t % nin]!) + P;
        for (let q = 0; q < d.nbits; q++) {
          solution[d.bitCols[t * d.nbits + q]!] = v & 1;
          v >>= 1;
        }
      }
    }
    for (let i = 0; i < nout; i++) {
      // the output on the all-zero input pattern (see encodeZeroPattern)
      const o = d.zeroCols[i]!;
      const alive = params.live ? params.live[i] !== false : true;
      if (o >= 0) solution[o] = alive && params.bias[i]! >= thr ? 1 : 0;
    }
    const out = new Float64Array(samples * nout);
    for (let n = 0; n < samples; n++) {
      for (let i = 0; i < nout; i++) {
        const alive = params.live ? params.live[i] !== false : true;
        const wr = params.weights[i]!;
        let z = params.bias[i]!;
        for (let j = 0; j < nin; j++) {
          const x = inputs[n * nin + j]!;
          const w = wr[j]!;
          z += w * x;
          if (d.mode === 'binary') {
            const p = d.productCols[(n * nout + i) * nin + j]!;
            if (p >= 0) solution[p] = w * x;
          } else if (d.mode === 'bits') {
            let v = Math.round(w) + P;
            for (let q = 0; q < d.nbits; q++) {
              const qc = d.bitProductCols[((n * nout + i) * nin + j) * d.nbits + q]!;
              if (qc >= 0) solution[qc] = (v & 1) * x;
              v >>= 1;
            }
          }
        }
        const t = n * nout + i;
        solution[d.preCols[t]!] = z;
        out[t] = completeActivation(this.activation, z, encoding.preActivationBounds.lo[t]!, alive, thr, d.actCols[t]!, d.postCols[t]!, solution);
      }
    }
    return out;
  }
}

/** A dense layer spec: real / integer weights (DenseLayer), or binarized weights when `weights` is given. */
export type DenseLayerSpec = { type: 'dense' } & (DenseLayerOptions | BinarizedDenseLayerOptions);

/** The `dense` layer type of the registry. */
export const denseLayerType: LayerType<DenseLayerJson, DenseLayerSpec> = {
  type: 'dense',
  validate: (json: Readonly<Record<string, unknown>>, ctx: LayerValidateContext) => denseLayerProblem(json, ctx.inputs),
  forward: forwardDense,
  create: (spec: DenseLayerSpec) => ('weights' in spec ? new BinarizedDenseLayer(spec) : new DenseLayer(spec)),
  parameters: (layer: DenseLayerJson) => ({ weights: layer.weights, live: layer.live }),
};
