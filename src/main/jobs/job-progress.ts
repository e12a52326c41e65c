/** The aggregate of a job's shards at one instant. */
export interface AggregateProgress {
  readonly done: number;
  readonly total: number | null;
  readonly shardsDone: number;
  readonly shardsTotal: number;
  readonly ratePerSecond: number | null;
  readonly etaMs: number | null;
}

interface ShardState {
  done: number;
  total: number | null;
  finished: boolean;
}

/** Below this much elapsed time a rate is noise, not a measurement. */
const MIN_RATE_WINDOW_MS = 50;
// Sums of fractions pick up float noise (1.7500000000000002); a millionth of a shard is below any display.
const ROUNDING = 1e6;

/**
 * Aggregates shard progress into one job's progress (pure; time is passed in).
 *
 * One shard: its own units (files, symbols…) pass through, so a single import still reads
 * "120 of 505". Several shards: the unit is a shard, and a running shard counts by the
 * fraction it reported, so 100 shards of a scan read "37.5 of 100" and move smoothly. The
 * rate is units per second since the first shard started (queue time is not work), and the
 * ETA is what is left at that rate.
 */
export class ShardProgress {
  private readonly shards: ShardState[];
  private firstStartedAt: number | null = null;

  constructor(shardCount: number) {
    this.shards = Array.from({ length: shardCount }, () => ({ done: 0, total: null, finished: false }));
  }

  started(now: number): boolean {
    const first = this.firstStartedAt === null;
    if (first) this.firstStartedAt = now;
    return first;
  }

  report(shard: number, done: number, total: number | null): void {
    const state = this.shards[shard];
    if (state === undefined || state.finished) return;
    state.done = done;
    state.total = total;
  }

  finished(shard: number): void {
    const state = this.shards[shard];
    if (state === undefined) return;
    state.finished = true;
    if (state.total !== null) state.done = state.total;
  }

  snapshot(now: number): AggregateProgress {
    const shardsDone = this.shards.filter((shard) => shard.finished).length;
    const shardsTotal = this.shards.length;
    const single = this.shards.length === 1 ? this.shards[0] : undefined;
    let done: number;
    let total: number | null;
    if (single !== undefined) {
      done = single.done;
      total = single.total;
    } else {
      done = this.shards.reduce((sum, shard) => sum + (shard.finished ? 1 : shard.total !== null && shard.total > 0 ? Math.min(1, shard.done / shard.total) : 0), 0);
      done = Math.round(done * ROUNDING) / ROUNDING;
      total = shardsTotal;
    }
    const elapsed = this.firstStartedAt === null ? 0 : now - this.firstStartedAt;
    const ratePerSecond = elapsed >= MIN_RATE_WINDOW_MS && done > 0 ? (done * 1000) / elapsed : null;
    const etaMs = ratePerSecond !== null && total !== null ? Math.max(0, ((total - done) / ratePerSecond) * 1000) : null;
    return { done, total, shardsDone, shardsTotal, ratePerSecond, etaMs };
  }
}
