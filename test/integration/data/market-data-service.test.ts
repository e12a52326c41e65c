import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import { LocalStoreProvider } from '../../../src/main/data/service/local-store-provider';
import { MarketDataCache } from '../../../src/main/data/service/market-data-cache';
import type { Store } from '../../../src/main/store/db';
import { epochDayFromIso as day } from '../../../src/main/core/time/epoch-day';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError, config, copyPrices, editLine, importOptions, openStore, withClose } from './data-test-kit';

describe('MarketDataCache over the local store', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;
  let service: MarketDataCache;

  beforeEach(() => {
    home = makeTempHome('arbdesk-service-');
    store = openStore(home.dir);
    service = MarketDataCache.fromConfig(new LocalStoreProvider(store), config, () => 0);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('serves cached reads and sees a committed re-import once the importer invalidates', async () => {
    const prices = copyPrices(path.join(home.dir, 'prices'), ['KO', 'PEP']);
    const onCommitted = (result: { changedSymbols: readonly string[] }): void => {
      service.invalidateSymbols(result.changedSymbols);
    };
    await importPath(store, prices, importOptions({ onCommitted }));

    const range = { from: day('2013-07-01'), to: day('2013-07-01') };
    expect((await service.getSeries({ symbol: 'KO', range })).close[0]).toBe(40.46);
    const instruments = await service.listInstruments();
    expect(instruments.map((i) => [i.symbol, i.sector, i.barCount])).toEqual([
      ['KO', 'Consumer Staples', 1259],
      ['PEP', 'Consumer Staples', 1259],
    ]);
    await service.getSeries({ symbol: 'KO', range });
    await service.getCloses('PEP');
    expect(service.metrics()).toMatchObject({ hits: 1, misses: 3, size: 3 });

    editLine(path.join(prices, 'KO.csv'), 100, (row) => withClose(row, '40.8'));
    await importPath(store, prices, importOptions({ onCommitted }));
    // KO entries and the instrument list were dropped; PEP's closes were not touched.
    expect(service.metrics().size).toBe(1);
    expect((await service.getSeries({ symbol: 'KO', range })).close[0]).toBe(40.8);
    expect((await service.getCloses('KO')).closes).toContain(40.8);
  });

  it('rejects reversed day ranges as BAD_REQUEST and unknown symbols as NOT_FOUND', async () => {
    await importPath(store, copyPrices(path.join(home.dir, 'prices'), ['KO'], false), importOptions());
    const reversed = await captureError(service.getSeries({ symbol: 'KO', range: { from: day('2014-01-01'), to: day('2013-01-01') } }));
    expect(isAppError(reversed) && reversed.code).toBe('BAD_REQUEST');
    const unknown = await captureError(service.getCloses('NOPE'));
    expect(isAppError(unknown) && unknown.code).toBe('NOT_FOUND');
  });
});
