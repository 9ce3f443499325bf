import { OptionError } from '../errors.js';
import type { Model } from '../model/model.js';
import type { BranchingRule, NodeSelector, PrimalHeuristic, Propagator } from './plugins.js';

/** Plugin kinds and the namespace prefix of their parameters. */
export type PluginKind = 'branching' | 'node-selection' | 'propagator' | 'heuristic';

export interface PluginTypes {
  branching: BranchingRule;
  'node-selection': NodeSelector;
  propagator: Propagator;
  heuristic: PrimalHeuristic;
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
 * How a plugin is registered. Propagators and heuristics additionally get a boolean parameter
 * `<kind>/<name>/enabled` (default `enabledByDefault`, true when omitted); the branching rule and the
 * node selector are chosen by name (SolveOptions.branching / nodeSelection).
 * `priority`: propagators and heuristics run in decreasing priority (ties: registration order).
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

/** Framework parameters (not tied to a plugin). */
export const SEARCH_PARAMS: readonly ParamSpec[] = [
  { name: 'plunge-depth', type: 'integer', default: 8, min: 0, max: 100000, description: 'children processed directly after their parent before returning to the queue' },
  { name: 'objective-integrality', type: 'boolean', default: true, description: 'use cutoff incumbent - 1 when all objective columns are integer with integer costs' },
  { name: 'log-interval', type: 'real', default: 1, min: 0.01, max: 3600, description: 'seconds between log / progress lines' },
  { name: 'big-m-tightening', type: 'boolean', default: false, description: 'at every node, re-tighten the LP coefficient of the single binary in one-sided rows (big-M rows) to the node\'s bounds' },
  { name: 'big-m-min-improvement', type: 'real', default: 0.1, min: 0, max: 1, description: 'a big-M row is re-tightened when its coefficient gains more than this fraction of the model\'s (loosening back is always done)' },
];

/** Resolved parameter values by full name. */
export type ResolvedParams = ReadonlyMap<string, ParamValue>;

const OP = 'resolve solver parameters';

/** A registry of plugins by kind and name, with namespaced, typed, ranged parameters. */
export class PluginRegistry {
  private readonly plugins = new Map<string, PluginDescriptor>();
  private readonly order: string[] = [];

  /** Registers a plugin; re-registering the same kind/name replaces it. */
  register<K extends PluginKind>(desc: PluginDescriptor<K>): void {
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
    if (!this.plugins.has(key)) this.order.push(key);
    this.plugins.set(key, desc as unknown as PluginDescriptor);
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
    for (const p of SEARCH_PARAMS) out.set(`search/${p.name}`, p);
    for (const key of this.order) {
      const d = this.plugins.get(key)!;
      if (d.kind === 'propagator' || d.kind === 'heuristic') {
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

  /** Instances of every enabled propagator / heuristic, in decreasing priority. */
  createEnabled<K extends 'propagator' | 'heuristic'>(kind: K, model: Model, resolved: ResolvedParams): PluginTypes[K][] {
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

/** Registers a plugin in the global registry (NN plugins call this at module load). */
export function registerPlugin<K extends PluginKind>(desc: PluginDescriptor<K>): void {
  globalRegistry.register(desc);
}
