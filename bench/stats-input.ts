// The benchmark's market data: every S&P 500 symbol with a close on all 1,259 days.
//
// Read from the vendored, compressed S&P 500 set through the one test-data helper.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sp500PricesDir } from '../test/helpers/sp500';

export interface UniverseCloses {
  readonly symbols: string[];
  /** Closes per symbol, ascending by day, all of equal length. */
  readonly closes: Float64Array[];
  readonly days: number;
  readonly source: string;
}

export function loadUniverseCloses(fullHistoryDays = 1259): UniverseCloses {
  const prices = sp500PricesDir();
  const symbols: string[] = [];
  const closes: Float64Array[] = [];
  for (const file of readdirSync(prices).filter((name) => name.endsWith('.csv')).sort()) {
    const lines = readFileSync(path.join(prices, file), 'utf8').trim().split(/\r?\n/).slice(1);
    if (lines.length !== fullHistoryDays) continue;
    const series = Float64Array.from(lines, (line) => Number(line.split(',')[4]));
    if (!series.every((close) => Number.isFinite(close) && close > 0)) continue;
    symbols.push(file.replace(/\.csv$/, ''));
    closes.push(series);
  }
  return { symbols, closes, days: fullHistoryDays, source: 'test/fixtures/sp500-2013-2018 (vendored)' };
}
