import type { Dataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { applyScaling, fitScaling } from '../data/scaling.js';
import { stratifiedSplit, stratifiedSubsample } from '../data/split.js';
import { OptionError } from '../errors.js';
import type { ScalingJson } from './network.js';
import type { TrainOptions } from './train-options.js';

/** The data a training run sees: raw splits, the scaling fitted on the training split, scaled inputs. */
export interface TrainingData {
  train: Dataset;
  test: Dataset | undefined;
  scaling: ScalingJson;
  /** scaled training inputs `[sample * d + j]` (what the MILP sees) */
  X: Float64Array;
}

/** Loads, splits (stratified, seeded), sub-samples and scales the data of a training run. */
export function prepareTrainingData(options: TrainOptions): TrainingData {
  const ds = typeof options.dataset === 'string' ? loadDataset(options.dataset) : options.dataset;
  if (ds.n === 0) throw new OptionError('train', `data set "${ds.name}" has no samples`);
  const seed = options.seed ?? 1;
  let train = ds;
  let test: Dataset | undefined = options.testDataset;
  const fraction = options.trainFraction ?? 1;
  if (!test && fraction < 1) {
    const s = stratifiedSplit(ds, fraction, seed);
    train = s.train;
    test = s.test;
  } else if (!(fraction > 0 && fraction <= 1)) {
    throw new OptionError('train', `trainFraction must be in (0, 1], got ${fraction}`);
  }
  if (options.trainSamples !== undefined) train = stratifiedSubsample(train, options.trainSamples, seed + 7919);
  if (test && test.d !== train.d) throw new OptionError('train', `test set has ${test.d} features, training set ${train.d}`);
  const scaling = fitScaling(train, options.scaling ?? 'minmax', options.integerInputs ?? 0);
  return { train, test, scaling, X: applyScaling(scaling, train.X, train.d) };
}
