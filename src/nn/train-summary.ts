import { formatCertificate } from './certificate.js';
import type { ConfusionMatrix } from './metrics.js';
import type { SplitMetrics, TrainResult } from './train.js';

function confusionText(c: ConfusionMatrix, classes: string[]): string {
  const w = Math.max(6, ...classes.map((s) => s.length)) + 1;
  const head = ' '.repeat(w) + classes.map((s) => s.padStart(w)).join('') + 'no class'.padStart(w + 3);
  const rows = c.matrix.map((r, k) => classes[k]!.padEnd(w) + r.map((v) => String(v).padStart(w)).join('') + String(c.noClass[k]).padStart(w + 3));
  return [head, ...rows].join('\n');
}

function split(name: string, m: SplitMetrics | null, classes: string[]): string[] {
  if (!m) return [];
  return [`${name} accuracy ${(100 * m.accuracy).toFixed(2)}% on ${m.samples} samples (rows: true class, columns: predicted)`, confusionText(m.confusion, classes)];
}

/** Multi-line summary of a training run for the CLI: model size, certificate, counts, accuracies. */
export function formatTrainSummary(r: TrainResult): string {
  const m = r.model;
  const lines = [
    `model       ${m.columns} columns (${m.integers} integer), ${m.rows} rows, ${m.nonzeros} nonzeros; built in ${m.buildSeconds.toFixed(2)} s` +
      (r.tightening ? `, LP tightening ${r.tightening.lps} LPs in ${r.tightening.seconds.toFixed(2)} s fixed ${r.tightening.fixedAfter - r.tightening.fixedBefore} more activations` : ''),
    formatCertificate(r.certificate, r.loss !== null ? { loss: r.loss, penalty: r.penalty ?? 0 } : undefined),
  ];
  if (r.counts) lines.push(`network     ${r.counts.weights} nonzero weights, ${r.counts.neurons} live hidden neurons, ${r.counts.activations} hidden activations on the training data`);
  const classes = r.network?.classes ?? [];
  lines.push(...split('train', r.train, classes), ...split('test', r.test, classes));
  return lines.join('\n');
}
