import type { LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import { NnLpFit } from './nn-lp-fit.js';

interface Entry {
  fit: NnLpFit;
  refs: number;
}

const shared = new WeakMap<Model, Entry>();
/** Safety net: a model that is collected without its heuristics being disposed releases its LP. */
const finalizer = new FinalizationRegistry<{ lp: LpSolver | undefined }>((box) => {
  box.lp?.dispose();
  box.lp = undefined;
});

/**
 * One LP-fit solver per model shared by the NN heuristics of a search (they run one after the
 * other), reference counted: each heuristic acquires it in its constructor and releases it in
 * `dispose`; the last release disposes the HiGHS model.
 */
export function acquireLpFit(model: Model, timeLimit: number): NnLpFit {
  let e = shared.get(model);
  if (!e) {
    e = { fit: new NnLpFit(model, timeLimit), refs: 0 };
    shared.set(model, e);
    finalizer.register(model, e.fit.box, e);
  }
  e.refs++;
  return e.fit;
}

export function releaseLpFit(model: Model, fit: NnLpFit): void {
  const e = shared.get(model);
  if (!e || e.fit !== fit) {
    fit.dispose();
    return;
  }
  e.refs--;
  if (e.refs <= 0) {
    e.fit.dispose();
    finalizer.unregister(e);
    shared.delete(model);
  }
}
