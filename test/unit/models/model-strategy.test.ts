import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/main/core/time/clock';
import { strategySchema, type ModelStrategyConfig } from '../../../src/main/backtest/backtest-config';
import { createPairStrategy } from '../../../src/main/backtest/strategy-factory';
import { ZScoreStrategy } from '../../../src/main/engine/zscore-strategy';
import type { PairPositionView } from '../../../src/main/engine/strategy';
import { walkForwardFolds } from '../../../src/main/models/data-splits';
import { predictLstm, trainLstm } from '../../../src/main/models/lstm-training';
import { modelLabConfigSchema } from '../../../src/main/models/model-config';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { ModelPairStrategy, ModelStrategyProvider } from '../../../src/main/models/strategy/model-pair-strategy';
import { walkForwardForecasts, type DayForecast } from '../../../src/main/models/strategy/walk-forward-forecasts';
import { syntheticPair } from '../../../src/main/models/synthetic-pair';
import { loadTfRuntime, type TfRuntime } from '../../../src/main/models/tf-backend';

const config = modelLabConfigSchema.parse({
  features: { window: 8, zScoreLookback: 5, volatilityLookback: 5 },
  model: { layers: [{ units: 4, dropout: 0.1 }] },
  training: { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 3 },
  walkForward: { folds: 2, testRows: 60, trainRows: 300 },
  evaluation: { thresholdCandidates: [0.45, 0.5, 0.55] },
});

let runtime: TfRuntime;
beforeAll(async () => {
  runtime = await loadTfRuntime();
});

const flat: PairPositionView = { side: 'flat', barsHeld: 0, entryHalfLife: Number.POSITIVE_INFINITY, pnlReturn: 0, peakPnlReturn: 0 };
const strategyConfig = strategySchema.parse({ kind: 'model', modelId: '1', lookback: 20, entry: 1.5, exit: 0.5, stop: 4 }) as ModelStrategyConfig;

describe('walk-forward forecasts for the model strategy', () => {
  it('forecasts only days inside a fold test range, each with a threshold chosen in sample from config', async () => {
    const { y, x } = syntheticPair({ rows: 500, seed: 4 });
    const pair = alignPair(y, x, 3);
    const clock = new ManualClock(0);
    const forecasts = await walkForwardForecasts(pair, config, (input) => trainLstm(input, { runtime, clock }), (model, weights, data) => predictLstm(runtime, model, weights, data));
    const folds = walkForwardFolds(pair.days.length, config.walkForward);
    expect(forecasts.size).toBeGreaterThan(0);
    for (const [day, forecast] of forecasts) {
      const row = pair.days.indexOf(day);
      const fold = folds[forecast.fold];
      expect(fold).toBeDefined();
      expect(row).toBeGreaterThanOrEqual(fold?.test.fromRow ?? Number.NaN);
      expect(row).toBeLessThanOrEqual(fold?.test.toRow ?? Number.NaN);
      expect(config.evaluation.thresholdCandidates).toContain(forecast.threshold);
      expect(forecast.probabilityUp).toBeGreaterThanOrEqual(0);
      expect(forecast.probabilityUp).toBeLessThanOrEqual(1);
    }
    const firstTest = folds[0]?.test.fromRow ?? 0;
    for (let row = 0; row < firstTest; row += 1) expect(forecasts.has(pair.days[row] as number)).toBe(false);
  });
});

describe('the model-driven pairs strategy', () => {
  const { y, x } = syntheticPair({ rows: 400, seed: 9 });
  const logY = Float64Array.from(y.closes, Math.log);
  const logX = Float64Array.from(x.closes, Math.log);
  const bands = new ZScoreStrategy({ lookback: 20, entry: 1.5, exit: 0.5, stop: 4 });
  const entries = Array.from({ length: 400 }, (_, row) => row)
    .filter((row) => row >= 20)
    .map((row) => ({ row, day: y.days[row] as number, decision: bands.decide({ day: y.days[row] as number, logY: logY.subarray(0, row + 1), logX: logX.subarray(0, row + 1), position: flat }) }))
    .filter((entry) => entry.decision.kind === 'enter');

  it('takes the band rule entry only when the forecast agrees, and vetoes it otherwise', () => {
    expect(entries.length).toBeGreaterThan(2);
    const agreeing = new Map<number, DayForecast>();
    const disagreeing = new Map<number, DayForecast>();
    for (const { day, decision } of entries) {
      const long = decision.kind === 'enter' && decision.direction === 'long';
      agreeing.set(day, { probabilityUp: long ? 0.7 : 0.3, threshold: 0.55, fold: 0 });
      disagreeing.set(day, { probabilityUp: long ? 0.3 : 0.7, threshold: 0.55, fold: 0 });
    }
    for (const { row, day, decision } of entries) {
      const input = { day, logY: logY.subarray(0, row + 1), logX: logX.subarray(0, row + 1), position: flat };
      expect(new ModelPairStrategy(strategyConfig, agreeing).decide(input)).toEqual(decision);
      expect(new ModelPairStrategy(strategyConfig, disagreeing).decide(input)).toMatchObject({ kind: 'none', reason: 'model_veto' });
      expect(new ModelPairStrategy(strategyConfig, new Map()).decide(input)).toMatchObject({ kind: 'none', reason: 'missing_data' });
    }
  });

  it('is what the backtest factory builds for kind model through the provider', () => {
    const provider = new ModelStrategyProvider();
    provider.add('1', { y: 'KO', x: 'PEP' }, new Map());
    expect(createPairStrategy(strategyConfig, { id: 'KO/PEP', y: 'KO', x: 'PEP' }, provider).kind).toBe('model');
    expect(() => createPairStrategy(strategyConfig, { id: 'A/B', y: 'A', x: 'B' }, provider)).toThrow(/strategy.modelId/);
  });
});
