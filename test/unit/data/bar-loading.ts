import { parseBarFile } from '../../../src/main/data/csv/bar-file-parser';
import { parseIsoDate } from '../../../src/main/core/time/epoch-day';
import type { ParsedBar } from '../../../src/main/data/core/pipeline-types';
import { sp500File } from '../../helpers/sp500';

/** Accepted bars of a CSV file, through the real parser. */
export async function loadBars(file: string): Promise<ParsedBar[]> {
  const bars: ParsedBar[] = [];
  for await (const event of parseBarFile(file, { today: parseIsoDate('2025-01-01') ?? 0 })) {
    if (event.type === 'batch') bars.push(...event.bars);
  }
  return bars;
}

export function day(iso: string): number {
  const result = parseIsoDate(iso);
  if (result === null) throw new Error(`bad test date ${iso}`);
  return result;
}

/** AAPL as traded: the data set is split-adjusted, so undo the 7:1 split of 2014-06-09. */
export function unadjustAaplSplit(bars: readonly ParsedBar[]): ParsedBar[] {
  const splitDay = day('2014-06-09');
  return bars.map((b) =>
    b.day < splitDay
      ? { ...b, open: b.open * 7, high: b.high * 7, low: b.low * 7, close: b.close * 7, volume: Math.round(b.volume / 7) }
      : b,
  );
}

/** AAPL from the vendored S&P 500 set (split-adjusted, 1,259 rows). */
export const AAPL_CSV = sp500File('AAPL');
export const DEFAULT_THRESHOLDS = { staleRunDays: 5, outlierRobustZ: 10, splitRatioTolerance: 0.04 } as const;
