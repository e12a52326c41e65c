import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import type { BarSet, BarSetRef } from '../../../src/main/jobs/named-inputs';
import { reportOf, startSweepJob } from '../../../src/main/backtest/sweep/sweep-job';
import { runSweepTrials } from '../../../src/main/backtest/sweep/sweep-run';
import { expandSweep, parseSweepSpec } from '../../../src/main/backtest/sweep/sweep-space';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { cointegratedPair, weekdays } from '../../unit/backtest/market-fixtures';

const silent = pino({ level: 'silent' });
const days = weekdays('2015-01-05', 300);
const pair = cointegratedPair(days, 5, { noise: 0.03 });
const barSet: BarSet = { symbols: ['AAA', 'BBB'], bars: [pair.y, pair.x] };
const ref: BarSetRef = { key: 'test:AAA,BBB', dataVersion: 1 };
const base = {
  pairs: [{ y: 'AAA', x: 'BBB' }],
  from: formatIsoDate(days[40] as number),
  to: formatIsoDate(days[299] as number),
  capital: 1_000_000,
  strategy: { kind: 'zscore', lookback: 30, entry: 2, exit: 0.5, stop: 4 },
};
const spec = parseSweepSpec({ parameters: [{ path: 'strategy.entry', values: [1.25, 1.75, 2.25] }, { path: 'strategy.lookback', values: [15, 25, 35, 45] }] });

describe('a sweep on the worker pool', () => {
  let pool: WorkerPool;
  let jobs: JobManager;
  let loads = 0;
  beforeAll(() => {
    pool = new WorkerPool(silent, { size: 2 });
    const cache = new SharedInputCache({
      barSet: (asked) => {
        loads += 1;
        expect(asked).toEqual(ref);
        return barSet;
      },
    });
    jobs = new JobManager(new EventBus(), silent, new LocalJobRunner(pool, cache), { pushIntervalMs: 0 });
  });
  afterAll(async () => pool.close());

  it('fans out over shards on one shared copy of the bars and reports exactly what an in-process run computes', async () => {
    const walkForward = { formationDays: 80, tradingDays: 40, purgeDays: 2, embargoDays: 1 };
    const job = startSweepJob(jobs, { base, spec, bars: ref, walkForward, shards: 5 });
    const report = await job.result;
    expect(loads).toBe(1);
    const local = runSweepTrials(base, expandSweep(spec), 0, { bars: new Map([['AAA', pair.y], ['BBB', pair.x]]) });
    const expected = reportOf(local, walkForward);
    expect(report).toEqual(expected);
    expect(report.configs).toBe(12);
    expect(report.valid).toBe(12);
    expect(report.deflated?.dsr).toBeGreaterThanOrEqual(0);
    expect(report.outOfSample?.windows.length).toBeGreaterThan(2);
    expect(jobs.get(job.jobId)?.state).toBe('succeeded');
  });
});

describe('a walk-forward on the worker pool', () => {
  it('runs as one task on the shared bars and equals the in-process run', async () => {
    const { backtestWalkForwardWorker } = await import('../../../src/main/workers/backtest-walk-forward.descriptor');
    const { parseWalkForwardSpec, runWalkForward } = await import('../../../src/main/backtest/walk-forward/walk-forward');
    const wfDays = weekdays('2014-01-02', 420);
    const one = cointegratedPair(wfDays, 41, { noise: 0.015 });
    const two = cointegratedPair(wfDays, 42, { noise: 0.02 });
    const set: BarSet = { symbols: ['AAA', 'BBB', 'CCC', 'DDD'], bars: [one.y, one.x, two.y, two.x] };
    const pool = new WorkerPool(silent, { size: 1 });
    try {
      const jobs = new JobManager(new EventBus(), silent, new LocalJobRunner(pool, new SharedInputCache({ barSet: () => set })), { pushIntervalMs: 0 });
      const spec = { plan: { formationDays: 150, tradingDays: 80, purgeDays: 3, embargoDays: 2 }, universe: ['AAA', 'BBB', 'CCC', 'DDD'], topN: 2, maxPValue: 0.3 };
      const wfBase = { ...base, from: formatIsoDate(wfDays[0] as number), to: formatIsoDate(wfDays[419] as number), costs: 'none' };
      const job = jobs.run({ kind: 'backtest-walk-forward', worker: backtestWalkForwardWorker, input: { base: wfBase, spec }, inputs: { barSet: { key: 'wf', dataVersion: 1 } } });
      const report = await job.result;
      const local = runWalkForward(wfBase, parseWalkForwardSpec(spec), { bars: new Map(set.symbols.map((symbol, i) => [symbol, set.bars[i] as (typeof set.bars)[number]])) });
      expect(report).toEqual(local);
      expect(report.windows.length).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });
});
