/**
 * Seeded pseudo-random numbers for instance generators and tests: mulberry32 (32-bit state,
 * period 2^32, good enough for generating test instances, not for cryptography). The same seed
 * always yields the same sequence on every platform.
 */
export type Rng = () => number;

/** Returns a generator of uniform numbers in [0, 1) seeded by `seed` (any number; truncated to 32 bits). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
