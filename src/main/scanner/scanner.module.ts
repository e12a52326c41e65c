import type { Logger } from 'pino';
import packageJson from '../../../package.json';
import type { AppConfig } from '../../shared/domain/config';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import type { JobManager } from '../jobs/job-manager';
import { PairHealthMonitor, type DailyScheduler, type OpenPositionPairs } from './health-monitor';
import { createScannerHandlers, type ScannerHandlers } from './scanner.ipc';
import { ScannerService } from './scanner.service';
import type { Store } from '../store/db';
import type { WorkerPool } from '../workers/worker-pool';
import type { CapabilityModule } from '../app/capability-module';

export interface ScannerModuleDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly positions?: OpenPositionPairs;
  readonly scheduler?: DailyScheduler;
}

export interface ScannerModule extends CapabilityModule<keyof ScannerHandlers> {
  readonly service: ScannerService;
  readonly health: PairHealthMonitor;
}

/** What a run records as its code version: the app's version (the statistics ship with it). */
export const scannerCodeVersion = `arbdesk ${packageJson.version}`;

/** The scanner area: one service (IPC, CLI, workers) and the pair health monitor. */
export function createScannerModule(deps: ScannerModuleDeps): ScannerModule {
  const service = new ScannerService({
    store: deps.store,
    config: deps.config,
    jobs: deps.jobs,
    workers: deps.workers,
    logger: deps.logger,
    clock: deps.clock,
    codeVersion: scannerCodeVersion,
  });
  const health = new PairHealthMonitor({
    store: deps.store,
    config: deps.config,
    events: deps.events,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'pair-health' }),
    pairs: service.pairs,
    ...(deps.positions === undefined ? {} : { positions: deps.positions }),
    ...(deps.scheduler === undefined ? {} : { scheduler: deps.scheduler }),
  });
  return {
    name: 'scanner',
    service,
    health,
    handlers: createScannerHandlers(service),
    async start() {
      health.start();
    },
    async stop() {
      health.stop();
    },
  };
}
