/**
 * A layer type written in one file, to show what adding one takes (test/nn/layer-registry.test.ts
 * registers it): a learnable per-feature scaling of the data, `o_ni = s_i · x_ni` with
 * s_i ∈ [0, S], as a first layer. Its JSON check, forward pass, bound propagation, MILP encoding,
 * decoding and completion are all here; nothing else in the code base names it.
 *
 * (A built-in type would also add its JSON shape to `NetworkLayerTypes` in src/nn/network.ts by
 * declaration merging; a test file cannot, since that would change `NetworkLayer` for every test,
 * so the two places that hand this JSON to typed code cast it.)
 */
import { ModelError } from '../../src/errors.js';
import { ColumnKind } from '../../src/model/column-tag.js';
import type { EncodeContext, LayerBounds, LayerEncoding, LayerInput, PropagatedBounds, TrainableLayer } from '../../src/nn/layer.js';
import { isFiniteNumbers } from '../../src/nn/layer-helpers.js';
import type { LayerForward, LayerType } from '../../src/nn/layer-registry.js';
import type { NetworkLayer } from '../../src/nn/network.js';

export interface ScaleLayerJson {
  type: 'scale';
  inputs: number;
  outputs: number;
  /** factor of each feature */
  scale: number[];
}

export interface ScaleLayerSpec {
  type: 'scale';
  width: number;
  /** factors in [0, bound] */
  bound: number;
}

interface ScaleDetail {
  scaleCols: Int32Array;
  /** [n · width + i] */
  outCols: Int32Array;
}

export function forwardScale(layer: ScaleLayerJson, inputs: Float64Array, samples: number): LayerForward {
  const w = layer.outputs;
  const post = new Float64Array(samples * w);
  for (let n = 0; n < samples; n++) for (let i = 0; i < w; i++) post[n * w + i] = layer.scale[i]! * inputs[n * w + i]!;
  return { pre: post.slice(), post };
}

export class ScaleLayer implements TrainableLayer {
  readonly type = 'scale';
  readonly inputWidth: number;
  readonly width: number;
  readonly bound: number;
  readonly binaryOutput = false;
  readonly activation = 'linear';
  readonly killSwitches = false;
  readonly integerWeights = false;
  readonly epsilon = 1e-3;
  index = 0;

  constructor(spec: ScaleLayerSpec) {
    if (!Number.isInteger(spec.width) || spec.width < 1) throw new ModelError('build model', `scale layer: width must be a positive integer, got ${spec.width}`);
    if (!(spec.bound > 0 && Number.isFinite(spec.bound))) throw new ModelError('build model', `scale layer: bound must be finite and > 0, got ${spec.bound}`);
    this.inputWidth = spec.width;
    this.width = spec.width;
    this.bound = spec.bound;
  }

  get label(): string {
    return `layer ${this.index || '?'} (scale ${this.width})`;
  }

  propagate(input: LayerBounds, samples: number): PropagatedBounds {
    const m = samples * this.width;
    const lo = new Float64Array(m);
    const hi = new Float64Array(m);
    for (let t = 0; t < m; t++) {
      lo[t] = Math.min(0, this.bound * input.lo[t]!);
      hi[t] = Math.max(0, this.bound * input.hi[t]!);
    }
    return { pre: { lo, hi }, post: { lo, hi } };
  }

  encode(ctx: EncodeContext, input: LayerInput): LayerEncoding {
    this.index = ctx.layer;
    if (!input.data) throw new ModelError('build model', `${this.label}: must be the first layer (s · x is linear only on data)`);
    const b = ctx.builder;
    const l = ctx.layer;
    const N = input.samples;
    const w = this.width;
    const bounds = this.propagate(input.bounds, N).post;
    const d: ScaleDetail = { scaleCols: new Int32Array(w), outCols: new Int32Array(N * w) };
    for (let i = 0; i < w; i++) d.scaleCols[i] = b.addColumn({ name: `sc_${l}_${i}`, lower: 0, upper: this.bound, tag: { kind: ColumnKind.WEIGHT, layer: l, neuron: i } });
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < w; i++) {
        const t = n * w + i;
        const o = b.addColumn({ name: `so_${l}_${i}_${n}`, lower: bounds.lo[t]!, upper: bounds.hi[t]!, tag: { kind: ColumnKind.AUXILIARY, layer: l, neuron: i, sample: n } });
        d.outCols[t] = o;
        // o − x s = 0
        b.addRow({ name: `sdef_${l}_${i}_${n}`, lower: 0, upper: 0 }, [o, d.scaleCols[i]!], [1, -input.data[t]!]);
      }
    }
    return {
      layer: l,
      // no neurons: the NN plugins leave a model with this layer alone
      structure: { layer: l, activation: 'linear', neurons: [], permutable: false },
      output: { samples: N, width: w, cols: d.outCols, bounds, binary: false },
      preActivationBounds: bounds,
      preActivationCols: d.outCols,
      weightIndicatorCols: new Int32Array(0),
      killCols: new Int32Array(w).fill(-1),
      detail: d,
    };
  }

  private json(scale: number[]): NetworkLayer {
    const out: ScaleLayerJson = { type: 'scale', inputs: this.width, outputs: this.width, scale };
    return out as unknown as NetworkLayer; // see the file comment
  }

  startParams(): NetworkLayer {
    return this.json(new Array<number>(this.width).fill(0));
  }

  decode(solution: ArrayLike<number>, encoding: LayerEncoding): NetworkLayer {
    const d = encoding.detail as ScaleDetail;
    return this.json(Array.from(d.scaleCols, (c) => solution[c]!));
  }

  complete(params: NetworkLayer, inputs: Float64Array, samples: number, encoding: LayerEncoding, solution: Float64Array): Float64Array {
    const json = params as unknown as ScaleLayerJson; // see the file comment
    if (json.type !== 'scale') throw new ModelError('complete solution', `${this.label}: expected scale parameters, got a ${json.type} layer`);
    const d = encoding.detail as ScaleDetail;
    d.scaleCols.forEach((c, i) => (solution[c] = json.scale[i]!));
    const out = forwardScale(json, inputs, samples).post;
    d.outCols.forEach((c, t) => (solution[c] = out[t]!));
    return out;
  }
}

export const scaleLayerType: LayerType<ScaleLayerJson, ScaleLayerSpec> = {
  type: 'scale',
  validate: (json, ctx) => {
    if (json.inputs !== ctx.inputs || json.outputs !== ctx.inputs) return `.inputs and .outputs must both be ${ctx.inputs}`;
    if (!isFiniteNumbers(json.scale, ctx.inputs)) return `.scale must be ${ctx.inputs} finite numbers`;
    return undefined;
  },
  forward: (layer, inputs, samples) => forwardScale(layer, inputs, samples),
  create: (spec) => new ScaleLayer(spec),
  parameters: () => ({ weights: [], live: undefined }),
};
