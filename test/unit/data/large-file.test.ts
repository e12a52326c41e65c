import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBarFile } from '../../../src/main/data/csv/bar-file-parser';
import { tradingDaysBetween } from '../../../src/main/core/calendar/nyse-calendar';
import { formatIsoDate, parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { makeTempHome } from '../../helpers/temp-home';

/** Big enough that holding it, or its bars, in memory would blow the bound below. */
const FILE_BYTES = 200 * 1024 * 1024;
const MAX_RSS_GROWTH_BYTES = 150 * 1024 * 1024;

async function writeLargeFile(file: string): Promise<number> {
  const days = Array.from(tradingDaysBetween(parseIsoDate('2010-01-04') ?? 0, parseIsoDate('2024-12-31') ?? 0), formatIsoDate);
  const out = createWriteStream(file);
  out.write('Ticker,Date,Open,High,Low,Close,Volume\n');
  let written = 0;
  let rows = 0;
  for (let symbol = 0; written < FILE_BYTES; symbol++) {
    const ticker = `S${symbol.toString(36).toUpperCase()}`;
    let block = '';
    for (const date of days) {
      block += `${ticker},${date},67.7142,68.4014,66.8928,67.8542,158168416\n`;
      rows++;
    }
    written += block.length;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

describe('a file far larger than memory should need', () => {
  let dir = '';
  let cleanup = (): void => {};
  let file = '';
  let rowsWritten = 0;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempHome('arbdesk-large-'));
    file = path.join(dir, 'large.csv');
    rowsWritten = await writeLargeFile(file);
  }, 60_000);
  afterAll(() => cleanup());

  it('streams with bounded memory', async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let bars = 0;
    let rowsRead = 0;
    for await (const event of parseBarFile(file, { today: parseIsoDate('2025-01-01') ?? 0 })) {
      if (event.type === 'batch') {
        bars += event.bars.length;
        expect(event.issues).toEqual([]);
      } else {
        rowsRead = event.summary.rowsRead;
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(rowsRead).toBe(rowsWritten);
    expect(bars).toBe(rowsWritten);
    expect(peak - baseline).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  }, 60_000);
});
