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
