import { existsSync } from 'node:fs';
import { defaultResourcesDir } from '../app/create-app-core';
import { backtestCodeVersion, vendoredSplitsFile } from '../backtest/backtest.module';
import { provideBarSet } from '../backtest/research/research-inputs';
import { ResearchService } from '../backtest/research/research.service';
import { loadConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths } from '../config/paths';
import { systemClock } from '../core/time/clock';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import { LocalJobRunner } from '../jobs/local-job-runner';
import { createLogRoot } from '../logging/create-logger';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { SharedInputCache } from '../workers/shared-inputs';
import { WorkerPool } from '../workers/worker-pool';

export interface ResearchCliContext {
  readonly service: ResearchService;
  readonly events: EventBus;
}

/**
 * Runs a sweep or walk-forward command with the service the app uses, on the user's store:
 * the job's tasks run on the configured pool (a sweep fans out over every thread), the bars
 * shared through the same `barSet` source, and the run is stored like one from the app.
 */
export async function withResearch<T>(work: (context: ResearchCliContext) => Promise<T>): Promise<T> {
  const paths = resolveAppPaths(process.env);
  ensureAppDirs(paths);
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  const events = new EventBus();
  const workers = new WorkerPool(logs.child('workers'), config.workers.poolSize === 0 ? {} : { size: config.workers.poolSize });
  try {
    const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
    try {
      const sharedInputs = new SharedInputCache();
      provideBarSet(sharedInputs, store);
      const splitsFile = vendoredSplitsFile(defaultResourcesDir());
      const service = new ResearchService({
        store,
        jobs: new JobManager(events, logs.child('jobs'), new LocalJobRunner(workers, sharedInputs)),
        workers,
        sharedInputs,
        logger: logs.child('backtest'),
        clock: systemClock,
        codeVersion: backtestCodeVersion,
        splitsFile: existsSync(splitsFile) ? splitsFile : null,
      });
      return await work({ service, events });
    } finally {
      await workers.close();
      store.close();
    }
  } finally {
    await logs.close();
  }
}
