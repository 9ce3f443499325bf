import { lpShare as lpShareOf } from '../bnb/lp-share.js';
import type { SolveResult } from '../bnb/solve-types.js';
import type { Dataset } from '../data/dataset.js';
import { MipnetError } from '../errors.js';
import type { Certificate } from './certificate.js';
import { trainingProof, type TrainingProof } from './certificate-file.js';
import { completeSolution, decodeNetwork, evaluateNetwork, type NetworkEvaluation } from './completion.js';
import { accuracy, confusionMatrix, type ConfusionMatrix } from './metrics.js';
import { layerSwitchPenalty } from './layer-pruning.js';
import { predict, type NetworkJson } from './network.js';
import { solveTrainingModel } from './solve-backend.js';
import type { TrainOptions } from './train-options.js';
import { buildFromProblem, defaultTighteningLimit, networkHeader, resolveTrainingProblem, type TighteningStats, type TrainingModel } from './training-model.js';

export interface SplitMetrics {
  samples: number;
  accuracy: number;
  confusion: ConfusionMatrix;
}

export interface TrainResult {
  /** the trained network, null when the solver found none */
  network: NetworkJson | null;
  certificate: Certificate;
  train: SplitMetrics | null;
  test: SplitMetrics | null;
  /** forward-pass counts on the training data: nonzero weights, firing hidden activations, live hidden neurons */
  counts: { weights: number; activations: number; neurons: number } | null;
  /** training loss and penalty terms of the network (forward pass) */
  loss: number | null;
  penalty: number | null;
  model: { name: string; columns: number; rows: number; integers: number; nonzeros: number; buildSeconds: number };
  tightening: TighteningStats | undefined;
  /** the raw solver result */
  solve: SolveResult;
  /** what the run proves, in parts (bound split, rungs, claims): the content of `--certificate file.json` */
  proof: TrainingProof;
}

/** Tolerances of the re-verification. */
const FEAS_TOL = 1e-5;
const OBJ_TOL = 1e-6;

function splitMetrics(network: NetworkJson, ds: Dataset): SplitMetrics {
  const pred = predict(network, ds.X, ds.n);
  return { samples: ds.n, accuracy: accuracy(pred, ds.y), confusion: confusionMatrix(pred, ds.y, ds.classNames.length) };
}

/**
 * Re-verifies a solution of a training model: decodes the network, completes the canonical point
 * by a forward pass, and checks that (1) the point is feasible for the model, (2) the model's
 * objective of that point equals the forward-pass loss + penalties, (3) that value is no worse
 * than the solver's incumbent and no better than its proven bound. Any failure throws MipnetError.
 */
export function recheckSolution(
  tm: TrainingModel,
  solution: ArrayLike<number>,
  milpObjective: number,
  bound: number,
): { network: NetworkJson; evaluation: NetworkEvaluation; maxViolation: number } {
  const op = 'train (re-verification)';
  const network = decodeNetwork(tm, solution, networkHeader(tm.problem));
  const ev = evaluateNetwork(tm, network);
  const switches = layerSwitchPenalty(tm.problem.layers, network.layers); // layer pruning: cost of the kept layers
  if (switches > 0) {
    ev.penalty += switches;
    ev.objective += switches;
  }
  const point = completeSolution(tm, network);
  const viol = tm.model.maxViolation(point);
  if (viol.value > FEAS_TOL) {
    throw new MipnetError(op, `the forward-pass completion of the decoded network is infeasible for the model (${viol.where}, by ${viol.value.toExponential(3)})`);
  }
  const tol = OBJ_TOL * Math.max(1, Math.abs(milpObjective));
  const modelObj = tm.model.objectiveOf(point);
  if (Math.abs(modelObj - ev.objective) > tol) {
    throw new MipnetError(op, `model objective of the completed point ${modelObj} differs from the forward-pass loss + penalties ${ev.objective}`);
  }
  if (ev.objective > milpObjective + tol) {
    throw new MipnetError(op, `forward-pass objective ${ev.objective} (loss ${ev.loss}, penalty ${ev.penalty}) exceeds the MILP objective ${milpObjective}: the formulation under-counts`);
  }
  if (Number.isFinite(bound) && ev.objective < bound - tol) {
    throw new MipnetError(op, `forward-pass objective ${ev.objective} is below the proven bound ${bound}: the bound is wrong`);
  }
  return { network, evaluation: ev, maxViolation: viol.value };
}

/** The all-zero network (every output 0): a feasible start for the search. */
function zeroNetworkStart(tm: TrainingModel): Float64Array | undefined {
  const L = tm.problem.layers.length;
  const layers = tm.problem.layers.map((l, i) => l.startParams(i === L - 1));
  const net: NetworkJson = { ...networkHeader(tm.problem), layers };
  try {
    const x = completeSolution(tm, net);
    return tm.model.maxViolation(x).value <= 1e-9 ? x : undefined;
  } catch {
    return undefined;
  }
}

/** Trains a network exactly as a MILP and returns it with a verified certificate. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const t0 = performance.now();
  const problem = resolveTrainingProblem(options);
  const tm = await buildFromProblem(problem, options.lpTightening ?? options.featureCap !== undefined, defaultTighteningLimit(options));
  const buildSeconds = (performance.now() - t0) / 1000;
  const start = zeroNetworkStart(tm);
  const solveOptions = { ...(options.solver ?? {}) };
  if (start && solveOptions.initialSolution === undefined) solveOptions.initialSolution = start;
  const r = await solveTrainingModel(tm.model, solveOptions, options.backend ?? 'engine');
  const m = tm.model;
  const modelInfo = { name: m.name, columns: m.numCols, rows: m.numRows, integers: m.numIntegers, nonzeros: m.numNonzeros, buildSeconds };
  const lpShare = r.lpSolves > 0 ? lpShareOf(r) : null;
  if (!r.solution || r.objective === null) {
    return {
      network: null,
      certificate: { status: r.status, objective: null, milpObjective: null, bound: r.bound, gap: Infinity, nodes: r.nodes, seconds: r.seconds, lpShare, verified: false, maxViolation: NaN },
      train: null,
      test: null,
      counts: null,
      loss: null,
      penalty: null,
      model: modelInfo,
      tightening: tm.tightening,
      solve: r,
      proof: trainingProof(tm, r, null, null, null),
    };
  }
  const { network, evaluation: ev, maxViolation } = recheckSolution(tm, r.solution, r.objective, r.bound);
  const obj = ev.objective;
  const gap = Number.isFinite(r.bound) ? Math.max(0, obj - r.bound) / Math.max(1e-10, Math.abs(obj)) : Infinity;
  const data = problem.data;
  const trainMetrics = splitMetrics(network, data.train);
  const trainingErrors = Math.round(trainMetrics.samples * (1 - trainMetrics.accuracy));
  return {
    network,
    certificate: { status: r.status, objective: obj, milpObjective: r.objective, bound: r.bound, gap, nodes: r.nodes, seconds: r.seconds, lpShare, verified: true, maxViolation },
    train: trainMetrics,
    test: data.test ? splitMetrics(network, data.test) : null,
    counts: { weights: ev.weights, activations: ev.activations, neurons: ev.neurons },
    loss: ev.loss,
    penalty: ev.penalty,
    model: modelInfo,
    tightening: tm.tightening,
    solve: r,
    proof: trainingProof(tm, r, network, ev, trainingErrors),
  };
}
