import type { EpochDay } from '../core/time/epoch-day';

/**
 * The strategy port. A strategy sees only the history up to and including the decision day
 * (the runner hands it subarrays ending at t, so a look-ahead is impossible by construction)
 * and returns either a decision or a no-decision with its reason; the runner counts every
 * reason (audit 6.1: no silent failures).
 */

export type SpreadSide = 'flat' | 'long' | 'short';

export interface PairPositionView {
  /** long = long y / short x (bought the spread); short = the reverse. */
  readonly side: SpreadSide;
  /** Trading days since the entry fill. */
  readonly barsHeld: number;
  /** The spread's half-life at entry, in bars (Infinity when not mean reverting). */
  readonly entryHalfLife: number;
  /**
   * The position's P&L since entry (realized + unrealized, at the decision close, before
   * costs) over its gross entry notional: the same measure for long and short spreads.
   */
  readonly pnlReturn: number;
  /** The highest pnlReturn seen at a close since entry. */
  readonly peakPnlReturn: number;
}

export interface StrategyInput {
  readonly day: EpochDay;
  /** log closes of y and x, oldest first, ending at the decision day (NaN where unknown). */
  readonly logY: Float64Array;
  readonly logX: Float64Array;
  readonly position: PairPositionView;
}

export type ExitReason = 'exit' | 'stop' | 'pnl_stop' | 'trailing_stop' | 'time_stop';

export type NoDecisionReason =
  | 'warmup'
  | 'missing_data'
  | 'leg_missing'
  | 'degenerate_window'
  | 'in_band'
  | 'holding'
  | 'cooldown_after_stop'
  /** A model-driven strategy's forecast disagreed with the band rule's entry. */
  | 'model_veto'
  | 'beyond_stop'
  | 'orders_working'
  | 'risk_denied'
  | 'size_zero'
  | 'halted'
  | 'last_day';

export interface EntryDecision {
  readonly kind: 'enter';
  readonly direction: 'long' | 'short';
  readonly z: number;
  readonly alpha: number;
  readonly beta: number;
  readonly halfLife: number;
  /** Std of daily spread changes over the window (log units), for volatility sizing. */
  readonly spreadVolatility: number;
  /** Std of the spread over the window (log units), for Kelly sizing. */
  readonly spreadStd: number;
  /**
   * The share of the risk budget this entry may use, in [0, 1]; 1 when absent. A canary
   * model's capped share (audit 4.2): the sizing multiplies the equity by it.
   */
  readonly riskShare?: number;
}

export interface ExitDecision {
  readonly kind: 'exit';
  readonly reason: ExitReason;
  readonly z: number;
}

export interface NoDecision {
  readonly kind: 'none';
  readonly reason: NoDecisionReason;
  readonly z?: number;
}

export type StrategyOutput = EntryDecision | ExitDecision | NoDecision;

export interface PairStrategy {
  readonly kind: string;
  /** Bars of history a decision needs. */
  readonly warmup: number;
  decide(input: StrategyInput): StrategyOutput;
}
