import { ManualClock } from '../../../src/main/core/time/clock';
import { BacktestService } from '../../../src/main/backtest/backtest.service';
import { provideBarSet } from '../../../src/main/backtest/research/research-inputs';
import { ResearchService } from '../../../src/main/backtest/research/research.service';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import type { Store } from '../../../src/main/store/db';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { openStore } from '../data/data-test-kit';
import { after, silent } from '../scanner/scanner-kit';
import { splitsFile } from './backtest-kit';

export interface ResearchKit {
  readonly store: Store;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly sharedInputs: SharedInputCache;
  readonly backtest: BacktestService;
  readonly research: ResearchService;
  close(): Promise<void>;
}

/** A real store, a 2-thread pool, the job manager and the `barSet` source as the app wires them. */
export function researchKit(dir: string, shards = 4): ResearchKit {
  const store = openStore(dir);
  const events = new EventBus();
  const workers = new WorkerPool(silent, { size: 2 });
  const sharedInputs = new SharedInputCache();
  provideBarSet(sharedInputs, store);
  const jobs = new JobManager(events, silent, new LocalJobRunner(workers, sharedInputs), { pushIntervalMs: 0 });
  const clock = new ManualClock(after);
  const backtest = new BacktestService({ store, busyTimeoutMs: 5000, jobs, workers, logger: silent, clock, codeVersion: 'arbdesk test', splitsFile });
  const research = new ResearchService({ store, jobs, workers, sharedInputs, logger: silent, clock, codeVersion: 'arbdesk test', splitsFile, shards });
  return {
    store,
    events,
    jobs,
    workers,
    sharedInputs,
    backtest,
    research,
    async close() {
      await workers.close();
      store.close();
    },
  };
}
