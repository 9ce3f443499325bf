/**
 * Trained ReLU networks as MIPs (verification, shared design "Trained networks as MIPs").
 *
 * With the weights fixed, the unknowns are the input x (an L∞ ball around a sample, intersected
 * with the input domain), the pre-activations z and the ReLU phases δ. The model maximises
 * `score_target − score_label`: a positive optimum is an adversarial example (re-checked by a
 * forward pass), a non-positive proven bound certifies robustness (no input of the ball scores the
 * target strictly above the label).
 *
 * Space of `epsilon`: the radius is measured in the network's input space, i.e. on the scaled
 * inputs the first layer sees (`scaleInputs`: `(x − offset) / scale`, times `integerLevels` when
 * the network has integer inputs; then the inputs are integer columns). The sample itself is given
 * raw (like `predict`) unless `scaled: true`.
 *
 * Per-neuron bounds are computed layer by layer: interval arithmetic over the fixed weights, then
 * (with `boundTightening: 'lp'`) min and max of every z over the LP relaxation of the model built
 * so far. A neuron with zU ≤ 0 is dropped (output constant 0), one with zL ≥ 0 is linear (a = z):
 * only unstable neurons get a phase binary.
 */
import { solveModel } from '../bnb/solve.js';
import type { SolveOptions, SolveStatus } from '../bnb/solve-types.js';
import { MipnetError, ModelError, OptionError } from '../errors.js';
import { ColumnKind } from '../model/column-tag.js';
import { ModelBuilder } from '../model/model-builder.js';
import type { Model } from '../model/model.js';
import type { LayerStructure, NeuronStructure } from '../model/structure.js';
import { activationBounds, addPreActivation, decidedPhase, encodeRelu } from './activation-encoding.js';
import type { LayerBounds } from './layer.js';
import { tightenColumnBounds } from './lp-tightening.js';
import { forwardScaled, scaleInputs, type DenseLayerJson, type NetworkJson } from './network.js';
import { solveWithHighsAsResult } from './solve-backend.js';
// the NN layer registers its plugin package (network-aware propagators, heuristics, branching)
import '../nn-engine/register-nn-plugins.js';

export interface VerificationOptions {
  /** the sample to perturb: raw features (scaled with the network's scaling) unless `scaled` */
  sample: number[];
  /** `sample` is already in the network's input space */
  scaled?: boolean;
  /** class index whose score should stay on top */
  label: number;
  /** class index the adversary tries to lift above `label` */
  target: number;
  /** L∞ radius in the network's input space (scaled inputs; see the file comment), ≥ 0 */
  epsilon: number;
  /**
   * input domain [lo, hi] of every scaled input, intersected with the ball. Default: [0, 1] for
   * min-max scaling ([0, levels] with integer inputs), stretched per feature to hold the sample;
   * unbounded otherwise.
   */
  domain?: [number, number];
  /** 'interval' (default) or 'lp' (interval, then LP min/max of every z, layer by layer) */
  boundTightening?: 'interval' | 'lp';
  /** time budget of the LP tightening in seconds (default 10) */
  lpTimeLimit?: number;
}

/** What `buildVerificationModel` returns: the MIP and what is needed to read its solutions. */
export interface VerificationModel {
  model: Model;
  /** input columns x_j (layer 0), in the network's input space */
  inputCols: Int32Array;
  /** scaled sample (centre of the ball) */
  center: Float64Array;
  /** box of the inputs (ball ∩ domain) */
  inputBounds: LayerBounds;
  /** pre-activation bounds per layer used as big-M constants (width of each layer) */
  preBounds: LayerBounds[];
  /** ReLU phase binaries created (unstable neurons) */
  unstable: number;
  /** neurons whose phase the bounds decided (stable active or inactive) */
  stable: number;
  /** LPs solved by the tightening */
  lps: number;
}

export type VerificationStatus = 'robust' | 'counterexample' | 'unknown';

export interface VerificationResult {
  status: VerificationStatus;
  /** proven upper bound on max (score_target − score_label) over the ball (+Infinity if none) */
  bound: number;
  /** best value found (score_target − score_label at the counterexample), null if none */
  objective: number | null;
  /** the adversarial input, raw features (inverse scaling; integer levels are exact) */
  counterexample?: number[];
  /** the adversarial input in the network's input space */
  counterexampleScaled?: number[];
  /** forward-pass score_target − score_label at the counterexample */
  margin?: number;
  solverStatus: SolveStatus;
  nodes: number;
  seconds: number;
  unstable: number;
  stable: number;
}

export interface VerifySolveOptions extends SolveOptions {
  /** 'engine' (default) or 'highs' (HiGHS MIP, the reference) */
  backend?: 'engine' | 'highs';
}

const OP = 'build verification model';

function checkNetwork(network: NetworkJson): DenseLayerJson[] {
  const layers = network.layers as DenseLayerJson[];
  if (network.output !== 'score') throw new ModelError(OP, `verification needs a network with score outputs, this one has "${network.output}" outputs`);
  let nin = network.inputs;
  layers.forEach((layer, l) => {
    const what = `layer ${l + 1}`;
    if (layer.type !== 'dense') throw new ModelError(OP, `${what}: layer type "${String(layer.type)}" is not supported (dense ReLU / linear only)`);
    const last = l === layers.length - 1;
    if (layer.activation !== 'relu' && !(layer.activation === 'linear')) {
      throw new ModelError(OP, `${what}: activation "${layer.activation}" is not supported (ReLU hidden layers, linear or ReLU output)`);
    }
    if (layer.activation === 'linear' && !last) throw new ModelError(OP, `${what}: a linear hidden layer is not supported`);
    if (layer.inputs !== nin) throw new ModelError(OP, `${what}: has ${layer.inputs} inputs, the previous layer ${nin} outputs`);
    nin = layer.outputs;
  });
  if (nin !== network.classes.length) throw new ModelError(OP, `the last layer has ${nin} outputs but the network has ${network.classes.length} classes`);
  return layers;
}

function resolveInputBox(network: NetworkJson, opts: VerificationOptions): { center: Float64Array; lo: Float64Array; hi: Float64Array; integer: boolean } {
  const d = network.inputs;
  if (!Array.isArray(opts.sample) || opts.sample.length !== d || opts.sample.some((v) => !Number.isFinite(v))) {
    throw new OptionError(OP, `sample must be ${d} finite numbers`);
  }
  const K = network.classes.length;
  for (const [name, v] of [['label', opts.label], ['target', opts.target]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= K) throw new OptionError(OP, `${name} must be a class index in [0, ${K - 1}], got ${v}`);
  }
  if (opts.label === opts.target) throw new OptionError(OP, `target and label are the same class (${opts.label})`);
  if (!(opts.epsilon >= 0) || !Number.isFinite(opts.epsilon)) throw new OptionError(OP, `epsilon must be a finite number >= 0, got ${opts.epsilon}`);
  const center = opts.scaled ? Float64Array.from(opts.sample) : scaleInputs(network, opts.sample, 1);
  const levels = network.scaling.integerLevels ?? 0;
  let dom: [number, number] = [-Infinity, Infinity];
  if (opts.domain) {
    dom = opts.domain;
    if (!(dom[0] <= dom[1])) throw new OptionError(OP, `domain [${dom[0]}, ${dom[1]}] is empty`);
  } else if (network.scaling.kind === 'minmax') dom = [0, levels > 0 ? levels : 1];
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    // the default domain stretches to hold the sample (a test point may lie outside the training range)
    const dl = opts.domain ? dom[0] : Math.min(dom[0], center[j]!);
    const dh = opts.domain ? dom[1] : Math.max(dom[1], center[j]!);
    let l = Math.max(dl, center[j]! - opts.epsilon);
    let h = Math.min(dh, center[j]! + opts.epsilon);
    if (levels > 0) {
      l = Math.ceil(l - 1e-9);
      h = Math.floor(h + 1e-9);
    }
    if (l > h) throw new OptionError(OP, `input ${j}: the ball around ${center[j]} of radius ${opts.epsilon} does not meet the domain [${dom[0]}, ${dom[1]}]`);
    if (!Number.isFinite(l) || !Number.isFinite(h)) throw new ModelError(OP, `input ${j} has an infinite bound [${l}, ${h}]; refusing to derive big-M constants from it`);
    lo[j] = l;
    hi[j] = h;
  }
  return { center, lo, hi, integer: levels > 0 };
}

/** Interval bounds of z = W a + b for a in [lo, hi]. */
function intervalPre(layer: DenseLayerJson, inp: LayerBounds): LayerBounds {
  const nout = layer.outputs;
  const nin = layer.inputs;
  const lo = new Float64Array(nout);
  const hi = new Float64Array(nout);
  for (let i = 0; i < nout; i++) {
    const w = layer.weights[i]!;
    let l = layer.bias[i]!;
    let h = l;
    for (let j = 0; j < nin; j++) {
      const wj = w[j]!;
      if (wj > 0) {
        l += wj * inp.lo[j]!;
        h += wj * inp.hi[j]!;
      } else if (wj < 0) {
        l += wj * inp.hi[j]!;
        h += wj * inp.lo[j]!;
      }
    }
    lo[i] = l;
    hi[i] = h;
  }
  return { lo, hi };
}

function isLive(layer: DenseLayerJson, i: number): boolean {
  return layer.live ? layer.live[i] !== false : true;
}

/** Output bounds of a layer from its pre-activation bounds (0 for dead neurons). */
function postOf(layer: DenseLayerJson, pre: LayerBounds): LayerBounds {
  const post = activationBounds(layer.activation, pre, 0, false);
  for (let i = 0; i < layer.outputs; i++) {
    if (isLive(layer, i)) continue;
    post.lo[i] = 0;
    post.hi[i] = 0;
  }
  return post;
}

interface Encoded {
  model: Model;
  inputCols: Int32Array;
  /** z columns per encoded layer */
  preCols: Int32Array[];
  /** output columns per encoded layer (-1 = constant 0) */
  outCols: Int32Array[];
  unstable: number;
  stable: number;
}

/**
 * Encodes layers 1..count with the given pre-activation bounds. With `objective`, the model
 * maximises out_target − out_label of the last layer; otherwise it has a zero objective (used by
 * the LP tightening).
 */
function encode(
  network: NetworkJson,
  layers: DenseLayerJson[],
  box: { lo: Float64Array; hi: Float64Array; integer: boolean },
  preBounds: LayerBounds[],
  count: number,
  objective?: { target: number; label: number },
): Encoded {
  const b = new ModelBuilder('mipnet-verify');
  const d = network.inputs;
  const inputCols = new Int32Array(d);
  for (let j = 0; j < d; j++) {
    inputCols[j] = b.addColumn({ name: `x_${j}`, lower: box.lo[j]!, upper: box.hi[j]!, integer: box.integer, tag: { kind: ColumnKind.INPUT, layer: 0, neuron: j } });
  }
  let prev = inputCols;
  const preCols: Int32Array[] = [];
  const outCols: Int32Array[] = [];
  const structLayers: LayerStructure[] = [];
  let unstable = 0;
  let stable = 0;
  for (let l = 0; l < count; l++) {
    const layer = layers[l]!;
    const L = l + 1;
    const what = `layer ${L} (dense ${layer.inputs}→${layer.outputs}, ${layer.activation})`;
    const pre = preBounds[l]!;
    const nout = layer.outputs;
    const zc = new Int32Array(nout).fill(-1);
    const oc = new Int32Array(nout).fill(-1);
    const neurons: NeuronStructure[] = [];
    for (let i = 0; i < nout; i++) {
      const zl = pre.lo[i]!;
      const zu = pre.hi[i]!;
      if (!Number.isFinite(zl) || !Number.isFinite(zu)) throw new ModelError(OP, `${what}: neuron ${i} has an infinite pre-activation bound; refusing to write a big-M from it`);
      const act = new Int32Array(1).fill(-1);
      const live = isLive(layer, i);
      if (live) {
        // z − Σ w a = b (the bias is data here)
        const idx: number[] = [];
        const val: number[] = [];
        const z = addPreActivation(b, `${L}_${i}`, zl, zu, { layer: L, neuron: i, sample: 0 }, -1, idx, val);
        zc[i] = z;
        const w = layer.weights[i]!;
        for (let j = 0; j < layer.inputs; j++) {
          if (w[j] !== 0 && prev[j]! >= 0) {
            idx.push(prev[j]!);
            val.push(-w[j]!);
          }
        }
        b.addRow({ name: `zdef_${L}_${i}`, lower: layer.bias[i]!, upper: layer.bias[i]! }, idx, val);
        const phase = layer.activation === 'linear' ? 1 : decidedPhase('relu', zl, zu, 0);
        if (layer.activation === 'linear') oc[i] = z;
        else if (phase === 0) stable++; // inactive: output 0
        else if (phase === 1) {
          stable++;
          oc[i] = z;
        } else {
          unstable++;
          const site = { builder: b, suffix: `${L}_${i}`, layer: L, neuron: i, sample: 0, z, zl, zu, kill: -1, cost: 0 };
          const cols = encodeRelu(site, 'a');
          act[0] = cols.act;
          oc[i] = cols.out;
        }
      }
      neurons.push({
        layer: L,
        neuron: i,
        weightCols: new Int32Array(0),
        biasCol: -1,
        killCol: -1,
        activationCols: act,
        preActivationCols: Int32Array.of(zc[i]!),
      });
    }
    structLayers.push({ layer: L, activation: layer.activation === 'relu' ? 'relu' : 'linear', neurons, permutable: false });
    preCols.push(zc);
    outCols.push(oc);
    prev = oc;
  }
  if (objective) {
    b.sense = 'maximize';
    const last = outCols[count - 1]!;
    const t = last[objective.target]!;
    const y = last[objective.label]!;
    if (t >= 0) b.setCost(t, 1);
    if (y >= 0) b.setCost(y, -1);
  }
  // Weights are data here (no weight columns), so the structure only lists z and δ per neuron. A
  // single-layer network needs no structure (an LP), and a fan-in of 0 would be misread as "z = b".
  if (count >= 2) {
    b.structure = {
      description: `verification of a ${network.inputs}-${layers.map((x) => x.outputs).join('-')} ReLU network`,
      layers: structLayers,
      samples: 1,
    };
  }
  return { model: b.build(), inputCols, preCols, outCols, unstable, stable };
}

/**
 * Builds the verification MIP: maximise score_target − score_label over the L∞ ball of radius
 * `epsilon` around the sample (in the network's input space) intersected with the input domain.
 */
export async function buildVerificationModel(network: NetworkJson, options: VerificationOptions): Promise<VerificationModel> {
  const layers = checkNetwork(network);
  const mode = options.boundTightening ?? 'interval';
  if (mode !== 'interval' && mode !== 'lp') throw new OptionError(OP, `boundTightening must be 'interval' or 'lp', got "${String(mode)}"`);
  const timeLimit = options.lpTimeLimit ?? 10;
  if (!(timeLimit > 0)) throw new OptionError(OP, `lpTimeLimit must be > 0, got ${timeLimit}`);
  const box = resolveInputBox(network, options);
  const preBounds: LayerBounds[] = [];
  let inp: LayerBounds = { lo: box.lo, hi: box.hi };
  let lps = 0;
  const t0 = performance.now();
  for (let l = 0; l < layers.length; l++) {
    const pre = intervalPre(layers[l]!, inp);
    preBounds.push(pre);
    // LP tightening pays only where a hidden phase is undecided (or for the output scores)
    if (mode === 'lp' && l > 0) {
      const enc = encode(network, layers, box, preBounds, l + 1);
      const cols: number[] = [];
      const at: number[] = [];
      const last = l === layers.length - 1;
      for (let i = 0; i < layers[l]!.outputs; i++) {
        const z = enc.preCols[l]![i]!;
        if (z < 0) continue;
        if (!last && decidedPhase('relu', pre.lo[i]!, pre.hi[i]!, 0) !== -1) continue;
        cols.push(z);
        at.push(i);
      }
      const left = timeLimit - (performance.now() - t0) / 1000;
      if (cols.length > 0 && left > 0) {
        const r = await tightenColumnBounds(enc.model, Int32Array.from(cols), left);
        lps += r.lps;
        if (!r.infeasible) {
          at.forEach((i, t) => {
            pre.lo[i] = Math.max(pre.lo[i]!, r.lower[t]!);
            pre.hi[i] = Math.min(pre.hi[i]!, r.upper[t]!);
            if (pre.lo[i]! > pre.hi[i]!) pre.lo[i] = pre.hi[i]!;
          });
        }
      }
    }
    inp = postOf(layers[l]!, pre);
  }
  const enc = encode(network, layers, box, preBounds, layers.length, { target: options.target, label: options.label });
  return {
    model: enc.model,
    inputCols: enc.inputCols,
    center: box.center,
    inputBounds: { lo: box.lo, hi: box.hi },
    preBounds,
    unstable: enc.unstable,
    stable: enc.stable,
    lps,
  };
}

/** Raw features of a point of the network's input space (inverse of `scaleInputs`). */
export function unscaleInputs(network: NetworkJson, scaled: ArrayLike<number>): number[] {
  const { offset, scale, integerLevels } = network.scaling;
  const out: number[] = [];
  for (let j = 0; j < network.inputs; j++) {
    let v = scaled[j]!;
    if (integerLevels && integerLevels > 0) v /= integerLevels;
    out.push(v * scale[j]! + offset[j]!);
  }
  return out;
}

/** Values of counterexample margins at or below this are not counted as counterexamples. */
const MARGIN_TOL = 1e-9;
/**
 * The forward-pass margin at the MIP's input must match the MIP objective within this (relative
 * to max(1, |objective|)); a larger gap means the encoding is wrong (MipnetError), a smaller one is
 * solver tolerance.
 */
const CONFIRM_TOL = 1e-4;

/**
 * Decides robustness of a sample: 'robust' when the proven bound on max(score_target −
 * score_label) is ≤ 0, 'counterexample' when an input of the ball scores the target strictly
 * above the label (re-checked by a forward pass; a MIP point whose forward pass disagrees by more
 * than the tolerances throws MipnetError), 'unknown' otherwise (limits reached).
 */
export async function verifyRobustness(network: NetworkJson, options: VerificationOptions, solveOptions: VerifySolveOptions = {}): Promise<VerificationResult> {
  const vm = await buildVerificationModel(network, options);
  const { backend, ...so } = solveOptions;
  const r = backend === 'highs' ? await solveWithHighsAsResult(vm.model, so) : await solveModel(vm.model, so);
  const base = { solverStatus: r.status, nodes: r.nodes, seconds: r.seconds, unstable: vm.unstable, stable: vm.stable };
  let result: VerificationResult = { status: 'unknown', bound: r.bound, objective: r.objective, ...base };
  if (r.solution && r.objective !== null) {
    const xs = new Float64Array(network.inputs);
    for (let j = 0; j < network.inputs; j++) {
      let v = r.solution[vm.inputCols[j]!]!;
      v = Math.min(vm.inputBounds.hi[j]!, Math.max(vm.inputBounds.lo[j]!, v));
      if (network.scaling.integerLevels) v = Math.round(v);
      xs[j] = v;
    }
    const out = forwardScaled(network, xs, 1).outputs;
    const margin = out[options.target]! - out[options.label]!;
    if (Math.abs(margin - r.objective) > CONFIRM_TOL * Math.max(1, Math.abs(r.objective))) {
      throw new MipnetError('verify robustness', `the forward pass at the MIP's input gives score_target − score_label = ${margin}, the MIP claims ${r.objective}: the encoding is wrong`);
    }
    if (margin > MARGIN_TOL) {
      if (!(out[options.target]! >= out[options.label]!)) throw new MipnetError('verify robustness', `counterexample check failed: target score ${out[options.target]} < label score ${out[options.label]}`);
      result = {
        status: 'counterexample',
        bound: r.bound,
        objective: r.objective,
        counterexample: unscaleInputs(network, xs),
        counterexampleScaled: Array.from(xs),
        margin,
        ...base,
      };
      return result;
    }
  }
  if (r.bound <= 0 || (r.status === 'optimal' && r.objective !== null && r.objective <= MARGIN_TOL)) {
    result = { status: 'robust', bound: r.bound, objective: r.objective, ...base };
  }
  return result;
}
