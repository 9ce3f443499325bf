import { Rng as Generator } from '../data/rng.js';

/**
 * Seeded pseudo-random numbers for instance generators and tests, as plain functions over the one
 * generator of src/data/rng.ts (mulberry32). The same seed always yields the same sequence on
 * every platform.
 */
export type Rng = () => number;

/** Returns a generator of uniform numbers in [0, 1) whose state starts at `seed` (truncated to 32 bits). */
export function mulberry32(seed: number): Rng {
  const g = Generator.fromState(seed >>> 0);
  return () => g.next();
}

/** Uniform integer in [lo, hi] (both inclusive). */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Uniform real in [lo, hi). */
export function randUniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** Fisher-Yates shuffle in place; returns the array. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const k = Math.floor(rng() * (i + 1));
    const t = items[i]!;
    items[i] = items[k]!;
    items[k] = t;
  }
  return items;
}

/** `count` distinct indices drawn uniformly from 0 .. n-1, in increasing order. */
export function sampleIndices(rng: Rng, n: number, count: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  shuffle(rng, all);
  return all.slice(0, Math.min(count, n)).sort((a, b) => a - b);
}
