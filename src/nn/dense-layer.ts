import { ModelError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import type { NeuronStructure } from '../model/structure.js';
import type { EncodeContext, Layer, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds } from './layer.js';
import type { Activation, DenseLayerJson, NetworkLayer } from './network.js';
import { linearizeProduct } from './product.js';

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

const SNAP = 1e-9;

/**
 * Fully connected layer `z = W a + b` with a step, ReLU or linear activation. Products of weights
 * with variable inputs are linearised exactly: binary inputs × bounded weights directly; bounded
 * continuous inputs × integer weights through the weights' binary expansion
 * `w = Σ 2^k β_k − P`. Continuous inputs × continuous weights are refused (not a MILP).
 */
export class DenseLayer implements Layer {
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
    if (this.biasBound !== undefined) return this.biasBound;
    let s = 0;
    const nin = this.inputWidth;
    for (let j = 0; j < nin; j++) {
      let m = 0;
      for (let n = 0; n < samples; n++) {
        const v = Math.max(Math.abs(input.lo[n * nin + j]!), Math.abs(input.hi[n * nin + j]!));
        if (v > m) m = v;
      }
      s += m;
    }
    let B = this.weightBound * s + this.epsilon;
    if (this.integerWeights) B = Math.ceil(B);
    if (!Number.isFinite(B)) throw new ModelError('build model', `${this.label}: infinite input bounds, cannot bound the bias (no big-M from an infinite bound)`);
    this.biasBound = B;
    return B;
  }

  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    const nin = this.inputWidth;
    const nout = this.width;
    if (input.lo.length !== samples * nin) {
      throw new ModelError('build model', `${this.label}: expected ${samples}×${nin} input bounds, got ${input.lo.length}`);
    }
    const B = this.resolveBiasBound(input, samples);
    const W = this.weightBound;
    const pre = { lo: new Float64Array(samples * nout), hi: new Float64Array(samples * nout) };
    for (let n = 0; n < samples; n++) {
      let s = B;
      for (let j = 0; j < nin; j++) s += W * Math.max(Math.abs(input.lo[n * nin + j]!), Math.abs(input.hi[n * nin + j]!));
      for (let i = 0; i < nout; i++) {
        pre.lo[n * nout + i] = -s;
        pre.hi[n * nout + i] = s;
      }
    }
    return { pre, post: this.postBounds(pre) };
  }

  /** Output bounds from pre-activation bounds. */
  postBounds(pre: LayerBounds): LayerBounds {
    const m = pre.lo.length;
    const lo = new Float64Array(m);
    const hi = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      const zl = pre.lo[t]!;
      const zu = pre.hi[t]!;
      if (this.activation === 'step') {
        lo[t] = zl >= 0 && !this.killSwitches ? 1 : 0;
        hi[t] = zu <= -this.epsilon ? 0 : 1;
      } else if (this.activation === 'relu') {
        lo[t] = this.killSwitches ? 0 : Math.max(0, zl);
        hi[t] = Math.max(0, zu);
      } else {
        lo[t] = zl;
        hi[t] = zu;
      }
    }
    return { lo, hi };
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
    const interval = this.propagate(input.bounds, N).pre;
    const pre: LayerBounds = interval;
    if (ctx.preActivationBounds) {
      for (let t = 0; t < N * nout; t++) {
        pre.lo[t] = Math.max(pre.lo[t]!, ctx.preActivationBounds.lo[t]!);
        pre.hi[t] = Math.min(pre.hi[t]!, ctx.preActivationBounds.hi[t]!);
        if (pre.lo[t]! > pre.hi[t]!) pre.lo[t] = pre.hi[t]!;
      }
    }
    for (let t = 0; t < N * nout; t++) {
      if (!Number.isFinite(pre.lo[t]!) || !Number.isFinite(pre.hi[t]!)) {
        throw new ModelError('build model', `${what}: pre-activation bound of sample ${Math.floor(t / nout)}, neuron ${t % nout} is infinite; refusing to write a big-M from it`);
      }
    }
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
      const bias = b.addColumn({
        name: `b_${l}_${i}`,
        lower: -B,
        upper: B,
        integer: this.integerWeights,
        tag: { kind: ColumnKind.BIAS, layer: l, neuron: i },
      });
      d.biasCols[i] = bias;
      if (k >= 0) {
        if (this.activation === 'step') b.addRow({ name: `kb_${l}_${i}`, upper: -eps }, [bias, k], [1, -(B + eps)]);
        else b.addRow({ name: `kb_${l}_${i}`, upper: 0 }, [bias, k], [1, -B]);
      }
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const w = b.addColumn({
          name: `w_${l}_${i}_${j}`,
          lower: -W,
          upper: W,
          integer: this.integerWeights,
          tag: { kind: ColumnKind.WEIGHT, layer: l, neuron: i, sample: j },
        });
        d.weightCols[t] = w;
        if (k >= 0) {
          b.addRow({ name: `kwu_${l}_${i}_${j}`, upper: 0 }, [w, k], [1, -W]);
          b.addRow({ name: `kwl_${l}_${i}_${j}`, lower: 0 }, [w, k], [1, W]);
        }
        const kin = input.unitKillCols ? input.unitKillCols[j]! : -1;
        if (kin >= 0) {
          b.addRow({ name: `kou_${l}_${i}_${j}`, upper: 0 }, [w, kin], [1, -W]);
          b.addRow({ name: `kol_${l}_${i}_${j}`, lower: 0 }, [w, kin], [1, W]);
        }
        if (ctx.weightIndicators) {
          const s = b.addBinary(`s_${l}_${i}_${j}`, pen.l0, { kind: ColumnKind.WEIGHT_INDICATOR, layer: l, neuron: i, sample: j });
          d.indicatorCols[t] = s;
          indicators.push(s);
          b.addRow({ name: `swu_${l}_${i}_${j}`, upper: 0 }, [w, s], [1, -W]);
          b.addRow({ name: `swl_${l}_${i}_${j}`, lower: 0 }, [w, s], [1, W]);
        }
        if (pen.l1 > 0) {
          const u = b.addColumn({ name: `u_${l}_${i}_${j}`, lower: 0, upper: W, cost: pen.l1, tag: { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: j } });
          d.l1Cols[t] = u;
          b.addRow({ name: `uu_${l}_${i}_${j}`, lower: 0 }, [u, w], [1, -1]);
          b.addRow({ name: `ul_${l}_${i}_${j}`, lower: 0 }, [u, w], [1, 1]);
        }
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
        const z = b.addColumn({ name: `z_${l}_${i}_${n}`, lower: zl, upper: zu, tag: { kind: ColumnKind.PRE_ACTIVATION, layer: l, neuron: i, sample: n } });
        d.preCols[t] = z;
        // z − Σ terms − b = 0
        rowIdx.length = 0;
        rowVal.length = 0;
        rowIdx.push(z, d.biasCols[i]!);
        rowVal.push(1, -1);
        for (let j = 0; j < nin; j++) {
          const w = d.weightCols[i * nin + j]!;
          const ij = n * nin + j;
          if (mode === 'data') {
            const x = input.data![ij]!;
            if (x !== 0) {
              rowIdx.push(w);
              rowVal.push(-x);
            }
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

        const k = d.killCols[i]!;
        if (this.activation === 'step') {
          const fixed0 = zu <= -eps;
          const fixed1 = zl >= 0 && k < 0;
          const a = b.addColumn({
            name: `a_${l}_${i}_${n}`,
            lower: fixed1 ? 1 : 0,
            upper: fixed0 ? 0 : 1,
            integer: true,
            cost: ctx.isOutput ? 0 : pen.activation,
            tag: { kind: ColumnKind.ACTIVATION, layer: l, neuron: i, sample: n },
          });
          d.actCols[t] = a;
          // z ≥ zL (1 − a)  ⇔  z + zL a ≥ zL ;  z ≤ −ε + (zU + ε) a  ⇔  z − (zU + ε) a ≤ −ε
          b.addRow({ name: `st1_${l}_${i}_${n}`, lower: zl }, [z, a], [1, zl]);
          b.addRow({ name: `st0_${l}_${i}_${n}`, upper: -eps }, [z, a], [1, -(zu + eps)]);
          if (k >= 0) b.addRow({ name: `ka_${l}_${i}_${n}`, upper: 0 }, [a, k], [1, -1]);
        } else if (this.activation === 'relu') {
          const fixed0 = zu <= 0;
          const fixed1 = zl >= 0 && k < 0;
          const delta = b.addColumn({
            name: `d_${l}_${i}_${n}`,
            lower: fixed1 ? 1 : 0,
            upper: fixed0 ? 0 : 1,
            integer: true,
            cost: ctx.isOutput ? 0 : pen.activation,
            tag: { kind: ColumnKind.ACTIVATION, layer: l, neuron: i, sample: n },
          });
          d.actCols[t] = delta;
          const au = Math.max(0, zu);
          const a = b.addColumn({ name: `r_${l}_${i}_${n}`, lower: 0, upper: au, tag: { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: n } });
          d.postCols[t] = a;
          // a ≥ z ; a ≤ z − zL (1 − δ) ; a ≤ zU δ
          b.addRow({ name: `rl_${l}_${i}_${n}`, lower: 0 }, [a, z], [1, -1]);
          if (zl < 0) b.addRow({ name: `ru_${l}_${i}_${n}`, upper: -zl }, [a, z, delta], [1, -1, -zl]);
          else b.addRow({ name: `ru_${l}_${i}_${n}`, upper: 0 }, [a, z], [1, -1]);
          b.addRow({ name: `rd_${l}_${i}_${n}`, upper: 0 }, [a, delta], [1, -au]);
          if (k >= 0) {
            b.addRow({ name: `ka_${l}_${i}_${n}`, upper: 0 }, [a, k], [1, -au]);
            b.addRow({ name: `kd_${l}_${i}_${n}`, upper: 0 }, [delta, k], [1, -1]);
          }
        }
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
    const neurons: NeuronStructure[] = [];
    for (let i = 0; i < nout; i++) {
      const act = new Int32Array(N);
      const preC = new Int32Array(N);
      for (let n = 0; n < N; n++) {
        act[n] = d.actCols[n * nout + i]!;
        preC[n] = d.preCols[n * nout + i]!;
      }
      neurons.push({
        layer: l,
        neuron: i,
        weightCols: d.weightCols.slice(i * nin, (i + 1) * nin),
        biasCol: d.biasCols[i]!,
        killCol: d.killCols[i]!,
        activationCols: act,
        preActivationCols: preC,
      });
    }
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

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as DenseDetail;
    const nin = this.inputWidth;
    const nout = this.width;
    const weights: number[][] = [];
    const bias: number[] = [];
    const live: boolean[] = [];
    for (let i = 0; i < nout; i++) {
      const k = d.killCols[i]!;
      const alive = k < 0 || solution[k]! >= 0.5;
      live.push(alive);
      const row: number[] = [];
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        let w = solution[d.weightCols[t]!]!;
        if (this.integerWeights) w = Math.round(w);
        if (Math.abs(w) <= SNAP) w = 0;
        const s = d.indicatorCols[t]!;
        if (s >= 0 && solution[s]! < 0.5) w = 0;
        if (!alive) w = 0;
        row.push(w);
      }
      weights.push(row);
      let bv = solution[d.biasCols[i]!]!;
      if (this.integerWeights) bv = Math.round(bv);
      if (Math.abs(bv) <= SNAP) bv = 0;
      if (!alive) bv = this.activation === 'step' ? Math.min(bv, -this.epsilon) : Math.min(bv, 0);
      bias.push(bv);
    }
    const out: DenseLayerJson = { type: 'dense', activation: this.activation, inputs: nin, outputs: nout, weights, bias };
    if (this.killSwitches && d.killCols.some((c) => c >= 0)) out.live = live;
    return out;
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    const d = encoding.detail as DenseDetail;
    const nin = this.inputWidth;
    const nout = this.width;
    const P = this.integerWeights ? this.weightBound : 0;
    const thr = -this.epsilon / 2;
    for (let i = 0; i < nout; i++) {
      const alive = params.live ? params.live[i] !== false : true;
      if (d.killCols[i]! >= 0) solution[d.killCols[i]!] = alive ? 1 : 0;
      solution[d.biasCols[i]!] = params.bias[i]!;
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const w = params.weights[i]![j]!;
        solution[d.weightCols[t]!] = w;
        if (d.l1Cols[t]! >= 0) solution[d.l1Cols[t]!] = Math.abs(w);
        if (d.indicatorCols[t]! >= 0) solution[d.indicatorCols[t]!] = w !== 0 ? 1 : 0;
        if (d.nbits > 0) {
          let v = Math.round(w) + P;
          for (let q = 0; q < d.nbits; q++) {
            solution[d.bitCols[t * d.nbits + q]!] = v & 1;
            v >>= 1;
          }
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
        let a: number;
        if (this.activation === 'step') {
          a = alive && z >= thr ? 1 : 0;
          solution[d.actCols[t]!] = a;
        } else if (this.activation === 'relu') {
          a = alive && z > 0 ? z : 0;
          const on = alive && (z > 0 || (z >= 0 && encoding.preActivationBounds.lo[t]! >= 0));
          solution[d.actCols[t]!] = on ? 1 : 0;
          solution[d.postCols[t]!] = a;
        } else a = z;
        out[t] = a;
      }
    }
    return out;
  }
}
