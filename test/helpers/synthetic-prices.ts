import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nextTradingDay } from '../../src/main/core/calendar/nyse-calendar';
import { epochDayFromParts, formatIsoDate } from '../../src/main/core/time/epoch-day';
import { strictAssert } from '../../src/shared/ipc/errors';

/** Four-letter tickers AAAA, AAAB, … : always valid under the symbol rule, never colliding. */
export function syntheticSymbol(index: number): string {
  let rest = index;
  let symbol = '';
  for (let place = 0; place < 4; place += 1) {
    symbol = String.fromCharCode(65 + (rest % 26)) + symbol;
    rest = Math.floor(rest / 26);
  }
  return symbol;
}

/**
 * Writes `symbols` price files (the S&P 500 Kaggle layout: date,open,high,low,close,volume,Name)
 * of `days` consecutive NYSE trading days from 2013-02-08, as the shared set has. Prices are a
 * deterministic random walk (a fixed-seed mulberry32 per symbol, daily moves under 1.5%), so every run and
 * every machine imports the same bars, and the validator sees nothing alarming.
 */
export function writeSyntheticPrices(dir: string, symbols = 505, days = 1259): string[] {
  mkdirSync(dir, { recursive: true });
  const first = epochDayFromParts(2013, 2, 8);
  strictAssert(first !== null, '2013-02-08 is a date');
  const dates: string[] = [];
  for (let day = first; dates.length < days; day = nextTradingDay(day)) dates.push(formatIsoDate(day));
  const files: string[] = [];
  for (let index = 0; index < symbols; index += 1) {
    const symbol = syntheticSymbol(index);
    // mulberry32: 32-bit integer arithmetic only, so the sequence is exact on every platform.
    let seed = (index + 1) * 0x9e3779b9;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    let close = 20 + (index % 180);
    const lines = ['date,open,high,low,close,volume,Name'];
    for (const date of dates) {
      const open = close * (1 + (random() - 0.5) * 0.01);
      close = Math.max(1, close * (1 + (random() - 0.5) * 0.03));
      const high = Math.max(open, close) * (1 + random() * 0.005);
      const low = Math.min(open, close) * (1 - random() * 0.005);
      const volume = 100_000 + Math.floor(random() * 900_000);
      lines.push(`${date},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${volume},${symbol}`);
    }
    const file = path.join(dir, `${symbol}.csv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    files.push(file);
  }
  return files;
}
