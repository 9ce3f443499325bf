import { MipnetError } from '../errors.js';
import { Model, type ObjectiveSense } from '../model/model.js';
import type { NetworkStructure } from '../model/structure.js';

/**
 * One Model serialised ONCE into a SharedArrayBuffer, so every worker thread sees the same bytes
 * without a copy: the numeric arrays are decoded as typed-array views onto the shared buffer.
 *
 * Layout (little endian, every section 8-byte aligned):
 *
 *     0  u32 magic 'MIPN'            4  u32 format version
 *     8  u32 numCols                12  u32 numRows
 *    16  u32 numNonzeros            20  u32 section count (S)
 *    24  f64 objective offset       32  u32 sense (0 = min, 1 = max)   36  u32 reserved
 *    40  S x (u32 byteOffset, u32 byteLength)     section table, in the order of SECTIONS
 *    ... section payloads
 *
 * The last section is UTF-8 JSON with the model name, column/row names and the network structure
 * (typed arrays inside the structure are written as {"$i32": [...]} and revived as Int32Array).
 */
export const MODEL_BUFFER_MAGIC = 0x4e50494d; // 'MIPN' read as a little-endian u32
export const MODEL_BUFFER_VERSION = 1;

const HEADER_BYTES = 40;
const OP = 'decode model buffer';

/** Section order; the kind says how its payload is viewed. */
const SECTIONS = [
  ['colCost', 'f64'],
  ['colLower', 'f64'],
  ['colUpper', 'f64'],
  ['rowLower', 'f64'],
  ['rowUpper', 'f64'],
  ['value', 'f64'],
  ['colStart', 'i32'],
  ['rowIndex', 'i32'],
  ['tagLayer', 'i32'],
  ['tagNeuron', 'i32'],
  ['tagSample', 'i32'],
  ['integrality', 'u8'],
  ['tagKind', 'u8'],
  ['meta', 'json'],
] as const;

type SectionName = (typeof SECTIONS)[number][0];

interface MetaJson {
  name: string;
  colNames: string[];
  rowNames: string[];
  structure: unknown;
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function structureReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Int32Array) return { $i32: Array.from(value) };
  return value;
}

function structureReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$i32' in value) {
    const arr = (value as { $i32: unknown }).$i32;
    if (Array.isArray(arr)) return Int32Array.from(arr as number[]);
  }
  return value;
}

/** Serialises a Model into one SharedArrayBuffer (done once per solve, in the main thread). */
export function encodeModelBuffer(model: Model): SharedArrayBuffer {
  const meta: MetaJson = {
    name: model.name,
    colNames: model.colNames as string[],
    rowNames: model.rowNames as string[],
    structure: model.structure ?? null,
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta, structureReplacer));
  const payloads: Record<SectionName, Uint8Array> = {
    colCost: bytesOf(model.colCost),
    colLower: bytesOf(model.colLower),
    colUpper: bytesOf(model.colUpper),
    rowLower: bytesOf(model.rowLower),
    rowUpper: bytesOf(model.rowUpper),
    value: bytesOf(model.value),
    colStart: bytesOf(model.colStart),
    rowIndex: bytesOf(model.rowIndex),
    tagLayer: bytesOf(model.tagLayer),
    tagNeuron: bytesOf(model.tagNeuron),
    tagSample: bytesOf(model.tagSample),
    integrality: bytesOf(model.integrality),
    tagKind: bytesOf(model.tagKind),
    meta: metaBytes,
  };
  let offset = align8(HEADER_BYTES + SECTIONS.length * 8);
  const offsets: number[] = [];
  for (const [name] of SECTIONS) {
    offsets.push(offset);
    offset = align8(offset + payloads[name].byteLength);
  }
  if (offset > 0xffffffff) {
    throw new MipnetError('encode model buffer', `model needs ${offset} bytes, more than the 4 GiB the format addresses`);
  }
  const sab = new SharedArrayBuffer(offset);
  const dv = new DataView(sab);
  dv.setUint32(0, MODEL_BUFFER_MAGIC, true);
  dv.setUint32(4, MODEL_BUFFER_VERSION, true);
  dv.setUint32(8, model.numCols, true);
  dv.setUint32(12, model.numRows, true);
  dv.setUint32(16, model.numNonzeros, true);
  dv.setUint32(20, SECTIONS.length, true);
  dv.setFloat64(24, model.objectiveOffset, true);
  dv.setUint32(32, model.sense === 'maximize' ? 1 : 0, true);
  const bytes = new Uint8Array(sab);
  SECTIONS.forEach(([name], s) => {
    const p = payloads[name];
    dv.setUint32(HEADER_BYTES + 8 * s, offsets[s]!, true);
    dv.setUint32(HEADER_BYTES + 8 * s + 4, p.byteLength, true);
    bytes.set(p, offsets[s]!);
  });
  return sab;
}

function bytesOf(a: Float64Array | Int32Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Header fields of a model buffer (validated). */
export interface ModelBufferHeader {
  version: number;
  numCols: number;
  numRows: number;
  numNonzeros: number;
  objectiveOffset: number;
  sense: ObjectiveSense;
  byteLength: number;
}

/** Reads and validates the header; throws MipnetError on bad magic, version or lengths. */
export function readModelBufferHeader(buffer: SharedArrayBuffer | ArrayBuffer): ModelBufferHeader {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new MipnetError(OP, `buffer of ${buffer.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  }
  const dv = new DataView(buffer);
  const magic = dv.getUint32(0, true);
  if (magic !== MODEL_BUFFER_MAGIC) {
    throw new MipnetError(OP, `bad magic 0x${magic.toString(16)} (expected 0x${MODEL_BUFFER_MAGIC.toString(16)}): not a mipnet model buffer`);
  }
  const version = dv.getUint32(4, true);
  if (version !== MODEL_BUFFER_VERSION) {
    throw new MipnetError(OP, `format version ${version} is not supported (this build reads version ${MODEL_BUFFER_VERSION})`);
  }
  const count = dv.getUint32(20, true);
  if (count !== SECTIONS.length) {
    throw new MipnetError(OP, `buffer has ${count} sections, version ${MODEL_BUFFER_VERSION} has ${SECTIONS.length}`);
  }
  const senseCode = dv.getUint32(32, true);
  if (senseCode > 1) throw new MipnetError(OP, `bad objective sense code ${senseCode}`);
  return {
    version,
    numCols: dv.getUint32(8, true),
    numRows: dv.getUint32(12, true),
    numNonzeros: dv.getUint32(16, true),
    objectiveOffset: dv.getFloat64(24, true),
    sense: senseCode === 1 ? 'maximize' : 'minimize',
    byteLength: buffer.byteLength,
  };
}

/**
 * Decodes a model buffer into a Model whose numeric arrays are views onto the (shared) buffer: no
 * copy of the matrix or bounds. The Model must be treated as immutable (it always is).
 */
export function decodeModelBuffer(buffer: SharedArrayBuffer | ArrayBuffer): Model {
  const h = readModelBufferHeader(buffer);
  const dv = new DataView(buffer);
  const n = h.numCols;
  const m = h.numRows;
  const nnz = h.numNonzeros;
  const expectedCount: Record<SectionName, number> = {
    colCost: n, colLower: n, colUpper: n, rowLower: m, rowUpper: m, value: nnz,
    colStart: n + 1, rowIndex: nnz, tagLayer: n, tagNeuron: n, tagSample: n,
    integrality: n, tagKind: n, meta: -1,
  };
  const views = {} as Record<SectionName, Float64Array | Int32Array | Uint8Array>;
  let metaBytes: Uint8Array | undefined;
  SECTIONS.forEach(([name, kind], s) => {
    const off = dv.getUint32(HEADER_BYTES + 8 * s, true);
    const len = dv.getUint32(HEADER_BYTES + 8 * s + 4, true);
    if (off + len > buffer.byteLength || (kind !== 'json' && kind !== 'u8' && off % 8 !== 0)) {
      throw new MipnetError(OP, `section ${name} [${off}, +${len}) lies outside the ${buffer.byteLength}-byte buffer or is misaligned`);
    }
    const width = kind === 'f64' ? 8 : kind === 'i32' ? 4 : 1;
    if (kind !== 'json' && len !== expectedCount[name] * width) {
      throw new MipnetError(OP, `section ${name} has ${len} bytes, expected ${expectedCount[name] * width}`);
    }
    if (kind === 'f64') views[name] = new Float64Array(buffer, off, len / 8);
    else if (kind === 'i32') views[name] = new Int32Array(buffer, off, len / 4);
    else if (kind === 'u8') views[name] = new Uint8Array(buffer, off, len);
    // TextDecoder refuses views on a SharedArrayBuffer: copy the (small) metadata bytes out.
    else metaBytes = new Uint8Array(buffer, off, len).slice();
  });
  let meta: MetaJson;
  try {
    meta = JSON.parse(new TextDecoder().decode(metaBytes), structureReviver) as MetaJson;
  } catch (e) {
    throw new MipnetError(OP, `metadata section is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(meta.colNames) || meta.colNames.length !== n || !Array.isArray(meta.rowNames) || meta.rowNames.length !== m) {
    throw new MipnetError(OP, `metadata names do not match the ${n} columns and ${m} rows of the header`);
  }
  return new Model({
    name: String(meta.name),
    sense: h.sense,
    objectiveOffset: h.objectiveOffset,
    colCost: views.colCost as Float64Array,
    colLower: views.colLower as Float64Array,
    colUpper: views.colUpper as Float64Array,
    integrality: views.integrality as Uint8Array,
    rowLower: views.rowLower as Float64Array,
    rowUpper: views.rowUpper as Float64Array,
    colStart: views.colStart as Int32Array,
    rowIndex: views.rowIndex as Int32Array,
    value: views.value as Float64Array,
    colNames: meta.colNames,
    rowNames: meta.rowNames,
    tagKind: views.tagKind as Uint8Array,
    tagLayer: views.tagLayer as Int32Array,
    tagNeuron: views.tagNeuron as Int32Array,
    tagSample: views.tagSample as Int32Array,
    structure: (meta.structure ?? undefined) as NetworkStructure | undefined,
  });
}
