import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bundled data set names and their files in the package's data/ folder. */
export const BUNDLED_DATASETS: Readonly<Record<string, string>> = {
  iris: 'iris.csv',
  wine: 'wine_data.csv',
  'breast-cancer': 'breast_cancer.csv',
  breast_cancer: 'breast_cancer.csv',
  digits: 'digits.csv.gz',
};

/** The package's data/ folder (two levels above src/data/*.ts or dist/data/*.js). */
export function dataDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', 'data');
}

/** Path of a bundled data set, or undefined when `name` is not one. */
export function bundledDatasetPath(name: string): string | undefined {
  const file = BUNDLED_DATASETS[name.toLowerCase()];
  if (!file) return undefined;
  const p = join(dataDirectory(), file);
  return existsSync(p) ? p : undefined;
}
