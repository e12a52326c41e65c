import type { ModelMetrics } from '../models/core/model-registry-types';
import type { ModelLabConfig } from '../models/model-config';
import type { TfBackendName } from '../models/tf-backend';
import { defineWorker } from './worker-descriptor';

/** One leg's closes, ascending by day (epoch days). */
export interface TrainLeg {
  readonly symbol: string;
  readonly days: Int32Array;
  readonly closes: Float64Array;
}

export interface ModelTrainInput {
  readonly y: TrainLeg;
  readonly x: TrainLeg;
  readonly config: ModelLabConfig;
  readonly backend?: TfBackendName;
  /** Epoch ms the artifact records as its creation time (the caller's clock). */
  readonly createdAtMs: number;
}

export interface ModelTrainOutput {
  /** serializeArtifact's bytes: topology, weight manifest, metadata and weights. */
  readonly artifact: ArrayBuffer;
  readonly metrics: ModelMetrics;
  readonly trainLoss: number[];
  readonly validationLoss: number[];
  readonly epochMs: number[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly backendDetail: string;
  /** The test window: the day each forecast is for, the model's forecast and the realised change. */
  readonly test: { readonly days: Int32Array; readonly predicted: Float64Array; readonly actual: Float64Array };
  /** Aligned rows and the first and last day (the training data version). */
  readonly rows: number;
  readonly firstDay: number;
  readonly lastDay: number;
}

export const modelTrainWorker = defineWorker<ModelTrainInput, ModelTrainOutput>({
  name: 'model-train',
  doc: 'One honest experiment on a pair: align, split, fit hedge and scaler on the fit rows, train with early stopping, score beside the baselines, build the artifact.',
});

/** The progress message of one epoch; the service reads the losses back for the live loss curve. */
export function epochMessage(trainLoss: number, validationLoss: number): string {
  return `loss ${trainLoss} validation ${validationLoss}`;
}

export function parseEpochMessage(message: string | undefined): { trainLoss: number; validationLoss: number } | null {
  const match = /^loss (\S+) validation (\S+)$/.exec(message ?? '');
  if (match === null) return null;
  const trainLoss = Number(match[1]);
  const validationLoss = Number(match[2]);
  return Number.isFinite(trainLoss) && Number.isFinite(validationLoss) ? { trainLoss, validationLoss } : null;
}
