/**
 * The layer-type registry: every layer type of the network JSON is one descriptor, registered by
 * its `type` name, that owns
 * - `validate`: the JSON shape check used when a network is loaded (network-io.ts);
 * - `forward`: the forward pass, the ground truth every encoding is checked against (network.ts);
 * - `create`: the trainable layer of a layer spec (training-model.ts), a `TrainableLayer` that
 *   owns the type's bound propagation (`propagate`), MILP encoding (`encode`, through the
 *   ModelBuilder of its EncodeContext), decoding and completion (see layer.ts);
 * - `parameters`: the weight rows and live flags that the forward-pass evaluation counts.
 *
 * network.ts, network-io.ts, completion.ts and training-model.ts look types up here; none of them
 * names a layer type. The built-in types (dense — including binarized weights —, conv) are
 * registered when this module loads; another module adds a type with `registerLayerType`.
 */
import { OptionError } from '../errors.js';
import { denseLayerType } from './dense-layer.js';
import type { TrainableLayer } from './layer.js';
import { convLayerType } from './layers/conv-layer.js';

/** What every layer of the network JSON has. */
export interface LayerJson {
  type: string;
  inputs: number;
  outputs: number;
}

/** What every layer spec (the options `create` reads) has: the type name. */
export interface LayerSpec {
  type: string;
}

/** Where a layer sits when its JSON is checked. */
export interface LayerValidateContext {
  /** number of values the layer receives (the previous layer's outputs, or the network inputs) */
  inputs: number;
  /** 0-based position in `layers` */
  index: number;
  /** true for the last layer */
  isLast: boolean;
}

/** Forward pass of one layer: pre-activations and outputs, `[sample · width + unit]`. */
export interface LayerForward {
  pre: Float64Array;
  post: Float64Array;
}

/** The parameters the forward-pass evaluation counts: one weight row per unit, live flags. */
export interface LayerParameters {
  weights: readonly (readonly number[])[];
  live: readonly boolean[] | undefined;
}

/** One layer type. `J`: its JSON shape; `S`: the spec its trainable layer is created from. */
export interface LayerType<J extends LayerJson = LayerJson, S extends LayerSpec = LayerSpec> {
  /** the JSON `type` */
  readonly type: string;
  /**
   * Checks a JSON layer (any object with this `type`); returns the first problem as a message
   * that follows the layer's position (".weights must …"), or undefined when well formed. A
   * well-formed layer has a positive integer `outputs`.
   */
  validate(json: Readonly<Record<string, unknown>>, ctx: LayerValidateContext): string | undefined;
  /** Forward pass over `samples` rows of inputs `[sample · inputs + j]`. */
  forward(layer: J, inputs: Float64Array, samples: number, stepThreshold: number): LayerForward;
  /** The trainable layer of a spec (throws ModelError on options it cannot encode). */
  create(spec: S): TrainableLayer;
  /** Weight rows and live flags of a JSON layer. */
  parameters(layer: J): LayerParameters;
}

// Descriptors are stored type-erased: each is only ever called with its own JSON and specs.
type AnyLayerType = LayerType<any, any>;

const registry = new Map<string, AnyLayerType>();
const builtin = new Set<string>();

/** Registers a layer type under its `type` name (OptionError if the name is taken). */
export function registerLayerType<J extends LayerJson, S extends LayerSpec>(descriptor: LayerType<J, S>): void {
  const name = descriptor.type;
  if (typeof name !== 'string' || name.length === 0) throw new OptionError('register layer type', `a layer type needs a non-empty type name, got ${JSON.stringify(name)}`);
  if (registry.has(name)) throw new OptionError('register layer type', `layer type "${name}" is already registered`);
  registry.set(name, descriptor);
}

/** Removes a layer type added by `registerLayerType` (the built-in ones stay); true if it was there. */
export function unregisterLayerType(type: string): boolean {
  if (builtin.has(type)) throw new OptionError('unregister layer type', `layer type "${type}" is built in`);
  return registry.delete(type);
}

/** Names of the registered layer types, built-in first, in registration order. */
export function layerTypeNames(): string[] {
  return [...registry.keys()];
}

/** The descriptor of a type name, or undefined (no error: for callers that word their own). */
export function findLayerType(type: unknown): LayerType | undefined {
  return typeof type === 'string' ? registry.get(type) : undefined;
}

/** "layer type "x" is not registered (known: dense, conv)" */
export function unknownLayerTypeMessage(type: unknown): string {
  return `layer type ${JSON.stringify(type)} is not registered (known: ${layerTypeNames().join(', ')})`;
}

/** The descriptor of a type name; OptionError naming the type and the known ones when there is none. */
export function getLayerType(type: unknown, operation: string): LayerType {
  const d = findLayerType(type);
  if (!d) throw new OptionError(operation, unknownLayerTypeMessage(type));
  return d;
}

/** The trainable layer of a spec, by its type. */
export function createLayer<S extends LayerSpec>(spec: S): TrainableLayer {
  return getLayerType(spec.type, 'build model').create(spec);
}

for (const d of [denseLayerType, convLayerType] as AnyLayerType[]) {
  registerLayerType(d);
  builtin.add(d.type);
}
