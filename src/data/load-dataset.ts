import { existsSync } from 'node:fs';
import { MipnetError } from '../errors.js';
import { BUNDLED_DATASETS, bundledDatasetPath } from './bundled.js';
import { loadCsv, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';

/**
 * Loads a data set by bundled name ('iris', 'wine', 'breast-cancer' / 'breast_cancer', 'digits')
 * or by path to a CSV file (optionally gzip-compressed).
 */
export function loadDataset(nameOrPath: string, options: CsvOptions = {}): Dataset {
  const bundled = bundledDatasetPath(nameOrPath);
  if (bundled) {
    const key = nameOrPath.toLowerCase().replace('_', '-');
    const ds = loadCsv(bundled, { ...options, name: options.name ?? key });
    if (key === 'digits') ds.classNames = Array.from({ length: 10 }, (_, k) => String(k));
    return ds;
  }
  if (!existsSync(nameOrPath)) {
    throw new MipnetError('load dataset', `"${nameOrPath}" is neither a bundled data set (${Object.keys(BUNDLED_DATASETS).join(', ')}) nor an existing file`);
  }
  return loadCsv(nameOrPath, options);
}
