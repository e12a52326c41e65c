import path from 'node:path';
import type { Logger } from 'pino';
import { ManualClock } from '../../../src/main/core/time/clock';
import { BacktestService } from '../../../src/main/backtest/backtest.service';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import type { Store } from '../../../src/main/store/db';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { openStore, repoRoot } from '../data/data-test-kit';
import { after, silent } from '../scanner/scanner-kit';

export const splitsFile = path.join(repoRoot, 'resources', 'corporate-actions', 'splits.csv');

export interface BacktestKit {
  readonly store: Store;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly service: BacktestService;
  close(): Promise<void>;
}

/**
 * A real store, job manager and worker pool (real threads) with the backtest service on top.
 * `pool` overrides the pool's logger and cancel grace (a test of cooperative cancel gives the
 * pool a long grace and watches for its "terminating" warning).
 */
export function backtestKit(dir: string, pool: { readonly logger?: Logger; readonly cancelGraceMs?: number } = {}): BacktestKit {
  const store = openStore(dir);
  const events = new EventBus();
  const workers = new WorkerPool(pool.logger ?? silent, { size: 1, ...(pool.cancelGraceMs === undefined ? {} : { cancelGraceMs: pool.cancelGraceMs }) });
  const jobs = new JobManager(events, silent, new LocalJobRunner(workers, new SharedInputCache()));
  const service = new BacktestService({ store, busyTimeoutMs: 5000, jobs, workers, logger: silent, clock: new ManualClock(after), codeVersion: 'arbdesk test', splitsFile });
  return {
    store,
    events,
    jobs,
    service,
    async close() {
      await workers.close();
      store.close();
    },
  };
}

/** The minimal config (issue 13, "CLI contract"). */
export const minimalConfig = {
  pairs: [{ y: 'KO', x: 'PEP' }], from: '2014-02-10', to: '2018-02-07', capital: 1000000,
  strategy: { kind: 'zscore', lookback: 60, entry: 2.0, exit: 0.5, stop: 4.0 },
  fill: 'next_open', costs: 'none',
};
