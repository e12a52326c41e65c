import { systemClock } from '../core/time/clock';
import { runResolveTask } from '../data/conflicts/resolve-task';
import { runImportTask } from '../data/import/import-task';
import { MarketDataService } from '../data/market-data.service';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import type { Store } from '../store/db';
import type { JobRunner } from '../jobs/job-runner';
import { AppError } from '../../shared/ipc/errors';
import { withStore, type CliContext } from './with-store';

/** The CLI's job runner: it has no worker threads, so a worker job is a programming error here. */
const inProcessOnly: JobRunner = {
  submit(descriptor) {
    throw new AppError('INTERNAL', `The CLI runs jobs in-process; worker job "${descriptor.worker}" cannot run here.`);
  },
};

/**
 * Runs a CLI command against the same MarketDataService the app uses, so an import or a
 * conflict resolution from the terminal is audited, versioned and reported exactly as one
 * from the Data page. The import runs in this process (there is no UI thread to keep free),
 * through the same task body as the app's import worker; progress goes to stderr on a TTY.
 */
export async function withMarketData<T>(work: (service: MarketDataService, store: Store, context: CliContext) => Promise<T> | T): Promise<T> {
  return withStore(async (store, context) => {
    // No worker pool in the CLI: its jobs are orchestrating jobs whose bodies run in-process.
    const jobs = new JobManager(new EventBus(), context.logger.child({ module: 'jobs' }), inProcessOnly);
    // The one (signed) audit chain in trading.sqlite, opened once for the command.
    const audit = await context.audit();
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
