import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Model } from '../../src/model/model.js';
import { cbcHasIntegerSolution, cbcSolutionVector, parseCbcLog, parseCbcSolution } from './cbc-log.js';
import { evaluateSolution } from './evaluate.js';
import { closeRoot, relativeGap, type SolverRun } from './solver-run.js';
import { closeTrace, finiteOrNull } from './trace.js';

const NATIVE = fileURLToPath(new URL('../../native-bench/', import.meta.url));
export const RUN_CBC_SCRIPT = `${NATIVE}run-cbc.sh`;
export const INSTALL_CBC_SCRIPT = `${NATIVE}install-cbc.sh`;

export interface CbcAvailability {
  available: boolean;
  /** e.g. "2.10.8" */
  version: string | null;
  /** why it is not available */
  message?: string;
}

/** Makes sure CBC is installed (installing coinor-cbc with apt-get when missing) and reads its version. */
export function ensureCbc(): CbcAvailability {
  const inst = spawnSync('bash', [INSTALL_CBC_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (inst.status !== 0) {
    const why = (inst.stderr || inst.error?.message || `install-cbc.sh exited with ${inst.status}`).trim().split('\n').pop();
    return { available: false, version: null, message: `CBC not available: ${why}` };
  }
  const v = spawnSync('cbc', ['-quit'], { encoding: 'utf8', timeout: 20_000 });
  const m = /Version:\s*(\S+)/.exec(`${v.stdout ?? ''}${v.stderr ?? ''}`);
  return { available: true, version: m ? m[1]! : null };
}

/**
 * A benchmark's CBC column: when `wanted`, makes sure CBC is there (ensureCbc); when it cannot be,
 * says so on stderr and in `notes` and returns why in `skip` (the column's runs are then skipped).
 */
export function prepareCbcColumn(wanted: boolean, notes: string[]): { version: string | null; skip: string | null } {
  if (!wanted) return { version: null, skip: null };
  const c = ensureCbc();
  if (c.available) return { version: c.version, skip: null };
  const skip = c.message ?? 'CBC not available';
  console.error(`${skip} -- the CBC column is skipped`);
  notes.push(skip);
  return { version: c.version, skip };
}

function runScript(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [RUN_CBC_SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ code: -1, stderr: e.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * Runs CBC on an MPS file via native-bench/run-cbc.sh and reads back its log and solution. The
 * primal objective is recomputed from the solution file on `model` (the model read from the same
 * file); a mismatch with CBC's own figure is noted. CBC 2.10 ignores an MPS file's OBJSENSE
 * section, so run-cbc.sh passes `-max` for a file that says MAX.
 */
export async function runCbc(mpsPath: string, model: Model, timeLimit: number, outDir: string, gap = 1e-6): Promise<SolverRun> {
  const t0 = performance.now();
  const { code, stderr } = await runScript([mpsPath, String(timeLimit), outDir, String(gap)]);
  const wall = (performance.now() - t0) / 1000;
  const base = mpsPath.replace(/^.*[\\/]/, '').replace(/\.gz$/, '').replace(/\.mps$/, '');
  const logText = await readFile(`${outDir}/${base}.cbc.log`, 'utf8').catch(() => '');
  const solText = await readFile(`${outDir}/${base}.cbc.sol`, 'utf8').catch(() => '');
  if (code !== 0 && logText === '') {
    return {
      solver: 'cbc', status: 'error', objective: null, bound: null, gap: null, seconds: wall,
      timeToOptimal: null, timeToBest: null, nodes: null, trace: [], note: `run-cbc.sh failed (${code}): ${stderr.trim()}`,
    };
  }
  const log = parseCbcLog(logText, model.sense);
  const notes: string[] = [];
  if (code !== 0) notes.push(`cbc exit status ${code}`);

  let objective = log.objective;
  let check;
  if (solText !== '') {
    const sol = parseCbcSolution(solText);
    if (cbcHasIntegerSolution(sol) && log.objective !== null) {
      check = evaluateSolution(model, cbcSolutionVector(sol, model.colNames));
      if (objective !== null && Math.abs(check.objective - objective) > 1e-6 * Math.max(1, Math.abs(objective))) {
        notes.push(`CBC objective ${objective} but its solution evaluates to ${check.objective}`);
      }
      if (!check.feasible) notes.push(`CBC solution violates the model by ${check.maxViolation.toExponential(2)} (integrality ${check.maxIntegrality.toExponential(2)})`);
      objective = check.objective;
    }
  }
  const bound = finiteOrNull(log.bound);
  const seconds = log.seconds ?? wall;
  const trace = log.trace.map((p) => ({ t: p.t, incumbent: p.incumbent, bound: finiteOrNull(p.bound) }));
  const run: SolverRun = {
    solver: 'cbc',
    status: log.status,
    objective,
    bound,
    gap: relativeGap(objective, bound),
    seconds,
    timeToOptimal: log.status === 'optimal' ? seconds : null,
    timeToBest: null,
    nodes: log.nodes,
    lpIterations: log.iterations ?? undefined,
    trace: closeTrace(trace, seconds, objective, bound),
    root: closeRoot(
      {
        lp: log.rootCuts?.from ?? null,
        bound: log.rootCuts?.to ?? null,
        seconds: null,
        complete: log.rootCuts !== null,
        source: 'CBC log: Cbc0013I "At root node, … cuts changed objective from <root LP> to <root bound>"',
      },
      { status: log.status, nodes: log.nodes, bound, seconds },
    ),
  };
  if (check) run.check = check;
  if (notes.length > 0) run.note = notes.join('; ');
  return run;
}
