import type { IncumbentStore } from '../bnb/incumbent-store.js';
import { NodeProcessor, processorOptions, type NodeProcessorOptions } from '../bnb/node-processor.js';
import { globalRegistry } from '../bnb/plugin-registry.js';
import { PluginSet } from '../bnb/plugin-set.js';
import type { SolveContext } from '../bnb/plugins.js';
import type { LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';

/** What a sub-search is opened with: its plugins, its incumbent store and processor options. */
export interface SubSearchParts<S extends IncumbentStore> {
  plugins: PluginSet;
  store: S;
  options?: NodeProcessorOptions;
}

/**
 * The sub-MIP machinery an NN improvement heuristic holds for one solve (nn-neighbourhood,
 * nn-neuron-ladder): a NodeProcessor over the whole model with its own plugins and store, created on
 * first use from `open` within the solve given to `begin` (never again once that failed), reset per
 * call by the heuristic, released by `close` (exitSolve).
 */
export class NnSubSearch<S extends IncumbentStore> {
  processor: NodeProcessor | undefined;
  plugins: PluginSet | undefined;
  store: S | undefined;
  private failed = false;
  private ctx: SolveContext | undefined;

  constructor(private readonly open: (ctx: SolveContext) => SubSearchParts<S>) {}

  /** The solve it belongs to (the heuristic's initSolve). */
  begin(ctx: SolveContext): void {
    this.ctx = ctx;
  }

  /** The processor (created on first use; undefined when that failed or outside a solve). */
  get(): NodeProcessor | undefined {
    const ctx = this.ctx;
    if (this.processor || this.failed || !ctx) return this.processor;
    let plugins: PluginSet | undefined;
    try {
      const parts = this.open(ctx);
      plugins = parts.plugins;
      this.processor = new NodeProcessor(ctx.model, ctx.lpFactory(), plugins, parts.store, parts.options);
      this.plugins = plugins;
      this.store = parts.store;
    } catch {
      plugins?.close();
      this.failed = true;
    }
    return this.processor;
  }

  /** Releases the processor and its plugins (the heuristic's exitSolve). */
  close(): void {
    this.ctx = undefined;
    try {
      this.processor?.dispose();
    } finally {
      this.processor = undefined;
      this.plugins?.close();
      this.plugins = undefined;
      this.store = undefined;
    }
  }
}

/**
 * The incumbent value a sub-search prunes against: the starting point's, or the framework's when its
 * cutoff is tighter (a better point known elsewhere, e.g. another worker), recovered from the cutoff
 * (cutoff = incumbent − tolerance with the same tolerances as the sub-search's processor).
 */
export function subSearchIncumbent(proc: NodeProcessor, cutoff: number, startObjective: number): number {
  if (!(cutoff < proc.cutoffFor(startObjective))) return startObjective;
  return proc.objectiveIntegral ? Math.round(cutoff + 1 - 1e-6) : cutoff + Math.max(1e-9, 1e-6 * Math.abs(cutoff));
}

/**
 * The plugins of an engine sub-MIP over `model` (the ladder's rungs, the subset bounds' batches): the
 * registered plugins with their defaults (propagation, cuts, the construction heuristics), without
 * the plugins that run sub-MIPs or long improvement searches of their own (no recursion, no time
 * spent outside the sub-MIP's purpose), with the given node selection; and the processor options.
 */
export function openEngineSubMip(model: Model, lpFactory: LpSolverFactory, nodeSelection: 'depth-first' | 'best-bound'): Required<Pick<SubSearchParts<IncumbentStore>, 'plugins' | 'options'>> {
  const params = globalRegistry.resolveParams({
    'separator/nn-subset-bounds/enabled': false,
    'heuristic/nn-neuron-ladder/enabled': false,
    'heuristic/nn-neighbourhood/enabled': false,
    'heuristic/nn-integer-search/enabled': false,
    'heuristic/nn-local-search/enabled': false,
  });
  const branching = globalRegistry.defaultName('branching', model, 'pseudocost');
  const plugins = PluginSet.open(globalRegistry, model, params, { branching, nodeSelection }, { lpFactory, role: 'sub-mip' });
  return { plugins, options: processorOptions(params) };
}
