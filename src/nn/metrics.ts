import { MipnetError } from '../errors.js';

/** Fraction of samples whose prediction equals the label (-1 = no class counts as wrong). */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) throw new MipnetError('accuracy', `${predicted.length} predictions for ${labels.length} labels`);
  if (labels.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) ok++;
  return ok / labels.length;
}

export interface ConfusionMatrix {
  /** matrix[true][predicted] */
  matrix: number[][];
  /** per true class: samples that got no class (-1) */
  noClass: number[];
}

/** Confusion matrix over K classes; predictions of -1 are counted in `noClass`. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): ConfusionMatrix {
  if (predicted.length !== labels.length) throw new MipnetError('confusion matrix', `${predicted.length} predictions for ${labels.length} labels`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const noClass = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    const p = predicted[i]!;
    if (t < 0 || t >= classes) throw new MipnetError('confusion matrix', `label ${t} of sample ${i} outside 0..${classes - 1}`);
    if (p < 0) noClass[t]!++;
    else if (p >= classes) throw new MipnetError('confusion matrix', `prediction ${p} of sample ${i} outside 0..${classes - 1}`);
    else matrix[t]![p]!++;
  }
  return { matrix, noClass };
}
