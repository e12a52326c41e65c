import type { AdjustmentBasis } from '../../../shared/domain/market-data';
import { AppError } from '../../../shared/ipc/errors';
import type { EpochDay } from '../../core/time/epoch-day';
import type { OhlcvColumns } from '../../core/market/series';
import {
  adjustmentFactors,
  priceFactor,
  volumeFactor,
  type AdjustmentFactors,
  type BasisAction,
  type BasisOptions,
  type BasisWarning,
} from './basis-factors';

/**
 * Moves one symbol's daily bars between price bases (raw, split-adjusted, split-and-dividend
 * adjusted) and gives the engine the as-traded price and share count for any adjusted one.
 * The maths and conventions are in basis-factors.ts; in short, with φ_b the price multiplier
 * from raw to basis b and ψ_b the volume multiplier,
 *     price_to = price_from · φ_to / φ_from,   volume_to = volume_from · ψ_to / ψ_from.
 * Open, high, low and close share one factor per day, so OHLC consistency is preserved.
 *
 * Why `{ series, warnings }` rather than a refusal when actions may be incomplete: every
 * conversion is well defined from the actions given (split ↔ raw needs only splits; a
 * conversion involving split_dividend also uses dividends, and "no dividend known" means
 * "none paid"). Whether a missing dividend history is acceptable depends on the use (a
 * chart, no; a total-return backtest, maybe not), so the caller gets the warning and decides.
 * What IS refused (AppError VALIDATION_FAILED): malformed actions, two actions of one kind and
 * source on one day, unordered days, and a dividend at or above the prior close (a basis
 * mix-up that would make prices negative).
 */

export type { AdjustmentFactors, BasisAction, BasisOptions, BasisWarning } from './basis-factors';
export { adjustmentFactors, priceFactor, volumeFactor } from './basis-factors';

/** A daily bar keyed by epoch day; extra fields pass through conversions untouched. */
export interface DailyBar {
  readonly day: EpochDay;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Columnar bars (BarsRepo.readStored, the importer's ColumnarSeries) of one symbol, ascending. */
export interface ColumnarBars {
  readonly days: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

export type ConvertedColumns = OhlcvColumns;

export interface BasisConversion<S> {
  readonly series: S;
  readonly warnings: readonly BasisWarning[];
}

/** `series` (on basis `from`) expressed on basis `to`, with warnings about the actions used. */
export function toBasis<T extends DailyBar>(series: readonly T[], actions: readonly BasisAction[], from: AdjustmentBasis, to: AdjustmentBasis, options?: BasisOptions): BasisConversion<T[]>;
export function toBasis(series: ColumnarBars, actions: readonly BasisAction[], from: AdjustmentBasis, to: AdjustmentBasis, options?: BasisOptions): BasisConversion<ConvertedColumns>;
export function toBasis<T extends DailyBar>(
  series: readonly T[] | ColumnarBars,
  actions: readonly BasisAction[],
  from: AdjustmentBasis,
  to: AdjustmentBasis,
  options: BasisOptions = {},
): BasisConversion<T[]> | BasisConversion<ConvertedColumns> {
  if (isBarArray(series)) {
    const columns = convertColumns(toColumns(series), actions, from, to, options);
    return {
      warnings: columns.warnings,
      series: series.map((bar, i) => ({
        ...bar,
        open: at(columns.series.open, i),
        high: at(columns.series.high, i),
        low: at(columns.series.low, i),
        close: at(columns.series.close, i),
        volume: at(columns.series.volume, i),
      })),
    };
  }
  return convertColumns(series, actions, from, to, options);
}

/**
 * Factors for a symbol from a series on `basis` (dividend factors are measured from its
 * closes); feed the result to tradedPrice / tradedShares / adjustedPrice.
 */
export function factorsFor(series: ColumnarBars | readonly DailyBar[], basis: AdjustmentBasis, actions: readonly BasisAction[], options: BasisOptions = {}): AdjustmentFactors {
  const columns = isBarArray(series) ? toColumns(series) : series;
  return adjustmentFactors({ days: columns.days, close: columns.close, basis }, actions, options);
}

/** The price actually traded on `day` for a price on `basis`: adjusted / φ_basis(day). */
export function tradedPrice(adjustedPrice: number, day: EpochDay, factors: AdjustmentFactors, basis: AdjustmentBasis): number {
  return adjustedPrice / priceFactor(factors, day, basis);
}

/** The inverse of tradedPrice: an as-traded price expressed on `basis`. */
export function adjustedPrice(traded: number, day: EpochDay, factors: AdjustmentFactors, basis: AdjustmentBasis): number {
  return traded * priceFactor(factors, day, basis);
}

/**
 * The as-traded share count for a position sized on `basis`: adjustedShares · φ_basis(day),
 * so that tradedPrice · tradedShares = adjustedPrice · adjustedShares (the notional, and so
 * per-share commissions and borrow, are computed on what was really traded). On the split
 * basis this is the share count the broker would have shown (700 adjusted AAPL shares in
 * 2013 were 100 real ones). On split_dividend it is the notional-preserving count, which is
 * not the split-only volume convention of the bars.
 */
export function tradedShares(adjustedShares: number, day: EpochDay, factors: AdjustmentFactors, basis: AdjustmentBasis): number {
  return adjustedShares * priceFactor(factors, day, basis);
}

function convertColumns(series: ColumnarBars, actions: readonly BasisAction[], from: AdjustmentBasis, to: AdjustmentBasis, options: BasisOptions): BasisConversion<ConvertedColumns> {
  const n = series.days.length;
  for (const column of [series.open, series.high, series.low, series.volume]) {
    if (column.length !== n) return lengthMismatch(n, column.length);
  }
  const factors = adjustmentFactors({ days: series.days, close: series.close, basis: from }, actions, options);
  const out: ConvertedColumns = {
    days: Int32Array.from(series.days),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const day = at(series.days, i);
    const price = from === to ? 1 : priceFactor(factors, day, to) / priceFactor(factors, day, from);
    const volume = from === to ? 1 : volumeFactor(factors, day, to) / volumeFactor(factors, day, from);
    out.open[i] = at(series.open, i) * price;
    out.high[i] = at(series.high, i) * price;
    out.low[i] = at(series.low, i) * price;
    out.close[i] = at(series.close, i) * price;
    out.volume[i] = at(series.volume, i) * volume;
  }
  const involvesDividends = from !== to && (from === 'split_dividend' || to === 'split_dividend');
  const involvesSplits = from !== to;
  const warnings = factors.warnings.filter((w) => {
    if (w.code === 'no_dividend_actions' || w.code === 'dividend_reference_estimated') return involvesDividends;
    return involvesSplits;
  });
  return { series: out, warnings };
}

function lengthMismatch(expected: number, actual: number): never {
  throw new AppError('VALIDATION_FAILED', `Columnar bars have ${expected} days but a column of ${actual} values`, { expected, actual });
}

function isBarArray<T extends DailyBar>(series: readonly T[] | ColumnarBars): series is readonly T[] {
  return Array.isArray(series);
}

function toColumns(bars: readonly DailyBar[]): ColumnarBars {
  return {
    days: bars.map((b) => b.day),
    open: bars.map((b) => b.open),
    high: bars.map((b) => b.high),
    low: bars.map((b) => b.low),
    close: bars.map((b) => b.close),
    volume: bars.map((b) => b.volume),
  };
}

function at(values: ArrayLike<number>, index: number): number {
  return values[index] ?? NaN;
}

/**
 * One symbol's closes (on `from`) expressed on `to`: what a close matrix for a requested
 * basis needs, without materialising OHLCV. The dividend factors are measured from the
 * given closes, so pass the FULL series and slice afterwards (a reference bar before an
 * ex-date may lie outside the range asked for).
 */
export function closesToBasis(
  series: { readonly days: Int32Array; readonly closes: Float64Array },
  actions: readonly BasisAction[],
  from: AdjustmentBasis,
  to: AdjustmentBasis,
  options: BasisOptions = {},
): BasisConversion<{ days: Int32Array; closes: Float64Array }> {
  if (from === to || series.days.length === 0) return { series: { days: series.days, closes: series.closes }, warnings: [] };
  const factors = adjustmentFactors({ days: series.days, close: series.closes, basis: from }, actions, options);
  const closes = new Float64Array(series.closes.length);
  for (let i = 0; i < closes.length; i++) {
    const day = at(series.days, i);
    closes[i] = at(series.closes, i) * (priceFactor(factors, day, to) / priceFactor(factors, day, from));
  }
  const involvesDividends = from === 'split_dividend' || to === 'split_dividend';
  const warnings = factors.warnings.filter((w) => involvesDividends || (w.code !== 'no_dividend_actions' && w.code !== 'dividend_reference_estimated'));
  return { series: { days: series.days, closes }, warnings };
}
