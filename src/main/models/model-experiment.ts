import type { Clock } from '../core/time/clock';
import type { DataSplit } from './data-splits';
import type { SampleData } from './lstm-batches';
import { predictLstm, trainLstm, type EpochProgress, type TrainLstmResult } from './lstm-training';
import type { ModelArtifactMetadata } from './model-artifact';
import type { ModelLabConfig, ModelTarget } from './model-config';
import { prepareDataset, type ModelDataset } from './model-dataset';
import { evaluateForecasters, type EvaluationReport } from './model-evaluation';
import type { AlignedPair } from './pair-alignment';
import type { SequenceSet } from './sequences';
import { featureNames } from './spread-features';
import type { TfRuntime } from './tf-backend';

export interface ExperimentResult {
  readonly training: TrainLstmResult;
  readonly metadata: ModelArtifactMetadata;
  readonly validation: EvaluationReport;
  readonly test: EvaluationReport;
  readonly dataset: ModelDataset;
}

export interface ExperimentOptions {
  readonly runtime: TfRuntime;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onEpoch?: (progress: EpochProgress) => void;
  /** Passed to the training loop so a worker's cancel lands between batches. */
  readonly yieldToEventLoop?: () => Promise<void>;
}

/** A sequence set as training samples for the configured target. */
export function toSampleData(set: SequenceSet, target: ModelTarget): SampleData {
  return {
    count: set.count,
    window: set.window,
    features: set.features,
    inputs: set.inputs,
    targets: target === 'regression' ? set.scaledChange : Float32Array.from(set.direction),
  };
}

/**
 * One honest run on one split: fit hedge and scaler on the fit rows, train with early
 * stopping on validation, then score the model and its baselines on validation and test.
 */
export async function runExperiment(pair: AlignedPair, split: DataSplit, config: ModelLabConfig, options: ExperimentOptions): Promise<ExperimentResult> {
  const dataset = prepareDataset(pair, split, config.features);
  const target = config.model.target;
  const training = await trainLstm(
    { model: config.model, training: config.training, fit: toSampleData(dataset.fit, target), validation: toSampleData(dataset.validation, target) },
    { runtime: options.runtime, clock: options.clock, ...(options.signal ? { signal: options.signal } : {}), ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
      ...(options.yieldToEventLoop ? { yieldToEventLoop: options.yieldToEventLoop } : {}),
    },
  );
  const predict = (set: SequenceSet): Float32Array => predictLstm(options.runtime, config.model, training.weights, toSampleData(set, target));
  const fitOutputs = predict(dataset.fit);
  const metadata: ModelArtifactMetadata = {
    formatVersion: 1,
    createdAtMs: options.clock.now(),
    backend: options.runtime.backend,
    featureNames: [...featureNames],
    features: config.features,
    model: config.model,
    training: config.training,
    hedge: dataset.hedge,
    scaler: dataset.scaler,
    windows: { fit: split.fit, validation: split.validation, test: split.test },
    bestEpoch: training.bestEpoch,
  };
  const candidates = config.evaluation.thresholdCandidates;
  return {
    training,
    metadata,
    validation: evaluateForecasters(dataset, target, { fit: fitOutputs, evaluated: predict(dataset.validation) }, dataset.validation, candidates),
    test: evaluateForecasters(dataset, target, { fit: fitOutputs, evaluated: predict(dataset.test) }, dataset.test, candidates),
    dataset,
  };
}
