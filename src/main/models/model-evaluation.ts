import { ar1Forecast, fitAr1, normalCdf, zeroChangeForecast, zScoreRuleForecast, type BaselineName } from './baselines';
import { unscaleTarget } from './feature-scaler';
import { reportForecast, type Forecast, type ForecastReport } from './forecast-metrics';
import type { ModelDataset } from './model-dataset';
import type { ModelTarget } from './model-config';
import type { SequenceSet } from './sequences';

export type ForecasterName = 'lstm' | BaselineName;

/** Every forecaster's out-of-sample scores on one set, the model beside its baselines. */
export type EvaluationReport = Readonly<Record<ForecasterName, ForecastReport>>;

/** The model's raw outputs on each set (scaled changes, or P(up) for a direction model). */
export interface ModelOutputs {
  readonly fit: Float32Array;
  readonly evaluated: Float32Array;
}

/**
 * Scores the model and the three baselines on `evaluated` (validation or test). Every
 * fitted piece — AR(1), the regression model's error scale, each forecaster's direction
 * threshold — comes from the fit set, so the evaluated set only ever gets scored.
 */
export function evaluateForecasters(dataset: ModelDataset, target: ModelTarget, outputs: ModelOutputs, evaluated: SequenceSet, thresholdCandidates: readonly number[]): EvaluationReport {
  const ar1 = fitAr1(dataset.table, dataset.split.fit);
  const fitForecasts = { lstm: modelForecast(dataset, target, outputs.fit, outputs.fit, dataset.fit), zeroChange: zeroChangeForecast(dataset.fit), ar1: ar1Forecast(dataset.fit, ar1), zScoreRule: zScoreRuleForecast(dataset.fit) };
  const evaluatedForecasts = {
    lstm: modelForecast(dataset, target, outputs.evaluated, outputs.fit, dataset.fit),
    zeroChange: zeroChangeForecast(evaluated),
    ar1: ar1Forecast(evaluated, ar1),
    zScoreRule: zScoreRuleForecast(evaluated),
  };
  const report = (name: ForecasterName): ForecastReport =>
    reportForecast({ forecast: fitForecasts[name], direction: dataset.fit.direction }, { forecast: evaluatedForecasts[name], direction: evaluated.direction, change: evaluated.change }, thresholdCandidates);
  return { lstm: report('lstm'), zeroChange: report('zeroChange'), ar1: report('ar1'), zScoreRule: report('zScoreRule') };
}

/**
 * A regression model's P(up) is Φ(change / σ) with σ its error on the fit set; a direction
 * model's output already is P(up) and it forecasts no size.
 */
export function modelForecast(dataset: ModelDataset, target: ModelTarget, outputs: Float32Array, fitOutputs: Float32Array, fit: SequenceSet): Forecast {
  switch (target) {
    case 'direction':
      return { change: null, probabilityUp: Float64Array.from(outputs) };
    case 'regression': {
      let squares = 0;
      for (let index = 0; index < fit.count; index += 1) squares += (unscaleTarget(dataset.scaler, fitOutputs[index] as number) - (fit.change[index] as number)) ** 2;
      const sigma = Math.sqrt(squares / Math.max(1, fit.count));
      const change = Float64Array.from(outputs, (value) => unscaleTarget(dataset.scaler, value));
      return { change, probabilityUp: change.map((value) => (sigma > 0 ? normalCdf(value / sigma) : 0.5)) };
    }
  }
}
