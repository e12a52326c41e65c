import path from 'node:path';
import pino from 'pino';
import { ManualClock } from '../../../src/main/core/time/clock';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { importPath } from '../../../src/main/data/import/import-path';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { ScannerService } from '../../../src/main/scanner/scanner.service';
import type { Store } from '../../../src/main/store/db';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { appConfigSchema, type AppConfigInput } from '../../../src/shared/domain/config';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { importOptions, openStore, sampleDir } from '../data/data-test-kit';

export const silent = pino({ level: 'silent' });

/** 2030-01-02 (a date long after the data, so every window is "in the past"). */
export const after = Date.UTC(2030, 0, 2, 15);

export interface ScannerKit {
  readonly store: Store;
  readonly events: EventBus;
  readonly published: PublishedEvent[];
  readonly clock: ManualClock;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly service: ScannerService;
  close(): Promise<void>;
}

/** A real store, job manager, worker pool (real threads) and the scanner service on top. */
export function scannerKit(dir: string, config: AppConfigInput = {}): ScannerKit {
  const store = openStore(dir);
  const events = new EventBus();
  const published: PublishedEvent[] = [];
  events.subscribeAll((envelope) => published.push(envelope));
  const clock = new ManualClock(after);
  const workers = new WorkerPool(silent, 2);
  const jobs = new JobManager(events, silent, new LocalJobRunner(workers, new SharedInputCache()));
  const service = new ScannerService({ store, config: appConfigSchema.parse(config), jobs, workers, logger: silent, clock, codeVersion: 'test' });
  return {
    store,
    events,
    published,
    clock,
    jobs,
    workers,
    service,
    async close() {
      await workers.close();
      store.close();
    },
  };
}

/** The bundled 44-symbol sample (2013-02-08 to 2018-02-07), with its constituents list. */
export async function importSample(store: Store): Promise<void> {
  await importPath(store, path.join(sampleDir, 'prices'), importOptions({ constituents: path.join(sampleDir, 'constituents.csv') }));
}

export const formation = { from: '2013-02-08', to: '2018-02-07' } as const;
export const formationDays = { from: epochDayFromIso(formation.from), to: epochDayFromIso(formation.to) } as const;
