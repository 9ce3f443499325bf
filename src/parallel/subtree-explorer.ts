import { NodeQueue, bestBoundOrder } from '../bnb/node-queue.js';
import { unprovenContribution } from '../bnb/node-processor.js';
import type { OpenNode } from '../bnb/open-node.js';
import type { IncumbentMessage, SubtreeEnd, SubtreeStats } from './messages.js';
import type { NodeEngine } from './node-engine.js';
import type { SharedState } from './shared-state.js';

export interface ExploreTask {
  /** the nodes to start from (explored together, best bound first) */
  nodes: OpenNode[];
  maxNodes: number;
  mode: 'dive' | 'breadth';
  targetOpen: number;
  /** dive mode: children processed directly after their parent before returning to the local queue */
  plungeDepth: number;
  /** incumbent objective (min sense) known when the task was made */
  incumbent: number;
  /** do not read the live shared incumbent / node budget (deterministic mode) */
  deterministic: boolean;
  /** test hook: called after each processed node with the count so far */
  afterNode?: (processed: number) => void;
  /** called after each node (non-deterministic mode: live pseudocost exchange; it rate-limits itself) */
  betweenNodes?: () => void;
}

export interface ExploreResult {
  end: SubtreeEnd;
  open: OpenNode[];
  incumbents: IncumbentMessage[];
  stats: SubtreeStats;
  /** bound of the task's root after processing it (min sense) */
  rootBound: number;
  /** smallest bound of nodes closed without proof below the incumbent (Infinity when none) */
  unprovenBound: number;
  /** nodes the engine could not decide */
  failed: number;
}

/** Pruning threshold for an incumbent value: nodes with bound >= this cannot improve enough. */
export function cutoffFor(incumbent: number, absGap: number, relGap: number): number {
  if (!(incumbent < Infinity)) return Infinity;
  return incumbent - Math.max(absGap, relGap * Math.abs(incumbent));
}

/**
 * Explores one subtree in a worker, processing at most `maxNodes` nodes: 'dive' is the serial
 * engine's search restricted to the subtree (best bound first from a local queue, plunging into the
 * preferred child up to `plungeDepth` levels); 'breadth' is a best-first expansion until
 * `targetOpen` nodes are open (ramp-up). Between nodes it reads the shared incumbent and stop flag (unless
 * deterministic). Every node that is not closed comes back in `open`: the coordinator loses nothing.
 */
export function exploreSubtree(engine: NodeEngine, task: ExploreTask, shared: SharedState): ExploreResult {
  const t0 = performance.now();
  const lp0 = engine.lpStats();
  const stats: SubtreeStats = { nodes: 0, lpSolves: 0, lpIterations: 0, lpSeconds: 0, seconds: 0, handlerSeconds: 0, pruned: 0, maxDepth: 0 };
  const res: ExploreResult = {
    end: 'exhausted',
    open: [],
    incumbents: [],
    stats,
    rootBound: task.nodes.length > 0 ? task.nodes[0]!.lowerBound : Infinity,
    unprovenBound: Infinity,
    failed: 0,
  };
  const objInt = engine.objectiveIntegral;
  let best = task.incumbent;
  const breadth = task.mode === 'breadth';
  const queue = new NodeQueue(bestBoundOrder);
  let plungeNext: OpenNode | undefined;
  let plunged = 0;
  const push = (nd: OpenNode): void => queue.push(nd);
  const pop = (): OpenNode | undefined => {
    const p = plungeNext;
    plungeNext = undefined;
    if (p) return p;
    plunged = 0;
    return queue.pop();
  };
  const size = (): number => queue.size + (plungeNext ? 1 : 0);
  const unproven = (b: number): void => {
    const v = unprovenContribution(b, best, objInt);
    if (v < res.unprovenBound) res.unprovenBound = v;
  };
  for (const nd of task.nodes) push(engine.adopt(nd));
  let first = true;

  for (;;) {
    if (size() === 0) {
      res.end = 'exhausted';
      break;
    }
    if (stats.nodes >= task.maxNodes) {
      res.end = 'node-limit';
      break;
    }
    if (breadth && !first && size() >= task.targetOpen) {
      res.end = 'target-reached';
      break;
    }
    if (shared.shouldStop()) {
      res.end = 'stopped';
      break;
    }
    if (!task.deterministic) {
      const live = shared.incumbent();
      if (live < best) best = live;
    }
    const node = pop()!;
    if (!task.deterministic && node.lowerBound < engine.cutoffFor(best) && !shared.claimNode()) {
      push(node);
      res.end = 'stopped';
      break;
    }
    const out = engine.process(node, best);
    if (out.kind !== 'pruned') stats.nodes++;
    if (node.depth > stats.maxDepth) stats.maxDepth = node.depth;
    const offer = (objective: number, solution: Float64Array): void => {
      if (!(objective < best)) return;
      best = objective;
      res.incumbents.push({ objective, solution });
      if (!task.deterministic) shared.offerIncumbent(objective);
    };
    for (const s of out.solutions) offer(s.objective, s.solution);
    let nodeBound = node.lowerBound;
    switch (out.kind) {
      case 'pruned':
      case 'cutoff':
        nodeBound = Math.max(nodeBound, out.bound);
        stats.pruned++;
        unproven(out.bound);
        break;
      case 'infeasible':
        nodeBound = Infinity;
        stats.pruned++;
        break;
      case 'leaf':
        nodeBound = Math.max(nodeBound, out.objective);
        if (out.objective < best) offer(out.objective, out.solution);
        else unproven(out.objective);
        break;
      case 'branched': {
        nodeBound = Math.max(nodeBound, out.bound);
        const cutoff = engine.cutoffFor(best);
        // children in preference order: plunge into the first one, queue the others
        for (let k = 0; k < out.children.length; k++) {
          const child = out.children[k]!;
          if (child.lowerBound >= cutoff) {
            stats.pruned++;
            unproven(child.lowerBound);
          } else if (!breadth && plungeNext === undefined && plunged < task.plungeDepth) {
            plungeNext = child;
            plunged++;
          } else push(child);
        }
        break;
      }
      case 'unbounded':
        res.end = 'unbounded';
        break;
      case 'error':
        if (out.timeLimit) {
          // out of time: the node stays open for the coordinator
          push(node);
          stats.nodes--;
          res.end = 'stopped';
        } else {
          res.failed++;
          unproven(out.bound);
        }
        break;
    }
    if (first) {
      res.rootBound = nodeBound;
      first = false;
    }
    task.afterNode?.(stats.nodes);
    task.betweenNodes?.();
    if (res.end === 'unbounded' || res.end === 'stopped') break;
  }
  while (size() > 0) res.open.push(pop()!);
  const lp1 = engine.lpStats();
  stats.lpSolves = lp1.solves - lp0.solves;
  stats.lpIterations = lp1.iterations - lp0.iterations;
  stats.lpSeconds = lp1.seconds - lp0.seconds;
  stats.seconds = (performance.now() - t0) / 1000;
  return res;
}
