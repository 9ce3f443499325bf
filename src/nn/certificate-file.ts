import type { PluginStats, SolveResult } from '../bnb/solve-types.js';
import { getNnView } from '../nn-engine/nn-view.js';
import { classCounts, forcedErrors, patternLayers } from '../nn-engine/nn-pattern-layers.js';
import type { Certificate } from './certificate.js';
import { getLayerType } from './layer-registry.js';
import type { NetworkEvaluation } from './completion.js';
import type { NetworkJson } from './network.js';
import type { TrainResult } from './train.js';
import type { TrainOptions } from './train-options.js';
import type { TrainingModel, TrainingProblem } from './training-model.js';

/**
 * "Any network of this architecture with at most `maxLive` live neurons in hidden layer `layer`
 * misclassifies at least `minErrors` training samples": a layer of h binary units has at most 2^h
 * patterns, so at most 2^h classes get a sample right (forcedErrors over the class counts).
 */
export interface ArchitectureClaim {
  kind: 'architecture';
  layer: number;
  maxLive: number;
  minErrors: number;
  statement: string;
}

/**
 * "Every network of the architecture has Σ_{n∈samples} loss_n + penaltyWeight·P(network) ≥ bound"
 * (samples: training-sample indices), proven by a sub-MIP of nn-subset-bounds.
 */
export interface SubsetClaimEntry {
  kind: 'subset';
  samples: number[];
  penaltyWeight: 0 | 1;
  bound: number;
  /** only for the networks with at most `maxLive` live neurons in hidden layer `layer` (a rung of the ladder) */
  rung?: { layer: number; maxLive: number };
  statement: string;
}

export type CertificateClaim = ArchitectureClaim | SubsetClaimEntry;

/** One rung of the neuron-count ladder of a hidden layer. */
export interface CertificateRung {
  layer: number;
  /** networks with at most this many live neurons in the layer */
  maxLive: number;
  /** proven: every such network makes at least this many training errors (architecture claim) */
  minErrors: number;
  /** proven: every such network has objective at least this (errors + the neurons it keeps, weights not counted) */
  minObjective: number;
  /** the returned network lies on this rung (its live count in the layer is at most maxLive) */
  holdsReturnedNetwork: boolean;
  /** proven by a rung claim: every such network has at least this loss on the claim's samples (absent: no rung claim) */
  subsetLoss?: { samples: number; minLoss: number };
}

/** What a training run proves, in parts: written by `mipnet train --certificate file.json`. */
export interface TrainingProof {
  /** the training data as the proof sees it */
  trainSamples: number;
  classCounts: number[];
  /** the returned network's objective in parts (forward pass) */
  objective: { total: number; loss: number; trainingErrors: number; weights: number; neurons: number; activations: number } | null;
  bound: {
    /** the certificate's bound: the larger of the search's and the architecture's */
    value: number;
    /** the search's proven dual bound */
    search: number;
    /** min over h of errors(h) + neuron penalty(h), over the layers with kill-switches (−Infinity when no claim applies) */
    architecture: number;
    /**
     * The bound in parts: the errors and neurons the architecture forces at its minimising live
     * count, and the rest, which the LP and the search prove beyond it (the weight penalty among it).
     */
    split: { errors: number; neurons: number; rest: number };
    /**
     * the plugins that raised the bound: cut separators (LP bound gained in their rounds) and bound
     * hooks (node bounds raised above a finite bound; nodesRaised counts the root's raise from −∞ too)
     */
    methods: { plugin: string; gain: number; cutoffs: number; nodesRaised?: number }[];
  };
  rungs: CertificateRung[];
  claims: CertificateClaim[];
  /** plugin reports that carried no claim this file can state (kept as they were) */
  notes: string[];
}

/** The certificate file (format 'mipnet-certificate', version 1). */
export interface CertificateFile {
  format: 'mipnet-certificate';
  version: 1;
  created: string;
  /** how to rebuild the training problem: the data set's name or path and the options (solver options left out) */
  problem: { data: string | null; options: Omit<TrainOptions, 'dataset' | 'solver' | 'testDataset'>; trainSamples: number; classes: number; classCounts: number[] };
  certificate: Certificate;
  network: NetworkJson | null;
  proof: TrainingProof;
}

/** The architecture claims, the rungs and the bound's parts of a training model (no solve needed). */
export function architectureProof(tm: TrainingModel): { claims: ArchitectureClaim[]; rungs: Omit<CertificateRung, 'holdsReturnedNetwork'>[]; best: { value: number; errors: number; neurons: number } } {
  const m = tm.model;
  const view = getNnView(m);
  const claims: ArchitectureClaim[] = [];
  const rungs: Omit<CertificateRung, 'holdsReturnedNetwork'>[] = [];
  let best = { value: -Infinity, errors: 0, neurons: 0 };
  if (!view || (view.loss !== 'xor' && view.loss !== 'zero-one') || view.labels.some((y) => y < 0)) return { claims, rungs, best };
  const counts = classCounts(view);
  const lambda = tm.problem.penalties.neuron;
  for (const L of patternLayers(m, view)) {
    let layerBest = { value: Infinity, errors: 0, neurons: 0 };
    for (let h = L.fixedLive; h <= L.width; h++) {
      const f = forcedErrors(counts, h);
      // a neuron without kill-switch is not penalised; each live one with a kill-switch costs lambda
      const neurons = L.kills.length > 0 ? lambda * (h - L.fixedLive) : 0;
      if (f + neurons < layerBest.value) layerBest = { value: f + neurons, errors: f, neurons };
      if (h < L.width && f > 0) {
        claims.push({
          kind: 'architecture',
          layer: L.layer,
          maxLive: h,
          minErrors: f,
          statement: `any network of this architecture with at most ${h} live neuron(s) in hidden layer ${L.layer} misclassifies at least ${f} of the ${view.samples} training samples`,
        });
      }
      if (L.kills.length > 0) rungs.push({ layer: L.layer, maxLive: h, minErrors: f, minObjective: f + neurons });
    }
    if (layerBest.value > best.value) best = layerBest;
  }
  return { claims, rungs, best };
}

/** Training samples per class of a training problem. */
export function problemClassCounts(p: TrainingProblem): number[] {
  const counts = new Array<number>(p.classes).fill(0);
  for (let n = 0; n < p.samples; n++) counts[p.y[n]!]!++;
  return counts;
}

/** Live neurons per hidden layer of a network, keyed by the model's layer tag. */
export function liveNeurons(tm: TrainingModel, network: NetworkJson): Map<number, number> {
  const out = new Map<number, number>();
  const view = getNnView(tm.model);
  if (!view) return out;
  network.layers.forEach((layer, l) => {
    const v = view.layers[l];
    if (!v || l === network.layers.length - 1) return;
    const params = getLayerType(layer.type, 'certificate').parameters(layer);
    let live = 0;
    for (let i = 0; i < params.weights.length; i++) if (!params.live || params.live[i] !== false) live++;
    out.set(v.layer, live);
  });
  return out;
}

function methodsOf(stats: readonly PluginStats[]): TrainingProof['bound']['methods'] {
  const out: TrainingProof['bound']['methods'] = [];
  for (const s of stats) {
    const gain = s.boundGain ?? 0;
    const hook = s.boundGain !== undefined && s.cutsFound === undefined;
    if (gain > 1e-12 || (hook && (s.cutoffs > 0 || s.fixings > 0))) out.push({ plugin: s.name, gain, cutoffs: hook ? s.cutoffs : 0, ...(hook ? { nodesRaised: s.fixings } : {}) });
  }
  return out;
}

/** The subset claims of the plugin reports (nn-subset-bounds), and notes on the others. */
function reportedClaims(reports: SolveResult['reports']): { claims: SubsetClaimEntry[]; notes: string[] } {
  const claims: SubsetClaimEntry[] = [];
  const notes: string[] = [];
  for (const r of reports ?? []) {
    const list = r.report['claims'];
    if (r.plugin === 'separator/nn-subset-bounds' && Array.isArray(list)) {
      for (const c of list as { samples: number[]; penaltyWeight: 0 | 1; bound: number; rung?: { layer: number; maxLive: number } }[]) {
        const who = c.rung ? `every network of this architecture with at most ${c.rung.maxLive} live neuron(s) in hidden layer ${c.rung.layer}` : 'every network of this architecture';
        claims.push({
          kind: 'subset',
          samples: c.samples.slice(),
          penaltyWeight: c.penaltyWeight,
          bound: c.bound,
          ...(c.rung ? { rung: { layer: c.rung.layer, maxLive: c.rung.maxLive } } : {}),
          statement: `${who} has loss on these ${c.samples.length} training samples${c.penaltyWeight ? ' plus its whole penalty' : ''} of at least ${c.bound}`,
        });
      }
    } else {
      notes.push(`${r.plugin}: ${JSON.stringify(r.report)}`);
    }
  }
  return { claims, notes };
}

/**
 * What a training run proves: the returned network's objective in parts, the bound (the larger of
 * the search's and the architecture's) in parts with the methods that raised it, the ladder's
 * rungs and every claim a checker can re-prove on its own.
 */
export function trainingProof(tm: TrainingModel, r: SolveResult, network: NetworkJson | null, ev: NetworkEvaluation | null, trainingErrors: number | null): TrainingProof {
  const arch = architectureProof(tm);
  const liveByLayer = network ? liveNeurons(tm, network) : null;
  const value = Math.max(r.bound, arch.best.value);
  const pen = tm.problem.penalties;
  const objective =
    ev && trainingErrors !== null
      ? {
          total: ev.objective,
          loss: ev.loss,
          trainingErrors,
          weights: pen.l1 * ev.l1 + pen.l0 * ev.weights,
          neurons: ev.penalty - (pen.l1 * ev.l1 + pen.l0 * ev.weights) - pen.activation * ev.activations,
          activations: pen.activation * ev.activations,
        }
      : null;
  const archOk = Number.isFinite(arch.best.value);
  const split = archOk ? { errors: arch.best.errors, neurons: arch.best.neurons, rest: Math.max(0, value - arch.best.value) } : { errors: 0, neurons: 0, rest: value };
  const sub = reportedClaims(r.reports);
  const p = tm.problem;
  return {
    trainSamples: p.samples,
    classCounts: problemClassCounts(p),
    objective,
    bound: { value, search: r.bound, architecture: arch.best.value, split, methods: methodsOf(r.stats) },
    rungs: arch.rungs.map((g) => {
      const rc = sub.claims.filter((c) => c.rung && c.rung.layer === g.layer && c.rung.maxLive === g.maxLive).sort((a, b) => b.bound - a.bound)[0];
      return {
        ...g,
        holdsReturnedNetwork: liveByLayer !== null && (liveByLayer.get(g.layer) ?? Infinity) <= g.maxLive,
        ...(rc ? { subsetLoss: { samples: rc.samples.length, minLoss: rc.bound } } : {}),
      };
    }),
    claims: [...arch.claims, ...sub.claims],
    notes: sub.notes,
  };
}

const num = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

/** The proof's lines for the CLI summary: the bound in parts, the methods, the rungs. */
export function formatProof(p: TrainingProof): string[] {
  const b = p.bound;
  const lines: string[] = [];
  if (Number.isFinite(b.architecture)) {
    lines.push(`bound parts errors ${num(b.split.errors)} + neurons ${num(b.split.neurons)} (forced by the architecture) + ${num(b.split.rest)} (LP and search: weights and the rest)`);
  }
  if (b.methods.length > 0) {
    const what = (m: TrainingProof['bound']['methods'][number]): string =>
      m.nodesRaised !== undefined ? `${m.plugin} (${m.nodesRaised} node bounds raised, ${m.cutoffs} closed)` : `${m.plugin} +${num(m.gain)}`;
    lines.push(`raised by   ${b.methods.map(what).join(', ')}`);
  }
  const rungs = p.rungs.filter((g) => g.minErrors > 0 || g.subsetLoss);
  const rungText = (g: CertificateRung): string =>
    g.minErrors > 0 ? `layer ${g.layer} with ≤${g.maxLive} live: ≥ ${g.minErrors} errors` : `layer ${g.layer} with ≤${g.maxLive} live: loss ≥ ${num(g.subsetLoss!.minLoss)} on ${g.subsetLoss!.samples} samples`;
  if (rungs.length > 0) lines.push(`rungs       ${rungs.map(rungText).join('; ')}`);
  const subset = p.claims.filter((c) => c.kind === 'subset').length;
  if (subset > 0) lines.push(`claims      ${subset} subset claim(s) from sub-MIPs (re-prove them with check-certificate)`);
  return lines;
}

/** The certificate file of a training run: how to rebuild the problem (the data set's name when it is one), the network, what is proven. */
export function certificateFile(options: TrainOptions, result: TrainResult): CertificateFile {
  const { dataset, solver: _solver, testDataset: _test, ...rest } = options;
  const p = result.proof;
  return {
    format: 'mipnet-certificate',
    version: 1,
    created: new Date().toISOString(),
    problem: { data: typeof dataset === 'string' ? dataset : null, options: rest, trainSamples: p.trainSamples, classes: p.classCounts.length, classCounts: p.classCounts },
    certificate: result.certificate,
    network: result.network,
    proof: p,
  };
}

/** The file's JSON text; ±Infinity (JSON has none) as the strings "Infinity" / "-Infinity", which parseCertificateFile reads back. */
export function certificateJson(file: CertificateFile): string {
  return JSON.stringify(file, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';
}
