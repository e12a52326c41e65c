import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../../src/main/backtest/backtest-config';
import { loadBacktestData } from '../../../src/main/backtest/backtest-data-loader';
import { runBacktest } from '../../../src/main/backtest/backtest-runner';
import { readVendoredActions } from '../../../src/main/backtest/backtest-task';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import type { Store } from '../../../src/main/store/db';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from '../data/data-test-kit';
import { importSample } from '../scanner/scanner-kit';
import { splitsFile } from './backtest-kit';

/**
 * Issue 13: share counts are the shares actually traded. The bundled sample is stored
 * split-adjusted; V split 4:1 on 2015-03-19 and MA 10:1 on 2014-01-22 (vendored splits), so
 * before those dates one traded share is 4 (V) or 10 (MA) stored ones. Sizing rounds lots in
 * traded shares, so every fill's traded quantity is a whole number of lots, before and after
 * the splits, and the ledger still reconciles on every row.
 */
const home = makeTempHome('arbdesk-backtest-lots-');
let store: Store;

beforeAll(async () => {
  store = openStore(home.dir);
  await importSample(store);
}, 120_000);

afterAll(() => {
  store.close();
  home.cleanup();
});

describe('traded share counts on a split-adjusted store', () => {
  it.each([100, 1])('every fill of V/MA is a whole multiple of the lot (%i) in traded shares', async (lotSize) => {
    const vendored = await readVendoredActions(splitsFile);
    const config = parseBacktestConfig({
      pairs: [{ y: 'V', x: 'MA' }], from: '2013-06-03', to: '2016-06-01', capital: 1_000_000,
      strategy: { kind: 'zscore', lookback: 30, entry: 1.25, exit: 0.25, stop: 4 },
      sizing: { method: 'fixed_fraction', fraction: 0.37, legs: 'beta_neutral', lotSize },
    });
    const loaded = loadBacktestData(store, config, vendored);
    const result = runBacktest(config, loaded.data);

    const vSplit = epochDayFromIso('2015-03-19');
    const v = result.fills.filter((fill) => fill.symbol === 'V');
    // The run trades V on both sides of its split, where stored and traded counts differ by 4.
    expect(v.some((fill) => fill.fillDay < vSplit)).toBe(true);
    expect(v.some((fill) => fill.fillDay >= vSplit)).toBe(true);
    for (const fill of v) {
      const factor = fill.fillDay < vSplit ? 4 : 1;
      expect(fill.tradedQuantity).toBeCloseTo(fill.quantity / factor, 9);
    }
    expect(result.fills.length).toBeGreaterThan(0);
    for (const fill of result.fills) {
      expect(Number.isInteger(fill.tradedQuantity), `${fill.symbol} ${fill.fillDay} traded ${fill.tradedQuantity}`).toBe(true);
      expect(fill.tradedQuantity % lotSize, `${fill.symbol} ${fill.fillDay} traded ${fill.tradedQuantity}`).toBe(0);
      expect(Number.isInteger(fill.quantity)).toBe(true);
      // What was traded is what the stored fill is worth: tradedPrice · tradedQuantity = price · quantity.
      expect(fill.tradedPrice * fill.tradedQuantity).toBeCloseTo(fill.price * fill.quantity, 6);
    }
    for (const row of result.equity) {
      expect(Math.abs(config.capital + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity)).toBeLessThan(1e-6);
      expect(Math.abs(row.cash + row.marketValue - row.equity)).toBeLessThan(1e-6);
    }
  }, 60_000);
});
