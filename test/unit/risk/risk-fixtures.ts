import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { alignCloses } from '../../../src/main/core/market/close-matrix';
import type { CloseMatrix } from '../../../src/main/core/market/series';

/**
 * The hand-worked book the golden tests share. Days are real trading days around
 * 24 Aug 2015 so that scenario replays on row 3.
 *   row  day         A      B     C
 *   0    2015-08-19  100    50    10
 *   1    2015-08-20  110    50    10    rA +0.10  rB  0
 *   2    2015-08-21   99    55    10    rA −0.10  rB +0.10
 *   3    2015-08-24   99    44    10    rA  0     rB −0.20
 *   4    2015-08-25  108.9  44    10    rA +0.10  rB  0
 * Pair A/B: A long 10 @ 100 (MV 10 × 108.9 = 1089), B short 20 @ 50 (MV −20 × 44 = −880).
 */
export const DAYS = ['2015-08-19', '2015-08-20', '2015-08-21', '2015-08-24', '2015-08-25'].map(epochDayFromIso);

export function matrix(columns: Record<string, readonly number[]>): CloseMatrix {
  const symbols = Object.keys(columns);
  return alignCloses(
    symbols,
    symbols.map((symbol) => ({ days: Int32Array.from(DAYS), closes: Float64Array.from(columns[symbol] ?? []) })),
  );
}

export const HISTORY = matrix({ A: [100, 110, 99, 99, 108.9], B: [50, 50, 55, 44, 44], C: [10, 10, 10, 10, 10] });
export const SECTORS = new Map([
  ['A', 'Tech'],
  ['B', 'Tech'],
  ['C', 'Energy'],
]);
export const BOOK = [
  { pairId: 'A/B', leg: 'y' as const, symbol: 'A', quantity: 10, averagePrice: 100 },
  { pairId: 'A/B', leg: 'x' as const, symbol: 'B', quantity: -20, averagePrice: 50 },
];
