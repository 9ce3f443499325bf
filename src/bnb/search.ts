import type { IncumbentStore } from './incumbent-store.js';
import type { NodeProcessor } from './node-processor.js';
import { NodeQueue, type NodeComparator } from './node-queue.js';
import type { OpenNode } from './open-node.js';
import { UnprovenBound } from './search-status.js';

/**
 * Why Search.run returned:
 * - 'exhausted': no open node is left;
 * - 'node-limit': the run's node limit was reached;
 * - 'target-reached': breadth mode: at least `breadthTarget` nodes are open;
 * - 'stopped': the control's check (or claim) said stop — a limit, another thread, a deadline;
 * - 'paused': the control asked for a pause (the serial search lets the event loop run), run again to go on;
 * - 'unbounded': an LP relaxation was unbounded;
 * - 'lp-time-limit': a node LP ran out of the time budget (the node stays open).
 */
export type SearchEnd = 'exhausted' | 'node-limit' | 'target-reached' | 'stopped' | 'paused' | 'unbounded' | 'lp-time-limit';

/**
 * Where a search's limits come from — the serial solve's time / node / gap limits and abort
 * signal, a worker's shared stop flag and node budget, a sub-MIP's deadline. Called between nodes.
 */
export interface SearchControl {
  /** before each node: a reason to end the run now ('stopped' or 'paused'), or undefined to go on */
  check(search: Search): 'stopped' | 'paused' | undefined;
  /** after a node is taken and before it is processed: false when a shared node budget is spent (the node goes back, the run ends 'stopped') */
  claim?(): boolean;
  /** after each processed node (`nodes` so far) */
  afterNode?(nodes: number): void;
}

/** The order of a search's queue and its plunging. */
export interface SearchOrder {
  /** order of the open nodes (the node selector's) */
  compare: NodeComparator;
  /** whether a child of the node just processed may be processed next, before the queue */
  plunge: boolean;
  /** at most this many plunges in a row ('search/plunge-depth') */
  plungeDepth: number;
}

/**
 * THE search loop (the HighsSearch idea), one for every place that searches: the serial solve, a
 * worker thread's subtree task and the sub-MIP of a heuristic. They differ only in where nodes
 * come from (`add`: the root, a task's nodes, a neighbourhood's root), where results go (the
 * IncumbentStore and its listeners; the open nodes left, `takeOpen`) and what stops them
 * (SearchControl). The loop: take the plunge child if there is one, else the first queued node in
 * the node selector's order; process it (NodeProcessor); count it; integral points go to the
 * store; children that survive the cutoff are queued, the first one plunged into (up to
 * plungeDepth levels); every node closed without proof below the incumbent (tolerance pruning, an
 * LP that failed) keeps its bound in the dual bound (UnprovenBound).
 */
export class Search {
  readonly processor: NodeProcessor;
  readonly incumbents: IncumbentStore;
  readonly unproven: UnprovenBound;
  /** nodes processed (pruned ones not counted) */
  nodes = 0;
  /** nodes closed by bound or infeasibility, children cut off, queued nodes pruned by a new incumbent */
  pruned = 0;
  /** nodes whose LP failed with every integer column fixed (closed without proof) */
  failed = 0;
  /** the last such failure's message */
  lastFailure = '';
  maxDepth = 0;
  private readonly queue: NodeQueue;
  private readonly order: SearchOrder;
  private plungeNext: OpenNode | undefined;
  private plunged = 0;
  /** bound of the node in process (its children are not queued yet) */
  private inProcess = Infinity;
  /** the incumbent value the open nodes were last pruned against */
  private prunedAt = Infinity;

  constructor(processor: NodeProcessor, order: SearchOrder) {
    this.processor = processor;
    this.incumbents = processor.incumbents;
    this.order = order;
    this.queue = new NodeQueue(order.compare);
    this.unproven = new UnprovenBound(processor.objectiveIntegral);
  }

  /** Adds an open node (the root, or a node handed over from elsewhere). */
  add(node: OpenNode): void {
    this.queue.push(node);
  }

  /** Open nodes (queued and the plunge child). */
  get openCount(): number {
    return this.queue.size + (this.plungeNext ? 1 : 0);
  }

  /** Smallest bound of the open work: queue, plunge child and the node in process. */
  openBound(): number {
    let b = Math.min(this.queue.minLowerBound(), this.inProcess);
    if (this.plungeNext && this.plungeNext.lowerBound < b) b = this.plungeNext.lowerBound;
    return b;
  }

  /** The dual bound of this search: open work, nodes closed without proof and the incumbent (rounded for integral objectives). */
  dualBound(): number {
    return this.unproven.dualBound(this.openBound(), this.incumbents.value);
  }

  /** Removes and returns the open nodes: the plunge child first, then the queue in its order. */
  takeOpen(): OpenNode[] {
    this.prune();
    const out: OpenNode[] = [];
    for (let nd = this.next(); nd; nd = this.next()) out.push(nd);
    return out;
  }

  /**
   * Processes nodes until one of the SearchEnd reasons. `nodeLimit` bounds this.nodes (processed
   * nodes of this search, over all runs); `breadthTarget` > 0 makes it a best-first expansion
   * without plunging that ends once that many nodes are open (a parallel solve's ramp-up).
   */
  run(control: SearchControl, nodeLimit = Infinity, breadthTarget = 0): SearchEnd {
    const proc = this.processor;
    const store = this.incumbents;
    let first = true;
    for (;;) {
      // (a ramp-up expansion counts its open nodes as the coordinator receives them, and prunes there)
      if (breadthTarget === 0) this.prune();
      const stop = control.check(this);
      if (stop) return stop;
      if (this.openCount === 0) return 'exhausted';
      if (this.nodes >= nodeLimit) return 'node-limit';
      if (breadthTarget > 0 && !first && this.openCount >= breadthTarget) return 'target-reached';
      const node = this.next()!;
      if (control.claim && node.lowerBound < proc.cutoffFor(store.value) && !control.claim()) {
        this.queue.push(node);
        return 'stopped';
      }
      first = false;
      this.inProcess = node.lowerBound;
      const r = proc.processNode(node);
      if (r.kind !== 'pruned') this.nodes++;
      if (node.depth > this.maxDepth) this.maxDepth = node.depth;
      let end: SearchEnd | undefined;
      switch (r.kind) {
        case 'pruned':
        case 'cutoff':
          this.pruned++;
          this.unproven.note(r.bound, store.value);
          break;
        case 'infeasible':
          this.pruned++;
          break;
        case 'integral':
          // not better, or rejected by the model check (numerics): its bound stays in the dual bound
          if (!store.offer(r.x, 'lp')) this.unproven.note(r.objective, store.value);
          break;
        case 'branched': {
          this.inProcess = r.bound;
          const cutoff = proc.cutoffFor(store.value);
          const mayPlunge = this.order.plunge && breadthTarget === 0 && this.plunged < this.order.plungeDepth;
          // children in preference order: plunge into the first one that survives, queue the other
          for (const child of r.children) {
            if (child.lowerBound >= cutoff) {
              this.pruned++;
              this.unproven.note(child.lowerBound, store.value);
            } else if (mayPlunge && this.plungeNext === undefined) {
              this.plungeNext = child;
              this.plunged++;
            } else this.queue.push(child);
          }
          break;
        }
        case 'unbounded':
          end = 'unbounded';
          break;
        case 'lp-error':
          if (r.lpStatus === 'time-limit') {
            // out of time: the node stays open
            this.queue.push(node);
            this.nodes--;
            end = 'lp-time-limit';
          } else {
            this.failed++;
            this.lastFailure = `node ${node.id} (depth ${node.depth}): ${r.message}`;
            this.unproven.note(r.bound, store.value);
          }
          break;
      }
      this.inProcess = Infinity;
      control.afterNode?.(this.nodes);
      if (end) return end;
    }
  }

  /** The next node: the plunge child, else the queue's first (a new plunge starts). */
  private next(): OpenNode | undefined {
    const p = this.plungeNext;
    if (p) {
      this.plungeNext = undefined;
      return p;
    }
    this.plunged = 0;
    return this.queue.pop();
  }

  /**
   * Drops the open nodes that the incumbent's cutoff makes useless, once per new incumbent value
   * (their bounds stay noted when below the incumbent). The loop calls it before every node; the
   * dual bound is the same before and after.
   */
  prune(): void {
    const store = this.incumbents;
    if (store.value === this.prunedAt) return;
    this.prunedAt = store.value;
    const cutoff = this.processor.cutoffFor(store.value);
    this.pruned += this.queue.prune(cutoff, (nd) => this.unproven.note(nd.lowerBound, store.value));
    if (this.plungeNext && this.plungeNext.lowerBound >= cutoff) {
      this.pruned++;
      this.unproven.note(this.plungeNext.lowerBound, store.value);
      this.plungeNext = undefined;
    }
  }
}
