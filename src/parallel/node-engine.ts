import type { OpenNode } from '../bnb/open-node.js';
import type { Pseudocosts } from '../bnb/pseudocosts.js';
import type { PluginStats } from '../bnb/solve-types.js';
import type { LpBasis } from '../lp/lp-solver.js';

/** An integer-feasible point (objective in minimisation sense), owned by the receiver. */
export interface FoundSolution {
  objective: number;
  solution: Float64Array;
}

/**
 * What processing one node gives, as a closed union (bounds in minimisation sense). `solutions`
 * holds the improving points found on the way (heuristics); a 'leaf' is an integral LP optimum.
 */
export type NodeOutcome =
  /** not processed: its bound was already >= the cutoff */
  | { kind: 'pruned'; bound: number; solutions: FoundSolution[] }
  | { kind: 'infeasible'; solutions: FoundSolution[] }
  | { kind: 'cutoff'; bound: number; solutions: FoundSolution[] }
  | { kind: 'leaf'; objective: number; solution: Float64Array; solutions: FoundSolution[] }
  /** children[0] is the preferred child */
  | { kind: 'branched'; bound: number; children: OpenNode[]; solutions: FoundSolution[] }
  | { kind: 'unbounded'; solutions: FoundSolution[] }
  /**
   * the LP gave no answer: with `timeLimit` the LP ran out of the run's time (the node stays open),
   * else the node is closed unproven with `bound`
   */
  | { kind: 'error'; message: string; bound: number; timeLimit: boolean; solutions: FoundSolution[] };

export interface EngineLpStats {
  solves: number;
  iterations: number;
  seconds: number;
}

/**
 * The node pipeline a worker runs: one warm LP (persistent across nodes and tasks) plus whatever
 * propagation / branching / heuristics the engine has. Implementations: BasicNodeEngine (built in:
 * LP + pseudocost branching) and BnbNodeEngine (src/bnb's NodeProcessor with the plugins).
 */
export interface NodeEngine {
  readonly name: string;
  /** whether every objective column is integer with integer cost (bounds may be rounded up) */
  readonly objectiveIntegral: boolean;
  /** prune threshold for an incumbent (min sense): nodes with bound >= it are useless */
  cutoffFor(incumbent: number): number;
  /**
   * Takes in a node created elsewhere (another worker, the coordinator) before it is processed here;
   * returns the node to process (e.g. with an id that cannot clash with the engine's own ids).
   */
  adopt(node: OpenNode): OpenNode;
  /** processes one node given the incumbent objective (min sense, Infinity when none) */
  process(node: OpenNode, incumbent: number): NodeOutcome;
  /** the pseudocosts the engine branches with (it learns into them) */
  readonly pseudocosts: Pseudocosts;
  /**
   * Starts a task: forget the previous task's search position (the next node's bounds are applied
   * from scratch) and, when `basis` is given, restart the LP from it (deterministic mode).
   */
  beginTask(basis: LpBasis | undefined): void;
  /**
   * Solves the root LP relaxation only (no propagation, branching or heuristics): warms the LP up
   * and returns its status and basis, the start of every deterministic task.
   */
  warmUp(): { status: string; basis: LpBasis | undefined };
  /** time limit of each LP solve in seconds (Infinity = none): the run's remaining time */
  setLpTimeLimit(seconds: number): void;
  lpStats(): EngineLpStats;
  pluginStats(): PluginStats[];
  dispose(): void;
}
