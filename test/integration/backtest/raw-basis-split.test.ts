import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { loadBacktestData } from '../../../src/main/backtest/backtest-data-loader';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { readVendoredActions } from '../../../src/main/backtest/backtest-task';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { importPath } from '../../../src/main/data/import/import-path';
import type { Store } from '../../../src/main/store/db';
import { makeTempHome } from '../../helpers/temp-home';
import { ScriptedStrategy } from '../../unit/backtest/scripted-strategy';
import { importOptions, openStore, sampleDir } from '../data/data-test-kit';
import { splitsFile } from './backtest-kit';

/**
 * AAPL's 7:1 split of 2014-06-09 while a position is open, through the store: the same
 * sample bars imported once split-adjusted (as shipped) and once as traded (raw, rebuilt by
 * multiplying every price before the ex-date by 7 and dividing volume by 7), with the vendored
 * splits file. On raw bars the split rescales the open book on its ex-date; on split-adjusted
 * bars nothing is booked and the traded counts come from the price-basis port. Both must show
 * the same trade.
 */
const home = makeTempHome('arbdesk-backtest-raw-');
let adjusted: Store;
let raw: Store;

function rawCopy(symbol: string, dir: string, ex: string, ratio: number): void {
  const [header, ...rows] = readFileSync(path.join(sampleDir, 'prices', `${symbol}.csv`), 'utf8').trimEnd().split('\n');
  const out = rows.map((row) => {
    const cells = row.split(',');
    if ((cells[0] ?? '') >= ex) return row;
    // Four decimals, as a vendor writes raw prices; integer volumes.
    return [cells[0], ...cells.slice(1, 5).map((cell) => (Number(cell) * ratio).toFixed(4)), String(Math.round(Number(cells[5]) / ratio)), cells[6]].join(',');
  });
  writeFileSync(path.join(dir, `${symbol}.csv`), `${[header, ...out].join('\n')}\n`);
}

beforeAll(async () => {
  const adjustedDir = path.join(home.dir, 'adjusted');
  const rawDir = path.join(home.dir, 'raw');
  const rawPrices = path.join(rawDir, 'prices');
  mkdirSync(adjustedDir);
  mkdirSync(rawPrices, { recursive: true });
  rawCopy('AAPL', rawPrices, '2014-06-09', 7);
  rawCopy('MSFT', rawPrices, '9999-12-31', 1);
  adjusted = openStore(adjustedDir);
  raw = openStore(rawDir);
  await importPath(adjusted, path.join(sampleDir, 'prices', 'AAPL.csv'), importOptions({ constituents: null }));
  await importPath(adjusted, path.join(sampleDir, 'prices', 'MSFT.csv'), importOptions({ constituents: null }));
  await importPath(raw, rawPrices, importOptions({ adjustment: 'raw', constituents: null }));
}, 120_000);

afterAll(() => {
  adjusted.close();
  raw.close();
  home.cleanup();
});

describe('a split while a position is open, through the store', () => {
  it('rescales the raw book on the ex-date and matches the split-adjusted run share for share', async () => {
    const vendored = await readVendoredActions(splitsFile);
    const config = parseBacktestConfig({
      pairs: [{ y: 'AAPL', x: 'MSFT' }], from: '2014-05-01', to: '2014-07-31', capital: 1_000_000,
      strategy: { kind: 'zscore', lookback: 20, entry: 2, exit: 0.5, stop: 4 }, costs: 'none', sizing: { legs: 'dollar_neutral', lotSize: 7 },
    });
    const script = () => new ScriptedStrategy(new Map([[epochDayFromIso('2014-05-01'), { enter: 'long' as const }], [epochDayFromIso('2014-07-01'), { exit: 'exit' as const }]]));
    const onAdjusted = loadBacktestData(adjusted, config, vendored);
    const onRaw = loadBacktestData(raw, config, vendored);
    expect(onRaw.data.actions?.get('AAPL')).toEqual([expect.objectContaining({ kind: 'split', ratio: 7, day: epochDayFromIso('2014-06-09') })]);
    expect(onAdjusted.data.actions?.get('AAPL')).toEqual([]);
    const a = runBacktest(config, onAdjusted.data, { strategyFactory: script });
    const r = runBacktest(config, onRaw.data, { strategyFactory: script });

    const entryA = a.fills.find((fill) => fill.symbol === 'AAPL');
    const entryR = r.fills.find((fill) => fill.symbol === 'AAPL');
    if (entryA === undefined || entryR === undefined) throw new Error('both runs bought AAPL');
    // Sized in whole lots of traded shares at the decision close; on the adjusted store each
    // traded share is 7 stored ones before the ex-date.
    expect(entryA.quantity).toBe(entryR.quantity * 7);
    expect(entryA.tradedQuantity).toBeCloseTo(entryR.quantity, 9);
    expect(entryA.tradedPrice).toBeCloseTo(entryR.price, 3);
    // The exit after the split sells the rescaled raw book: 7× the shares bought.
    const exitR = r.fills.filter((fill) => fill.symbol === 'AAPL').at(-1);
    expect(exitR?.side).toBe('SELL');
    expect(exitR?.quantity).toBe(entryR.quantity * 7);
    // Same trade, same money: equity agrees every day (to the four-decimal rounding of the raw prices).
    expect(r.equity.length).toBe(a.equity.length);
    r.equity.forEach((row, i) => expect(Math.abs(row.equity - (a.equity[i]?.equity ?? NaN))).toBeLessThan(1));
    expect(r.trades[0]?.grossPnl).toBeCloseTo(a.trades[0]?.grossPnl ?? NaN, -1);
  });
});
