// The S&P 500 2013-2018 daily data set (505 price files, 619,040 rows, plus constituents.csv),
// vendored as test/fixtures/sp500-2013-2018/sp500.tar.br. Tests and benchmarks read it only
// through these functions; nothing reads it from outside the repository.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { extractSp500Archive } from './sp500-archive.mjs';

let extracted: string | undefined;

/**
 * The folder holding `prices/` and `constituents.csv`, extracted on first use into
 * node_modules/.cache/arbdesk/sp500-<hash>/ (shared by every worker and run). Treat it as
 * read-only: copy files out before changing them.
 */
export function sp500Dir(): string {
  extracted ??= extractSp500Archive();
  return extracted;
}

/** `prices/`: one `TICKER.csv` per symbol, header `date,open,high,low,close,volume,Name`. */
export function sp500PricesDir(): string {
  return path.join(sp500Dir(), 'prices');
}

/** `constituents.csv`: `Symbol,Name,Sector` for the index members as of April 2018. */
export function sp500ConstituentsFile(): string {
  return path.join(sp500Dir(), 'constituents.csv');
}

/** The price file of one ticker (e.g. `AAPL`, `BRK.B`); throws when the data set has none. */
export function sp500File(symbol: string): string {
  const file = path.join(sp500PricesDir(), `${symbol}.csv`);
  if (!existsSync(file)) throw new Error(`The S&P 500 data set has no price file for ${JSON.stringify(symbol)} (${file})`);
  return file;
}
