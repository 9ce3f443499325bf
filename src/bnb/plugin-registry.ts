import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { BranchingRule, NodeSelector, PrimalHeuristic, Propagator, Separator } from './plugins.js';

/** Plugin kinds and the namespace prefix of their parameters. */
export type PluginKind = 'branching' | 'node-selection' | 'propagator' | 'heuristic' | 'separator';

export interface PluginTypes {
  branching: BranchingRule;
  'node-selection': NodeSelector;
  propagator: Propagator;
  heuristic: PrimalHeuristic;
  separator: Separator;
}

export type ParamValue = number | string | boolean;

/** A plugin parameter: its full name is `<kind>/<plugin>/<name>`, e.g. 'branching/pseudocost/reliability'. */
export type ParamSpec =
  | { name: string; type: 'integer' | 'real'; default: number; min: number; max: number; description: string }
  | { name: string; type: 'boolean'; default: boolean; description: string }
  | { name: string; type: 'string'; default: string; values: readonly string[]; description: string };

/** What a plugin gets when it is created: the model and its resolved parameters. */
export interface PluginEnv {
  readonly model: Model;
  /** value of this plugin's parameter by short name (e.g. 'reliability') */
  param(name: string): ParamValue;
  num(name: string): number;
  bool(name: string): boolean;
  str(name: string): string;
}

/**
 * How a plugin is registered. Propagators, heuristics and separators additionally get a boolean parameter
 * `<kind>/<name>/enabled` (default `enabledByDefault`, true when omitted); the branching rule and the
 * node selector are chosen by name (SolveOptions.branching / nodeSelection).
 * `priority`: propagators, heuristics and separators run in decreasing priority (ties: registration order).
 */
export interface PluginDescriptor<K extends PluginKind = PluginKind> {
  kind: K;
  name: string;
  description: string;
  params?: readonly ParamSpec[];
  enabledByDefault?: boolean;
  priority?: number;
  /**
   * Branching rules and node selectors: the models this plugin is the default for (e.g. models with
   * network structure). `defaultName` picks the last registered plugin whose test accepts the model.
   */
  defaultFor?: (model: Model) => boolean;
  create(env: PluginEnv): PluginTypes[K];
}

/** Framework parameters of the search (not tied to a plugin): 'search/<name>'. */
export const SEARCH_PARAMS: readonly ParamSpec[] = [
  { name: 'plunge-depth', type: 'integer', default: 8, min: 0, max: 100000, description: 'children processed directly after their parent before returning to the queue' },
  { name: 'objective-integrality', type: 'boolean', default: true, description: 'use cutoff incumbent - 1 when all objective columns are integer with integer costs' },
  { name: 'log-interval', type: 'real', default: 1, min: 0.01, max: 3600, description: 'seconds between log / progress lines' },
  { name: 'big-m-tightening', type: 'boolean', default: false, description: 'at every node, re-tighten the LP coefficient of the single binary in one-sided rows (big-M rows) to the node\'s bounds' },
  { name: 'big-m-min-improvement', type: 'real', default: 0.1, min: 0, max: 1, description: 'a big-M row is re-tightened when its coefficient gains more than this fraction of the model\'s (loosening back is always done)' },
];

/** Parameters of the parallel search (threads > 1): 'parallel/<name>'. 0 means "adaptive" where a description says so. */
export const PARALLEL_PARAMS: readonly ParamSpec[] = [
  { name: 'subtree-nodes', type: 'integer', default: 0, min: 0, max: 1000000, description: 'nodes a worker processes per task (0: adaptive, about task-seconds per task; deterministic mode 64)' },
  { name: 'task-seconds', type: 'real', default: 0.05, min: 0.001, max: 3600, description: 'target duration of a task when subtree-nodes is 0' },
  { name: 'nodes-per-task', type: 'integer', default: 0, min: 0, max: 100000, description: 'open nodes handed out per task (0: 8, more when subtrees turn out small)' },
  { name: 'queued-tasks', type: 'integer', default: 1, min: 0, max: 1000, description: 'tasks queued in the pool beyond one per worker (back-pressure)' },
  { name: 'affinity', type: 'real', default: 0.25, min: 0, max: 1, description: 'a reply\'s open nodes within this fraction of the gap of the best bound seed the next task on the same worker (0: off)' },
  { name: 'ramp-up-per-thread', type: 'integer', default: 2, min: 1, max: 1000, description: 'open nodes per thread the root expansion aims for' },
  { name: 'round-tasks-per-thread', type: 'integer', default: 2, min: 1, max: 1000, description: 'deterministic mode: tasks per thread in one round' },
];

/** Every separator's 'separator/<name>/frequency' (see Separator.frequency). */
export const SEPARATOR_FREQUENCY_PARAM: ParamSpec = { name: 'frequency', type: 'integer', default: 0, min: 0, max: 1000000, description: 'separate at depths that are multiples of this (0: root only)' };

/** Parameters of the cut loop and the cut pool: 'cuts/<name>'. */
export const CUT_PARAMS: readonly ParamSpec[] = [
  { name: 'enabled', type: 'boolean', default: true, description: 'separate cutting planes (false: no separator runs, like --no-cuts)' },
  { name: 'root-rounds', type: 'integer', default: 20, min: 0, max: 10000, description: 'at most this many separation rounds at the root' },
  { name: 'node-rounds', type: 'integer', default: 1, min: 0, max: 1000, description: 'separation rounds at a node whose depth is a multiple of a separator\'s frequency (its node cuts leave the LP with the node; 0: root only)' },
  { name: 'stall-rounds', type: 'integer', default: 3, min: 1, max: 1000, description: 'stop the root loop after this many rounds in a row that raise the bound by less than min-gain' },
  { name: 'min-gain', type: 'real', default: 1e-4, min: 0, max: 1, description: 'a round gains when it raises the LP bound by at least this, relative to max(1, |bound|)' },
  { name: 'max-per-round', type: 'integer', default: 100, min: 1, max: 100000, description: 'cuts added to the LP per round at most' },
  { name: 'min-efficacy', type: 'real', default: 1e-4, min: 0, max: 1e6, description: 'violation per unit coefficient norm a cut needs' },
  { name: 'max-parallelism', type: 'real', default: 0.999, min: 0, max: 1, description: 'a cut almost parallel to one taken in the same round (cosine above this) is dropped' },
  { name: 'max-dynamism', type: 'real', default: 1e6, min: 1, max: 1e15, description: 'largest / smallest coefficient a cut may have' },
  { name: 'max-age', type: 'integer', default: 10, min: 0, max: 1000000, description: 'a cut slack in this many separation rounds in a row leaves the LP' },
];

/** Parameters of conflict learning from infeasible node LPs: 'conflicts/<name>'. */
export const CONFLICT_PARAMS: readonly ParamSpec[] = [
  { name: 'enabled', type: 'boolean', default: true, description: 'learn dual proofs from infeasible node LPs and propagate them at every node' },
  { name: 'max', type: 'integer', default: 2000, min: 1, max: 10000000, description: 'conflicts kept at most' },
  { name: 'max-length', type: 'integer', default: 1000, min: 1, max: 100000000, description: 'proofs with more nonzeros (clauses with more literals) are not kept' },
  { name: 'propagation', type: 'boolean', default: true, description: 'analyse infeasible propagation (resolving row-implied bounds down to the decisions) and learn nogood clauses over binary columns' },
];

/** Parameters of presolve: 'presolve/<name>'. */
export const PRESOLVE_PARAMS: readonly ParamSpec[] = [
  { name: 'enabled', type: 'boolean', default: true, description: 'presolve the model before the search (models with network structure: column bounds only)' },
];

/** The framework's parameter namespaces and their specs. */
const FRAMEWORK_PARAMS: ReadonlyArray<[string, readonly ParamSpec[]]> = [
  ['search', SEARCH_PARAMS],
  ['parallel', PARALLEL_PARAMS],
  ['cuts', CUT_PARAMS],
  ['conflicts', CONFLICT_PARAMS],
  ['presolve', PRESOLVE_PARAMS],
];

/**
 * Where a registered plugin comes from: the engine's core (every thread has it), a module — a
 * plugin package such as the NN plugins or a user's plugin file — that every worker thread imports
 * by its URL, or a registerPlugin call in this thread only (unknown to worker threads).
 */
export type PluginOrigin = { kind: 'core' } | { kind: 'module'; url: string } | { kind: 'thread' };

/** Resolved parameter values by full name. */
export type ResolvedParams = ReadonlyMap<string, ParamValue>;

const OP = 'resolve solver parameters';

/** A registry of plugins by kind and name, with namespaced, typed, ranged parameters. */
export class PluginRegistry {
  private readonly plugins = new Map<string, PluginDescriptor>();
  private readonly origins = new Map<string, PluginOrigin>();
  private readonly order: string[] = [];
  /** the module being loaded (plugin-loader.ts): registrations made meanwhile belong to it */
  private loading: { url: string; names: string[] } | undefined;

  /**
   * Registers a plugin. Re-registering the same kind/name replaces it, except while a plugin module
   * is loaded: a module may not register a name that is already taken (OptionError naming both).
   * `origin` defaults to the module being loaded, else to this thread only.
   */
  register<K extends PluginKind>(desc: PluginDescriptor<K>, origin?: PluginOrigin): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(desc.name)) {
      throw new OptionError('register plugin', `plugin name "${desc.name}" must be lower-case letters, digits and dashes`);
    }
    const key = `${desc.kind}/${desc.name}`;
    const seen = new Set<string>();
    for (const p of desc.params ?? []) {
      if (seen.has(p.name) || p.name === 'enabled') {
        throw new OptionError('register plugin', `${key}: duplicate or reserved parameter name "${p.name}"`);
      }
      seen.add(p.name);
    }
    const from: PluginOrigin = origin ?? (this.loading ? { kind: 'module', url: this.loading.url } : { kind: 'thread' });
    if (this.loading && this.plugins.has(key)) {
      throw new OptionError('register plugin', `${key} is already registered (${describeOrigin(this.origins.get(key)!)})`);
    }
    if (!this.plugins.has(key)) this.order.push(key);
    this.plugins.set(key, desc as unknown as PluginDescriptor);
    this.origins.set(key, from);
    if (this.loading && from.kind === 'module' && from.url === this.loading.url) this.loading.names.push(key);
  }

  /** Where kind/name was registered from (undefined when it is not registered). */
  originOf(kind: PluginKind, name: string): PluginOrigin | undefined {
    return this.origins.get(`${kind}/${name}`);
  }

  /** Whether plugins registered from module `url` are present (the module was loaded here). */
  hasModule(url: string): boolean {
    for (const o of this.origins.values()) if (o.kind === 'module' && o.url === url) return true;
    return false;
  }

  /** The URLs of the modules plugins were registered from, in registration order (what worker threads import). */
  modules(): string[] {
    const out: string[] = [];
    for (const key of this.order) {
      const o = this.origins.get(key)!;
      if (o.kind === 'module' && !out.includes(o.url)) out.push(o.url);
    }
    return out;
  }

  /**
   * Runs `load` (which imports module `url`) recording the plugins registered meanwhile as the
   * module's; returns their kind/name keys. When `load` throws, the module's registrations are
   * removed again.
   */
  async recordModule(url: string, load: () => Promise<void>): Promise<string[]> {
    if (this.loading) throw new OptionError('load plugin module', `${url}: another module (${this.loading.url}) is being loaded`);
    const names: string[] = [];
    this.loading = { url, names };
    try {
      await load();
      return names;
    } catch (e) {
      for (const key of names) this.remove(key);
      throw e;
    } finally {
      this.loading = undefined;
    }
  }

  private remove(key: string): void {
    this.plugins.delete(key);
    this.origins.delete(key);
    const i = this.order.indexOf(key);
    if (i >= 0) this.order.splice(i, 1);
  }

  has(kind: PluginKind, name: string): boolean {
    return this.plugins.has(`${kind}/${name}`);
  }

  /** Descriptors of one kind in registration order. */
  list<K extends PluginKind>(kind: K): PluginDescriptor<K>[] {
    const out: PluginDescriptor<K>[] = [];
    for (const key of this.order) {
      const d = this.plugins.get(key)!;
      if (d.kind === kind) out.push(d as unknown as PluginDescriptor<K>);
    }
    return out;
  }

  /** The default plugin of a kind for `model`: the last registered one whose `defaultFor` accepts it, else `fallback`. */
  defaultName(kind: 'branching' | 'node-selection', model: Model, fallback: string): string {
    let name = fallback;
    for (const d of this.list(kind)) if (d.defaultFor?.(model)) name = d.name;
    return name;
  }

  /** The descriptor of kind/name; OptionError naming the known ones when absent. */
  get<K extends PluginKind>(kind: K, name: string): PluginDescriptor<K> {
    const d = this.plugins.get(`${kind}/${name}`);
    if (!d) {
      const known = this.list(kind).map((p) => p.name).join(', ');
      throw new OptionError('select plugin', `unknown ${kind} plugin "${name}" (known: ${known || 'none'})`);
    }
    return d as unknown as PluginDescriptor<K>;
  }

  /** Every parameter by full name (plugins' own, their 'enabled' switches, and 'search/…'). */
  paramSpecs(): Map<string, ParamSpec> {
    const out = new Map<string, ParamSpec>();
    for (const [ns, specs] of FRAMEWORK_PARAMS) for (const p of specs) out.set(`${ns}/${p.name}`, p);
    for (const key of this.order) {
      const d = this.plugins.get(key)!;
      if (d.kind === 'propagator' || d.kind === 'heuristic' || d.kind === 'separator') {
        out.set(`${key}/enabled`, {
          name: 'enabled',
          type: 'boolean',
          default: d.enabledByDefault ?? true,
          description: `run ${key}`,
        });
      }
      for (const p of d.params ?? []) out.set(`${key}/${p.name}`, p);
    }
    return out;
  }

  /**
   * Validates user parameters against the specs and returns every parameter's value (defaults
   * filled in). Unknown names, wrong types, non-integers for integer parameters, NaN and
   * out-of-range values, and strings outside the allowed list throw OptionError.
   */
  resolveParams(params: Record<string, ParamValue> | undefined): ResolvedParams {
    const specs = this.paramSpecs();
    const out = new Map<string, ParamValue>();
    for (const [name, spec] of specs) out.set(name, spec.default);
    if (!params) return out;
    for (const [name, value] of Object.entries(params)) {
      const spec = specs.get(name);
      if (!spec) {
        const prefix = name.split('/').slice(0, 2).join('/');
        const near = [...specs.keys()].filter((k) => k.startsWith(prefix + '/'));
        throw new OptionError(
          OP,
          `unknown parameter "${name}"` + (near.length ? ` (parameters of ${prefix}: ${near.join(', ')})` : ''),
        );
      }
      switch (spec.type) {
        case 'integer':
        case 'real': {
          if (typeof value !== 'number' || Number.isNaN(value)) {
            throw new OptionError(OP, `parameter "${name}" must be a ${spec.type === 'integer' ? 'integer' : 'number'}, got ${JSON.stringify(value)}`);
          }
          if (spec.type === 'integer' && !Number.isInteger(value)) {
            throw new OptionError(OP, `parameter "${name}" must be an integer, got ${value}`);
          }
          if (value < spec.min || value > spec.max) {
            throw new OptionError(OP, `parameter "${name}" = ${value} is out of range [${spec.min}, ${spec.max}]`);
          }
          break;
        }
        case 'boolean':
          if (typeof value !== 'boolean') {
            throw new OptionError(OP, `parameter "${name}" must be a boolean, got ${JSON.stringify(value)}`);
          }
          break;
        case 'string':
          if (typeof value !== 'string' || !spec.values.includes(value)) {
            throw new OptionError(OP, `parameter "${name}" must be one of ${spec.values.join(', ')}, got ${JSON.stringify(value)}`);
          }
          break;
      }
      out.set(name, value);
    }
    return out;
  }

  /** Creates a plugin instance with its parameters taken from `resolved` (from resolveParams). */
  create<K extends PluginKind>(kind: K, name: string, model: Model, resolved: ResolvedParams): PluginTypes[K] {
    const d = this.get(kind, name);
    return d.create(makeEnv(`${kind}/${name}`, model, resolved));
  }

  /** Instances of every enabled propagator / heuristic / separator, in decreasing priority. */
  createEnabled<K extends 'propagator' | 'heuristic' | 'separator'>(kind: K, model: Model, resolved: ResolvedParams): PluginTypes[K][] {
    const ds = this.list(kind)
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => resolved.get(`${kind}/${d.name}/enabled`) !== false)
      .sort((a, b) => (b.d.priority ?? 0) - (a.d.priority ?? 0) || a.i - b.i);
    return ds.map(({ d }) => d.create(makeEnv(`${kind}/${d.name}`, model, resolved)));
  }
}

function makeEnv(prefix: string, model: Model, resolved: ResolvedParams): PluginEnv {
  const param = (name: string): ParamValue => {
    const v = resolved.get(`${prefix}/${name}`);
    if (v === undefined) throw new OptionError(OP, `plugin ${prefix} reads undeclared parameter "${name}"`);
    return v;
  };
  return {
    model,
    param,
    num: (n) => param(n) as number,
    bool: (n) => param(n) as boolean,
    str: (n) => param(n) as string,
  };
}

/** The registry used by solveModel unless another is passed in its deps. Built-ins register on import of builtin-plugins.ts. */
export const globalRegistry = new PluginRegistry();

/**
 * Registers a plugin in the global registry. Called from a plugin module loaded with
 * SolveOptions.plugins / `--plugin`, the plugin belongs to that module and reaches every worker
 * thread; called anywhere else it exists in this thread only (serial solves).
 */
export function registerPlugin<K extends PluginKind>(desc: PluginDescriptor<K>): void {
  globalRegistry.register(desc);
}

/** Words for an origin, for messages. */
export function describeOrigin(o: PluginOrigin): string {
  switch (o.kind) {
    case 'core':
      return 'built in';
    case 'module':
      return `by ${o.url}`;
    case 'thread':
      return 'by registerPlugin in this thread';
  }
}
