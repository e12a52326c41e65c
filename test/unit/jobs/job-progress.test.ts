import { describe, expect, it } from 'vitest';
import { ShardProgress } from '../../../src/main/jobs/job-progress';

describe('shard progress aggregation', () => {
  it("passes a single shard's own units through, with rate and ETA from when it started", () => {
    const progress = new ShardProgress(1);
    expect(progress.snapshot(0)).toMatchObject({ done: 0, total: null, shardsDone: 0, shardsTotal: 1, ratePerSecond: null, etaMs: null });
    progress.started(1000);
    progress.report(0, 120, 505);
    // 120 units in 2 s: 60/s, 385 left: 6.42 s.
    const snapshot = progress.snapshot(3000);
    expect(snapshot).toMatchObject({ done: 120, total: 505, shardsDone: 0 });
    expect(snapshot.ratePerSecond).toBe(60);
    expect(snapshot.etaMs).toBeCloseTo((385 / 60) * 1000, 6);
  });

  it('counts several shards by the fraction each reported, finished ones as whole', () => {
    const progress = new ShardProgress(4);
    progress.started(0);
    progress.report(0, 5, 10);
    progress.report(1, 1, 4);
    progress.report(2, 3, null);
    progress.finished(3);
    const snapshot = progress.snapshot(2000);
    // 0.5 + 0.25 + 0 (no total yet) + 1
    expect(snapshot).toMatchObject({ done: 1.75, total: 4, shardsDone: 1, shardsTotal: 4 });
    expect(snapshot.ratePerSecond).toBe(0.875);
    expect(snapshot.etaMs).toBeCloseTo((2.25 / 0.875) * 1000, 6);
  });

  it('ignores reports after a shard finished and only the first start sets the clock', () => {
    const progress = new ShardProgress(2);
    expect(progress.started(100)).toBe(true);
    expect(progress.started(900)).toBe(false);
    progress.report(0, 2, 2);
    progress.finished(0);
    progress.report(0, 1, 2);
    progress.finished(1);
    const snapshot = progress.snapshot(1100);
    expect(snapshot).toMatchObject({ done: 2, total: 2, shardsDone: 2, etaMs: 0 });
    expect(snapshot.ratePerSecond).toBe(2);
  });
});
