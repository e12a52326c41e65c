import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import type { InstrumentRecord } from '../../core/market/market-records';
import type { CloseMatrix, CloseSeries, DayRange, OhlcvColumns } from '../../core/market/series';

/** Why a converted series may not be what the consumer assumes (see actions/basis-factors.ts). */
export interface SeriesWarning {
  readonly symbol: string;
  readonly code: string;
  readonly message: string;
}

export interface SeriesRequest {
  readonly symbol: string;
  readonly range?: DayRange;
  /** The basis to serve; absent: the stored series' own basis. */
  readonly basis?: AdjustmentBasis;
}

/** One symbol's bars on a stated basis. */
export interface BasisSeries extends OhlcvColumns {
  readonly symbol: string;
  readonly basis: AdjustmentBasis;
  readonly warnings: readonly SeriesWarning[];
}

export interface CloseMatrixRequest {
  /** An explicit list keeps its order; 'all' is every instrument with bars, in symbol order. */
  readonly symbols: readonly string[] | 'all';
  readonly range?: DayRange;
  /** Every column is converted to this basis with the symbol's corporate actions. */
  readonly basis: AdjustmentBasis;
}

/** Closes aligned on the union of the symbols' days, all on one basis. */
export interface BasisCloseMatrix extends CloseMatrix {
  readonly basis: AdjustmentBasis;
  readonly warnings: readonly SeriesWarning[];
}

/**
 * Where daily market data comes from. The local store implements it now; Schwab price
 * history will implement the same port, so the scanner, charts and backtests never know
 * which one they are reading (house style: one engine, swappable edges). Consumers ask for
 * the basis they need (the scanner split-adjusted closes, a total-return backtest
 * split_dividend); the provider converts with the corporate actions.
 *
 * Domain types only: epoch days and typed arrays. Every method is async because remote
 * providers are. Unknown symbols reject with AppError('NOT_FOUND'). Returned arrays are
 * shared with the cache: treat them as read-only.
 */
export interface MarketDataProvider {
  /** A short name for logs and metrics, e.g. `local-store`. */
  readonly name: string;
  /** Daily bars of one symbol within the range, ascending, on the requested basis. */
  getSeries(request: SeriesRequest): Promise<BasisSeries>;
  /** One symbol's full daily close series on its stored basis, ascending. */
  getCloses(symbol: string): Promise<CloseSeries>;
  /** Many symbols' closes aligned on one day axis, on one basis. */
  getCloseMatrix(request: CloseMatrixRequest): Promise<BasisCloseMatrix>;
  /** Every instrument the provider knows, by symbol. */
  listInstruments(): Promise<readonly InstrumentRecord[]>;
}
