/** Seeded randomness for tests: the same mulberry32 the generators use (src/gen/rng.ts). */
export { mulberry32, randInt, randUniform, shuffle, sampleIndices, type Rng } from '../../src/gen/rng.js';
