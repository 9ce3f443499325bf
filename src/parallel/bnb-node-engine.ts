import { DEFAULT_BRANCHING } from '../bnb/builtin-plugins.js';
import { bigMOption, NodeProcessor } from '../bnb/node-processor.js';
import type { OpenNode } from '../bnb/open-node.js';
import { globalRegistry, type PluginRegistry } from '../bnb/plugin-registry.js';
import type { Pseudocosts } from '../bnb/pseudocosts.js';
import type { PluginStats } from '../bnb/solve-types.js';
import type { LpBasis, LpSolver } from '../lp/lp-solver.js';
import type { Model } from '../model/model.js';
import type { EngineLpStats, FoundSolution, NodeEngine, NodeOutcome } from './node-engine.js';

export interface BnbEngineOptions {
  branching?: string;
  params?: Record<string, number | string | boolean>;
  relGap: number;
  absGap: number;
}

/**
 * NodeEngine over src/bnb's NodeProcessor: the same node pipeline (propagators, branching rule,
 * heuristics from the plugin registry) as the serial solveModel, so a worker processes nodes exactly
 * like the serial engine does. Only plugins registered in the worker thread are available: the
 * worker imports the built-in plugins (and whatever src/parallel/worker-plugins.ts lists).
 */
export class BnbNodeEngine implements NodeEngine {
  readonly name = 'bnb';
  readonly objectiveIntegral: boolean;
  readonly pseudocosts: Pseudocosts;
  private readonly proc: NodeProcessor;
  /** next id for an adopted node (negative: never equal to an id the processor creates) */
  private foreignId = -2;

  /** `lp` must be fresh (not loaded): the NodeProcessor loads the model. */
  constructor(model: Model, lp: LpSolver, options: BnbEngineOptions, registry: PluginRegistry = globalRegistry) {
    const params = registry.resolveParams(options.params);
    const branching = registry.create('branching', options.branching ?? DEFAULT_BRANCHING, model, params);
    const propagators = registry.createEnabled('propagator', model, params);
    const heuristics = registry.createEnabled('heuristic', model, params);
    this.proc = new NodeProcessor(model, lp, { branching, propagators, heuristics }, {
      relGap: options.relGap,
      absGap: options.absGap,
      objectiveIntegral: (params.get('search/objective-integrality') as boolean) ? undefined : false,
      ...bigMOption(params),
    });
    this.objectiveIntegral = this.proc.objectiveIntegral;
    this.pseudocosts = this.proc.pseudocosts;
  }

  cutoffFor(incumbent: number): number {
    return this.proc.cutoffFor(incumbent);
  }

  beginTask(basis: LpBasis | undefined): void {
    // Per-task state of the processor that would make a task depend on the worker's history. The
    // processor has no public reset, so these private fields are reset by name (a bnb-side
    // `NodeProcessor.resetSearchState()` would replace this).
    const st = this.proc as unknown as Record<string, number>;
    if (typeof st.lastBranchedId === 'number') st.lastBranchedId = -1;
    if (basis) {
      if (typeof st.nodesProcessed === 'number') st.nodesProcessed = 0;
      if (typeof st.nextId === 'number') st.nextId = 1;
      const lp = this.proc.lp;
      lp.setColBounds(this.proc.model.colLower, this.proc.model.colUpper);
      lp.setBasis(basis);
    }
  }

  warmUp(): { status: string; basis: LpBasis | undefined } {
    const lp = this.proc.lp;
    const m = this.proc.model;
    lp.setColBounds(m.colLower, m.colUpper);
    lp.setCutoff(Infinity);
    // the processor sets the LP cutoff only when its own cutoff changes: make it set it again
    const st = this.proc as unknown as Record<string, number>;
    if (typeof st.lastCutoff === 'number') st.lastCutoff = Number.NaN;
    const out = lp.optimize();
    return { status: out.status, basis: out.status === 'optimal' ? lp.getBasis() : undefined };
  }

  /**
   * A node from another thread has an id given by the coordinator, which may equal an id this
   * processor gave one of its own nodes: the processor would then take it for a child of the node it
   * branched last and apply only its last bound change. A fresh negative id (and no parent) keeps
   * the ids the processor sees distinct. The root keeps id 0 (it marks full root propagation).
   */
  adopt(node: OpenNode): OpenNode {
    if (node.count === 0 && node.id === 0) return node;
    return { ...node, id: this.foreignId--, parentId: -1 };
  }

  process(node: OpenNode, incumbent: number): NodeOutcome {
    const r = this.proc.processNode(node, incumbent);
    const solutions: FoundSolution[] = [];
    for (const s of this.proc.takeSolutions()) solutions.push({ objective: s.objective, solution: s.x });
    switch (r.kind) {
      case 'pruned':
        return { kind: 'pruned', bound: r.bound, solutions };
      case 'infeasible':
        return { kind: 'infeasible', solutions };
      case 'cutoff':
        return { kind: 'cutoff', bound: r.bound, solutions };
      case 'integral':
        this.proc.noteSolution(r.x);
        return { kind: 'leaf', objective: r.objective, solution: r.x.slice(), solutions };
      case 'branched':
        return { kind: 'branched', bound: r.bound, children: [r.children[0], r.children[1]], solutions };
      case 'unbounded':
        return { kind: 'unbounded', solutions };
      case 'lp-error':
        return { kind: 'error', message: r.message, bound: r.bound, timeLimit: r.lpStatus === 'time-limit', solutions };
    }
  }

  setLpTimeLimit(seconds: number): void {
    this.proc.setLpTimeLimit(seconds);
  }

  lpStats(): EngineLpStats {
    const s = this.proc.lp.stats();
    return { solves: s.solves, iterations: s.iterations, seconds: s.seconds };
  }

  pluginStats(): PluginStats[] {
    return this.proc.pluginStats();
  }

  dispose(): void {
    this.proc.dispose();
  }
}
