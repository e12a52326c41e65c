import type { EpochDay } from '../time/epoch-day';

/**
 * Columnar market series shared by every area (data, scanner, engine, models). Columns are
 * typed arrays so a series crosses a worker boundary without per-row objects, and days are
 * epoch days (see core/time/epoch-day.ts).
 */

/** One symbol's daily bars as columns, ascending by day (the compact form used in bulk). */
export interface OhlcvColumns {
  readonly days: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/** One symbol's closes, ascending by day. */
export interface CloseSeries {
  readonly days: Int32Array;
  readonly closes: Float64Array;
}

/** Row-major days × symbols; NaN where a symbol has no bar on a day. */
export interface CloseMatrix {
  readonly symbols: string[];
  /** The union of the symbols' trading days in the range, ascending. */
  readonly days: Int32Array;
  readonly closes: Float64Array;
}

/** An inclusive range of epoch days; an absent end is open. */
export interface DayRange {
  readonly from?: EpochDay;
  readonly to?: EpochDay;
}
