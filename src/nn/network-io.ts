import { readFileSync, writeFileSync } from 'node:fs';
import { MipnetError, ParseError } from '../errors.js';
import { isFiniteNumbers, isPositiveInteger } from './layer-helpers.js';
import { findLayerType, layerTypeNames } from './layer-registry.js';
import type { NetworkJson } from './network.js';

const OP = 'load network';

function fail(msg: string, source?: string): never {
  throw new ParseError(OP, msg, undefined, source);
}

/** Checks that `obj` is a well-formed NetworkJson; throws ParseError naming the first problem. */
export function validateNetwork(obj: unknown, source?: string): NetworkJson {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) fail('expected a JSON object', source);
  const o = obj as Record<string, unknown>;
  if (o.format !== 'mipnet-network') fail(`"format" must be "mipnet-network", got ${JSON.stringify(o.format)}`, source);
  if (o.version !== 1) fail(`unsupported "version" ${JSON.stringify(o.version)} (expected 1)`, source);
  const d = o.inputs;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) fail(`"inputs" must be a positive integer, got ${JSON.stringify(d)}`, source);
  if (!Array.isArray(o.classes) || o.classes.length < 2 || !o.classes.every((c) => typeof c === 'string')) {
    fail('"classes" must be an array of at least 2 class names', source);
  }
  const K = (o.classes as string[]).length;
  if (o.featureNames !== undefined && !(Array.isArray(o.featureNames) && o.featureNames.length === d)) fail(`"featureNames" must have ${d} entries`, source);
  const sc = o.scaling as Record<string, unknown> | undefined;
  if (typeof sc !== 'object' || sc === null) fail('"scaling" is missing', source);
  if (sc.kind !== 'minmax' && sc.kind !== 'standard' && sc.kind !== 'none') fail(`"scaling.kind" must be minmax, standard or none`, source);
  if (!isFiniteNumbers(sc.offset, d)) fail(`"scaling.offset" must be ${d} finite numbers`, source);
  if (!isFiniteNumbers(sc.scale, d) || (sc.scale as number[]).some((s) => s === 0)) fail(`"scaling.scale" must be ${d} finite nonzero numbers`, source);
  if (typeof o.epsilon !== 'number' || !(o.epsilon > 0)) fail('"epsilon" must be a number > 0', source);
  if (typeof o.stepThreshold !== 'number' || !Number.isFinite(o.stepThreshold)) fail('"stepThreshold" must be a finite number', source);
  if (o.output !== 'step' && o.output !== 'score') fail(`"output" must be "step" or "score", got ${JSON.stringify(o.output)}`, source);
  if (!Array.isArray(o.layers) || o.layers.length === 0) fail('"layers" must be a non-empty array', source);
  let nin = d;
  const count = (o.layers as unknown[]).length;
  (o.layers as unknown[]).forEach((lv, l) => {
    const at = `layers[${l}]`;
    const layer = lv as Record<string, unknown>;
    if (typeof layer !== 'object' || layer === null) fail(`${at} must be an object`, source);
    const type = findLayerType(layer.type);
    if (!type) fail(`${at}.type ${JSON.stringify(layer.type)} is not a known layer type (${layerTypeNames().join(', ')})`, source);
    const problem = type.validate(layer, { inputs: nin, index: l, isLast: l === count - 1 });
    if (problem) fail(`${at}${problem}`, source);
    if (!isPositiveInteger(layer.outputs)) fail(`${at}.outputs must be a positive integer`, source);
    nin = layer.outputs;
  });
  if (nin !== K) fail(`the last layer has ${nin} outputs but there are ${K} classes`, source);
  const last = (o.layers as Record<string, unknown>[])[(o.layers as unknown[]).length - 1]!;
  if (o.output === 'step' && last.activation !== 'step') fail('"output" is "step" but the last layer is not a step layer', source);
  return obj as NetworkJson;
}

/**
 * 1-based line of a JSON syntax error when the engine's message has no position (Node 20): the
 * first line whose prefix fails for another reason than "unexpected end". Small files only.
 */
function jsonErrorLine(text: string): number | undefined {
  if (text.length > 1 << 20) return undefined;
  const lines = text.split('\n');
  let prefix = '';
  for (let k = 0; k < lines.length; k++) {
    prefix += (k > 0 ? '\n' : '') + lines[k];
    try {
      JSON.parse(prefix);
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const atEnd = /end of JSON input|Unterminated string/i.test(msg) || (pos !== null && Number(pos[1]) >= prefix.length);
      if (!atEnd) return k + 1;
    }
  }
  return undefined;
}

/** Parses and validates network JSON text. */
export function parseNetwork(text: string, source?: string): NetworkJson {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.replace(/\s+/g, ' ');
    const m = /position (\d+)/.exec(msg);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : jsonErrorLine(text);
    throw new ParseError(OP, `invalid JSON: ${msg}`, line, source);
  }
  return validateNetwork(obj, source);
}

/** Reads a network JSON file (validated). */
export function loadNetwork(path: string): NetworkJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MipnetError(OP, `cannot read ${path}: ${(e as Error).message}`);
  }
  return parseNetwork(text, path);
}

/** Writes a network as JSON (validated first). */
export function saveNetwork(network: NetworkJson, path: string): void {
  validateNetwork(network, 'network to save');
  try {
    writeFileSync(path, JSON.stringify(network, null, 2) + '\n');
  } catch (e) {
    throw new MipnetError('save network', `cannot write ${path}: ${(e as Error).message}`);
  }
}
