import type { LpSolverFactory } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import type { PluginRegistry, ResolvedParams } from './plugin-registry.js';
import type {
  BranchingRule,
  NodeSelector,
  PluginLifecycle,
  PrimalHeuristic,
  Propagator,
  Separator,
  SharedResource,
  SolveContext,
} from './plugins.js';

/** A plugin's report (PluginLifecycle.report) with its namespaced name, e.g. 'separator/nn-subset-bounds'. */
export interface PluginReport {
  plugin: string;
  report: Record<string, unknown>;
}

/** The plugins one search runs, by name (the branching rule and the node selector; propagators and heuristics: every enabled one). */
export interface PluginChoice {
  branching: string;
  nodeSelection: string;
}

/**
 * A SolveContext with its own shared resources, for code that runs plugins outside a PluginSet
 * (tests, tools); `close()` disposes the resources.
 */
export function standaloneSolveContext(model: Model, lpFactory: LpSolverFactory, role: SolveContext['role'] = 'serial'): { context: SolveContext; close(): void } {
  const resources = new Map<string, SharedResource>();
  return {
    context: makeContext(model, lpFactory, role, resources),
    close: () => closeAll([], resources, []),
  };
}

function makeContext(model: Model, lpFactory: LpSolverFactory, role: SolveContext['role'], resources: Map<string, SharedResource>): SolveContext {
  return {
    model,
    lpFactory,
    role,
    shared<T extends SharedResource>(key: string, create: () => T): T {
      let r = resources.get(key);
      if (!r) {
        r = create();
        resources.set(key, r);
      }
      return r as T;
    },
  };
}

/**
 * The plugins of one solve in one thread, with their lifecycle run by the framework: created from
 * the registry, `initSolve` called on each (propagators and heuristics that answer false are
 * dropped: never called, not in the statistics; the branching rule and the node selector always
 * run), `close()` calls `exitSolve` on the accepted ones, disposes the shared resources, then
 * `dispose` on every created plugin. Serial solves, worker threads and sub-MIPs all build one.
 */
export class PluginSet {
  readonly branching: BranchingRule;
  readonly selector: NodeSelector;
  /** the active propagators, in decreasing priority */
  readonly propagators: readonly Propagator[];
  /** the active heuristics, in decreasing priority */
  readonly heuristics: readonly PrimalHeuristic[];
  /** the active separators, in decreasing priority */
  readonly separators: readonly Separator[];
  readonly context: SolveContext;
  private readonly created: PluginLifecycle[];
  private readonly active: PluginLifecycle[];
  private readonly resources: Map<string, SharedResource>;
  private closed = false;

  private constructor(
    branching: BranchingRule,
    selector: NodeSelector,
    propagators: Propagator[],
    heuristics: PrimalHeuristic[],
    separators: Separator[],
    context: SolveContext,
    created: PluginLifecycle[],
    active: PluginLifecycle[],
    resources: Map<string, SharedResource>,
  ) {
    this.branching = branching;
    this.selector = selector;
    this.propagators = propagators;
    this.heuristics = heuristics;
    this.separators = separators;
    this.context = context;
    this.created = created;
    this.active = active;
    this.resources = resources;
  }

  /**
   * Creates and initialises the plugins. On an exception (a plugin's create or initSolve threw)
   * everything created so far is closed again before it propagates.
   */
  static open(
    registry: PluginRegistry,
    model: Model,
    params: ResolvedParams,
    choice: PluginChoice,
    env: { lpFactory: LpSolverFactory; role: SolveContext['role'] },
  ): PluginSet {
    const resources = new Map<string, SharedResource>();
    const context = makeContext(model, env.lpFactory, env.role, resources);
    const created: PluginLifecycle[] = [];
    const active: PluginLifecycle[] = [];
    const init = <T extends PluginLifecycle>(p: T, always: boolean): boolean => {
      const ok = p.initSolve?.(context) !== false;
      if (ok || always) active.push(p);
      return ok || always;
    };
    try {
      const branching = registry.create('branching', choice.branching, model, params);
      created.push(branching);
      const selector = registry.create('node-selection', choice.nodeSelection, model, params);
      created.push(selector);
      const propagators = registry.createEnabled('propagator', model, params);
      created.push(...propagators);
      const heuristics = registry.createEnabled('heuristic', model, params);
      created.push(...heuristics);
      const separators = registry.createEnabled('separator', model, params);
      created.push(...separators);
      init(branching, true);
      init(selector, true);
      const activeProps = propagators.filter((p) => init(p, false));
      const activeHeurs = heuristics.filter((h) => init(h, false));
      const activeSeps = separators.filter((s) => init(s, false));
      return new PluginSet(branching, selector, activeProps, activeHeurs, activeSeps, context, created, active, resources);
    } catch (e) {
      closeAll(active, resources, created);
      throw e;
    }
  }

  /** The reports (PluginLifecycle.report) of the active plugins that have one, by namespaced name. */
  reports(): PluginReport[] {
    const out: PluginReport[] = [];
    const add = (kind: string, list: readonly (PluginLifecycle & { name: string })[]): void => {
      for (const p of list) {
        const r = p.report?.();
        if (r !== undefined) out.push({ plugin: `${kind}/${p.name}`, report: r });
      }
    };
    add('branching', [this.branching]);
    add('propagator', this.propagators);
    add('heuristic', this.heuristics);
    add('separator', this.separators);
    return out;
  }

  /** exitSolve on the active plugins, the shared resources disposed, dispose on every plugin (once; later calls do nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeAll(this.active, this.resources, this.created);
  }
}

/** Runs every step even when one throws; rethrows the first error at the end. */
function closeAll(active: PluginLifecycle[], resources: Map<string, SharedResource>, created: PluginLifecycle[]): void {
  let first: unknown;
  const attempt = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      first ??= e;
    }
  };
  for (const p of active) attempt(() => p.exitSolve?.());
  for (const r of resources.values()) attempt(() => r.dispose());
  resources.clear();
  for (const p of created) attempt(() => p.dispose?.());
  if (first !== undefined) throw first;
}
