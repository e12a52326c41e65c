import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import type { StrategyProvider } from '../../../src/main/backtest/strategy-factory';
import { ScriptedStrategy } from './scripted-strategy';
import { cointegratedPair, weekdays } from './market-fixtures';

const days = weekdays('2015-01-05', 30);
const pair = cointegratedPair(days, 7);
const data = { bars: new Map([['YY', pair.y], ['XX', pair.x]]) };
const base = { pairs: [{ y: 'YY', x: 'XX' }], from: '2015-01-05', to: '2015-02-13', capital: 100_000, costs: 'none' as const };

describe('strategy kinds', () => {
  it('parses each kind with its defaults and refuses an unknown kind naming strategy.kind', () => {
    expect(parseBacktestConfig({ ...base, strategy: { kind: 'zscore' } }).strategy).toMatchObject({ kind: 'zscore', lookback: 60, entry: 2, exit: 0.5, stop: 4 });
    expect(parseBacktestConfig({ ...base, strategy: { kind: 'kalman' } }).strategy).toMatchObject({ kind: 'kalman', delta: 1e-7, observationVariance: 'auto', zSource: 'innovation', lookback: 60 });
    expect(parseBacktestConfig({ ...base, strategy: { kind: 'model', modelId: 'm1' } }).strategy).toMatchObject({ kind: 'model', modelId: 'm1', params: {} });
    expect(() => parseBacktestConfig({ ...base, strategy: { kind: 'lstm' } })).toThrow(/strategy\.kind/);
    expect(() => parseBacktestConfig({ ...base, strategy: { kind: 'model', modelId: '' } })).toThrow(/strategy\.modelId/);
    expect(() => parseBacktestConfig({ ...base, strategy: { kind: 'kalman', delta: 1 } })).toThrow(/strategy\.delta/);
    expect(() => parseBacktestConfig({ ...base, strategy: { kind: 'kalman', entry: 0.4, exit: 0.5 } })).toThrow(/strategy\.entry/);
  });

  it('a model strategy without a provider is refused naming strategy.modelId', () => {
    const config = parseBacktestConfig({ ...base, strategy: { kind: 'model', modelId: 'lstm-v3', lookback: 5, entry: 1, exit: 0.2, stop: 3 } });
    expect(() => runBacktest(config, data)).toThrow(/strategy\.modelId: model strategy "lstm-v3" needs a strategy provider/);
  });

  it('a model strategy comes from the injected provider, one fresh instance per pair, and drives the run', () => {
    const config = parseBacktestConfig({ ...base, strategy: { kind: 'model', modelId: 'lstm-v3', lookback: 5, entry: 1, exit: 0.2, stop: 3, params: { threshold: 0.55 } } });
    const requests: unknown[] = [];
    const strategies: ScriptedStrategy[] = [];
    const provider: StrategyProvider = {
      create: (request) => {
        requests.push(request);
        const strategy = new ScriptedStrategy(new Map([[days[3] as number, { enter: 'long' as const }]]));
        strategies.push(strategy);
        return strategy;
      },
    };
    const result = runBacktest(config, data, { strategyProvider: provider });
    expect(requests).toEqual([{ pair: { id: 'YY/XX', y: 'YY', x: 'XX' }, strategy: config.strategy }]);
    expect(strategies[0]?.seen.length).toBeGreaterThan(0);
    expect(result.decisionCounts['enter_long']).toBe(1);
    expect(result.fills.length).toBe(2);
  });
});
