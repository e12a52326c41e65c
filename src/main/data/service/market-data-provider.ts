import type { Bar, Instrument } from '../../../shared/domain/market-data';
import type { CloseSeries } from '../../core/market/series';

/** Inclusive trading-date range, ISO `YYYY-MM-DD`; an absent end is open. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Where daily market data comes from. The local store implements it now; Schwab price
 * history and live quotes will implement the same port, so the scanner, charts and backtests
 * never know which one they are reading (house style: one engine, swappable edges).
 *
 * Every method is async because remote providers are. Unknown symbols reject with
 * AppError('NOT_FOUND'). Returned arrays are shared with the cache: treat them as read-only.
 */
export interface MarketDataProvider {
  /** A short name for logs and metrics, e.g. `local-store`. */
  readonly name: string;
  /** Daily bars of one symbol within the range, ascending by date. */
  getDailyBars(symbol: string, range: DateRange): Promise<readonly Bar[]>;
  /** One symbol's full daily close series, days as epoch days, ascending. */
  getCloses(symbol: string): Promise<CloseSeries>;
  /** Every instrument the provider knows, by symbol. */
  listInstruments(): Promise<readonly Instrument[]>;
}
