/** Timing, memory and statistics helpers shared by the benchmark sections. */

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value below which `p` percent of the values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function milliseconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/**
 * Tracks the peak heap of one run above the heap at its start. Node exposes no heap high-water mark, so the run
 * reports at checkpoints (after each chart, after synthesis); garbage collected between two checkpoints is missed,
 * which makes this a lower bound of the true peak, measured the same way for the library and the baseline.
 */
export class HeapPeak {
  private readonly start: number;
  private peak = 0;

  constructor() {
    collectGarbage();
    this.start = process.memoryUsage().heapUsed;
  }

  public checkpoint(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().heapUsed - this.start);
  }

  /** The peak so far, in MiB. */
  public get mebibytes(): number {
    return this.peak / 2 ** 20;
  }
}

/** A full collection, so that runs start from the same heap (needs `node --expose-gc`). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with `node --expose-gc` (npm run bench does)');
  gc();
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
