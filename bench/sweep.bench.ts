import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import type { Benchmark } from './harness';
import type { OhlcvColumns } from '../src/main/core/market/series';
import { epochDayFromIso } from '../src/main/core/time/epoch-day';
import { EventBus } from '../src/main/events/event-bus';
import { JobManager } from '../src/main/jobs/job-manager';
import { LocalJobRunner } from '../src/main/jobs/local-job-runner';
import type { BarSetRef } from '../src/main/jobs/named-inputs';
import { startSweepJob } from '../src/main/backtest/sweep/sweep-job';
import { parseSweepSpec } from '../src/main/backtest/sweep/sweep-space';
import { SharedInputCache } from '../src/main/workers/shared-inputs';
import { WorkerPool } from '../src/main/workers/worker-pool';

/*
 * Issue 13's sweep benchmark: 1,000 configurations (lookback × entry × exit, 10 values each)
 * of the z-score strategy on KO/PEP from the bundled sample (2014-02-10..2018-02-07 traded,
 * a year of warm-up before), default (full) cost model, fanned out over a 2-thread pool with
 * the bars shared; wall time from submit to the report (deflated Sharpe, walk-forward OOS
 * spread) in main. The pool is warm (threads started in setup), as it is in the app.
 */

function sampleBars(symbol: string): OhlcvColumns {
  const text = readFileSync(path.resolve('resources/sample-data/prices', `${symbol}.csv`), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
  const column = (index: number) => Float64Array.from(rows, (row) => Number(row[index]));
  return { days: Int32Array.from(rows, (row) => epochDayFromIso(row[0] as string)), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}

const THREADS = 2;
const base = { pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1_000_000, strategy: { kind: 'zscore', lookback: 60, entry: 2, exit: 0.5, stop: 4 } };
const spec = parseSweepSpec({
  parameters: [
    { path: 'strategy.lookback', values: [20, 30, 40, 50, 60, 70, 80, 90, 100, 120] },
    { path: 'strategy.entry', values: [1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.6, 2.8] },
    { path: 'strategy.exit', values: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] },
  ],
});
const ref: BarSetRef = { key: 'sample:KO,PEP', dataVersion: 1 };
let pool: WorkerPool | undefined;
let jobs: JobManager | undefined;

export const benchmarks: Benchmark[] = [
  {
    name: 'backtest: 1,000-configuration sweep on one pair',
    inputs: `KO/PEP (bundled sample), 2014-02-10..2018-02-07 with a year of warm-up, z-score grid lookback × entry × exit = 1,000 configurations, default cost model, ${THREADS} worker threads, 16 shards, walk-forward OOS scoring (252/63/5/0)`,
    runs: 3,
    metrics: [
      { name: 'wall', unit: ' ms', baseline: { label: 'issue 13 target', value: 10_000 } },
      { name: 'per config', unit: ' ms' },
    ],
    async setup() {
      pool = new WorkerPool(pino({ level: 'silent' }), { size: THREADS });
      const bars = { symbols: ['KO', 'PEP'], bars: [sampleBars('KO'), sampleBars('PEP')] };
      jobs = new JobManager(new EventBus(), pino({ level: 'silent' }), new LocalJobRunner(pool, new SharedInputCache({ barSet: () => bars })));
      // Warm the threads (module loading is start-up, not sweep, cost).
      const warm = parseSweepSpec({ parameters: [{ path: 'strategy.entry', values: [1.5, 2] }] });
      await startSweepJob(jobs, { base, spec: warm, bars: ref, shards: THREADS }).result;
    },
    async run() {
      if (jobs === undefined) throw new Error('setup did not run');
      const start = performance.now();
      const report = await startSweepJob(jobs, { base, spec, bars: ref, walkForward: { formationDays: 252, tradingDays: 63, purgeDays: 5, embargoDays: 0 } }).result;
      const wall = performance.now() - start;
      if (report.valid !== 1_000 || report.best === null) throw new Error(`sweep ran ${report.valid} of 1,000 configurations`);
      return { wall, 'per config': wall / 1_000 };
    },
    async teardown() {
      await pool?.close();
    },
  },
];
