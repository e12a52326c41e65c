import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { epochDayFromParts } from '../../../src/main/core/time/epoch-day';
import type { ImportPathOptions } from '../../../src/main/data/import/import-path';
import { openDatabase, type Store } from '../../../src/main/store/db';
import { migrations } from '../../../src/main/store/migrations';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { strictAssert } from '../../../src/shared/ipc/errors';
import { sp500ConstituentsFile, sp500File } from '../../helpers/sp500';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const sampleDir = path.join(repoRoot, 'resources', 'sample-data');

export const config = appConfigSchema.parse({});

/** Defaults for importPath in tests: lenient, split-adjusted, today far after the data. */
export function importOptions(overrides: Partial<ImportPathOptions> = {}): ImportPathOptions {
  const today = epochDayFromParts(2030, 1, 1);
  strictAssert(today !== null, '2030-01-01 is a date');
  return { policy: 'lenient', adjustment: 'split', thresholds: config.data, today, now: () => 1_700_000_000_000, ...overrides };
}

export function openStore(dir: string, name = 'arbdesk.db'): Store {
  return openDatabase({ path: path.join(dir, name), busyTimeoutMs: 5000, migrations });
}

/** Copies real price files (TICKER.csv) from the vendored S&P 500 set into `dir` and returns it. */
export function copyPrices(dir: string, tickers: readonly string[], constituents = true): string {
  mkdirSync(dir, { recursive: true });
  for (const ticker of tickers) copyFileSync(sp500File(ticker), path.join(dir, `${ticker}.csv`));
  if (constituents) copyFileSync(sp500ConstituentsFile(), path.join(dir, 'constituents.csv'));
  return dir;
}

/** Data rows (lines after the header) of a price file. */
export function dataRows(file: string): number {
  return readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;
}

/** Rewrites one line (1-based) of a file through `edit`. */
export function editLine(file: string, line: number, edit: (text: string) => string): { before: string; after: string } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const before = lines[line - 1];
  strictAssert(before !== undefined, `${file} has a line ${line}`);
  const after = edit(before);
  lines[line - 1] = after;
  writeFileSync(file, lines.join('\n'));
  return { before, after };
}

/** Replaces the close (5th column) of an sp500-kaggle row. */
export function withClose(row: string, close: string): string {
  const cells = row.split(',');
  cells[4] = close;
  return cells.join(',');
}

const tables = ['instruments', 'datasets', 'bars', 'bar_revisions', 'data_issues', 'corporate_actions', 'series_cache'] as const;

export function tableCounts(db: Database.Database): Record<(typeof tables)[number], number> {
  const out = {} as Record<(typeof tables)[number], number>;
  for (const table of tables) {
    const n = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    strictAssert(typeof n === 'number', 'count(*) is a number');
    out[table] = n;
  }
  return out;
}

export async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
