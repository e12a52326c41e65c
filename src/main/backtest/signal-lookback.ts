import type { BacktestConfig } from './backtest-config';

/**
 * The strategy's rolling window in bars. Read through an optional field so that a strategy
 * kind without a `lookback` (the config's strategy union is owned by the strategies) falls back
 * to the z-score default rather than breaking the loader.
 */
export function signalLookback(config: BacktestConfig): number {
  const strategy: { readonly lookback?: number } = config.strategy;
  return strategy.lookback ?? 60;
}
