import type { CloseSeries } from '../core/market/series';

/** Two close series restricted to the days both have a usable close. */
export interface AlignedPair {
  readonly days: Int32Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Common days kept. */
  readonly count: number;
  /** Days of each input left out: absent from the other series, or a non-finite close. */
  readonly droppedA: number;
  readonly droppedB: number;
}

/**
 * Aligns two ascending close series on their common days (a merge join). A non-finite close
 * counts as no close that day (a CloseMatrix marks a missing bar with NaN). The statistics
 * take equal-length arrays; this is where gaps and different lengths are resolved, and the
 * counts are what the caller reports.
 */
export function alignOnCommonDays(seriesA: CloseSeries, seriesB: CloseSeries): AlignedPair {
  const capacity = Math.min(seriesA.days.length, seriesB.days.length);
  const days = new Int32Array(capacity);
  const a = new Float64Array(capacity);
  const b = new Float64Array(capacity);
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < seriesA.days.length && j < seriesB.days.length) {
    const dayA = seriesA.days[i] as number;
    const dayB = seriesB.days[j] as number;
    if (dayA < dayB) i += 1;
    else if (dayB < dayA) j += 1;
    else {
      const closeA = seriesA.closes[i] as number;
      const closeB = seriesB.closes[j] as number;
      if (Number.isFinite(closeA) && Number.isFinite(closeB)) {
        days[count] = dayA;
        a[count] = closeA;
        b[count] = closeB;
        count += 1;
      }
      i += 1;
      j += 1;
    }
  }
  return {
    days: days.slice(0, count),
    a: a.slice(0, count),
    b: b.slice(0, count),
    count,
    droppedA: seriesA.days.length - count,
    droppedB: seriesB.days.length - count,
  };
}
