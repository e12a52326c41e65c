import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OhlcvColumns } from '../../../src/main/core/market/series';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';

/** The bundled sample's plain layout (date,open,high,low,close,volume,Name), read directly. */
export function sampleBars(symbol: string): OhlcvColumns {
  const text = readFileSync(path.resolve('resources/sample-data/prices', `${symbol}.csv`), 'utf8');
  const rows = text.trim().split('\n').slice(1).map((line) => line.split(','));
  const column = (index: number) => Float64Array.from(rows, (row) => Number(row[index]));
  return { days: Int32Array.from(rows, (row) => epochDayFromIso(row[0] as string)), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) };
}
