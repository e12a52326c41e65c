import { availableParallelism } from 'node:os';
import type { AppConfig } from '../../shared/domain/config';
import { scannerCodeVersion } from '../scanner/scanner.module';
import { loadConfig } from '../config/load-config';
import { ensureAppDirs, resolveAppPaths } from '../config/paths';
import { systemClock } from '../core/time/clock';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import { LocalJobRunner } from '../jobs/local-job-runner';
import { SharedInputCache } from '../workers/shared-inputs';
import { createLogRoot } from '../logging/create-logger';
import { ScannerService } from '../scanner/scanner.service';
import { openDatabase, type Store } from '../store/db';
import { migrations } from '../store/migrations';
import { WorkerPool } from '../workers/worker-pool';

export interface ScannerCliContext {
  readonly service: ScannerService;
  readonly store: Store;
  readonly config: AppConfig;
  readonly events: EventBus;
}

/**
 * Runs a scanner command with the same service the app uses, on the user's store. The CLI's
 * main thread only waits while a scan runs, so the pool takes every core (the app keeps one
 * for its own main thread) unless the configuration fixes the size.
 */
export async function withScanner<T>(work: (context: ScannerCliContext) => Promise<T>): Promise<T> {
  const paths = resolveAppPaths(process.env);
  ensureAppDirs(paths);
  const { config } = loadConfig({ paths, env: process.env });
  const logs = createLogRoot({ logDir: paths.logDir, ...config.logging });
  const logger = logs.child('cli');
  const events = new EventBus();
  const workers = new WorkerPool(logs.child('workers'), config.workers.poolSize === 0 ? availableParallelism() : config.workers.poolSize);
  try {
    const store = openDatabase({ path: paths.dbFile, busyTimeoutMs: config.store.busyTimeoutMs, migrations, logger: logs.child('store') });
    try {
      const service = new ScannerService({
        store,
        config,
        jobs: new JobManager(events, logs.child('jobs'), new LocalJobRunner(workers, new SharedInputCache())),
        workers,
        logger: logs.child('scanner'),
        clock: systemClock,
        codeVersion: scannerCodeVersion,
      });
      return await work({ service, store, config, events });
    } finally {
      await workers.close();
      store.close();
    }
  } finally {
    logger.debug('scanner command done');
    await logs.close();
  }
}
