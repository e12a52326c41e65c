import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../../src/main/core/time/epoch-day';
import { importCorporateActions } from '../../../src/main/data/actions/import-actions';
import { importPath } from '../../../src/main/data/import/import-path';
import { LocalStoreProvider } from '../../../src/main/data/service/local-store-provider';
import type { Store } from '../../../src/main/store/db';
import { makeTempHome } from '../../helpers/temp-home';
import { importOptions, openStore, repoRoot } from './data-test-kit';

/** The provider port serves series and aligned close matrices on the basis a consumer asks for. */
describe('basis-aware reads', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;
  let provider: LocalStoreProvider;
  const prices = path.join(repoRoot, 'resources', 'sample-data', 'prices');
  const splitDay = parseIsoDate('2014-06-09') ?? 0;

  beforeEach(async () => {
    home = makeTempHome('arbdesk-basis-');
    store = openStore(home.dir);
    await importPath(store, path.join(prices, 'AAPL.csv'), importOptions());
    await importPath(store, path.join(prices, 'KO.csv'), importOptions());
    await importCorporateActions(store, path.join(repoRoot, 'test', 'fixtures', 'data', 'actions', 'actions-long.csv'), { policy: 'lenient' });
    provider = new LocalStoreProvider(store);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('serves the stored basis as stored, and raw by undoing the 7:1 split before its ex-date', async () => {
    const stored = await provider.getCloseMatrix({ symbols: ['AAPL', 'KO'], basis: 'split' });
    const raw = await provider.getCloseMatrix({ symbols: ['AAPL', 'KO'], basis: 'raw' });
    expect(raw.basis).toBe('raw');
    expect(Array.from(raw.days)).toEqual(Array.from(stored.days));
    for (let row = 0; row < raw.days.length; row += 1) {
      const day = raw.days[row] ?? 0;
      const factor = day < splitDay ? 7 : 1;
      expect(raw.closes[row * 2]).toBeCloseTo((stored.closes[row * 2] ?? 0) * factor, 9);
      // KO has no split: the same on both bases.
      expect(raw.closes[row * 2 + 1]).toBe(stored.closes[row * 2 + 1]);
    }
    // 2013-02-08 AAPL traded at 474.98 (67.8542 × 7).
    expect(raw.closes[0]).toBeCloseTo(474.9794, 6);
  });

  it('slices after converting, and says when a dividend-adjusted request has dividends for only some symbols', async () => {
    const range = { from: parseIsoDate('2014-06-05') ?? 0, to: parseIsoDate('2014-06-10') ?? 0 };
    const series = await provider.getSeries({ symbol: 'AAPL', range, basis: 'raw' });
    expect(Array.from(series.close).map((c) => Math.round(c * 100) / 100)).toEqual([647.35, 645.57, 93.7, 94.25]);
    expect(series.basis).toBe('raw');
    const total = await provider.getCloseMatrix({ symbols: ['AAPL', 'KO'], range, basis: 'split_dividend' });
    expect(total.warnings.filter((w) => w.code === 'no_dividend_actions').map((w) => w.symbol)).toEqual(['KO']);
  });
});
