import { getHighs, type Highs } from '../lp/highs-loader.js';

/**
 * Synchronous access to the HiGHS runtime for plugins (their `create` and `run` are synchronous).
 * Loading starts when this module is imported; solveModel awaits the same runtime before it creates
 * plugins, so it is available by then. `nnEngineReady()` can be awaited to be sure.
 */
let runtime: Highs | undefined;
const ready: Promise<void> = getHighs().then(
  (h) => {
    runtime = h;
  },
  () => undefined,
);

/** The loaded HiGHS runtime, or undefined while it is still loading. */
export function highsRuntime(): Highs | undefined {
  return runtime;
}

/** Resolves once the HiGHS runtime used by the NN heuristics is loaded. */
export function nnEngineReady(): Promise<void> {
  return ready;
}
