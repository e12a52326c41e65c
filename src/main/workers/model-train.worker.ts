import { systemClock } from '../core/time/clock';
import { runModelTraining } from '../models/model-training-task';
import { loadTfRuntime } from '../models/tf-backend';
import { epochMessage, modelTrainWorker } from './model-train.descriptor';
import { defineWorkerTask } from './worker-runtime';

/**
 * A whole training run on its own thread and TensorFlow.js instance: the main thread never
 * blocks, progress is one tick per epoch with both losses, and a cancel lands between batches.
 */
export default defineWorkerTask(modelTrainWorker, async (input, context) => {
  const runtime = await loadTfRuntime(input.backend);
  return runModelTraining(input, {
    runtime,
    clock: systemClock,
    signal: context.signal,
    onEpoch: (epoch) => context.progress(epoch.epoch, epoch.epochs, epochMessage(epoch.trainLoss, epoch.validationLoss)),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  });
});
