import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MipnetError } from '../errors.js';
import type { Model } from '../model/model.js';
import { readLp } from './lp-reader.js';
import { readMps } from './mps-reader.js';
import { writeLp } from './lp-writer.js';
import { writeMps } from './mps-writer.js';

type FileKind = { format: 'mps' | 'lp'; gzip: boolean };

const EXTENSIONS = '.mps, .lp, .mps.gz or .lp.gz';

function fileKind(path: string, operation: string): FileKind {
  const p = path.toLowerCase();
  if (p.endsWith('.mps')) return { format: 'mps', gzip: false };
  if (p.endsWith('.lp')) return { format: 'lp', gzip: false };
  if (p.endsWith('.mps.gz')) return { format: 'mps', gzip: true };
  if (p.endsWith('.lp.gz')) return { format: 'lp', gzip: true };
  throw new MipnetError(operation, `cannot tell the format of "${path}" from its extension (expected ${EXTENSIONS})`);
}

/**
 * Reads a model file, choosing the reader by extension: .mps (free or fixed, auto-detected), .lp
 * (CPLEX LP), and the same gzip-compressed (.mps.gz, .lp.gz). Parse errors name the path.
 * Throws MipnetError for a missing/unreadable file or an unknown extension.
 */
export async function readModelFile(path: string): Promise<Model> {
  const op = 'read model file';
  const kind = fileKind(path, op);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MipnetError(op, `file not found: ${path}`);
    throw new MipnetError(op, `cannot read ${path}: ${(e as Error).message}`);
  }
  if (kind.gzip) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new MipnetError(op, `${path} is not a valid gzip file: ${(e as Error).message}`);
    }
  }
  const text = bytes.toString('utf8');
  return kind.format === 'mps' ? readMps(text, { source: path }) : readLp(text, { source: path });
}

/**
 * Writes a model file, choosing the writer by extension (.mps = free MPS, .lp = CPLEX LP with
 * ranged rows split for HiGHS, .mps.gz / .lp.gz = the same gzip-compressed).
 * Throws MipnetError for an unknown extension or a write failure.
 */
export async function writeModelFile(model: Model, path: string): Promise<void> {
  const op = 'write model file';
  const kind = fileKind(path, op);
  const text = kind.format === 'mps' ? writeMps(model) : writeLp(model);
  const data = kind.gzip ? gzipSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  try {
    await writeFile(path, data);
  } catch (e) {
    throw new MipnetError(op, `cannot write ${path}: ${(e as Error).message}`);
  }
}
