import type { OhlcvColumns } from '../../core/market/series';
import type { EpochDay } from '../../core/time/epoch-day';
import { pairAt, pairCount } from '../../scanner/core/pair-shards';
import { Field, PAIR_FIELDS, scanShard, type ScanMatrix } from '../../scanner/core/scan-shard';

/**
 * The formation step of a walk-forward window: re-scan the candidate universe with the
 * scanner's own statistics (scanner/core/scan-shard.ts: Engle-Granger both ways, half-life,
 * return correlation) on the formation days ONLY, and rank the pairs. The matrix holds the
 * formation days on which every candidate has a finite, positive close (log prices), so no
 * value after the window's last day can enter. A pair's direction is the one with the lower
 * p-value; pairs pass when p ≤ maxPValue and the half-life lies in [minHalfLife, maxHalfLife];
 * they are ranked by p-value, then by the scanner's pair order (deterministic ties).
 */

export interface FormationSelection {
  readonly topN: number;
  readonly maxPValue: number;
  readonly minHalfLife: number;
  readonly maxHalfLife: number;
}

export interface RankedPair {
  readonly y: string;
  readonly x: string;
  readonly pValue: number;
  readonly beta: number;
  readonly halfLife: number;
  readonly correlation: number;
}

export interface FormationScan {
  /** Days of the formation window every candidate traded on (the matrix's days). */
  readonly days: number;
  readonly candidates: number;
  readonly tested: number;
  readonly passed: number;
  readonly chosen: readonly RankedPair[];
}

/** Index of the first day ≥ `day` (binary search over ascending days). */
export function lowerBound(days: Int32Array, day: EpochDay): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as number) < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function formationScan(bars: ReadonlyMap<string, OhlcvColumns>, universe: readonly string[], from: EpochDay, to: EpochDay, selection: FormationSelection): FormationScan {
  const symbols = universe.filter((symbol) => bars.has(symbol));
  // Day → close per symbol, only inside [from, to].
  const closesByDay = new Map<number, Float64Array>();
  symbols.forEach((symbol, s) => {
    const series = bars.get(symbol);
    if (series === undefined) return;
    for (let i = lowerBound(series.days, from); i < series.days.length && (series.days[i] as number) <= to; i++) {
      const day = series.days[i] as number;
      let row = closesByDay.get(day);
      if (row === undefined) {
        row = new Float64Array(symbols.length).fill(Number.NaN);
        closesByDay.set(day, row);
      }
      row[s] = series.close[i] as number;
    }
  });
  const complete = [...closesByDay.entries()].filter(([, row]) => row.every((close) => Number.isFinite(close) && close > 0)).sort((a, b) => a[0] - b[0]);
  const dayCount = complete.length;
  const values = new Float64Array(symbols.length * dayCount);
  complete.forEach(([, row], t) => {
    for (let s = 0; s < symbols.length; s++) values[s * dayCount + t] = Math.log(row[s] as number);
  });
  const matrix: ScanMatrix = { values, symbols: symbols.length, days: dayCount, transform: 'log' };
  const total = pairCount(symbols.length);
  if (total === 0 || dayCount < 3) return { days: dayCount, candidates: symbols.length, tested: 0, passed: 0, chosen: [] };
  const rows = scanShard(matrix, { index: 0, start: 0, end: total });
  const passing: (RankedPair & { readonly order: number })[] = [];
  let tested = 0;
  for (let k = 0; k < total; k++) {
    const row = k * PAIR_FIELDS;
    if (rows[row + Field.failure] !== 0) continue;
    tested++;
    const [i, j] = pairAt(symbols.length, k);
    const forward = (rows[row + Field.pForward] as number) <= (rows[row + Field.pReverse] as number);
    const pValue = rows[row + (forward ? Field.pForward : Field.pReverse)] as number;
    const halfLife = rows[row + Field.halfLife] as number;
    if (!(pValue <= selection.maxPValue) || !(halfLife >= selection.minHalfLife && halfLife <= selection.maxHalfLife)) continue;
    passing.push({
      y: symbols[forward ? i : j] as string,
      x: symbols[forward ? j : i] as string,
      pValue,
      beta: rows[row + (forward ? Field.betaForward : Field.betaReverse)] as number,
      halfLife,
      correlation: rows[row + Field.correlation] as number,
      order: k,
    });
  }
  passing.sort((a, b) => a.pValue - b.pValue || a.order - b.order);
  const chosen = passing.slice(0, selection.topN).map(({ order: _order, ...pair }) => pair);
  return { days: dayCount, candidates: symbols.length, tested, passed: passing.length, chosen };
}
