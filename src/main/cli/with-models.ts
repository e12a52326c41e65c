import { nullAlertSink } from '../alerts/alert-sink';
import { systemClock } from '../core/time/clock';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import type { JobRunner } from '../jobs/job-runner';
import { trainLstm } from '../models/lstm-training';
import { modelsCodeVersion } from '../models/models.module';
import { ModelsService } from '../models/models.service';
import { runModelTraining } from '../models/model-training-task';
import { runModelForecast } from '../models/strategy/model-forecast-task';
import { predictDeployedDay } from '../models/registry/deployed-predict-task';
import { loadTfRuntime, type TfRuntime } from '../models/tf-backend';
import { LocalStoreProvider } from '../data/service/local-store-provider';
import { AppError } from '../../shared/ipc/errors';
import { withStore, type CliContext } from './with-store';

const inProcessOnly: JobRunner = {
  submit(descriptor) {
    throw new AppError('INTERNAL', `The CLI runs jobs in-process; worker job "${descriptor.worker}" cannot run here.`);
  },
};

/**
 * Runs a CLI command against the same ModelsService the app uses: registry changes are
 * confirmed and audited in the one chain exactly as from the Model lab page. Training and
 * forecasts run in this process (no UI thread to keep free). Drift alarms are printed by the
 * command; the CLI has no alerts area running.
 */
export async function withModels<T>(work: (service: ModelsService, context: CliContext) => Promise<T>): Promise<T> {
  return withStore(async (store, context) => {
    const audit = await context.audit();
    const provider = new LocalStoreProvider(store);
    let runtime: Promise<TfRuntime> | undefined;
    const tf = (): Promise<TfRuntime> => (runtime ??= loadTfRuntime());
    const service = new ModelsService({
      store,
      config: context.config,
      jobs: new JobManager(new EventBus(), context.logger.child({ module: 'jobs' }), inProcessOnly),
      runTraining: async (input, options) => runModelTraining(input, { runtime: await tf(), clock: systemClock, signal: options.signal, onEpoch: (epoch) => options.onProgress(epoch.epoch, epoch.epochs) }),
      events: new EventBus(),
      audit,
      alerts: nullAlertSink,
      clock: systemClock,
      logger: context.logger.child({ module: 'models' }),
      codeVersion: modelsCodeVersion,
      series: async (symbol) => {
        const series = await provider.getSeries({ symbol });
        return { days: series.days, closes: series.close };
      },
      trainFold: async (input) => trainLstm(input, { runtime: await tf(), clock: systemClock }),
      runtime: tf,
      // The CLI has no UI thread to keep free: forecasts run in this process, like training.
      runForecast: async (input, options) => runModelForecast(input, { runtime: await tf(), clock: systemClock, ...(options.signal === undefined ? {} : { signal: options.signal }) }),
      runPredict: async (input) => predictDeployedDay(store, await tf(), systemClock, input),
    });
    return work(service, context);
  });
}
