/**
 * A rendezvous of `parties` threads on one Int32 in a SharedArrayBuffer. Used to broadcast a task
 * to every worker of a piscina pool: each worker that takes one of `parties` barrier tasks blocks
 * here until all have arrived, so no worker can take two of them (piscina runs one task per worker).
 */
export function createBarrier(): SharedArrayBuffer {
  return new SharedArrayBuffer(8);
}

/**
 * Arrives at the barrier and waits until `parties` threads have arrived or `timeoutMs` passed.
 * Returns true when everybody arrived. Must not be called on the main thread (it blocks).
 */
export function arriveAndWait(barrier: SharedArrayBuffer, parties: number, timeoutMs = 10_000): boolean {
  const a = new Int32Array(barrier);
  const arrived = Atomics.add(a, 0, 1) + 1;
  if (arrived >= parties) {
    Atomics.notify(a, 0);
    return true;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = Atomics.load(a, 0);
    if (seen >= parties) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(a, 0, seen, left);
  }
}
