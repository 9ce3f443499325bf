import { MipnetError } from '../errors.js';

/**
 * State shared by the main thread and every worker of one parallel solve, in one small
 * SharedArrayBuffer, read by the workers between nodes:
 *
 * - the incumbent objective (minimisation sense) as a Float64 whose bits live in a BigInt64 slot,
 *   lowered only, by a compare-and-swap loop (Atomics.compareExchange);
 * - a stop flag (Int32; non-zero = stop as soon as possible, the value says why);
 * - a global processed-node counter (Int32, Atomics.add) and node budget for node limits;
 * - an incumbent version counter, bumped on every improvement.
 */
export const StopReason = {
  NONE: 0,
  /** the main thread decided the run is over (optimal, limits) */
  DONE: 1,
  TIME_LIMIT: 2,
  NODE_LIMIT: 3,
  INTERRUPTED: 4,
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

const BYTES = 32;
// BigInt64 index 0 = bytes 0..7: incumbent bits
// Int32 index 2 = bytes 8..11: stop flag
// Int32 index 3 = bytes 12..15: incumbent version
// Int32 index 4 = bytes 16..19: nodes processed (global)
// Int32 index 5 = bytes 20..23: node budget (global; 0x7fffffff = none)
const I_STOP = 2;
const I_VERSION = 3;
const I_NODES = 4;
const I_BUDGET = 5;
const NO_BUDGET = 0x7fffffff;

// Per-thread scratch to convert between a double and its bit pattern.
const scratch = new ArrayBuffer(8);
const scratchF64 = new Float64Array(scratch);
const scratchI64 = new BigInt64Array(scratch);

function bitsOf(x: number): bigint {
  scratchF64[0] = x;
  return scratchI64[0]!;
}

function valueOf(bits: bigint): number {
  scratchI64[0] = bits;
  return scratchF64[0]!;
}

export class SharedState {
  readonly buffer: SharedArrayBuffer;
  private readonly i64: BigInt64Array;
  private readonly i32: Int32Array;

  /** Wraps an existing buffer (worker side) or allocates a fresh one (main thread). */
  constructor(buffer?: SharedArrayBuffer) {
    if (buffer && buffer.byteLength < BYTES) {
      throw new MipnetError('attach shared state', `buffer has ${buffer.byteLength} bytes, expected at least ${BYTES}`);
    }
    const fresh = buffer === undefined;
    this.buffer = buffer ?? new SharedArrayBuffer(BYTES);
    this.i64 = new BigInt64Array(this.buffer, 0, 1);
    this.i32 = new Int32Array(this.buffer);
    if (fresh) {
      Atomics.store(this.i64, 0, bitsOf(Infinity));
      Atomics.store(this.i32, I_BUDGET, NO_BUDGET);
    }
  }

  /** Current incumbent objective (minimisation sense); +Infinity when none. */
  incumbent(): number {
    return valueOf(Atomics.load(this.i64, 0));
  }

  /**
   * Lowers the incumbent to `value` if it is better (smaller). Returns true when this call
   * improved it. Lock-free: compare-and-swap on the bit pattern until it sticks or loses.
   */
  offerIncumbent(value: number): boolean {
    if (Number.isNaN(value)) return false;
    const mine = bitsOf(value);
    let seen = Atomics.load(this.i64, 0);
    for (;;) {
      if (!(value < valueOf(seen))) return false;
      const prev = Atomics.compareExchange(this.i64, 0, seen, mine);
      if (prev === seen) {
        Atomics.add(this.i32, I_VERSION, 1);
        return true;
      }
      seen = prev;
    }
  }

  /** Number of successful incumbent improvements so far (any thread). */
  incumbentVersion(): number {
    return Atomics.load(this.i32, I_VERSION);
  }

  /** Raises the stop flag (first reason wins). */
  requestStop(reason: StopReason): void {
    Atomics.compareExchange(this.i32, I_STOP, StopReason.NONE, reason);
  }

  stopReason(): StopReason {
    return Atomics.load(this.i32, I_STOP) as StopReason;
  }

  shouldStop(): boolean {
    return Atomics.load(this.i32, I_STOP) !== StopReason.NONE;
  }

  /** Sets the global node budget (Infinity = none). */
  setNodeBudget(nodes: number): void {
    Atomics.store(this.i32, I_BUDGET, Number.isFinite(nodes) ? Math.min(NO_BUDGET, Math.max(0, Math.floor(nodes))) : NO_BUDGET);
  }

  /**
   * Claims one node of the global budget. Returns false (and claims nothing) when the budget is
   * exhausted, so the caller must not process the node.
   */
  claimNode(): boolean {
    const budget = Atomics.load(this.i32, I_BUDGET);
    if (budget === NO_BUDGET) {
      Atomics.add(this.i32, I_NODES, 1);
      return true;
    }
    let seen = Atomics.load(this.i32, I_NODES);
    for (;;) {
      if (seen >= budget) return false;
      const prev = Atomics.compareExchange(this.i32, I_NODES, seen, seen + 1);
      if (prev === seen) return true;
      seen = prev;
    }
  }

  /** Returns a claimed node to the budget (its subtree was lost with a failed worker). */
  releaseNodes(count: number): void {
    if (count > 0) Atomics.sub(this.i32, I_NODES, count);
  }

  nodesClaimed(): number {
    return Atomics.load(this.i32, I_NODES);
  }
}
