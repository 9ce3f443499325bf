/**
 * First-layer convolution on single-channel images (shared design "Convolution and pooling"):
 * C filters of k × k (stride 1, valid padding), weights in [−W, W] (continuous or integer —
 * W = 1 with integers gives ternary filters), one bias per channel, a ReLU or step activation with
 * an activation binary per (sample, channel, position), optional channel kill-switches (one per
 * filter), then optional average (linear) or max pooling (exact, selector binaries; see
 * pool-encoding.ts). The convolution is linear in the filter unknowns because its inputs are data,
 * so this layer must be the first one.
 *
 * Layouts: the pre-activation columns / bounds of the encoding (and `ctx.preActivationBounds`)
 * are per convolution unit, `[sample · convUnits + c · positions + p]`; the layer's outputs (what
 * the next layer reads) are per pooled unit, `[sample · outUnits + o]` (see conv-forward.ts).
 */
import { ModelError } from '../../errors.js';
import { ColumnKind } from '../../model/column-tag.js';
import { activationBounds, addDeadBiasRow, addPreActivation, completeActivation, encodeActivation, pushDataTerm } from '../activation-encoding.js';
import type { EncodeContext, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds, TrainableLayer } from '../layer.js';
import { addWeight, applyPreActivationBounds, checkInputBounds, completeUnits, decodeUnits, maxAbs, unitStructure } from '../layer-helpers.js';
import type { LayerType, LayerValidateContext } from '../layer-registry.js';
import type { NetworkLayer } from '../network.js';
import { convGeometry, convLayerProblem, forwardConv, patchPixel, type ConvGeometry, type ConvLayerJson, type PoolJson } from './conv-forward.js';
import { completePool, encodePool, poolBounds, type PoolEncoding } from './pool-encoding.js';

export interface ConvLayerOptions {
  imageHeight: number;
  imageWidth: number;
  /** filter side k */
  kernel: number;
  /** number of filters C */
  channels: number;
  activation: 'relu' | 'step';
  /** weights in [−W, W] (default 1) */
  weightBound?: number;
  /** integer weights and biases (default false) */
  integerWeights?: boolean;
  /** biases in [−B, B]; default W · max patch Σ|x| + ε (loses no generality, as for dense layers) */
  biasBound?: number;
  /** one kill-switch binary per filter (default false) */
  killSwitches?: boolean;
  /** step margin ε (default 1e-3) */
  epsilon?: number;
  /** pooling after the activation (default none) */
  pool?: PoolJson;
}

interface ConvDetail {
  samples: number;
  g: ConvGeometry;
  /** [c · k² + t] */
  weightCols: Int32Array;
  l1Cols: Int32Array;
  indicatorCols: Int32Array;
  biasCols: Int32Array;
  killCols: Int32Array;
  /** [n · convUnits + u] */
  preCols: Int32Array;
  /** step output a / ReLU phase δ */
  actCols: Int32Array;
  /** ReLU output a (step: = actCols) */
  postCols: Int32Array;
  pool: PoolEncoding | undefined;
}

export class ConvLayer implements TrainableLayer {
  readonly type = 'conv';
  readonly g: ConvGeometry;
  readonly inputWidth: number;
  readonly width: number;
  readonly activation: 'relu' | 'step';
  readonly weightBound: number;
  readonly integerWeights: boolean;
  readonly killSwitches: boolean;
  readonly epsilon: number;
  readonly pool: PoolJson | undefined;
  biasBound: number | undefined;
  index = 0;

  constructor(options: ConvLayerOptions) {
    const { imageHeight: H, imageWidth: W, kernel: k, channels: C } = options;
    this.activation = options.activation;
    this.weightBound = options.weightBound ?? 1;
    this.integerWeights = options.integerWeights ?? false;
    this.killSwitches = options.killSwitches ?? false;
    this.epsilon = options.epsilon ?? 1e-3;
    this.pool = options.pool;
    this.biasBound = options.biasBound;
    const what = `conv layer (${C} filters ${k}×${k} on ${H}×${W} images)`;
    for (const [name, v] of [['imageHeight', H], ['imageWidth', W], ['kernel', k], ['channels', C]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ModelError('build model', `${what}: ${name} must be a positive integer, got ${v}`);
    }
    if (k > H || k > W) throw new ModelError('build model', `${what}: the filter is larger than the image`);
    if (this.activation !== 'relu' && this.activation !== 'step') throw new ModelError('build model', `${what}: activation must be relu or step, got "${String(this.activation)}"`);
    if (!(this.weightBound > 0) || !Number.isFinite(this.weightBound)) throw new ModelError('build model', `${what}: weight bound must be finite and > 0, got ${this.weightBound}`);
    if (this.integerWeights && !Number.isInteger(this.weightBound)) throw new ModelError('build model', `${what}: integer weights need an integer weight bound, got ${this.weightBound}`);
    if (!(this.epsilon > 0)) throw new ModelError('build model', `${what}: step margin ε must be > 0, got ${this.epsilon}`);
    const s = this.pool ? this.pool.size : 1;
    if (this.pool) {
      if (this.pool.kind !== 'max' && this.pool.kind !== 'avg') throw new ModelError('build model', `${what}: pool kind must be max or avg, got "${String(this.pool.kind)}"`);
      if (!Number.isInteger(s) || s < 1) throw new ModelError('build model', `${what}: pool size must be a positive integer, got ${s}`);
    }
    this.g = convGeometry(H, W, k, C, s);
    if (this.g.outUnits < 1) throw new ModelError('build model', `${what}: a ${s}×${s} pool does not fit the ${this.g.convRows}×${this.g.convCols} feature map`);
    this.inputWidth = H * W;
    this.width = this.g.outUnits;
  }

  get binaryOutput(): boolean {
    return this.activation === 'step' && (!this.pool || this.pool.kind === 'max' || this.pool.size === 1);
  }

  get label(): string {
    const g = this.g;
    const pool = this.pool ? `, ${this.pool.kind} pool ${this.pool.size}×${this.pool.size}` : '';
    return `layer ${this.index || '?'} (conv ${g.C}×${g.k}×${g.k} on ${g.H}×${g.W}, ${this.activation}${pool})`;
  }

  /** Largest Σ|x| over the patches of a sample (from input bounds), per sample. */
  private patchMass(input: LayerBounds, samples: number): Float64Array {
    const g = this.g;
    const P = g.convRows * g.convCols;
    const out = new Float64Array(samples * P);
    for (let n = 0; n < samples; n++) {
      for (let p = 0; p < P; p++) {
        let s = 0;
        for (let u = 0; u < g.k; u++) {
          for (let v = 0; v < g.k; v++) {
            s += maxAbs(input, n * this.inputWidth + patchPixel(g, p, u, v));
          }
        }
        out[n * P + p] = s;
      }
    }
    return out;
  }

  resolveBiasBound(input: LayerBounds, samples: number): number {
    if (this.biasBound !== undefined) return this.biasBound;
    const mass = this.patchMass(input, samples);
    let mx = 0;
    for (let t = 0; t < mass.length; t++) if (mass[t]! > mx) mx = mass[t]!;
    let B = this.weightBound * mx + this.epsilon;
    if (this.integerWeights) B = Math.ceil(B);
    if (!Number.isFinite(B)) throw new ModelError('build model', `${this.label}: infinite input bounds, cannot bound the bias (no big-M from an infinite bound)`);
    this.biasBound = B;
    return B;
  }

  /** Pre-activation bounds `[n · convUnits + u]` and pooled output bounds `[n · outUnits + o]`. */
  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    checkInputBounds(input, samples, this.inputWidth, this.label);
    const g = this.g;
    const P = g.convRows * g.convCols;
    const B = this.resolveBiasBound(input, samples);
    const mass = this.patchMass(input, samples);
    const pre = { lo: new Float64Array(samples * g.convUnits), hi: new Float64Array(samples * g.convUnits) };
    for (let n = 0; n < samples; n++) {
      for (let c = 0; c < g.C; c++) {
        for (let p = 0; p < P; p++) {
          const s = B + this.weightBound * mass[n * P + p]!;
          pre.lo[n * g.convUnits + c * P + p] = -s;
          pre.hi[n * g.convUnits + c * P + p] = s;
        }
      }
    }
    return { pre, post: this.postBounds(pre, samples) };
  }

  /** Activation bounds (per conv unit) from pre-activation bounds. */
  private activationBounds(pre: LayerBounds): LayerBounds {
    return activationBounds(this.activation, pre, this.epsilon, this.killSwitches);
  }

  /** Output (pooled) bounds from pre-activation bounds. */
  postBounds(pre: LayerBounds, samples: number): LayerBounds {
    const act = this.activationBounds(pre);
    return this.pool ? poolBounds(this.pool.kind, this.g, samples, act) : act;
  }

  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding {
    this.index = ctx.layer;
    const what = this.label;
    const b = ctx.builder;
    const l = ctx.layer;
    const g = this.g;
    const N = input.samples;
    const P = g.convRows * g.convCols;
    const kk = g.k * g.k;
    const W = this.weightBound;
    const eps = this.epsilon;
    if (input.width !== this.inputWidth) throw new ModelError('build model', `${what}: receives ${input.width} inputs, expects ${this.inputWidth} (${g.H}×${g.W} pixels)`);
    if (!input.data) {
      throw new ModelError('build model', `${what}: a convolution must be the first layer (its inputs must be data); on variable inputs its filter products would not be linear`);
    }
    if (ctx.isOutput) throw new ModelError('build model', `${what}: a convolution cannot be the output layer; add a dense output layer`);
    if (this.pool && this.pool.size > 1 && ctx.penalties.activation > 0) {
      throw new ModelError('build model', `${what}: an activation-count penalty is not supported together with pooling (the forward pass counts pooled outputs)`);
    }
    const kill = this.killSwitches;
    const B = this.resolveBiasBound(input.bounds, N);
    const interval = this.propagate(input.bounds, N).pre;
    if (ctx.preActivationBounds && ctx.preActivationBounds.lo.length !== N * g.convUnits) {
      throw new ModelError('build model', `${what}: preActivationBounds must have ${N}×${g.convUnits} entries (one per sample and convolution unit)`);
    }
    const pre = applyPreActivationBounds(interval, ctx.preActivationBounds, g.convUnits, what, 'unit');
    const d: ConvDetail = {
      samples: N,
      g,
      weightCols: new Int32Array(g.C * kk),
      l1Cols: new Int32Array(g.C * kk).fill(-1),
      indicatorCols: new Int32Array(g.C * kk).fill(-1),
      biasCols: new Int32Array(g.C),
      killCols: new Int32Array(g.C).fill(-1),
      preCols: new Int32Array(N * g.convUnits),
      actCols: new Int32Array(N * g.convUnits),
      postCols: new Int32Array(N * g.convUnits),
      pool: undefined,
    };
    const pen = ctx.penalties;
    const indicators: number[] = [];

    // ---- parameters: one filter, bias and kill-switch per channel -----------------------------
    for (let c = 0; c < g.C; c++) {
      let k = -1;
      if (kill) {
        k = b.addBinary(`k_${l}_${c}`, pen.neuron, { kind: ColumnKind.KILL_SWITCH, layer: l, neuron: c });
        d.killCols[c] = k;
      }
      const bias = b.addColumn({ name: `b_${l}_${c}`, lower: -B, upper: B, integer: this.integerWeights, tag: { kind: ColumnKind.BIAS, layer: l, neuron: c } });
      d.biasCols[c] = bias;
      if (k >= 0) addDeadBiasRow(b, `${l}_${c}`, bias, k, B, this.activation, eps);
      for (let t = 0; t < kk; t++) {
        const cols = addWeight(b, {
          name: `f_${l}_${c}_${Math.floor(t / g.k)}_${t % g.k}`,
          suffix: `${l}_${c}_${t}`,
          layer: l,
          neuron: c,
          sample: t,
          bound: W,
          integer: this.integerWeights,
          kill: k,
          inputKill: -1,
          indicator: ctx.weightIndicators,
          l0: pen.l0,
          l1: pen.l1,
        });
        d.weightCols[c * kk + t] = cols.w;
        d.indicatorCols[c * kk + t] = cols.s;
        d.l1Cols[c * kk + t] = cols.u;
        if (cols.s >= 0) indicators.push(cols.s);
      }
    }

    // ---- per (sample, channel, position) ------------------------------------------------------
    const actCost = this.pool && this.pool.size > 1 ? 0 : pen.activation;
    const idx: number[] = [];
    const val: number[] = [];
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < g.C; c++) {
        const k = d.killCols[c]!;
        for (let p = 0; p < P; p++) {
          const u = c * P + p;
          const t = n * g.convUnits + u;
          const zl = pre.lo[t]!;
          const zu = pre.hi[t]!;
          const tag = { layer: l, neuron: u, sample: n };
          const z = addPreActivation(b, `${l}_${u}_${n}`, zl, zu, tag, d.biasCols[c]!, idx, val);
          d.preCols[t] = z;
          for (let q = 0; q < kk; q++) {
            pushDataTerm(idx, val, d.weightCols[c * kk + q]!, input.data[n * this.inputWidth + patchPixel(g, p, Math.floor(q / g.k), q % g.k)]!);
          }
          b.addRow({ name: `zdef_${l}_${u}_${n}`, lower: 0, upper: 0 }, idx, val);
          const cols = encodeActivation(this.activation, { builder: b, suffix: `${l}_${u}_${n}`, ...tag, z, zl, zu, kill: k, cost: actCost }, eps);
          d.actCols[t] = cols.act;
          d.postCols[t] = this.activation === 'step' ? cols.act : cols.out;
        }
      }
    }

    // ---- pooling --------------------------------------------------------------------------
    const actBounds = this.activationBounds(pre);
    let outCols = d.postCols;
    let outBounds = actBounds;
    let binary = this.activation === 'step';
    if (this.pool && this.pool.size > 1) {
      d.pool = encodePool(b, this.pool.kind, g, N, d.postCols, actBounds, this.activation === 'step', l, what);
      outCols = d.pool.outCols;
      outBounds = d.pool.bounds;
      binary = d.pool.binary;
    }

    // ---- structure: one neuron per (channel, position) over the whole image: its weights are the
    // channel's filter columns on the patch pixels and fixed 0 (-1) elsewhere; bias and kill-switch
    // are the channel's. (Each neuron sees a different patch, so layer-1 inputs are not one shared
    // vector per sample: NN plugins that assume so must not read X from a single neuron.)
    const neurons = Array.from({ length: g.convUnits }, (_, u) => {
      const c = Math.floor(u / P);
      const wc = new Int32Array(this.inputWidth).fill(-1);
      for (let q = 0; q < kk; q++) wc[patchPixel(g, u - c * P, Math.floor(q / g.k), q % g.k)] = d.weightCols[c * kk + q]!;
      return unitStructure(l, u, wc, d.biasCols[c]!, d.killCols[c]!, d.actCols, d.preCols, g.convUnits, N);
    });
    const output: LayerInput = { samples: N, width: this.width, cols: outCols, bounds: outBounds, binary };
    if (kill && !this.pool) {
      const unitKill = new Int32Array(this.width);
      for (let u = 0; u < this.width; u++) unitKill[u] = d.killCols[Math.floor(u / P)]!;
      output.unitKillCols = unitKill;
    }
    return {
      layer: l,
      structure: { layer: l, activation: this.activation, neurons, permutable: false },
      output,
      preActivationBounds: pre,
      preActivationCols: d.preCols,
      weightIndicatorCols: Int32Array.from(indicators),
      killCols: d.killCols,
      detail: d,
    };
  }

  /**
   * Parameters of a feasible start that fires nothing: zero filters, biases −ε (step; −1 with
   * integer weights) or 0 (ReLU), dead channels where there are kill-switches (no neuron cost).
   */
  startParams(): ConvLayerJson {
    const g = this.g;
    const bias = this.activation === 'step' ? (this.integerWeights ? -1 : -this.epsilon) : 0;
    return this.json(
      Array.from({ length: g.C }, () => new Array<number>(g.k * g.k).fill(0)),
      new Array<number>(g.C).fill(bias),
      new Array<boolean>(g.C).fill(false),
    );
  }

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as ConvDetail;
    const g = this.g;
    const { weights, bias, live } = decodeUnits(solution, d, g.C, g.k * g.k, this.integerWeights, this.activation === 'step', this.epsilon);
    return this.json(weights, bias, live);
  }

  /** The layer's JSON for the given filters, biases and (with kill-switches) live flags. */
  private json(weights: number[][], bias: number[], live: boolean[]): ConvLayerJson {
    const g = this.g;
    const out: ConvLayerJson = {
      type: 'conv',
      activation: this.activation,
      inputs: this.inputWidth,
      outputs: this.width,
      imageHeight: g.H,
      imageWidth: g.W,
      kernel: g.k,
      weights,
      bias,
    };
    if (this.killSwitches) out.live = live;
    if (this.pool) out.pool = { kind: this.pool.kind, size: this.pool.size };
    return out;
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    if (params.type !== 'conv') throw new ModelError('complete solution', `${this.label}: expected conv parameters, got a ${params.type} layer`);
    const d = encoding.detail as ConvDetail;
    const g = this.g;
    const P = g.convRows * g.convCols;
    const kk = g.k * g.k;
    const thr = -this.epsilon / 2;
    completeUnits(params, d, g.C, kk, solution);
    const act = new Float64Array(samples * g.convUnits);
    for (let n = 0; n < samples; n++) {
      for (let c = 0; c < g.C; c++) {
        const alive = params.live ? params.live[c] !== false : true;
        const f = params.weights[c]!;
        for (let p = 0; p < P; p++) {
          let z = params.bias[c]!;
          for (let t = 0; t < kk; t++) z += f[t]! * inputs[n * this.inputWidth + patchPixel(g, p, Math.floor(t / g.k), t % g.k)]!;
          const t = n * g.convUnits + c * P + p;
          solution[d.preCols[t]!] = z;
          act[t] = completeActivation(this.activation, z, encoding.preActivationBounds.lo[t]!, alive, thr, d.actCols[t]!, d.postCols[t]!, solution);
        }
      }
    }
    return d.pool ? completePool(d.pool, g, samples, act, solution) : act;
  }
}

/** A conv layer spec: the options of ConvLayer. */
export type ConvLayerSpec = { type: 'conv' } & ConvLayerOptions;

/** The `conv` layer type of the registry. */
export const convLayerType: LayerType<ConvLayerJson, ConvLayerSpec> = {
  type: 'conv',
  validate: (json: Readonly<Record<string, unknown>>, ctx: LayerValidateContext) => convLayerProblem(json, ctx.inputs),
  forward: forwardConv,
  create: (spec: ConvLayerSpec) => new ConvLayer(spec),
  parameters: (layer: ConvLayerJson) => ({ weights: layer.weights, live: layer.live }),
};
