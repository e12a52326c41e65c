import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../../shared/domain/config';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { CapabilityModule } from '../app/capability-module';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import type { JobManager } from '../jobs/job-manager';
import type { ImportSourceResolver } from '../security/import-source';
import type { Store } from '../store/db';
import type { AuditEvent } from '../audit/core/audit-actions';
import { conflictResolveWorker } from '../workers/conflict-resolve.descriptor';
import { importWorker } from '../workers/import.descriptor';
import type { WorkerPool } from '../workers/worker-pool';
import { createDataHandlers, type DataChannel } from './data.ipc';
import { toWireImportReport } from './data-wire';
import { MarketDataService } from './market-data.service';
import { sampleDataDir } from './sample-data';

export interface DataModuleDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly resourcesDir: string;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly audit: { append(entry: AuditEvent): unknown };
  readonly logger: Logger;
  readonly clock: Clock;
  /** Turns what the renderer names (a dialog grant or a typed path) into a path it may read. */
  readonly sources: ImportSourceResolver;
}

export interface DataModule extends CapabilityModule<DataChannel> {
  readonly service: MarketDataService;
}

/**
 * Market data as a capability: wires the one service to a worker-thread import runner, the
 * job manager and the event bus; owns the data channels; and on start imports the bundled
 * sample when the store is empty (through the same service as any other import).
 */
export function createDataModule(deps: DataModuleDeps): DataModule {
  const { logger } = deps;
  const service = new MarketDataService({
    store: deps.store,
    config: deps.config,
    clock: deps.clock,
    logger,
    jobs: deps.jobs,
    audit: deps.audit,
    runImport: (input, context) =>
      deps.workers.run(importWorker, input, {
        signal: context.signal,
        jobId: context.jobId,
        onProgress: (done, total, message) => context.progress(done, total, message),
      }),
    runResolve: (input, context) => deps.workers.run(conflictResolveWorker, input, { signal: context.signal, jobId: context.jobId }),
    onImportFinished: (jobId, outcome) => {
      if ('result' in outcome) {
        deps.events.publish('data:imported', { jobId, report: toWireImportReport(outcome.result), error: null });
        return;
      }
      const error = isAppError(outcome.error)
        ? { code: outcome.error.code, message: outcome.error.message }
        : { code: 'INTERNAL', message: 'The import failed; see the logs.' };
      deps.events.publish('data:imported', { jobId, report: null, error });
    },
  });
  let sampleJob: Promise<unknown> | null = null;

  return {
    name: 'data',
    service,
    handlers: createDataHandlers(service, deps.sources, logger),
    async start() {
      if (!deps.config.data.importSampleOnFirstStart || service.datasetList().length > 0) return;
      const dir = sampleDataDir(deps.resourcesDir);
      const prices = path.join(dir, 'prices');
      if (!(await present(prices))) {
        logger.warn({ dir }, 'bundled sample data not found; starting with an empty store');
        return;
      }
      logger.info({ dir }, 'first start: importing the bundled sample in the background');
      const job = await service.startImport(
        { path: prices, policy: 'lenient', adjustment: 'split', constituents: path.join(dir, 'constituents.csv'), sample: true },
        'system',
      );
      sampleJob = job.result.catch((error: unknown) => logger.error({ err: error }, 'bundled sample import failed'));
    },
    async stop() {
      await sampleJob;
    },
  };
}

async function present(dir: string): Promise<boolean> {
  try {
    await access(dir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new AppError('UNAVAILABLE', `Cannot read the bundled sample at ${dir}: ${code ?? String(error)}.`, { path: dir }, { cause: error });
  }
}
