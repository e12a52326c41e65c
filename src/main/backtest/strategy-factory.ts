import { AppError } from '../../shared/ipc/errors';
import type { PairStrategy } from '../engine/strategy';
import { KalmanStrategy } from '../engine/kalman-strategy';
import { ZScoreStrategy } from '../engine/zscore-strategy';
import type { ModelStrategyConfig, StrategyConfig } from './backtest-config';

/**
 * The one place a strategy config becomes a PairStrategy. The backtest core builds the
 * z-score and Kalman strategies itself; a `kind: 'model'` strategy comes from an injected
 * StrategyProvider, so the core never loads a model (the model-lab area implements it).
 */

export interface StrategyPairRef {
  /** The pair's id in the run (`Y/X`, or `Y/X#index` for a repeated pair). */
  readonly id: string;
  readonly y: string;
  readonly x: string;
}

export interface StrategyProvider {
  /**
   * The PairStrategy of one pair for a model-driven config. Synchronous: the backtest loop is,
   * so a provider loads its models before the run (the service awaits that) and only builds
   * strategies here. A fresh instance per call (strategies keep per-pair state). An unknown
   * model is an AppError naming `strategy.modelId`.
   */
  create(request: { readonly pair: StrategyPairRef; readonly strategy: ModelStrategyConfig }): PairStrategy;
}

export function createPairStrategy(strategy: StrategyConfig, pair: StrategyPairRef, provider: StrategyProvider | undefined): PairStrategy {
  switch (strategy.kind) {
    case 'zscore':
      return new ZScoreStrategy(strategy);
    case 'kalman':
      return new KalmanStrategy(strategy);
    case 'model':
      if (provider === undefined) {
        throw new AppError('CONFIG_INVALID', `strategy.modelId: model strategy "${strategy.modelId}" needs a strategy provider (none was given to this run)`, { field: 'strategy.modelId' });
      }
      return provider.create({ pair, strategy });
    default: {
      const unhandled: never = strategy;
      throw new AppError('INTERNAL', `unhandled strategy kind ${JSON.stringify(unhandled)}`);
    }
  }
}
