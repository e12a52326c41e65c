import { systemClock } from '../core/time/clock';
import { runModelForecast } from '../models/strategy/model-forecast-task';
import { loadTfRuntime } from '../models/tf-backend';
import { modelForecastWorker } from './model-forecast.descriptor';
import { defineWorkerTask } from './worker-runtime';

/**
 * Walk-forward retraining and forecasting for a model-driven backtest on its own thread and
 * TensorFlow.js instance: the main thread never trains or predicts (issue 15). Progress is one
 * tick per epoch; a cancel lands between batches.
 */
export default defineWorkerTask(modelForecastWorker, async (input, context) => {
  const runtime = await loadTfRuntime(input.backend);
  let epochs = 0;
  return runModelForecast(input, {
    runtime,
    clock: systemClock,
    signal: context.signal,
    onEpoch: () => {
      epochs += 1;
      context.progress(epochs, null, `model ${input.modelId} ${input.y.symbol}/${input.x.symbol}: epoch ${epochs} of the walk-forward folds`);
    },
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  });
});
