import type { Logger } from 'pino';
import packageJson from '../../../package.json';
import type { AppConfig } from '../../shared/domain/config';
import type { CapabilityModule } from '../app/capability-module';
import type { Clock } from '../core/time/clock';
import type { EventBus } from '../events/event-bus';
import type { JobManager } from '../jobs/job-manager';
import type { Store } from '../store/db';
import { modelForecastWorker } from '../workers/model-forecast.descriptor';
import { modelPredictWorker } from '../workers/model-predict.descriptor';
import { modelTrainWorker } from '../workers/model-train.descriptor';
import { trainWorker } from '../workers/train.descriptor';
import { loadTfRuntime, type TfRuntime } from './tf-backend';
import type { WorkerPool } from '../workers/worker-pool';
import type { ModelAlertSink } from './registry/drift-monitor';
import { ReplayShadow, type SessionCloses } from './registry/replay-shadow';
import type { RegistryAudit } from './registry/model-registry';
import { createModelsHandlers, type ModelsHandlers } from './models.ipc';
import { ModelsService, type ModelsServiceDeps } from './models.service';

export interface ModelsModuleDeps {
  readonly store: Store;
  readonly config: AppConfig;
  readonly events: EventBus;
  readonly jobs: JobManager;
  readonly workers: WorkerPool;
  readonly audit: RegistryAudit;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly series: ModelsServiceDeps['series'];
  /** Where drift alarms go (the alerts area's AlertSink). */
  readonly alerts: ModelAlertSink;
  /** The paper desk's replay session closes (paper profile); deployed versions log predictions on each. */
  readonly sessions?: SessionCloses | null;
}

export interface ModelsModule extends CapabilityModule<keyof ModelsHandlers> {
  readonly service: ModelsService;
  /** Shadow logging in the market replay; null without a paper desk. */
  readonly shadow: ReplayShadow | null;
}

/** What a model version records as its code version: the app's (the pipeline ships with it). */
export const modelsCodeVersion = `arbdesk ${packageJson.version}`;

/** The model lab as a capability: training on the worker pool, the registry, predictions, drift. */
export function createModelsModule(deps: ModelsModuleDeps): ModelsModule {
  let runtime: Promise<TfRuntime> | undefined;
  const service = new ModelsService({
    store: deps.store,
    config: deps.config,
    jobs: deps.jobs,
    runTraining: (input, options) => deps.workers.run(modelTrainWorker, input, options),
    events: deps.events,
    audit: deps.audit,
    alerts: deps.alerts,
    clock: deps.clock,
    logger: deps.logger,
    codeVersion: modelsCodeVersion,
    series: deps.series,
    trainFold: (input) => deps.workers.run(trainWorker, input),
    runtime: () => (runtime ??= loadTfRuntime()),
    runForecast: (input, options) => deps.workers.run(modelForecastWorker, input, options),
    runPredict: (input) => deps.workers.run(modelPredictWorker, { ...input, dbPath: deps.store.path, busyTimeoutMs: deps.config.store.busyTimeoutMs }),
  });
  const sessions = deps.sessions ?? null;
  const shadow = sessions === null ? null : new ReplayShadow({ sessions, predictor: service, logger: deps.logger });
  return {
    name: 'models',
    service,
    shadow,
    handlers: createModelsHandlers(service, () => deps.config.models.canaryRiskShare),
    async start() {
      shadow?.start();
    },
    async stop() {
      shadow?.stop();
      await shadow?.idle();
    },
  };
}

