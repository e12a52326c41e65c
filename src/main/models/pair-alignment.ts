import { AppError } from '../../shared/ipc/errors';
import type { CloseSeries } from '../core/market/series';

/** Two legs on one calendar: y is the dependent leg (the spread is log y − β·log x − α). */
export interface AlignedPair {
  readonly days: Int32Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  /** 1 where both legs have a real or carried-forward close; 0 where the row is unusable. */
  readonly usable: Uint8Array;
  /** Rows whose close was carried forward, for reporting. */
  readonly filledRows: number;
}

/**
 * Puts both legs on the union of their days. A missing close is carried forward for at
 * most `maxForwardFillRows` rows; a longer gap leaves NaN and marks the rows unusable.
 * Prices are never zero-filled (audit 4.3): a zero close would become −∞ in log space and
 * a fake crash in returns.
 */
export function alignPair(y: CloseSeries, x: CloseSeries, maxForwardFillRows: number): AlignedPair {
  checkSeries(y, 'y');
  checkSeries(x, 'x');
  const days: number[] = [];
  let iy = 0;
  let ix = 0;
  while (iy < y.days.length || ix < x.days.length) {
    const dy = iy < y.days.length ? (y.days[iy] as number) : Number.POSITIVE_INFINITY;
    const dx = ix < x.days.length ? (x.days[ix] as number) : Number.POSITIVE_INFINITY;
    const day = Math.min(dy, dx);
    days.push(day);
    if (dy === day) iy += 1;
    if (dx === day) ix += 1;
  }
  const yFilled = fillLeg(days, y, maxForwardFillRows);
  const xFilled = fillLeg(days, x, maxForwardFillRows);
  const usable = new Uint8Array(days.length);
  for (let row = 0; row < days.length; row += 1) {
    usable[row] = Number.isFinite(yFilled.values[row]) && Number.isFinite(xFilled.values[row]) ? 1 : 0;
  }
  return { days: Int32Array.from(days), y: yFilled.values, x: xFilled.values, usable, filledRows: yFilled.filled + xFilled.filled };
}

function fillLeg(days: readonly number[], series: CloseSeries, maxGap: number): { values: Float64Array; filled: number } {
  const values = new Float64Array(days.length).fill(Number.NaN);
  let source = 0;
  let last = Number.NaN;
  let gap = 0;
  let filled = 0;
  for (let row = 0; row < days.length; row += 1) {
    if (source < series.days.length && series.days[source] === days[row]) {
      const close = series.closes[source] as number;
      source += 1;
      if (Number.isFinite(close)) {
        values[row] = close;
        last = close;
        gap = 0;
        continue;
      }
    }
    gap += 1;
    // Only a gap after a real close, and no longer than allowed, is carried forward.
    if (Number.isFinite(last) && gap <= maxGap) {
      values[row] = last;
      filled += 1;
    }
  }
  return { values, filled };
}

function checkSeries(series: CloseSeries, leg: string): void {
  if (series.days.length !== series.closes.length) {
    throw new AppError('VALIDATION_FAILED', `Leg ${leg}: ${series.days.length} days but ${series.closes.length} closes.`, { leg });
  }
  for (let row = 0; row < series.days.length; row += 1) {
    if (row > 0 && (series.days[row] as number) <= (series.days[row - 1] as number)) {
      throw new AppError('VALIDATION_FAILED', `Leg ${leg}: days must be strictly ascending (row ${row}).`, { leg, row });
    }
    const close = series.closes[row] as number;
    if (Number.isFinite(close) && close <= 0) {
      throw new AppError('VALIDATION_FAILED', `Leg ${leg}: close ${close} on row ${row} is not positive.`, { leg, row });
    }
  }
}
