import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConstituents } from '../../../src/main/data/import/constituents-reader';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { sp500ConstituentsFile } from '../../helpers/sp500';
import { captureError } from './data-test-kit';

describe('readConstituents', () => {
  let home: { dir: string; cleanup: () => void };
  beforeEach(() => {
    home = makeTempHome('arbdesk-constituents-');
  });
  afterEach(() => home.cleanup());

  it('reads the shared list and resolves the renamed tickers both ways', async () => {
    const list = await readConstituents(sp500ConstituentsFile());
    expect(list.size).toBe(505);
    expect(list.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(list.lookup('BRK.B')).toMatchObject({ sector: 'Financials' });
    for (const [oldTicker, newTicker] of [['CBG', 'CBRE'], ['HCN', 'WELL'], ['PCLN', 'BKNG']] as const) {
      expect(list.lookup(oldTicker)).toEqual(list.lookup(newTicker));
      expect(list.lookup(oldTicker)).toBeDefined();
    }
    // Index changes between the two snapshots have no entry at all.
    expect(list.lookup('CHK')).toBeUndefined();
  });

  it('handles a BOM, quoted names with commas, any header case and extra columns', async () => {
    const file = path.join(home.dir, 'list.csv');
    writeFileSync(file, '\uFEFFsymbol,NAME,Sector,Weight\nbrk-b,"Berkshire Hathaway, Inc.",Financials,1.5\nKO,Coca-Cola,,0.4\n');
    const list = await readConstituents(file);
    expect(list.lookup('BRK.B')).toEqual({ name: 'Berkshire Hathaway, Inc.', sector: 'Financials' });
    expect(list.lookup('KO')).toEqual({ name: 'Coca-Cola', sector: null });
  });

  it('refuses a list without a Symbol column, and reports a missing file as NOT_FOUND', async () => {
    const file = path.join(home.dir, 'bad.csv');
    writeFileSync(file, 'Ticker,Name\nKO,Coca-Cola\n');
    const bad = await captureError(readConstituents(file));
    expect(isAppError(bad) && bad.code).toBe('VALIDATION_FAILED');
    expect(isAppError(bad) && bad.details).toMatchObject({ path: file, field: 'Symbol' });
    const missing = await captureError(readConstituents(path.join(home.dir, 'none.csv')));
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  });
});
