import type { ModelForecastInput, ModelForecastSet } from '../models/strategy/model-forecast-task';
import type { TfBackendName } from '../models/tf-backend';
import { defineWorker } from './worker-descriptor';

export interface ModelForecastWorkerInput extends ModelForecastInput {
  readonly backend?: TfBackendName;
}

export const modelForecastWorker = defineWorker<ModelForecastWorkerInput, ModelForecastSet>({
  name: 'model-forecast',
  doc: "A model strategy's out-of-sample forecasts for one pair: the registered version retrained on purged walk-forward folds, each forecasting only its test range (day → P(up), in-sample threshold).",
});
