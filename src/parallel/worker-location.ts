import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MipnetError } from '../errors.js';

/**
 * Where the worker entry lives. piscina runs JavaScript, so:
 * - running from dist/ (the package): dist/parallel/worker.js next to this file;
 * - running from src/*.ts (vitest, tsx): the compiled dist/parallel/worker.js of the same checkout
 *   (`npm test` runs tsc first; otherwise run `npx tsc -p .`).
 */
export function workerFileUrl(): URL {
  const here = import.meta.url;
  const url = here.endsWith('.ts')
    ? new URL('../../dist/parallel/worker.js', here)
    : new URL('./worker.js', here);
  if (!existsSync(fileURLToPath(url))) {
    throw new MipnetError(
      'start worker threads',
      `worker script ${fileURLToPath(url)} not found; build the package first (npx tsc -p .)`,
    );
  }
  return url;
}

/**
 * The URL a worker thread imports for a plugin module the main thread loaded from `url`. Worker
 * threads run the compiled JavaScript: a module of this package's own sources (src/…/x.ts, when
 * the main thread runs from sources under vitest or tsx) maps to its compiled dist/…/x.js; any
 * other URL (a user's plugin file, a package) is imported as it is.
 */
export function workerModuleUrl(url: string): string {
  const root = new URL('../../', import.meta.url).href;
  const src = root + 'src/';
  if (!url.startsWith(src) || !url.endsWith('.ts')) return url;
  return root + 'dist/' + url.slice(src.length, -3) + '.js';
}
