import type { PluginDescriptor, PluginEnv } from '../bnb/plugin-registry.js';
import type { SearchContext } from '../bnb/plugins.js';
import type { Model } from '../model/model.js';
import { trainSte } from './nn-ste-trainer.js';
import { NnSearchHeuristic } from './nn-search-heuristic.js';

/**
 * Gradient-trained warm start at the root: a seeded straight-through-estimator trainer over the same
 * architecture (nn-ste-trainer.ts), its network's pattern LP-fitted, then improved by the local
 * search. Runs once, at the root before its first LP solve (runBeforeLp).
 */
export class NnSteHeuristic extends NnSearchHeuristic {
  readonly name = 'nn-ste';
  readonly frequency = 0;
  private done = false;

  constructor(
    model: Model,
    lpTimeLimit: number,
    private readonly opts: { restarts: number; epochs: number; seed: number; timeLimit: number; rounds: number; searchTimeLimit: number },
  ) {
    super(model, lpTimeLimit, opts.seed);
  }

  /** At the root before its first LP (the trainer needs no LP): a first incumbent even when the root LP is slow. */
  runBeforeLp(_ctx: SearchContext): Float64Array | null {
    return this.warmStart();
  }

  /** After the root LP: only when the framework did not call runBeforeLp (e.g. a search without a root node). */
  run(_ctx: SearchContext): Float64Array | null {
    return this.warmStart();
  }

  private warmStart(): Float64Array | null {
    const s = this.search;
    if (!s || this.done) return null;
    this.done = true;
    const t = trainSte(s.view, { restarts: this.opts.restarts, epochs: this.opts.epochs, seed: this.opts.seed, timeLimit: this.opts.timeLimit });
    const c = s.fit(t.params, false);
    if (!c) return null;
    const r = this.opts.rounds === 0 ? c : s.improve(c.x, c.objective, this.opts.rounds, 0.1, this.opts.searchTimeLimit);
    return r.x;
  }

}

export const nnSteDescriptor: PluginDescriptor<'heuristic'> = {
  kind: 'heuristic',
  name: 'nn-ste',
  description: 'NN: gradient-trained (straight-through estimator) warm start at the root, LP-fitted',
  priority: 95,
  params: [
    { name: 'restarts', type: 'integer', default: 24, min: 1, max: 1000, description: 'random restarts of the gradient trainer' },
    { name: 'epochs', type: 'integer', default: 400, min: 1, max: 100000, description: 'full-batch Adam steps per restart' },
    { name: 'seed', type: 'integer', default: 1, min: 0, max: 2147483647, description: 'seed of the initialisation' },
    { name: 'time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds for the gradient training' },
    { name: 'rounds', type: 'integer', default: 16, min: 0, max: 10000, description: 'local-search moves after the LP-fit' },
    { name: 'search-time-limit', type: 'real', default: 2, min: 0, max: 3600, description: 'seconds for the local search after the LP-fit' },
    { name: 'lp-time-limit', type: 'real', default: 2, min: 0.01, max: 3600, description: 'seconds per LP' },
  ],
  create: (env: PluginEnv) =>
    new NnSteHeuristic(env.model, env.num('lp-time-limit'), {
      restarts: env.num('restarts'),
      epochs: env.num('epochs'),
      seed: env.num('seed'),
      timeLimit: env.num('time-limit'),
      rounds: env.num('rounds'),
      searchTimeLimit: env.num('search-time-limit'),
    }),
};
