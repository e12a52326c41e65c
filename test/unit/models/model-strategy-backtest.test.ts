import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { ManualClock } from '../../../src/main/core/time/clock';
import { formatIsoDate } from '../../../src/main/core/time/epoch-day';
import { predictLstm, trainLstm } from '../../../src/main/models/lstm-training';
import { modelLabConfigSchema } from '../../../src/main/models/model-config';
import { alignPair } from '../../../src/main/models/pair-alignment';
import { ModelStrategyProvider } from '../../../src/main/models/strategy/model-pair-strategy';
import { walkForwardForecasts } from '../../../src/main/models/strategy/walk-forward-forecasts';
import { loadTfRuntime } from '../../../src/main/models/tf-backend';
import { cointegratedPair, weekdays } from '../backtest/market-fixtures';

describe('the model strategy in a backtest', () => {
  it('runs through the backtest strategy hook on walk-forward forecasts and enters only on days a retrained model forecast', { timeout: 120_000 }, async () => {
    const runtime = await loadTfRuntime();
    const days = weekdays('2013-01-07', 560);
    const bars = cointegratedPair(days, 3, { noise: 0.02 });
    const lab = modelLabConfigSchema.parse({
      features: { window: 8, zScoreLookback: 10, volatilityLookback: 10 },
      model: { layers: [{ units: 4, dropout: 0 }] },
      training: { epochs: 2, batchSize: 64, learningRate: 0.01, seed: 1 },
      walkForward: { folds: 2, testRows: 100, trainRows: 300 },
    });
    const pair = alignPair({ days: bars.y.days, closes: bars.y.close }, { days: bars.x.days, closes: bars.x.close }, 3);
    const clock = new ManualClock(0);
    const forecasts = await walkForwardForecasts(pair, lab, (input) => trainLstm(input, { runtime, clock }), (model, weights, data) => predictLstm(runtime, model, weights, data));
    const provider = new ModelStrategyProvider();
    provider.add('7', { y: 'YY', x: 'XX' }, forecasts);

    const config = parseBacktestConfig({
      pairs: [{ y: 'YY', x: 'XX' }],
      from: formatIsoDate(days[0] as number),
      to: formatIsoDate(days.at(-1) as number),
      capital: 100_000,
      costs: 'none',
      strategy: { kind: 'model', modelId: '7', lookback: 20, entry: 1.5, exit: 0.3, stop: 4 },
    });
    const result = runBacktest(config, { bars: new Map([['YY', bars.y], ['XX', bars.x]]) }, { strategyProvider: provider });
    // Before the first walk-forward test range there is no forecast, so no entry is taken.
    expect(result.noDecisionCounts['missing_data'] ?? 0).toBeGreaterThan(0);
    const entryDays = new Set(result.fills.filter((fill) => fill.leg === 'y').map((fill) => fill.signalDay));
    const firstForecast = Math.min(...forecasts.keys());
    for (const day of entryDays) expect(day).toBeGreaterThanOrEqual(firstForecast);
    // The model both lets entries through and vetoes some (the band rules alone would have taken them).
    expect(result.noDecisionCounts['model_veto'] ?? 0).toBeGreaterThan(0);
    expect((result.decisionCounts['enter_long'] ?? 0) + (result.decisionCounts['enter_short'] ?? 0)).toBeGreaterThan(0);
  });
});
