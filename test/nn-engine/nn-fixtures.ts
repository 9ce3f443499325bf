import { Domain } from '../../src/bnb/domain.js';
import type { HeuristicContext, PropagationContext } from '../../src/bnb/plugins.js';
import { Pseudocosts } from '../../src/bnb/pseudocosts.js';
import { registerBuiltinPlugins } from '../../src/bnb/builtin-plugins.js';
import { PluginRegistry } from '../../src/bnb/plugin-registry.js';
import { datasetFromArrays, type Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/data/rng.js';
import { getHighs } from '../../src/lp/highs-loader.js';
import { createHighsLpSolver, highsLpFactory } from '../../src/lp/highs-lp.js';
import { standaloneSolveContext } from '../../src/bnb/plugin-set.js';
import type { PluginLifecycle, SolveContext } from '../../src/bnb/plugins.js';
import type { Model } from '../../src/model/model.js';
import { registerNnPlugins } from '../../src/nn-engine/register-nn-plugins.js';
import { buildTrainingModel, type TrainingModel } from '../../src/nn/training-model.js';
import type { TrainOptions } from '../../src/nn/train-options.js';

/** Seeded 2-D blobs: class c concentrated in its own corner region (overlapping a little). */
export function blobs(seed: number, n: number, k: number): Dataset {
  const g = new Rng(seed);
  const r = (): number => g.next();
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    rows.push([c === 1 ? 1 - r() * 0.6 : r() * 0.6, c === 2 ? 1 - r() * 0.6 : r() * 0.6 + (c === 0 ? 0.4 : 0)]);
    y.push(c);
  }
  return datasetFromArrays(rows, y, undefined, `blobs-${seed}-${n}-${k}`);
}

/** A training model without LP tightening (fast, deterministic). */
export async function tinyModel(options: Omit<TrainOptions, 'dataset'> & { dataset: TrainOptions['dataset'] }): Promise<TrainingModel> {
  return buildTrainingModel({ lpTightening: false, ...options });
}

/** Registries: built-ins only, and built-ins + NN plugins. */
export function registries(): { base: PluginRegistry; nn: PluginRegistry } {
  const base = new PluginRegistry();
  registerBuiltinPlugins(base);
  const nn = new PluginRegistry();
  registerBuiltinPlugins(nn);
  registerNnPlugins(nn);
  return { base, nn };
}

/** A plugin context over a fresh Domain of the model (root, everything new). */
export function propagationContext(model: Model, domain = new Domain(model), since = -1): PropagationContext {
  return { model, domain, source: 0, cutoff: Infinity, depth: 0, pseudocosts: new Pseudocosts(model.numCols), since };
}

/** A heuristic context from the root LP relaxation (solved with a throw-away HiGHS LP; no node LP access). */
export async function rootLpContext(model: Model): Promise<HeuristicContext> {
  const lp = createHighsLpSolver(await getHighs());
  try {
    lp.load(model);
    const out = lp.optimize();
    if (out.status !== 'optimal') throw new Error(`root LP ${out.status}`);
    return {
      ...propagationContext(model),
      lpStatus: 'optimal',
      lpObjective: out.objective,
      primal: Float64Array.from(lp.primal()),
      reducedCosts: Float64Array.from(lp.reducedCosts()),
      rowActivity: Float64Array.from(lp.rowActivity()),
      nodeCount: 0,
      incumbentSolution: null,
      timeLeft: () => Infinity,
      solveLp: () => {
        throw new Error('the NN heuristics use their own LP');
      },
    };
  } finally {
    lp.dispose();
  }
}

/**
 * Runs the framework's lifecycle on plugins used by hand in a test: `initSolve` on each with one
 * solve context (HiGHS LPs); `close()` (call it in afterAll) runs exitSolve, disposes the shared
 * resources and calls dispose. Returns whether each plugin accepted the model.
 */
export async function initPlugins(model: Model, plugins: PluginLifecycle[]): Promise<{ active: boolean[]; context: SolveContext; close(): void }> {
  const s = standaloneSolveContext(model, await highsLpFactory());
  const active = plugins.map((p) => p.initSolve?.(s.context) !== false);
  return {
    active,
    context: s.context,
    close: () => {
      plugins.forEach((p, i) => {
        if (active[i]) p.exitSolve?.();
      });
      s.close();
      for (const p of plugins) p.dispose?.();
    },
  };
}
