import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PluginLoadError } from '../errors.js';
import { globalRegistry, type PluginDescriptor, type PluginRegistry } from './plugin-registry.js';

const KINDS = new Set(['branching', 'node-selection', 'propagator', 'heuristic', 'separator']);

function isDescriptor(v: unknown): v is PluginDescriptor {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.kind === 'string' && KINDS.has(d.kind) && typeof d.name === 'string' && typeof d.create === 'function';
}

/** The descriptors a module exports: `default` and/or `plugins`, each a descriptor or an array of them. */
function exportedDescriptors(spec: string, mod: Record<string, unknown>): PluginDescriptor[] {
  const out: PluginDescriptor[] = [];
  for (const name of ['default', 'plugins']) {
    const v = mod[name];
    if (v === undefined) continue;
    const list = Array.isArray(v) ? (v as unknown[]) : [v];
    for (const d of list) {
      if (!isDescriptor(d)) {
        throw new PluginLoadError(spec, `its "${name}" export is not a plugin descriptor (an object with kind, name and create) or an array of them`);
      }
      out.push(d);
    }
  }
  return out;
}

/**
 * The URL a module specifier names: a path (absolute, or starting with '.', or ending in .js /
 * .mjs / .cjs / .ts) is resolved against `base` (default: the working directory) and must exist;
 * a `file:` URL is taken as is; anything else is a package name, resolved from mipnet's location.
 */
export function pluginModuleUrl(spec: string, base = process.cwd()): string {
  if (typeof spec !== 'string' || spec.trim() === '') throw new PluginLoadError(String(spec), 'the module name is empty');
  if (spec.startsWith('file:')) {
    if (!existsSync(fileURLToPath(spec))) throw new PluginLoadError(spec, 'no such file');
    return spec;
  }
  if (isAbsolute(spec) || spec.startsWith('.') || /\.(m|c)?[jt]s$/.test(spec)) {
    const path = resolve(base, spec);
    if (!existsSync(path)) throw new PluginLoadError(spec, `no such file (${path})`);
    return pathToFileURL(path).href;
  }
  try {
    return import.meta.resolve(spec);
  } catch (e) {
    throw new PluginLoadError(spec, `the package cannot be found (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Loads plugin modules into `registry` (default: the global one) — in the main thread for
 * SolveOptions.plugins / `--plugin`, and in every worker thread for the modules the main thread
 * loaded. A module registers plugins by exporting descriptors (`export default descriptor` or an
 * array; or `export const plugins = [...]`) or by calling registerPlugin while it is imported. A
 * module already loaded into this registry is not loaded again. Every failure is a
 * PluginLoadError naming the module: missing, throwing on import, exporting something that is not
 * a descriptor, registering nothing, or registering a name that is already taken.
 */
export async function loadPluginModules(specs: readonly string[], registry: PluginRegistry = globalRegistry, base?: string): Promise<void> {
  for (const spec of specs) {
    const url = pluginModuleUrl(spec, base);
    if (registry.hasModule(url)) continue;
    let names: string[];
    try {
      names = await registry.recordModule(url, async () => {
        let mod: Record<string, unknown>;
        try {
          mod = (await import(url)) as Record<string, unknown>;
        } catch (e) {
          throw new PluginLoadError(spec, `importing it failed: ${e instanceof Error ? e.message : String(e)}`);
        }
        for (const d of exportedDescriptors(spec, mod)) registry.register(d, { kind: 'module', url });
      });
    } catch (e) {
      if (e instanceof PluginLoadError) throw e;
      throw new PluginLoadError(spec, e instanceof Error ? e.message : String(e));
    }
    if (names.length === 0) {
      throw new PluginLoadError(
        spec,
        'it registers no plugin (export default a plugin descriptor or an array of them, or call registerPlugin while it loads); ' +
          'a module imported before in this thread without being loaded as a plugin module cannot register again',
      );
    }
  }
}
