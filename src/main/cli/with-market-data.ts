import { systemClock } from '../core/time/clock';
import { runResolveTask } from '../data/conflicts/resolve-task';
import { runImportTask } from '../data/import/import-task';
import { MarketDataService } from '../data/market-data.service';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import type { Store } from '../store/db';
import { createAuditRepo } from '../store/repos/audit.repo';
import { withStore, type CliContext } from './with-store';

/**
 * Runs a CLI command against the same MarketDataService the app uses, so an import or a
 * conflict resolution from the terminal is audited, versioned and reported exactly as one
 * from the Data page. The import runs in this process (there is no UI thread to keep free),
 * through the same task body as the app's import worker; progress goes to stderr on a TTY.
 */
export async function withMarketData<T>(work: (service: MarketDataService, store: Store, context: CliContext) => Promise<T> | T): Promise<T> {
  return withStore(async (store, context) => {
    const audit = createAuditRepo(store.db);
    const jobs = new JobManager(new EventBus(), context.logger.child({ module: 'jobs' }));
    const service = new MarketDataService({
      store,
      config: context.config,
      clock: systemClock,
      logger: context.logger.child({ module: 'data' }),
      jobs,
      audit,
      runResolve: async (input) => runResolveTask(store, input),
      runImport: (input, job) =>
        runImportTask(store, input, {
          signal: job.signal,
          progress: (done, total, message) => {
            job.progress(done, total, message);
            if (process.stderr.isTTY) process.stderr.write(`\r${message ?? ''}   `);
          },
        }),
    });
    try {
      return await work(service, store, context);
    } finally {
      if (process.stderr.isTTY) process.stderr.write('\n');
    }
  });
}
