/** A labelled classification data set held in typed arrays. */
export interface Dataset {
  name: string;
  /** number of samples */
  n: number;
  /** number of features */
  d: number;
  /** features, row-major `[sample * d + j]` */
  X: Float64Array;
  /** class index of each sample, 0..classes.length-1 */
  y: Int32Array;
  classNames: string[];
  featureNames: string[];
}

/** The rows `indices` of a data set, as a new data set. */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, name = ds.name): Dataset {
  const m = indices.length;
  const X = new Float64Array(m * ds.d);
  const y = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = indices[r]!;
    X.set(ds.X.subarray(i * ds.d, (i + 1) * ds.d), r * ds.d);
    y[r] = ds.y[i]!;
  }
  return { name, n: m, d: ds.d, X, y, classNames: ds.classNames, featureNames: ds.featureNames };
}

/** Builds a data set from plain arrays (rows of features and class indices). */
export function datasetFromArrays(rows: number[][], labels: number[], classNames?: string[], name = 'inline'): Dataset {
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  const X = new Float64Array(n * d);
  rows.forEach((r, i) => X.set(r, i * d));
  const y = Int32Array.from(labels);
  const K = classNames?.length ?? (labels.length ? Math.max(...labels) + 1 : 0);
  return {
    name,
    n,
    d,
    X,
    y,
    classNames: classNames ?? Array.from({ length: K }, (_, k) => String(k)),
    featureNames: Array.from({ length: d }, (_, j) => `x${j}`),
  };
}
