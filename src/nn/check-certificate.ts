import type { Dataset } from '../data/dataset.js';
import { MipnetError } from '../errors.js';
import { solveWithHighsMip } from '../lp/highs-mip-reference.js';
import { Model } from '../model/model.js';
import { forcedErrors, patternLayers } from '../nn-engine/nn-pattern-layers.js';
import { getNnView } from '../nn-engine/nn-view.js';
import { architectureProof, problemClassCounts, type CertificateClaim, type CertificateFile } from './certificate-file.js';
import { completeSolution, evaluateNetwork } from './completion.js';
import { encodeTrainingProblem, resolveTrainingProblem, type TrainingModel, type TrainingProblem } from './training-model.js';

const OP = 'check certificate';

export type Verdict = 'valid' | 'invalid' | 'unknown';

/** The checker's answer for one part of a certificate. */
export interface CheckedItem {
  /** 'data', 'network', 'bound/architecture', 'claim 3', … */
  item: string;
  verdict: Verdict;
  detail: string;
}

export interface CheckResult {
  items: CheckedItem[];
  valid: number;
  invalid: number;
  unknown: number;
}

export interface CheckOptions {
  /** the data set (name, path or Dataset); default: the one the certificate names */
  dataset?: string | Dataset;
  /** seconds of highs-js MIP per subset claim (default 60) */
  timeLimit?: number;
}

/** Relative slack of a comparison with v (0 for an infinite v). */
const slack = (v: number): number => (Number.isFinite(v) ? 1e-9 * Math.max(1, Math.abs(v)) : 0);
const rel = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** Reads and validates the shape of a certificate file's JSON; a MipnetError names what is wrong. */
export function parseCertificateFile(text: string, where: string): CertificateFile {
  let j: unknown;
  try {
    // bounds of ±Infinity are written as strings (JSON has no Infinity)
    j = JSON.parse(text, (_k, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
  } catch (e) {
    throw new MipnetError(OP, `${where} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const o = j as Partial<CertificateFile> | null;
  if (!o || typeof o !== 'object' || o.format !== 'mipnet-certificate') throw new MipnetError(OP, `${where} is not a mipnet certificate (format "mipnet-certificate" expected)`);
  if (o.version !== 1) throw new MipnetError(OP, `${where} has certificate version ${String(o.version)}; this mipnet reads version 1`);
  if (!o.problem || typeof o.problem !== 'object' || !o.problem.options || !Array.isArray(o.problem.classCounts)) throw new MipnetError(OP, `${where}: "problem" is missing or incomplete`);
  if (!o.proof || !Array.isArray(o.proof.claims) || !o.proof.bound) throw new MipnetError(OP, `${where}: "proof" is missing or incomplete`);
  if (!o.certificate || typeof o.certificate !== 'object') throw new MipnetError(OP, `${where}: "certificate" is missing`);
  return o as CertificateFile;
}

/** The training problem on a subset of its (scaled) samples; penalties off when `penaltyWeight` is 0. */
function subsetProblem(p: TrainingProblem, samples: readonly number[], penaltyWeight: 0 | 1): TrainingProblem {
  const d = p.features;
  const X = new Float64Array(samples.length * d);
  const y = new Int32Array(samples.length);
  samples.forEach((s, k) => {
    X.set(p.X.subarray(s * d, (s + 1) * d), k * d);
    y[k] = p.y[s]!;
  });
  const penalties = penaltyWeight === 1 ? p.penalties : { l1: 0, l0: 0, activation: 0, neuron: 0 };
  return { ...p, X, y, samples: samples.length, penalties };
}

/**
 * Re-checks a training certificate on its own: rebuilds the training problem from the data and the
 * recorded options, re-verifies the network by a forward pass, recomputes every architecture claim
 * from the class counts, and re-proves every subset claim by solving the small training model of
 * its samples with highs-js MIP (an independent solver). The search's own bound is not re-proven
 * (that needs the whole solve); it is listed as 'unknown' unless an architecture bound covers it.
 */
export async function checkCertificate(file: CertificateFile, options: CheckOptions = {}): Promise<CheckResult> {
  const dataset = options.dataset ?? file.problem.data;
  if (dataset === null || dataset === undefined) throw new MipnetError(OP, 'the certificate does not name its data set: give it with --data');
  const timeLimit = options.timeLimit ?? 60;
  if (!(timeLimit > 0)) throw new MipnetError(OP, `the time limit per claim must be > 0, got ${timeLimit}`);
  const p = resolveTrainingProblem({ ...file.problem.options, dataset });
  const tm: TrainingModel = encodeTrainingProblem(p);
  const items: CheckedItem[] = [];

  // ---- the data
  const counts = problemClassCounts(p);
  const sameData = p.samples === file.problem.trainSamples && counts.length === file.problem.classCounts.length && counts.every((c, k) => c === file.problem.classCounts[k]);
  items.push({
    item: 'data',
    verdict: sameData ? 'valid' : 'invalid',
    detail: sameData ? `${p.samples} training samples, class counts ${counts.join(', ')}` : `the data give ${p.samples} training samples with class counts ${counts.join(', ')}; the certificate says ${file.problem.trainSamples} with ${file.problem.classCounts.join(', ')}`,
  });
  if (!sameData) return tally(items);

  // ---- the network: forward pass, objective, feasibility in the rebuilt model
  if (file.network) {
    try {
      const ev = evaluateNetwork(tm, file.network);
      const x = completeSolution(tm, file.network);
      const viol = tm.model.maxViolation(x).value;
      const claimed = file.certificate.objective;
      const ok = claimed !== null && rel(ev.objective, claimed, 1e-6) && viol <= 1e-6;
      items.push({ item: 'network', verdict: ok ? 'valid' : 'invalid', detail: `forward pass: objective ${ev.objective} (certificate ${String(claimed)}), loss ${ev.loss}, penalty ${ev.penalty}; the completed point violates the rebuilt model by ${viol.toExponential(1)}` });
    } catch (e) {
      items.push({ item: 'network', verdict: 'invalid', detail: `cannot evaluate the network: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  // ---- the bound's architecture part
  const arch = architectureProof(tm);
  const recorded = file.proof.bound.architecture;
  // a recorded architecture bound may be weaker than the recomputed one (−Infinity: none), never stronger
  const archOk = !(recorded > arch.best.value + slack(arch.best.value));
  items.push({ item: 'bound/architecture', verdict: archOk ? 'valid' : 'invalid', detail: `recomputed ${arch.best.value} (errors ${arch.best.errors} + neurons ${arch.best.neurons}); certificate ${String(recorded)}` });
  const value = file.proof.bound.value;
  const covered = Number.isFinite(value) && value <= arch.best.value + slack(value);
  items.push({
    item: 'bound',
    verdict: covered ? 'valid' : 'unknown',
    detail: covered ? `${value}: implied by the architecture bound` : `${value}: the search's proof (${file.proof.bound.search}) is not re-proven here (it needs the whole solve); the claims below are`,
  });

  // ---- the claims
  const layers = new Set(arch.claims.map((c) => c.layer));
  for (let i = 0; i < file.proof.claims.length; i++) {
    const c = file.proof.claims[i]! as CertificateClaim;
    items.push(await checkClaim(`claim ${i + 1}`, c, p, counts, layers, timeLimit));
  }
  return tally(items);
}

async function checkClaim(item: string, c: CertificateClaim, p: TrainingProblem, counts: number[], layers: Set<number>, timeLimit: number): Promise<CheckedItem> {
  if (c.kind === 'architecture') {
    if (!layers.has(c.layer)) return { item, verdict: 'invalid', detail: `layer ${c.layer} is not a hidden layer of binary units read unit by unit: the argument does not apply` };
    const f = forcedErrors(counts, c.maxLive);
    const ok = c.minErrors <= f;
    return { item, verdict: ok ? 'valid' : 'invalid', detail: `${c.statement} — recomputed: at most ${2 ** c.maxLive} patterns for ${counts.length} classes force ${f} errors` };
  }
  if (c.kind === 'subset') {
    if (!Array.isArray(c.samples) || c.samples.length === 0 || c.samples.some((s) => !Number.isInteger(s) || s < 0 || s >= p.samples)) {
      return { item, verdict: 'invalid', detail: `subset claim with sample indices outside 0..${p.samples - 1}` };
    }
    const sub = encodeTrainingProblem(subsetProblem(p, c.samples, c.penaltyWeight));
    let model = sub.model;
    if (c.rung) {
      // the rung: neurons maxLive+1.. of the layer dead (the model orders kill-switches live-first)
      const view = getNnView(model);
      const layer = view ? patternLayers(model, view).find((L) => L.layer === c.rung!.layer) : undefined;
      if (!layer || layer.kills.length <= c.rung.maxLive) return { item, verdict: 'invalid', detail: `layer ${c.rung.layer} has no kill-switch for neuron ${c.rung.maxLive + 1}: the rung does not exist` };
      const upper = Float64Array.from(model.colUpper);
      for (let i = c.rung.maxLive; i < layer.kills.length; i++) upper[layer.kills[i]!] = 0;
      model = new Model({ ...model, colUpper: upper });
    }
    const r = await solveWithHighsMip(model, { timeLimit });
    const tol = 1e-6 * Math.max(1, Math.abs(c.bound));
    const what = `${c.statement} — highs-js MIP on the ${c.samples.length}-sample model`;
    if (r.status === 'optimal' && r.objective !== null) {
      return { item, verdict: r.objective >= c.bound - tol ? 'valid' : 'invalid', detail: `${what}: optimum ${r.objective}` };
    }
    if (r.status === 'infeasible') return { item, verdict: 'valid', detail: `${what}: no network at all (infeasible)` };
    if (r.bound >= c.bound - tol) return { item, verdict: 'valid', detail: `${what}: bound ${r.bound} within ${timeLimit} s` };
    if (r.objective !== null && r.objective < c.bound - tol) return { item, verdict: 'invalid', detail: `${what}: found a network with ${r.objective}` };
    return { item, verdict: 'unknown', detail: `${what}: ${r.rawStatus} after ${timeLimit} s (bound ${r.bound})` };
  }
  return { item, verdict: 'unknown', detail: `unknown claim kind "${String((c as { kind?: unknown }).kind)}"` };
}

function tally(items: CheckedItem[]): CheckResult {
  return {
    items,
    valid: items.filter((i) => i.verdict === 'valid').length,
    invalid: items.filter((i) => i.verdict === 'invalid').length,
    unknown: items.filter((i) => i.verdict === 'unknown').length,
  };
}
