import { systemClock } from '../core/time/clock';
import { trainLstm } from '../models/lstm-training';
import { loadTfRuntime } from '../models/tf-backend';
import { trainWorker } from './train.descriptor';
import { defineWorkerTask } from './worker-runtime';

/**
 * Trains one LSTM on its own thread (and its own TensorFlow.js instance), so independent
 * trainings — walk-forward folds, search candidates — run in parallel and the main thread
 * never blocks. Progress is one tick per epoch; the loss curves come back in the result.
 */
export default defineWorkerTask(trainWorker, async (input, context) => {
  const runtime = await loadTfRuntime(input.backend);
  const result = await trainLstm(input, {
    runtime,
    clock: systemClock,
    signal: context.signal,
    onEpoch: (epoch) => context.progress(epoch.epoch, epoch.epochs, `loss ${epoch.trainLoss.toPrecision(4)} / validation ${epoch.validationLoss.toPrecision(4)}`),
    // Lets the worker's message loop deliver a cancel between batches.
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  });
  return { ...result, backendDetail: runtime.detail };
});
