import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarFile } from '../../../src/main/data/csv/bar-file-parser';
import { parseIsoDate } from '../../../src/main/core/time/epoch-day';
import type { ParsedBar } from '../../../src/main/data/core/pipeline-types';
import { validateSeries } from '../../../src/main/data/validation/series-validator';
import { sp500PricesDir } from '../../helpers/sp500';
import { DEFAULT_THRESHOLDS } from './bar-loading';

const PRICES = sp500PricesDir();

describe('the whole S&P 500 2013–2018 data set', () => {
  it('parses all 505 files, rejecting exactly the rows with empty fields or broken OHLC', async () => {
    const files = readdirSync(PRICES).filter((f) => f.endsWith('.csv'));
    expect(files).toHaveLength(505);
    const today = parseIsoDate('2025-01-01') ?? 0;
    let rowsRead = 0;
    let rowsAccepted = 0;
    const kinds = new Map<string, number>();
    const rejectedFiles = new Set<string>();
    const seriesKinds = new Map<string, number>();
    for (const file of files) {
      const bars: ParsedBar[] = [];
      for await (const event of parseBarFile(path.join(PRICES, file), { today })) {
        if (event.type === 'end') {
          rowsRead += event.summary.rowsRead;
          rowsAccepted += event.summary.rowsAccepted;
          expect(event.summary.symbols).toEqual([file.replace(/\.csv$/, '')]);
          continue;
        }
        bars.push(...event.bars);
        for (const issue of event.issues) {
          kinds.set(issue.kind, (kinds.get(issue.kind) ?? 0) + 1);
          rejectedFiles.add(file);
        }
      }
      for (const issue of validateSeries(bars, DEFAULT_THRESHOLDS).issues) {
        seriesKinds.set(issue.kind, (seriesKinds.get(issue.kind) ?? 0) + 1);
      }
    }
    expect(rowsRead).toBe(619_040);
    expect(rowsAccepted).toBe(619_040 - 23);
    expect(Object.fromEntries(kinds)).toEqual({ missing_field: 27, ohlc_inconsistent: 12 });
    expect([...rejectedFiles].sort()).toEqual(
      ['AOS', 'BBY', 'BHF', 'CHD', 'CHK', 'DHR', 'ES', 'FTV', 'IP', 'LNT', 'O', 'REGN', 'SPG', 'UA', 'VRTX', 'WRK'].map((s) => `${s}.csv`),
    );
    // The data set has no duplicates and no stale runs; its holes are real (DHR, ES, O, ICE, …).
    expect(seriesKinds.get('duplicate_conflict')).toBeUndefined();
    expect(seriesKinds.get('stale_series')).toBeUndefined();
    expect(seriesKinds.get('missing_trading_day')).toBe(38);
  });
});
