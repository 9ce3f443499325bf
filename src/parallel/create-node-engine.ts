import type { LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { BasicNodeEngine } from './basic-node-engine.js';
import { BnbNodeEngine } from './bnb-node-engine.js';
import type { WorkerConfig } from './messages.js';
import type { NodeEngine } from './node-engine.js';

/** Builds the node engine a worker runs, on a fresh (not yet loaded) LP solver. */
export function createNodeEngine(config: WorkerConfig, model: Model, lp: LpSolver): NodeEngine {
  switch (config.engine) {
    case 'basic':
      return new BasicNodeEngine(model, lp, config.relGap, config.absGap);
    case 'bnb':
      return new BnbNodeEngine(model, lp, {
        branching: config.branching,
        params: config.params,
        relGap: config.relGap,
        absGap: config.absGap,
      });
  }
}
