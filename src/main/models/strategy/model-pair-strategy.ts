import { AppError } from '../../../shared/ipc/errors';
import type { ModelStrategyConfig } from '../../backtest/backtest-config';
import type { StrategyPairRef, StrategyProvider } from '../../backtest/strategy-factory';
import type { EpochDay } from '../../core/time/epoch-day';
import type { PairStrategy, StrategyInput, StrategyOutput } from '../../engine/strategy';
import { ZScoreStrategy } from '../../engine/zscore-strategy';
import type { DayForecast } from './walk-forward-forecasts';

/**
 * The model-driven pairs strategy: the z-score band rules propose entries and exits; an
 * entry is taken only when the model's forecast agrees with it (a long spread needs P(up)
 * at or above the threshold chosen in sample for that forecast's window, a short one below
 * it). Exits and stops stay the band rules', so a model can keep the desk out of a trade but
 * never hold it in one. A day without a forecast (outside every walk-forward test range)
 * enters nothing.
 */
export class ModelPairStrategy implements PairStrategy {
  readonly kind = 'model';
  readonly warmup: number;
  private readonly bands: ZScoreStrategy;

  constructor(
    config: ModelStrategyConfig,
    private readonly forecasts: ReadonlyMap<EpochDay, DayForecast>,
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
    return agrees ? proposed : { kind: 'none', reason: 'model_veto', z: proposed.z };
  }
}

/**
 * The backtest's strategy provider for `kind: 'model'`: forecasts are computed before the
 * run (walk-forward retrained, out of sample) and keyed by model id and pair, since the
 * backtest loop is synchronous.
 */
export class ModelStrategyProvider implements StrategyProvider {
  private readonly byKey = new Map<string, ReadonlyMap<EpochDay, DayForecast>>();

  add(modelId: string, pair: { readonly y: string; readonly x: string }, forecasts: ReadonlyMap<EpochDay, DayForecast>): void {
    this.byKey.set(keyOf(modelId, pair), forecasts);
  }

  create(request: { readonly pair: StrategyPairRef; readonly strategy: ModelStrategyConfig }): PairStrategy {
    const forecasts = this.byKey.get(keyOf(request.strategy.modelId, request.pair));
    if (forecasts === undefined) {
      throw new AppError('CONFIG_INVALID', `strategy.modelId: model "${request.strategy.modelId}" has no prepared forecasts for ${request.pair.y}/${request.pair.x}.`, { field: 'strategy.modelId' });
    }
    return new ModelPairStrategy(request.strategy, forecasts);
  }
}

function keyOf(modelId: string, pair: { readonly y: string; readonly x: string }): string {
  return `${modelId}|${pair.y}/${pair.x}`;
}
