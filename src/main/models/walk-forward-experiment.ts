import { AppError } from '../../shared/ipc/errors';
import { walkForwardFolds, type WalkForwardFold } from './data-splits';
import type { SampleData } from './lstm-batches';
import type { TrainLstmInput, TrainLstmResult } from './lstm-training';
import type { LstmConfig, ModelLabConfig } from './model-config';
import { prepareDataset } from './model-dataset';
import { evaluateForecasters, type EvaluationReport } from './model-evaluation';
import { toSampleData } from './model-experiment';
import type { AlignedPair } from './pair-alignment';
import type { RowRange } from './sequences';

/**
 * How folds get trained: in-thread with trainLstm, or as train.worker jobs on a pool so
 * independent folds run on both cores. Plain data in and out either way.
 */
export type FoldTrainer = (input: TrainLstmInput) => Promise<TrainLstmResult>;
export type FoldPredictor = (model: LstmConfig, weights: readonly Float32Array[], data: Omit<SampleData, 'targets'>) => Float32Array;

export interface FoldOutcome {
  readonly fold: WalkForwardFold;
  readonly training: TrainLstmResult;
  /** The model and its baselines on the fold's test range (out of sample). */
  readonly test: EvaluationReport;
}

/**
 * Retrains on every walk-forward fold of rows 0…rows−1 (each with its own hedge, scaler
 * and early stopping) and scores each on its own test range. All folds are started at
 * once; the trainer decides how many run in parallel.
 */
export async function runWalkForward(pair: AlignedPair, rows: number, config: ModelLabConfig, train: FoldTrainer, predict: FoldPredictor): Promise<FoldOutcome[]> {
  const folds = walkForwardFolds(rows, config.walkForward);
  const target = config.model.target;
  const prepared = folds.map((fold) => ({ fold, dataset: prepareDataset(pair, fold, config.features) }));
  const trainings = await Promise.all(
    prepared.map(({ dataset }) => train({ model: config.model, training: config.training, fit: toSampleData(dataset.fit, target), validation: toSampleData(dataset.validation, target) })),
  );
  return prepared.map(({ fold, dataset }, index) => {
    const training = trainings[index] as TrainLstmResult;
    const run = (set: typeof dataset.fit): Float32Array => predict(config.model, training.weights, toSampleData(set, target));
    const test = evaluateForecasters(dataset, target, { fit: run(dataset.fit), evaluated: run(dataset.test) }, dataset.test, config.evaluation.thresholdCandidates);
    return { fold, training, test };
  });
}

export interface CandidateScore {
  readonly candidate: number;
  /** Mean over folds of the model's test MSE (regression) or log-loss (direction). */
  readonly score: number;
}

/**
 * Chooses among model configs by purged walk-forward folds over the rows before the
 * held-out range only (audit 4.1), so the held-out range can report an honest result for
 * the chosen one: no row at or after `holdout.fromRow − purge − embargo` is ever used.
 */
export async function selectModel(
  pair: AlignedPair,
  holdout: RowRange,
  base: ModelLabConfig,
  candidates: readonly LstmConfig[],
  train: FoldTrainer,
  predict: FoldPredictor,
): Promise<{ chosen: number; scores: CandidateScore[] }> {
  if (candidates.length === 0) throw new AppError('VALIDATION_FAILED', 'Model selection needs at least one candidate.');
  const rows = holdout.fromRow - base.walkForward.purgeRows - base.walkForward.embargoRows;
  const scores: CandidateScore[] = [];
  for (const [candidate, model] of candidates.entries()) {
    const outcomes = await runWalkForward(pair, rows, { ...base, model }, train, predict);
    const perFold = outcomes.map(({ test }) => (model.target === 'regression' ? (test.lstm.regression?.mse ?? Number.NaN) : test.lstm.direction.logLoss));
    scores.push({ candidate, score: perFold.reduce((sum, value) => sum + value, 0) / perFold.length });
  }
  const chosen = scores.reduce((best, entry) => (entry.score < best.score ? entry : best), scores[0] as CandidateScore).candidate;
  return { chosen, scores };
}
