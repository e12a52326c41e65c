import type { DeployedPredictInput, DeployedPredictOutput } from '../models/registry/deployed-predict-task';
import type { TfBackendName } from '../models/tf-backend';
import { defineWorker } from './worker-descriptor';

export interface ModelPredictWorkerInput extends DeployedPredictInput {
  /** The research store the registry lives in (read through its own connection). */
  readonly dbPath: string;
  readonly busyTimeoutMs: number;
  readonly backend?: TfBackendName;
}

export const modelPredictWorker = defineWorker<ModelPredictWorkerInput, DeployedPredictOutput>({
  name: 'model-predict',
  doc: "One deployed version's forecast for a decision day: loaded from SQLite through the TF.js IO handler, features on rows up to that day only, the window's forecast and the pending outcomes.",
});
