/**
 * Fully connected layer with binary {−1, +1} or ternary {−1, 0, +1} weights (binarized networks,
 * Rosenhahn's binary weights) and a step, sign, ReLU or linear activation.
 *
 * Weights are written in bits, so every product with a variable input is binary × bounded and
 * exact, whatever the input (binary step outputs, ±1 sign outputs, bounded ReLU outputs):
 * - binary:  w = 2β − 1,       w·a = 2(β·a) − a;
 * - ternary: w = β⁺ − β⁻, β⁺ + β⁻ ≤ 1,  w·a = β⁺·a − β⁻·a.
 * On data inputs (layer 1, e.g. Rosenhahn's integer inputs) the products are linear already.
 *
 * Sign activation: s = 2δ − 1 (an integer column in {−1, 1}) with δ the step binary (δ = 1 ⇔ z ≥ 0,
 * δ = 0 ⇔ z ≤ −ε); the layer structure lists s as the neuron's activation column. Decoded as
 * `activation: 'sign'` (forward: +1 when z ≥ stepThreshold, else −1). The decoded JSON is a plain
 * dense layer, so forward, save and load need nothing new.
 *
 * Sparsity: for ternary weights |w| = [w ≠ 0] = β⁺ + β⁻, so the L1 and L0 penalties go on the bits
 * (weight indicators s = β⁺ + β⁻ when requested). Binary weights are never 0: their L1/L0 terms
 * are constants (added to the objective offset) and weight indicators are refused. Kill-switches
 * are not offered (a ternary neuron dies by zero weights and a negative bias).
 */
import { ModelError } from '../../errors.js';
import { ColumnKind } from '../../model/column-tag.js';
import { activationBounds, addPreActivation, completeActivation, encodeActivation, pushDataTerm } from '../activation-encoding.js';
import type { EncodeContext, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds, TrainableLayer } from '../layer.js';
import { affineBiasBound, affinePreBounds, applyPreActivationBounds, checkInputBounds, snapParameter, unitStructure } from '../layer-helpers.js';
import type { DenseLayerJson, NetworkLayer } from '../network.js';
import { linearizeProduct } from '../product.js';

export type BinarizedWeights = 'binary' | 'ternary';
export type BinarizedActivation = 'step' | 'sign' | 'relu' | 'linear';

export interface BinarizedDenseLayerOptions {
  inputs: number;
  outputs: number;
  weights: BinarizedWeights;
  activation: BinarizedActivation;
  /** biases in [−B, B]; default Σ_j max|a_j| + ε (any larger bias makes the neuron constant) */
  biasBound?: number;
  /** integer biases (default false; natural with integer inputs) */
  integerBias?: boolean;
  /** step / sign margin ε (default 1e-3) */
  epsilon?: number;
}

interface BinarizedDetail {
  samples: number;
  data: boolean;
  /** [i · nin + j] */
  weightCols: Int32Array;
  /** β (binary) or β⁺ (ternary), [i · nin + j] */
  plusCols: Int32Array;
  /** β⁻ (ternary), -1 for binary */
  minusCols: Int32Array;
  indicatorCols: Int32Array;
  biasCols: Int32Array;
  /** [n · nout + i] */
  preCols: Int32Array;
  /** step a / sign δ / ReLU δ, -1 for linear */
  actCols: Int32Array;
  /** ReLU a / sign s, -1 otherwise */
  postCols: Int32Array;
  /** β·a or β⁺·a, `[(n · nout + i) · nin + j]` (-1 where the input is constant) */
  plusProducts: Int32Array;
  /** β⁻·a */
  minusProducts: Int32Array;
}

export class BinarizedDenseLayer implements TrainableLayer {
  readonly type = 'dense';
  readonly inputWidth: number;
  readonly width: number;
  readonly weights: BinarizedWeights;
  readonly activation: BinarizedActivation;
  readonly integerBias: boolean;
  readonly epsilon: number;
  /** weights are integers ({−1, 0, 1}); for code that treats layers alike */
  readonly integerWeights = true;
  readonly weightBound = 1;
  /** no kill-switches (see the file comment) */
  readonly killSwitches = false;
  biasBound: number | undefined;
  index = 0;

  constructor(options: BinarizedDenseLayerOptions) {
    this.inputWidth = options.inputs;
    this.width = options.outputs;
    this.weights = options.weights;
    this.activation = options.activation;
    this.integerBias = options.integerBias ?? false;
    this.epsilon = options.epsilon ?? 1e-3;
    this.biasBound = options.biasBound;
    const what = `binarized dense layer (${this.inputWidth}→${this.width}, ${this.weights} weights, ${this.activation})`;
    if (!Number.isInteger(this.inputWidth) || this.inputWidth < 1 || !Number.isInteger(this.width) || this.width < 1) {
      throw new ModelError('build model', `${what}: widths must be positive integers`);
    }
    if (this.weights !== 'binary' && this.weights !== 'ternary') throw new ModelError('build model', `${what}: weights must be 'binary' or 'ternary'`);
    if (!['step', 'sign', 'relu', 'linear'].includes(this.activation)) throw new ModelError('build model', `${what}: activation must be step, sign, relu or linear`);
    if (!(this.epsilon > 0)) throw new ModelError('build model', `${what}: step margin ε must be > 0, got ${this.epsilon}`);
    if (this.biasBound !== undefined && !(this.biasBound >= 0 && Number.isFinite(this.biasBound))) {
      throw new ModelError('build model', `${what}: bias bound must be finite and >= 0, got ${this.biasBound}`);
    }
  }

  get binaryOutput(): boolean {
    return this.activation === 'step';
  }

  get label(): string {
    return `layer ${this.index || '?'} (dense ${this.inputWidth}→${this.width}, ${this.weights} weights, ${this.activation})`;
  }

  /** B = Σ_j max_n |input_nj| + ε (see `affineBiasBound`), fixed on the first call. */
  resolveBiasBound(input: LayerBounds, samples: number): number {
    if (this.biasBound === undefined) this.biasBound = affineBiasBound(input, samples, this.inputWidth, 1, this.epsilon, this.integerBias, this.label);
    return this.biasBound;
  }

  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    checkInputBounds(input, samples, this.inputWidth, this.label);
    const B = this.resolveBiasBound(input, samples);
    const pre = affinePreBounds(input, samples, this.inputWidth, this.width, 1, B);
    return { pre, post: this.postBounds(pre) };
  }

  postBounds(pre: LayerBounds): LayerBounds {
    return activationBounds(this.activation, pre, this.epsilon, false);
  }

  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding {
    this.index = ctx.layer;
    const what = this.label;
    const b = ctx.builder;
    const l = ctx.layer;
    const N = input.samples;
    const nin = this.inputWidth;
    const nout = this.width;
    const eps = this.epsilon;
    const ternary = this.weights === 'ternary';
    if (input.width !== nin) throw new ModelError('build model', `${what}: receives ${input.width} inputs, expects ${nin}`);
    if (ctx.weightIndicators && !ternary) throw new ModelError('build model', `${what}: binary weights are never 0, so weight indicators (L0 / feature cap) make no sense; use ternary weights`);
    const data = input.data !== undefined;
    const B = this.resolveBiasBound(input.bounds, N);
    const pre = applyPreActivationBounds(this.propagate(input.bounds, N).pre, ctx.preActivationBounds, nout, what, 'neuron');
    const d: BinarizedDetail = {
      samples: N,
      data,
      weightCols: new Int32Array(nout * nin),
      plusCols: new Int32Array(nout * nin),
      minusCols: new Int32Array(nout * nin).fill(-1),
      indicatorCols: new Int32Array(nout * nin).fill(-1),
      biasCols: new Int32Array(nout),
      preCols: new Int32Array(N * nout),
      actCols: new Int32Array(N * nout).fill(-1),
      postCols: new Int32Array(N * nout).fill(-1),
      plusProducts: new Int32Array(data ? 0 : N * nout * nin).fill(-1),
      minusProducts: new Int32Array(data || !ternary ? 0 : N * nout * nin).fill(-1),
    };
    const pen = ctx.penalties;
    const indicators: number[] = [];
    const bitCost = ternary ? pen.l1 + (ctx.weightIndicators ? 0 : pen.l0) : 0;
    if (!ternary) b.objectiveOffset += (pen.l1 + pen.l0) * nin * nout; // |w| = [w ≠ 0] = 1 for every weight

    // ---- parameters ------------------------------------------------------------------------
    for (let i = 0; i < nout; i++) {
      d.biasCols[i] = b.addColumn({ name: `b_${l}_${i}`, lower: -B, upper: B, integer: this.integerBias, tag: { kind: ColumnKind.BIAS, layer: l, neuron: i } });
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const tag = { layer: l, neuron: i, sample: j };
        const w = b.addColumn({ name: `w_${l}_${i}_${j}`, lower: -1, upper: 1, integer: true, tag: { kind: ColumnKind.WEIGHT, ...tag } });
        d.weightCols[t] = w;
        const bp = b.addBinary(`bp_${l}_${i}_${j}`, bitCost, { kind: ColumnKind.WEIGHT_BIT, ...tag });
        d.plusCols[t] = bp;
        if (ternary) {
          const bm = b.addBinary(`bm_${l}_${i}_${j}`, bitCost, { kind: ColumnKind.WEIGHT_BIT, ...tag });
          d.minusCols[t] = bm;
          // w = β⁺ − β⁻ ; β⁺ + β⁻ ≤ 1
          b.addRow({ name: `wt_${l}_${i}_${j}`, lower: 0, upper: 0 }, [w, bp, bm], [1, -1, 1]);
          b.addRow({ name: `wx_${l}_${i}_${j}`, upper: 1 }, [bp, bm], [1, 1]);
          if (ctx.weightIndicators) {
            const s = b.addBinary(`s_${l}_${i}_${j}`, pen.l0, { kind: ColumnKind.WEIGHT_INDICATOR, ...tag });
            d.indicatorCols[t] = s;
            indicators.push(s);
            b.addRow({ name: `ws_${l}_${i}_${j}`, lower: 0, upper: 0 }, [s, bp, bm], [1, -1, -1]);
          }
        } else {
          // w = 2β − 1
          b.addRow({ name: `wb_${l}_${i}_${j}`, lower: -1, upper: -1 }, [w, bp], [1, -2]);
        }
      }
    }

    // ---- per sample ------------------------------------------------------------------------
    const idx: number[] = [];
    const val: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < nout; i++) {
        const t = n * nout + i;
        const zl = pre.lo[t]!;
        const zu = pre.hi[t]!;
        const tag = { layer: l, neuron: i, sample: n };
        const z = addPreActivation(b, `${l}_${i}_${n}`, zl, zu, tag, d.biasCols[i]!, idx, val);
        d.preCols[t] = z;
        for (let j = 0; j < nin; j++) {
          const wt = i * nin + j;
          const ij = n * nin + j;
          if (data) {
            pushDataTerm(idx, val, d.weightCols[wt]!, input.data![ij]!);
            continue;
          }
          const col = input.cols![ij]!;
          const lo = input.bounds.lo[ij]!;
          const hi = input.bounds.hi[ij]!;
          if (col < 0 || (lo === 0 && hi === 0)) continue;
          const p = linearizeProduct(b, d.plusCols[wt]!, col, lo, hi, `qp_${l}_${i}_${j}_${n}`, { kind: ColumnKind.AUXILIARY, ...tag }, what);
          d.plusProducts[t * nin + j] = p;
          if (ternary) {
            const m = linearizeProduct(b, d.minusCols[wt]!, col, lo, hi, `qm_${l}_${i}_${j}_${n}`, { kind: ColumnKind.AUXILIARY, ...tag }, what);
            d.minusProducts[t * nin + j] = m;
            // w·a = β⁺a − β⁻a
            idx.push(p, m);
            val.push(-1, 1);
          } else {
            // w·a = 2βa − a
            idx.push(p, col);
            val.push(-2, 1);
          }
        }
        b.addRow({ name: `zdef_${l}_${i}_${n}`, lower: 0, upper: 0 }, idx, val);

        // sign: δ = 1 ⇔ output +1 > 0, as the forward count sees it (the cost is on δ)
        const cols = encodeActivation(this.activation, { builder: b, suffix: `${l}_${i}_${n}`, ...tag, z, zl, zu, kill: -1, cost: ctx.isOutput ? 0 : pen.activation }, eps);
        d.actCols[t] = cols.act;
        if (this.activation === 'sign' || this.activation === 'relu') d.postCols[t] = cols.out;
      }
    }

    // The structure's activation column of a sign neuron is its ±1 output s (what the next layer
    // multiplies), not the step binary δ behind it (δ carries the ACTIVATION tag).
    const structAct = this.activation === 'sign' ? d.postCols : d.actCols;
    const neurons = Array.from({ length: nout }, (_, i) => unitStructure(l, i, d.weightCols.slice(i * nin, (i + 1) * nin), d.biasCols[i]!, -1, structAct, d.preCols, nout, N));
    const outCols = this.activation === 'step' ? d.actCols : this.activation === 'linear' ? d.preCols : d.postCols;
    return {
      layer: l,
      structure: { layer: l, activation: this.activation, neurons, permutable: !ctx.isOutput },
      output: { samples: N, width: nout, cols: outCols, bounds: this.postBounds(pre), binary: this.activation === 'step' },
      preActivationBounds: pre,
      preActivationCols: d.preCols,
      weightIndicatorCols: Int32Array.from(indicators),
      killCols: new Int32Array(nout).fill(-1),
      detail: d,
    };
  }

  /**
   * Parameters of a feasible start (after `encode`, which fixes the bias bound B): ternary
   * weights 0, binary weights +1 with bias −B, so every step / sign unit is off (z ≤ −ε) and
   * every ReLU unit outputs 0.
   */
  startParams(): DenseLayerJson {
    const B = this.biasBound ?? 0;
    const ternary = this.weights === 'ternary';
    const off = this.activation === 'step' || this.activation === 'sign';
    const bias = ternary ? (off ? (this.integerBias ? -1 : -this.epsilon) : 0) : -B;
    return {
      type: 'dense',
      activation: this.activation,
      inputs: this.inputWidth,
      outputs: this.width,
      weights: Array.from({ length: this.width }, () => new Array<number>(this.inputWidth).fill(ternary ? 0 : 1)),
      bias: new Array<number>(this.width).fill(bias),
    };
  }

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as BinarizedDetail;
    const nin = this.inputWidth;
    const nout = this.width;
    const weights: number[][] = [];
    const bias: number[] = [];
    for (let i = 0; i < nout; i++) {
      const row: number[] = [];
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const p = solution[d.plusCols[t]!]! >= 0.5 ? 1 : 0;
        const m = d.minusCols[t]! >= 0 && solution[d.minusCols[t]!]! >= 0.5 ? 1 : 0;
        row.push(this.weights === 'binary' ? 2 * p - 1 : p - m);
      }
      weights.push(row);
      bias.push(snapParameter(solution[d.biasCols[i]!]!, this.integerBias));
    }
    const out: DenseLayerJson = { type: 'dense', activation: this.activation, inputs: nin, outputs: nout, weights, bias };
    return out;
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    if (params.type !== 'dense') throw new ModelError('complete solution', `${this.label}: expected dense parameters, got a ${params.type} layer`);
    const d = encoding.detail as BinarizedDetail;
    const nin = this.inputWidth;
    const nout = this.width;
    const ternary = this.weights === 'ternary';
    for (let i = 0; i < nout; i++) {
      solution[d.biasCols[i]!] = params.bias[i]!;
      for (let j = 0; j < nin; j++) {
        const t = i * nin + j;
        const w = params.weights[i]![j]!;
        if (w !== -1 && w !== 1 && !(ternary && w === 0)) {
          throw new ModelError('complete solution', `${this.label}: weight [${i}][${j}] = ${w} is not a ${this.weights} weight`);
        }
        solution[d.weightCols[t]!] = w;
        solution[d.plusCols[t]!] = w > 0 ? 1 : 0;
        if (ternary) solution[d.minusCols[t]!] = w < 0 ? 1 : 0;
        if (d.indicatorCols[t]! >= 0) solution[d.indicatorCols[t]!] = w !== 0 ? 1 : 0;
      }
    }
    const thr = -this.epsilon / 2;
    const out = new Float64Array(samples * nout);
    for (let n = 0; n < samples; n++) {
      for (let i = 0; i < nout; i++) {
        const t = n * nout + i;
        const wr = params.weights[i]!;
        let z = params.bias[i]!;
        for (let j = 0; j < nin; j++) {
          const x = inputs[n * nin + j]!;
          const w = wr[j]!;
          z += w * x;
          if (!d.data) {
            const p = d.plusProducts[t * nin + j]!;
            if (p >= 0) solution[p] = w > 0 ? x : 0;
            const m = ternary ? d.minusProducts[t * nin + j]! : -1;
            if (m >= 0) solution[m] = w < 0 ? x : 0;
          }
        }
        solution[d.preCols[t]!] = z;
        out[t] = completeActivation(this.activation, z, encoding.preActivationBounds.lo[t]!, true, thr, d.actCols[t]!, d.postCols[t]!, solution);
      }
    }
    return out;
  }
}
