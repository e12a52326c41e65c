import type { CorporateAction } from '../backtest/aligned-market';
import type { WalkForwardReport, WalkForwardSpecInput } from '../backtest/walk-forward/walk-forward';
import type { SymbolBasisInput } from '../backtest/research/research-data';
import { defineWorker } from './worker-descriptor';

/** A whole walk-forward validation as one task on the shared bars of its universe. */
export interface BacktestWalkForwardInput {
  /** The backtest config input every window starts from (its pairs are replaced per window). */
  readonly base: Readonly<Record<string, unknown>>;
  readonly spec: WalkForwardSpecInput;
  readonly actions?: readonly (readonly [string, readonly CorporateAction[]])[];
  readonly warnings?: readonly string[];
  /** As in a sweep shard: the plain data the worker rebuilds the traded basis from. */
  readonly basis?: readonly SymbolBasisInput[];
}

export const backtestWalkForwardWorker = defineWorker<BacktestWalkForwardInput, WalkForwardReport, 'barSet'>({
  name: 'backtest-walk-forward',
  doc: 'Runs a walk-forward validation (formation re-scan, in-sample grid, out-of-sample trading per window) on the shared bars.',
  inputs: ['barSet'],
});
