import { AppError } from '../../../shared/ipc/errors';
import type { ModelStrategyConfig } from '../../backtest/backtest-config';
import type { StrategyPairRef, StrategyProvider } from '../../backtest/strategy-factory';
import type { EpochDay } from '../../core/time/epoch-day';
import type { PairStrategy, StrategyInput, StrategyOutput } from '../../engine/strategy';
import { ZScoreStrategy } from '../../engine/zscore-strategy';
import { forecastsOf, type ModelForecastSet } from './model-forecast-task';
import type { DayForecast } from './walk-forward-forecasts';

/**
 * The model-driven pairs strategy: the z-score band rules propose entries and exits; an
 * entry is taken only when the model's forecast agrees with it (a long spread needs P(up)
 * at or above the threshold chosen in sample for that forecast's window, a short one below
 * it). Exits and stops stay the band rules', so a model can keep the desk out of a trade but
 * never hold it in one. A day without a forecast (outside every walk-forward test range)
 * enters nothing. Every entry carries the version's share of the risk budget (a canary's cap,
 * audit 4.2), which the sizing multiplies the equity by.
 */
export class ModelPairStrategy implements PairStrategy {
  readonly kind = 'model';
  readonly warmup: number;
  private readonly bands: ZScoreStrategy;

  constructor(
    config: ModelStrategyConfig,
    private readonly forecasts: ReadonlyMap<EpochDay, DayForecast>,
    private readonly riskShare = 1,
  ) {
    const { kind: _kind, modelId: _modelId, params: _params, ...bands } = config;
    this.bands = new ZScoreStrategy(bands);
    this.warmup = this.bands.warmup;
  }

  decide(input: StrategyInput): StrategyOutput {
    const proposed = this.bands.decide(input);
    if (proposed.kind !== 'enter') return proposed;
    const forecast = this.forecasts.get(input.day);
    if (forecast === undefined) return { kind: 'none', reason: 'missing_data', z: proposed.z };
    const up = forecast.probabilityUp >= forecast.threshold;
    const agrees = proposed.direction === 'long' ? up : !up;
    if (!agrees) return { kind: 'none', reason: 'model_veto', z: proposed.z };
    return this.riskShare === 1 ? proposed : { ...proposed, riskShare: this.riskShare };
  }
}

/**
 * The backtest's strategy provider for `kind: 'model'`: forecasts are computed before the
 * run (walk-forward retrained, out of sample) and keyed by model id and pair, since the
 * backtest loop is synchronous.
 */
export class ModelStrategyProvider implements StrategyProvider {
  private readonly byKey = new Map<string, { readonly forecasts: ReadonlyMap<EpochDay, DayForecast>; readonly riskShare: number }>();

  /** The provider of a backtest worker, from the forecast sets prepared off the main thread. */
  static fromForecastSets(sets: readonly ModelForecastSet[]): ModelStrategyProvider {
    const provider = new ModelStrategyProvider();
    for (const set of sets) provider.add(set.modelId, set, forecastsOf(set), set.riskShare);
    return provider;
  }

  add(modelId: string, pair: { readonly y: string; readonly x: string }, forecasts: ReadonlyMap<EpochDay, DayForecast>, riskShare = 1): void {
    if (!(riskShare >= 0 && riskShare <= 1)) throw new AppError('VALIDATION_FAILED', `model ${modelId}: risk share ${riskShare} is outside [0, 1].`, { modelId });
    this.byKey.set(keyOf(modelId, pair), { forecasts, riskShare });
  }

  create(request: { readonly pair: StrategyPairRef; readonly strategy: ModelStrategyConfig }): PairStrategy {
    const prepared = this.byKey.get(keyOf(request.strategy.modelId, request.pair));
    if (prepared === undefined) {
      throw new AppError('CONFIG_INVALID', `strategy.modelId: model "${request.strategy.modelId}" has no prepared forecasts for ${request.pair.y}/${request.pair.x}.`, { field: 'strategy.modelId' });
    }
    return new ModelPairStrategy(request.strategy, prepared.forecasts, prepared.riskShare);
  }
}

function keyOf(modelId: string, pair: { readonly y: string; readonly x: string }): string {
  return `${modelId}|${pair.y}/${pair.x}`;
}
