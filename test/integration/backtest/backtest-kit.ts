import path from 'node:path';
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

/** A real store, job manager and worker pool (real threads) with the backtest service on top. */
export function backtestKit(dir: string): BacktestKit {
  const store = openStore(dir);
  const events = new EventBus();
  const workers = new WorkerPool(silent, 1);
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
