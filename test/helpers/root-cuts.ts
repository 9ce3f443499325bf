import { IncumbentStore } from '../../src/bnb/incumbent-store.js';
import { NodeProcessor, processorOptions } from '../../src/bnb/node-processor.js';
import { rootNode } from '../../src/bnb/open-node.js';
import { globalRegistry } from '../../src/bnb/plugin-registry.js';
import { PluginSet } from '../../src/bnb/plugin-set.js';
import { highsLpFactory } from '../../src/lp/highs-lp.js';
import type { Model } from '../../src/model/model.js';
import '../../src/plugins.js';

/** A node processor over the default plugins with the given parameters; close() releases it. */
export async function openProcessor(model: Model, params: Record<string, number | string | boolean> = {}) {
  const lpFactory = await highsLpFactory();
  const resolved = globalRegistry.resolveParams(params);
  const plugins = PluginSet.open(globalRegistry, model, resolved, { branching: 'most-fractional', nodeSelection: 'best-bound' }, { lpFactory, role: 'serial' });
  const proc = new NodeProcessor(model, lpFactory(), plugins, new IncumbentStore(model), processorOptions(resolved));
  return {
    proc,
    close: (): void => {
      proc.dispose();
      plugins.close();
    },
  };
}

/** Runs the root node with the default plugins (cuts on) and returns the cuts in the LP and the root result. */
export async function rootCuts(model: Model, params: Record<string, number | string | boolean> = {}) {
  const { proc, close } = await openProcessor(model, params);
  try {
    const r = proc.processNode(rootNode());
    return { result: r, cuts: [...(proc.cuts?.inLp ?? [])], stats: proc.pluginStats() };
  } finally {
    close();
  }
}
