import { Worker } from 'node:worker_threads';
import { describe, it, expect } from 'vitest';
import { SharedState, StopReason } from '../../src/parallel/shared-state.js';
import { seededRandom } from './fixtures.js';

const distUrl = new URL('../../dist/parallel/shared-state.js', import.meta.url).href;

/**
 * A worker thread that offers `values` as incumbents (in order) and claims nodes until the budget
 * says no; posts back how many offers it won and how many nodes it claimed.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then(({ SharedState }) => {
  const s = new SharedState(workerData.buffer);
  const go = new Int32Array(workerData.go);
  Atomics.add(go, 0, 1);
  while (Atomics.load(go, 0) < 2) {} // start together
  let won = 0;
  for (const v of workerData.values) if (s.offerIncumbent(v)) won++;
  let claimed = 0;
  while (s.claimNode()) claimed++;
  parentPort.postMessage({ won, claimed });
});
`;

function run(buffer: SharedArrayBuffer, go: SharedArrayBuffer, values: Float64Array): Promise<{ won: number; claimed: number }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { url: distUrl, buffer, go, values } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('shared state', () => {
  it('keeps the minimum of concurrent incumbent offers from 2 workers (compare-and-swap)', async () => {
    const state = new SharedState();
    expect(state.incumbent()).toBe(Infinity);
    state.setNodeBudget(50_000);
    const rnd = seededRandom(42);
    const n = 200_000;
    // interleaved decreasing sequences: both workers improve the incumbent most of the time
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      a[k] = 1e6 - 2 * k - rnd();
      b[k] = 1e6 - 2 * k - rnd();
    }
    const go = new SharedArrayBuffer(4);
    const [ra, rb] = await Promise.all([run(state.buffer, go, a), run(state.buffer, go, b)]);
    const min = Math.min(a[n - 1]!, b[n - 1]!);
    expect(state.incumbent()).toBe(min);
    // every successful offer bumped the version exactly once, and no offer was lost or double counted
    expect(state.incumbentVersion()).toBe(ra.won + rb.won);
    expect(ra.won + rb.won).toBeGreaterThanOrEqual(n);
    // the node budget is claimed exactly, never over
    expect(ra.claimed + rb.claimed).toBe(50_000);
    expect(state.nodesClaimed()).toBe(50_000);
  });

  it('lowers only, ignores NaN, and the first stop reason wins', () => {
    const s = new SharedState();
    expect(s.offerIncumbent(10)).toBe(true);
    expect(s.offerIncumbent(11)).toBe(false);
    expect(s.offerIncumbent(Number.NaN)).toBe(false);
    expect(s.offerIncumbent(-0.5)).toBe(true);
    expect(s.incumbent()).toBe(-0.5);
    const view = new SharedState(s.buffer);
    expect(view.incumbent()).toBe(-0.5);
    expect(view.shouldStop()).toBe(false);
    s.requestStop(StopReason.TIME_LIMIT);
    s.requestStop(StopReason.INTERRUPTED);
    expect(view.shouldStop()).toBe(true);
    expect(view.stopReason()).toBe(StopReason.TIME_LIMIT);
    view.setNodeBudget(2);
    expect([view.claimNode(), view.claimNode(), view.claimNode()]).toEqual([true, true, false]);
    view.releaseNodes(1);
    expect(view.claimNode()).toBe(true);
  });
});
