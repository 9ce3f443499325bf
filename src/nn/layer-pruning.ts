/**
 * Layer pruning (Ataei et al.; shared design "Sparsity, pruning and structure"): a binary switch
 * ℓ per hidden layer that, when 0, replaces the layer by the identity, so its output is its input:
 *
 *     o_i = ℓ·a_i + (1 − ℓ)·x_i      (a = the layer's own output, x = its input)
 *
 * with both products binary × bounded and linearised exactly (`linearizeProduct`); on data inputs
 * (layer 1) the second term is linear already. Keeping a layer costs `cost` in the objective
 * (λ_L per kept layer), so the search removes layers that do not pay for themselves.
 *
 * Only a hidden layer whose input and output widths agree can become the identity; anything else
 * is refused with a ModelError naming the layer. Sparsity / activation / neuron penalties are
 * refused on a prunable layer: a removed layer's own columns would still be counted by them.
 * A pruned layer decodes as a linear dense layer with identity weights and `pruned: true` (the
 * forward pass then passes its input on unchanged).
 */
import { ModelError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import type { EncodeContext, Layer, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds, TrainableLayer } from './layer.js';
import type { Activation, DenseLayerJson, NetworkLayer } from './network.js';
import { linearizeProduct } from './product.js';

/** A layer that can be wrapped: the dense layer types (their parameters decode to dense JSON). */
export interface PrunableInner extends Layer {
  index?: number;
  /** a dense activation (the inner layer decodes to dense JSON) */
  readonly activation: string;
  readonly killSwitches?: boolean;
  readonly integerWeights?: boolean;
  readonly epsilon: number;
}

export interface LayerPruningOptions {
  /** objective cost λ_L of keeping the layer (default 0.1, Rosenhahn's weight of structure terms) */
  cost?: number;
}

interface PruningDetail {
  inner: LayerEncoding;
  switchCol: number;
  samples: number;
  /** ℓ·a, `[n · width + i]` */
  keepCols: Int32Array;
  /** ℓ·x (variable inputs only), -1 otherwise */
  passCols: Int32Array;
  /** o, `[n · width + i]` */
  outCols: Int32Array;
}

export class PrunableLayer implements TrainableLayer {
  readonly type = 'dense';
  readonly inner: PrunableInner;
  readonly cost: number;
  readonly inputWidth: number;
  readonly width: number;

  constructor(inner: PrunableInner, options: LayerPruningOptions = {}) {
    this.inner = inner;
    this.cost = options.cost ?? 0.1;
    this.inputWidth = inner.inputWidth;
    this.width = inner.width;
    if (inner.inputWidth !== inner.width) {
      throw new ModelError('build model', `${inner.label}: layer pruning replaces a layer by the identity, which needs as many outputs as inputs (this one maps ${inner.inputWidth}→${inner.width})`);
    }
    if (inner.type !== 'dense') throw new ModelError('build model', `${inner.label}: layer pruning supports dense layers only`);
    if (!(this.cost >= 0) || !Number.isFinite(this.cost)) throw new ModelError('build model', `${inner.label}: layer pruning cost must be finite and >= 0, got ${this.cost}`);
  }

  get label(): string {
    return `${this.inner.label} [prunable]`;
  }

  get activation(): Activation {
    return this.inner.activation as Activation;
  }

  /** 1-based layer index (the inner layer's, for messages) */
  get index(): number {
    return this.inner.index ?? 0;
  }

  set index(v: number) {
    this.inner.index = v;
  }

  get killSwitches(): boolean {
    return this.inner.killSwitches ?? false;
  }

  get integerWeights(): boolean {
    return this.inner.integerWeights ?? false;
  }

  get epsilon(): number {
    return this.inner.epsilon;
  }

  get binaryOutput(): boolean {
    return false;
  }

  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    const r = this.inner.propagate(input, samples);
    const lo = new Float64Array(r.post.lo.length);
    const hi = new Float64Array(r.post.hi.length);
    for (let t = 0; t < lo.length; t++) {
      lo[t] = Math.min(r.post.lo[t]!, input.lo[t]!);
      hi[t] = Math.max(r.post.hi[t]!, input.hi[t]!);
    }
    return { pre: r.pre, post: { lo, hi } };
  }

  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding {
    const what = this.inner.label;
    const pen = ctx.penalties;
    if (ctx.isOutput) throw new ModelError('build model', `${what}: the output layer cannot be pruned (its width is the number of classes)`);
    if (pen.l1 > 0 || pen.l0 > 0 || pen.activation > 0 || pen.neuron > 0) {
      throw new ModelError('build model', `${what}: layer pruning does not combine with weight, activation or neuron penalties (a removed layer's columns would still be counted)`);
    }
    const inner = this.inner.encode(ctx, input);
    const b = ctx.builder;
    const l = ctx.layer;
    const N = input.samples;
    const n = this.width;
    const ell = b.addBinary(`layer_${l}`, this.cost, { kind: ColumnKind.LAYER_SWITCH, layer: l });
    const aCols = inner.output.cols!;
    const aB = inner.output.bounds;
    const inB = input.bounds;
    const d: PruningDetail = {
      inner,
      switchCol: ell,
      samples: N,
      keepCols: new Int32Array(N * n),
      passCols: new Int32Array(N * n).fill(-1),
      outCols: new Int32Array(N * n),
    };
    const lo = new Float64Array(N * n);
    const hi = new Float64Array(N * n);
    let binary = inner.output.binary;
    if (input.data) {
      for (let t = 0; t < N * n && binary; t++) binary = input.data[t] === 0 || input.data[t] === 1;
    } else binary = binary && input.binary;
    for (let s = 0; s < N; s++) {
      for (let i = 0; i < n; i++) {
        const t = s * n + i;
        const tag = { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: s };
        const aL = aB.lo[t]!;
        const aU = aB.hi[t]!;
        const xL = inB.lo[t]!;
        const xU = inB.hi[t]!;
        if (![aL, aU, xL, xU].every(Number.isFinite)) throw new ModelError('build model', `${what}: infinite bound at sample ${s}, unit ${i}; refusing to write a big-M from it`);
        lo[t] = Math.min(aL, xL);
        hi[t] = Math.max(aU, xU);
        const keep = linearizeProduct(b, ell, aCols[t]!, aL, aU, `lk_${l}_${i}_${s}`, tag, what);
        d.keepCols[t] = keep;
        const o = b.addColumn({ name: `lo_${l}_${i}_${s}`, lower: lo[t]!, upper: hi[t]!, integer: binary, tag });
        d.outCols[t] = o;
        if (input.data) {
          // o = ℓa + x − xℓ  ⇔  o − keep + x ℓ = x
          const x = input.data[t]!;
          b.addRow({ name: `lid_${l}_${i}_${s}`, lower: x, upper: x }, [o, keep, ell], [1, -1, x]);
        } else {
          const xc = input.cols![t]!;
          if (xc < 0) {
            b.addRow({ name: `lid_${l}_${i}_${s}`, lower: 0, upper: 0 }, [o, keep], [1, -1]);
            continue;
          }
          const pass = linearizeProduct(b, ell, xc, xL, xU, `lp_${l}_${i}_${s}`, tag, what);
          d.passCols[t] = pass;
          // o = keep + x − ℓx
          b.addRow({ name: `lid_${l}_${i}_${s}`, lower: 0, upper: 0 }, [o, keep, xc, pass], [1, -1, -1, 1]);
        }
      }
    }
    const output: LayerInput = { samples: N, width: n, cols: d.outCols, bounds: { lo, hi }, binary };
    // The next layer reads o, not the inner layer's outputs, so the inner neurons do not describe
    // this layer's outputs: the structure lists no neurons (NN plugins then leave the model alone).
    return {
      layer: l,
      structure: { layer: l, activation: inner.structure.activation, neurons: [], permutable: false },
      output,
      preActivationBounds: inner.preActivationBounds,
      preActivationCols: inner.preActivationCols,
      weightIndicatorCols: inner.weightIndicatorCols,
      killCols: inner.killCols,
      detail: d,
    };
  }

  /** Parameters of a feasible start: the layer removed (the identity, no layer cost). */
  startParams(): DenseLayerJson {
    return identityLayer(this.width);
  }

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as PruningDetail;
    if (solution[d.switchCol]! >= 0.5) return this.inner.decode(solution, d.inner);
    return identityLayer(this.width);
  }

  /** Parameters of the inner layer that satisfy its rows at no cost while the layer is removed. */
  private idleParams(): NetworkLayer {
    const n = this.width;
    const step = this.activation === 'step' || this.activation === 'sign';
    const out: DenseLayerJson = {
      type: 'dense',
      activation: this.activation,
      inputs: n,
      outputs: n,
      weights: Array.from({ length: n }, () => new Array<number>(n).fill(0)),
      bias: new Array<number>(n).fill(step ? (this.inner.integerWeights ? -1 : -this.inner.epsilon) : 0),
    };
    if (this.inner.killSwitches) out.live = new Array<boolean>(n).fill(false);
    return out;
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    const d = encoding.detail as PruningDetail;
    const kept = !(params.type === 'dense' && params.pruned === true);
    const a = this.inner.complete(kept ? params : this.idleParams(), inputs, samples, d.inner, solution);
    solution[d.switchCol] = kept ? 1 : 0;
    const out = new Float64Array(samples * this.width);
    for (let t = 0; t < samples * this.width; t++) {
      const o = kept ? a[t]! : inputs[t]!;
      solution[d.keepCols[t]!] = kept ? a[t]! : 0;
      if (d.passCols[t]! >= 0) solution[d.passCols[t]!] = kept ? inputs[t]! : 0;
      solution[d.outCols[t]!] = o;
      out[t] = o;
    }
    return out;
  }
}

/** The identity layer a pruned layer decodes to. */
export function identityLayer(n: number): DenseLayerJson {
  return {
    type: 'dense',
    activation: 'linear',
    inputs: n,
    outputs: n,
    weights: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
    bias: new Array<number>(n).fill(0),
    pruned: true,
  };
}

/** Number of layers of a network that layer pruning kept (dense layers not marked `pruned`), hidden layers only. */
export function keptHiddenLayers(layers: readonly NetworkLayer[]): number {
  let k = 0;
  for (let l = 0; l < layers.length - 1; l++) if (!(layers[l]!.type === 'dense' && (layers[l] as DenseLayerJson).pruned === true)) k++;
  return k;
}

/**
 * Objective contribution of the layer switches of a decoded network: the cost of every prunable
 * layer that was kept. The forward-pass evaluation of a training run adds it to its penalties.
 */
export function layerSwitchPenalty(layers: readonly Layer[], decoded: readonly NetworkLayer[]): number {
  let s = 0;
  layers.forEach((layer, l) => {
    if (!(layer instanceof PrunableLayer)) return;
    const d = decoded[l];
    if (!(d && d.type === 'dense' && d.pruned === true)) s += layer.cost;
  });
  return s;
}
