import type { CloseMatrix, CloseSeries } from './series';

/** Pure helpers over close series: range slicing and alignment into a days × symbols matrix. */

export const MIN_DAY = -2_147_483_648;
export const MAX_DAY = 2_147_483_647;
const minDay = MIN_DAY;
const maxDay = MAX_DAY;

/** First index whose day is >= target (days ascending). */
export function lowerBound(days: Int32Array, target: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] ?? maxDay) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sliceSeries(series: CloseSeries, from: number, to: number): CloseSeries {
  const start = lowerBound(series.days, from);
  const end = to >= maxDay ? series.days.length : lowerBound(series.days, to + 1);
  return { days: series.days.subarray(start, end), closes: series.closes.subarray(start, end) };
}

/**
 * Aligns sorted series on the union of their days. Days are marked in a bitmap over the
 * covered span (a few thousand days), which is linear and allocation-light for 505 symbols.
 */
export function alignCloses(symbols: string[], series: readonly CloseSeries[]): CloseMatrix {
  let lo = maxDay;
  let hi = minDay;
  for (const s of series) {
    const first = s.days[0];
    const last = s.days[s.days.length - 1];
    if (first !== undefined && first < lo) lo = first;
    if (last !== undefined && last > hi) hi = last;
  }
  if (lo > hi) return { symbols, days: new Int32Array(0), closes: new Float64Array(0) };

  const span = hi - lo + 1;
  const present = new Uint8Array(span);
  for (const s of series) for (const day of s.days) present[day - lo] = 1;
  const rowOfDay = new Int32Array(span);
  let rows = 0;
  for (let k = 0; k < span; k += 1) if (present[k] === 1) rowOfDay[k] = rows++;
  const days = new Int32Array(rows);
  for (let k = 0; k < span; k += 1) if (present[k] === 1) days[rowOfDay[k] ?? 0] = lo + k;

  const width = symbols.length;
  const closes = new Float64Array(rows * width).fill(Number.NaN);
  series.forEach((s, column) => {
    for (let i = 0; i < s.days.length; i += 1) {
      const row = rowOfDay[(s.days[i] ?? lo) - lo] ?? 0;
      closes[row * width + column] = s.closes[i] ?? Number.NaN;
    }
  });
  return { symbols, days, closes };
}
