import loadHighsModule from 'highs';
import type { Highs } from 'highs';

export type { Highs };

// highs ships ESM at runtime (build/highs.mjs, default export = loader) but its types.d.ts sits in
// a CommonJS package, so under NodeNext TypeScript sees the default import as the module object.
const loadHighs = loadHighsModule as unknown as (options?: object) => Promise<Highs>;

let instance: Promise<Highs> | undefined;

/** Loads the HiGHS wasm runtime once per thread. */
export function getHighs(): Promise<Highs> {
  if (!instance) instance = loadHighs();
  return instance;
}
