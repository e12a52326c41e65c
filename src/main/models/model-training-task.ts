import { AppError } from '../../shared/ipc/errors';
import type { ModelTrainInput, ModelTrainOutput } from '../workers/model-train.descriptor';
import { chronologicalSplit } from './data-splits';
import { unscaleTarget } from './feature-scaler';
import { predictLstm } from './lstm-training';
import { buildArtifact, serializeArtifact } from './model-artifact';
import { runExperiment, toSampleData, type ExperimentOptions } from './model-experiment';
import { alignPair } from './pair-alignment';
import { registryMetrics } from './registry/registry-metrics';

/**
 * The body of a training job, the same in a worker thread and in-process (the CLI, tests):
 * align the legs (bounded forward fill, never zero-filled), split chronologically with purge
 * and embargo, run one honest experiment, and return the artifact's bytes with the metrics
 * beside the baselines and the test window's forecasts against what happened.
 */
export async function runModelTraining(input: ModelTrainInput, options: ExperimentOptions): Promise<ModelTrainOutput> {
  const { config } = input;
  const pair = alignPair({ days: input.y.days, closes: input.y.closes }, { days: input.x.days, closes: input.x.closes }, config.features.maxForwardFillRows);
  const rows = pair.days.length;
  const needed = config.features.window * 4;
  if (rows < needed) throw new AppError('VALIDATION_FAILED', `${input.y.symbol}/${input.x.symbol} has ${rows} aligned rows; a window of ${config.features.window} needs at least ${needed}.`, { rows, window: config.features.window });
  const split = chronologicalSplit(rows, config.split);
  const result = await runExperiment(pair, split, config, { ...options, clock: { now: () => input.createdAtMs } });
  const artifact = await buildArtifact(options.runtime, result.training.weights, result.metadata);
  const target = config.model.target;
  const outputs = predictLstm(options.runtime, config.model, result.training.weights, toSampleData(result.dataset.test, target));
  const test = result.dataset.test;
  const days = Int32Array.from(test.endRow, (row) => pair.days[Math.min(rows - 1, row + 1)] as number);
  const predicted = Float64Array.from(outputs, (value) => (target === 'regression' ? unscaleTarget(result.dataset.scaler, value) : value));
  const actual = target === 'regression' ? Float64Array.from(test.change) : Float64Array.from(test.direction);
  return {
    artifact: serializeArtifact(artifact),
    metrics: registryMetrics(result),
    trainLoss: result.training.trainLoss,
    validationLoss: result.training.validationLoss,
    epochMs: result.training.epochMs,
    bestEpoch: result.training.bestEpoch,
    stoppedEarly: result.training.stoppedEarly,
    backendDetail: options.runtime.detail,
    test: { days, predicted, actual },
    rows,
    firstDay: pair.days[0] ?? 0,
    lastDay: pair.days[rows - 1] ?? 0,
  };
}
