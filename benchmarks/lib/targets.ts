/**
 * The comparison's targets (issue 4), computed from a report: for the engine column (`mipnet+nn`,
 * or `mipnet` when that is the only one) against its peers (`highs`, `cbc`):
 * - incumbent: the engine's objective at the limit is at least as good as every peer's (within
 *   1e-6 relative) on each instance; a peer without incumbent counts as beaten;
 * - time to proven optimum, on the instances every run solved to optimality: shifted geometric
 *   mean (shift 1 s) of the engine's times over that of HiGHS's, target ≤ 1/3;
 * - LP share: the engine's node-LP seconds over its run's seconds, on runs that ended at the limit
 *   (a run closed at the root says nothing about search time), target ≥ 70%; the primal
 *   heuristics' share is reported next to it (it overlaps the LP share where heuristics solve LPs
 *   on the node LP: diving, fix-lp).
 */
import { heuristicSeconds, type SolverRun } from './solver-run.js';

export interface TargetInstance {
  name: string;
  sense: 'minimize' | 'maximize';
  runs: SolverRun[];
}

export interface IncumbentRow {
  instance: string;
  engine: number | null;
  /** peer name → its objective (null: none) */
  peers: Record<string, number | null>;
  ok: boolean;
}

export interface TargetSummary {
  engine: string;
  incumbent: IncumbentRow[];
  /** instances every run solved to optimality, with the engine's and HiGHS's seconds */
  solvedByAll: { instance: string; engine: number; highs: number }[];
  /** shifted geometric means (shift 1 s), null when no instance qualifies */
  sgmEngine: number | null;
  sgmHighs: number | null;
  /** engine / HiGHS, target ≤ 1/3 */
  timeRatio: number | null;
  /** runs of the engine that ended at the limit: LP share and heuristics' share of their time */
  lpShare: { instance: string; lp: number; heuristics: number }[];
}

const PEERS = ['highs', 'cbc'];

/** Shifted geometric mean: exp(mean(log(t + shift))) − shift. */
export function shiftedGeometricMean(values: readonly number[], shift = 1): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += Math.log(v + shift);
  return Math.exp(s / values.length) - shift;
}

export function summarizeTargets(instances: readonly TargetInstance[]): TargetSummary {
  const engine = instances.some((i) => i.runs.some((r) => r.solver === 'mipnet+nn')) ? 'mipnet+nn' : 'mipnet';
  const incumbent: IncumbentRow[] = [];
  const solvedByAll: TargetSummary['solvedByAll'] = [];
  const lpShare: TargetSummary['lpShare'] = [];
  for (const inst of instances) {
    const own = inst.runs.find((r) => r.solver === engine);
    if (!own) continue;
    const ownObj = feasibleObjective(own);
    const peers: Record<string, number | null> = {};
    let ok = true;
    for (const p of PEERS) {
      const run = inst.runs.find((r) => r.solver === p);
      if (!run || run.status === 'skipped') continue;
      const obj = feasibleObjective(run);
      peers[p] = obj;
      if (obj === null) continue;
      if (ownObj === null) {
        ok = false;
        continue;
      }
      const tol = 1e-6 * Math.max(1, Math.abs(obj));
      if (inst.sense === 'minimize' ? ownObj > obj + tol : ownObj < obj - tol) ok = false;
    }
    incumbent.push({ instance: inst.name, engine: ownObj, peers, ok });
    const highs = inst.runs.find((r) => r.solver === 'highs');
    const all = inst.runs.filter((r) => r.status !== 'skipped');
    if (highs && all.every((r) => r.status === 'optimal' && r.timeToOptimal !== null)) {
      solvedByAll.push({ instance: inst.name, engine: own.timeToOptimal!, highs: highs.timeToOptimal! });
    }
    if (own.status !== 'optimal' && own.lpSeconds !== undefined && own.seconds > 0) {
      lpShare.push({ instance: inst.name, lp: own.lpSeconds / own.seconds, heuristics: (heuristicSeconds(own) ?? 0) / own.seconds });
    }
  }
  const sgmEngine = shiftedGeometricMean(solvedByAll.map((s) => s.engine));
  const sgmHighs = shiftedGeometricMean(solvedByAll.map((s) => s.highs));
  const timeRatio = sgmEngine !== null && sgmHighs !== null && sgmHighs > 0 ? sgmEngine / sgmHighs : null;
  return { engine, incumbent, solvedByAll, sgmEngine, sgmHighs, timeRatio, lpShare };
}

function feasibleObjective(r: SolverRun): number | null {
  if (r.objective === null) return null;
  if (r.check !== undefined && !r.check.feasible) return null;
  return r.objective;
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const num = (v: number | null): string => (v === null ? '-' : String(Number(v.toPrecision(6))));

/** The summary as text, one line per target plus the instances that miss it. */
export function formatTargets(s: TargetSummary): string {
  const out: string[] = [];
  const won = s.incumbent.filter((r) => r.ok).length;
  out.push(`incumbent ${s.engine} <= every peer at the limit: ${won} of ${s.incumbent.length} instances`);
  for (const r of s.incumbent.filter((x) => !x.ok)) {
    out.push(`  missed ${r.instance}: ${num(r.engine)} vs ${Object.entries(r.peers).map(([k, v]) => `${k} ${num(v)}`).join(', ')}`);
  }
  if (s.timeRatio === null) out.push('time to proven optimum: no instance solved to optimality by every run');
  else {
    out.push(
      `time to proven optimum on the ${s.solvedByAll.length} instances all solved: shifted geometric mean ${num(s.sgmEngine)} s vs HiGHS ` +
        `${num(s.sgmHighs)} s, ratio ${s.timeRatio.toFixed(3)} (target <= 0.333: ${s.timeRatio <= 1 / 3 ? 'met' : 'missed'})`,
    );
  }
  const lpOk = s.lpShare.filter((r) => r.lp >= 0.7).length;
  out.push(`LP share >= 70% on runs that reached the limit: ${lpOk} of ${s.lpShare.length} (heuristics: their share of the time, which`);
  out.push('  overlaps the LP share where they solve LPs on the node LP, e.g. diving, fix-lp)');
  for (const r of s.lpShare) out.push(`  ${r.instance}: LP ${pct(r.lp)}, heuristics ${pct(r.heuristics)}`);
  return out.join('\n');
}
