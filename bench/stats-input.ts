// The benchmark's market data: every S&P 500 symbol with a close on all 1,259 days.
//
// The vendored set lands at test/fixtures/sp500-2013-2018/ (with a loader in
// test/helpers/sp500.ts); until then ARBDESK_SP500_DIR may point at a copy with the same
// layout (prices/<SYMBOL>.csv, header date,open,high,low,close,volume,Name). This is the one
// function to repoint when that helper exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface UniverseCloses {
  readonly symbols: string[];
  /** Closes per symbol, ascending by day, all of equal length. */
  readonly closes: Float64Array[];
  readonly days: number;
  readonly source: string;
}

function dataRoot(): string {
  return process.env['ARBDESK_SP500_DIR'] ?? path.join(repoRoot, 'test', 'fixtures', 'sp500-2013-2018');
}

/** Whether the closes are there (the vendored set may not be in this checkout yet). */
export function universeAvailable(): boolean {
  return existsSync(path.join(dataRoot(), 'prices'));
}

export function loadUniverseCloses(fullHistoryDays = 1259): UniverseCloses {
  const root = dataRoot();
  const prices = path.join(root, 'prices');
  if (!existsSync(prices)) throw new Error(`stats bench: no S&P 500 closes at ${prices}; set ARBDESK_SP500_DIR to a directory with prices/*.csv`);
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
  return { symbols, closes, days: fullHistoryDays, source: path.relative(repoRoot, root) || root };
}
