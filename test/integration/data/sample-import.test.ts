import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import { ensureSampleImported, sampleSource } from '../../../src/main/data/sample/ensure-sample-imported';
import type { Store } from '../../../src/main/store/db';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { config, copyPrices, importOptions, openStore, sampleDir, tableCounts } from './data-test-kit';

const required = ['KO', 'PEP', 'XOM', 'CVX', 'HD', 'LOW', 'V', 'MA', 'GS', 'MS', 'JPM', 'BAC', 'UPS', 'FDX', 'DUK', 'SO', 'AAPL', 'MSFT'];

/** A real pino logger writing into memory, so the test can read what was logged. */
function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return Object.assign(pino({ level: 'info' }, sink), { lines });
}

describe('bundled sample', () => {
  let home: { dir: string; cleanup: () => void };
  let store: Store;

  beforeEach(() => {
    home = makeTempHome('arbdesk-sample-');
    store = openStore(home.dir);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('ships at least 40 tickers in at least 8 sectors, the required pairs included, with attribution', () => {
    const tickers = readdirSync(path.join(sampleDir, 'prices')).map((name) => name.replace(/\.csv$/, ''));
    expect(tickers.length).toBeGreaterThanOrEqual(40);
    expect(tickers).toEqual(expect.arrayContaining(required));
    const sectors = new Set(
      readFileSync(path.join(sampleDir, 'constituents.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',').at(-1)),
    );
    expect(sectors.size).toBeGreaterThanOrEqual(8);
    const attribution = readFileSync(path.join(sampleDir, 'ATTRIBUTION.md'), 'utf8');
    expect(attribution).toContain('Copyright (c) 2017 Cam Nugent');
    expect(attribution).toContain('Permission is hereby granted, free of charge');
    expect(attribution).toContain('Public Domain Dedication and License (PDDL) 1.0');
  });

  it('imports the sample on first start, once', async () => {
    const logger = quietLogger();
    const first = await ensureSampleImported(store, { sampleDir, config, logger, now: () => 1_700_000_000_000 });
    expect(first?.dataset).toMatchObject({ source: sampleSource, version: 1, policy: 'lenient', adjustment: 'split', rowsRejected: 0 });
    expect(first?.dataset.symbolCount).toBeGreaterThanOrEqual(40);
    expect(first?.dataset.barsInserted).toBe((first?.dataset.symbolCount ?? 0) * 1259);
    const instruments = new InstrumentsRepo(store.db).list();
    expect(instruments.every((i) => i.sector !== null && i.name !== null && i.barCount === 1259)).toBe(true);
    expect(new Set(instruments.map((i) => i.sector)).size).toBeGreaterThanOrEqual(8);

    const digest = databaseDigest(store.db);
    expect(await ensureSampleImported(store, { sampleDir, config, logger })).toBeNull();
    expect(databaseDigest(store.db)).toBe(digest);
  });

  it('does nothing when the store already has data or the setting is off', async () => {
    await importPath(store, copyPrices(path.join(home.dir, 'own'), ['KO'], false), importOptions());
    const logger = quietLogger();
    expect(await ensureSampleImported(store, { sampleDir, config, logger })).toBeNull();
    expect(tableCounts(store.db).datasets).toBe(1);

    const off = appConfigSchema.parse({ data: { importSampleOnFirstStart: false } });
    const fresh = openStore(home.dir, 'fresh.db');
    try {
      expect(await ensureSampleImported(fresh, { sampleDir, config: off, logger })).toBeNull();
      expect(tableCounts(fresh.db).datasets).toBe(0);
      expect(logger.lines).toContain('sample import disabled by configuration');
    } finally {
      fresh.close();
    }
  });
});
