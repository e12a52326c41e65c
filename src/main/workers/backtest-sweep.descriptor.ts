import type { CorporateAction } from '../backtest/aligned-market';
import type { SymbolBasisInput } from '../backtest/research/research-data';
import type { SweepAssignment } from '../backtest/sweep/sweep-space';
import type { SweepTrial } from '../backtest/sweep/sweep-run';
import { defineWorker } from './worker-descriptor';

/** One shard of a parameter sweep: a contiguous slice of the configurations, on the shared bars. */
export interface BacktestSweepInput {
  /** The backtest config input (the CLI's JSON) every configuration starts from. */
  readonly base: Readonly<Record<string, unknown>>;
  readonly assignments: readonly SweepAssignment[];
  /** The sweep index of assignments[0]. */
  readonly firstIndex: number;
  /** Corporate actions on the stored basis, per symbol (plain data; the bars are shared). */
  readonly actions?: readonly (readonly [string, readonly CorporateAction[]])[];
  readonly warnings?: readonly string[];
  /**
   * Per symbol its stored basis and known actions: when given, the worker rebuilds the
   * traded-basis converter from them (research-data.ts) and `actions`/`warnings` are ignored.
   */
  readonly basis?: readonly SymbolBasisInput[];
  /** Return each trial's fills too (checks against a single run; off for real sweeps). */
  readonly keepFills?: boolean;
}

export const backtestSweepWorker = defineWorker<BacktestSweepInput, readonly SweepTrial[], 'barSet'>({
  name: 'backtest-sweep',
  doc: 'Runs a slice of a parameter sweep through the backtest, one configuration after another, on the shared bars.',
  inputs: ['barSet'],
});
