import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { CapabilityModule } from '../../app/capability-module';
import type { Clock } from '../../core/time/clock';
import type { JobManager } from '../../jobs/job-manager';
import type { Store } from '../../store/db';
import type { SharedInputCache } from '../../workers/shared-inputs';
import type { WorkerPool } from '../../workers/worker-pool';
import { backtestCodeVersion, vendoredSplitsFile } from '../backtest.module';
import { provideBarSet } from './research-inputs';
import { createResearchHandlers, type ResearchHandlers } from './research.ipc';
import { ResearchService } from './research.service';

export interface ResearchModuleDeps {
  readonly store: Store;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  /** The runner's named-input cache: this module gives it the `barSet` source. */
  readonly sharedInputs: SharedInputCache;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly resourcesDir: string;
}

export interface ResearchModule extends CapabilityModule<keyof ResearchHandlers> {
  readonly service: ResearchService;
}

/** Sweeps and walk-forward of the backtest area; owns the `barSet` named input's source. */
export function createResearchModule(deps: ResearchModuleDeps): ResearchModule {
  provideBarSet(deps.sharedInputs, deps.store);
  const splitsFile = vendoredSplitsFile(deps.resourcesDir);
  const service = new ResearchService({
    store: deps.store,
    jobs: deps.jobs,
    workers: deps.workers,
    sharedInputs: deps.sharedInputs,
    logger: deps.logger,
    clock: deps.clock,
    codeVersion: backtestCodeVersion,
    splitsFile: existsSync(splitsFile) ? splitsFile : null,
  });
  return {
    name: 'backtest-research',
    service,
    handlers: createResearchHandlers(service),
    async start() {},
    // Running jobs end with the job manager's cancelAll and the pool.
    async stop() {},
  };
}
