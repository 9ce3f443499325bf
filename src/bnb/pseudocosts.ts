/**
 * Pseudocosts: per column, the average LP objective gain per unit of distance when branching down
 * (x <= floor) and up (x >= ceil), learned from every child LP (and from strong-branching probes).
 * Columns without observations use the average over all observed columns (1 when none).
 */
export class Pseudocosts {
  readonly downSum: Float64Array;
  readonly downCount: Float64Array;
  readonly upSum: Float64Array;
  readonly upCount: Float64Array;
  private totalDown = 0;
  private totalDownCount = 0;
  private totalUp = 0;
  private totalUpCount = 0;

  constructor(numCols: number) {
    this.downSum = new Float64Array(numCols);
    this.downCount = new Float64Array(numCols);
    this.upSum = new Float64Array(numCols);
    this.upCount = new Float64Array(numCols);
  }

  /**
   * Records an observation: branching `dir` (-1 down, +1 up) on `col` moved its value by
   * `distance` (> 0) and raised the LP objective by `gain` (>= 0; clipped at 0).
   */
  update(col: number, dir: number, distance: number, gain: number): void {
    if (!(distance > 1e-9) || !Number.isFinite(gain)) return;
    const unit = Math.max(0, gain) / distance;
    if (dir < 0) {
      this.downSum[col]! += unit;
      this.downCount[col]! += 1;
      this.totalDown += unit;
      this.totalDownCount++;
    } else {
      this.upSum[col]! += unit;
      this.upCount[col]! += 1;
      this.totalUp += unit;
      this.totalUpCount++;
    }
  }

  /** Average down gain per unit for col. */
  down(col: number): number {
    const c = this.downCount[col]!;
    if (c > 0) return this.downSum[col]! / c;
    return this.totalDownCount > 0 ? this.totalDown / this.totalDownCount : 1;
  }

  up(col: number): number {
    const c = this.upCount[col]!;
    if (c > 0) return this.upSum[col]! / c;
    return this.totalUpCount > 0 ? this.totalUp / this.totalUpCount : 1;
  }

  /** Observations on the weaker side (reliability test). */
  reliability(col: number): number {
    return Math.min(this.downCount[col]!, this.upCount[col]!);
  }

  /** Replaces everything learned by the observations in `table` (sums and counts per column). */
  assign(table: { downSum: ArrayLike<number>; downCount: ArrayLike<number>; upSum: ArrayLike<number>; upCount: ArrayLike<number> }): void {
    this.downSum.fill(0);
    this.downCount.fill(0);
    this.upSum.fill(0);
    this.upCount.fill(0);
    this.totalDown = 0;
    this.totalDownCount = 0;
    this.totalUp = 0;
    this.totalUpCount = 0;
    this.merge(table);
  }

  /** Merges observations made elsewhere (e.g. by a worker thread): arrays of equal length. */
  merge(other: { downSum: ArrayLike<number>; downCount: ArrayLike<number>; upSum: ArrayLike<number>; upCount: ArrayLike<number> }): void {
    for (let j = 0; j < this.downSum.length; j++) {
      const dc = other.downCount[j]!;
      const uc = other.upCount[j]!;
      if (dc > 0) {
        this.downSum[j]! += other.downSum[j]!;
        this.downCount[j]! += dc;
        this.totalDown += other.downSum[j]!;
        this.totalDownCount += dc;
      }
      if (uc > 0) {
        this.upSum[j]! += other.upSum[j]!;
        this.upCount[j]! += uc;
        this.totalUp += other.upSum[j]!;
        this.totalUpCount += uc;
      }
    }
  }

  /** Product score used by SCIP: max(dn, eps) * max(up, eps). */
  static productScore(down: number, up: number): number {
    const eps = 1e-6;
    return Math.max(down, eps) * Math.max(up, eps);
  }
}
