import type { EpochDay } from '../../core/time/epoch-day';
import { walkForwardFolds } from '../data-splits';
import { chooseThreshold } from '../forecast-metrics';
import type { ModelLabConfig } from '../model-config';
import { prepareDataset } from '../model-dataset';
import { modelForecast } from '../model-evaluation';
import { toSampleData } from '../model-experiment';
import type { AlignedPair } from '../pair-alignment';
import type { FoldPredictor, FoldTrainer } from '../walk-forward-experiment';

/** The model's view of the next day, made on the decision day from rows up to it only. */
export interface DayForecast {
  /** P(the spread rises tomorrow). */
  readonly probabilityUp: number;
  /** The direction threshold chosen on this forecast's own training window (audit 9.2). */
  readonly threshold: number;
  /** The walk-forward fold whose retrained model made it. */
  readonly fold: number;
}

/**
 * Out-of-sample forecasts for a model-driven backtest: the model is retrained on every
 * purged walk-forward fold (own hedge, scaler, early stopping) and forecasts only that
 * fold's test range, so every forecast the strategy sees comes from a model that never saw
 * its day. The direction threshold is chosen in sample, on the fold's fit rows, from
 * `evaluation.thresholdCandidates`. Keyed by the decision day (the sample's last row).
 */
export async function walkForwardForecasts(pair: AlignedPair, config: ModelLabConfig, train: FoldTrainer, predict: FoldPredictor): Promise<Map<EpochDay, DayForecast>> {
  const folds = walkForwardFolds(pair.days.length, config.walkForward);
  const target = config.model.target;
  const prepared = folds.map((fold) => ({ fold, dataset: prepareDataset(pair, fold, config.features) }));
  // All folds at once: the trainer (a worker pool) decides how many run in parallel.
  const trainings = await Promise.all(
    prepared.map(({ dataset }) => train({ model: config.model, training: config.training, fit: toSampleData(dataset.fit, target), validation: toSampleData(dataset.validation, target) })),
  );
  const forecasts = new Map<EpochDay, DayForecast>();
  prepared.forEach(({ dataset }, index) => {
    const weights = trainings[index]?.weights ?? [];
    const fitOutputs = predict(config.model, weights, toSampleData(dataset.fit, target));
    const testOutputs = predict(config.model, weights, toSampleData(dataset.test, target));
    const inSample = modelForecast(dataset, target, fitOutputs, fitOutputs, dataset.fit);
    const threshold = chooseThreshold(inSample.probabilityUp, dataset.fit.direction, config.evaluation.thresholdCandidates);
    const outOfSample = modelForecast(dataset, target, testOutputs, fitOutputs, dataset.fit);
    for (let sample = 0; sample < dataset.test.count; sample += 1) {
      const day = pair.days[dataset.test.endRow[sample] as number] as number;
      forecasts.set(day, { probabilityUp: outOfSample.probabilityUp[sample] as number, threshold, fold: index });
    }
  });
  return forecasts;
}
