import type { TrainLstmInput, TrainLstmResult } from '../models/lstm-training';
import type { TfBackendName } from '../models/tf-backend';
import { defineWorker } from './worker-descriptor';

/** One training run's input: the model lab's own training input, plus the backend to use. */
export interface TrainWorkerInput extends TrainLstmInput {
  readonly backend?: TfBackendName;
}

export type TrainWorkerOutput = TrainLstmResult & { readonly backendDetail: string };

export const trainWorker = defineWorker<TrainWorkerInput, TrainWorkerOutput>({
  name: 'train',
  doc: 'Trains one LSTM on its own thread and TensorFlow.js instance (walk-forward folds and search candidates run in parallel).',
});
