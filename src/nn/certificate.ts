import { formatGap } from '../bnb/search-status.js';
import type { SolveStatus } from '../bnb/solve-types.js';

/** What a training run proves about its network. */
export interface Certificate {
  status: SolveStatus;
  /** training objective of the returned network (loss + penalties), recomputed by a forward pass; null without a network */
  objective: number | null;
  /** the MILP solver's incumbent objective (equals `objective` up to 1e-6 relative, or is larger when the incumbent had slack) */
  milpObjective: number | null;
  /** proven lower bound on the training objective of any network in the model's class */
  bound: number;
  /** relative gap |objective − bound| / max(1e-10, |objective|) (Infinity without a network) */
  gap: number;
  nodes: number;
  seconds: number;
  /** share of the solve time spent in LP solves (0..1), null when the backend does not report it */
  lpShare: number | null;
  /** true when the forward pass re-verified the objective and the completed point was feasible */
  verified: boolean;
  /** largest violation of the completed point (forward-pass solution) in the model */
  maxViolation: number;
}

function num(v: number | null): string {
  if (v === null) return '-';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toPrecision(8);
}

/** Multi-line text of a certificate, for the CLI. */
export function formatCertificate(c: Certificate, extra?: { loss?: number; penalty?: number }): string {
  const lines = [
    `status      ${c.status}`,
    `objective   ${num(c.objective)}${extra && extra.loss !== undefined ? `  (loss ${num(extra.loss)}, penalty ${num(extra.penalty ?? 0)})` : ''}`,
    `bound       ${num(c.bound)}`,
    `gap         ${formatGap(c.gap, 4)}`,
    `nodes       ${c.nodes}`,
    `time        ${c.seconds.toFixed(2)} s${c.lpShare !== null ? ` (LP ${(100 * c.lpShare).toFixed(0)}%)` : ''}`,
    `verified    ${c.verified ? `yes: a forward pass over the training data reproduces the objective; completed point violates the model by ${c.maxViolation.toExponential(1)}` : 'no network to verify'}`,
  ];
  if (c.milpObjective !== null && c.objective !== null && Math.abs(c.milpObjective - c.objective) > 1e-6 * Math.max(1, Math.abs(c.objective))) {
    lines.push(`note        the solver's incumbent (${num(c.milpObjective)}) had slack; the forward pass gives ${num(c.objective)}`);
  }
  return lines.join('\n');
}
