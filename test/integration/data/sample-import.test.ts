import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import { ManualClock } from '../../../src/main/core/time/clock';
import { createDataModule, type DataModule } from '../../../src/main/data/data.module';
import { sampleSource } from '../../../src/main/data/sample-data';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import { createAuditService, type AuditService } from '../../../src/main/audit/audit.service';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import { openTradingDatabase } from '../../../src/main/store/trading-db';
import { ImportSourceResolver } from '../../../src/main/security/import-source';
import { PathAccessPolicy } from '../../../src/main/security/path-access';
import { PathGrants } from '../../../src/main/security/path-grants';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { DatasetsRepo } from '../../../src/main/store/repos/datasets.repo';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import type { Store } from '../../../src/main/store/db';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { appConfigSchema } from '../../../src/shared/domain/config';
import { databaseDigest } from '../../helpers/db-snapshot';
import { makeTempHome } from '../../helpers/temp-home';
import { config, copyPrices, importOptions, openStore, repoRoot, sampleDir, tableCounts } from './data-test-kit';

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

/** The data module as the app wires it: real job manager, event bus and worker pool. */
function dataModule(store: Store, logger: Logger, moduleConfig = config): { module: DataModule; workers: WorkerPool; audit: AuditService } {
  const events = new EventBus();
  const workers = new WorkerPool(logger, 1);
  // The one audit chain lives in the trading database beside the research store.
  const trading = openTradingDatabase({ path: path.join(path.dirname(store.path), 'trading.sqlite'), busyTimeoutMs: 1000, research: store.db });
  const audit = createAuditService(trading.db);
  const module = createDataModule({
    store,
    config: moduleConfig,
    resourcesDir: path.join(repoRoot, 'resources'),
    events,
    jobs: new JobManager(events, logger, new LocalJobRunner(workers, new SharedInputCache())),
    workers,
    audit,
    sources: new ImportSourceResolver(new PathGrants(), new PathAccessPolicy({ roots: [repoRoot] }), null),
    logger,
    clock: new ManualClock(1_700_000_000_000),
  });
  return { module, workers, audit };
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

  it('imports the sample on first start, once, through the data service', async () => {
    const logger = quietLogger();
    const { module, workers, audit } = dataModule(store, logger);
    try {
      await module.start();
      await module.stop();
      const [first] = new DatasetsRepo(store.db).list();
      expect(first).toMatchObject({ source: sampleSource, version: 1, policy: 'lenient', adjustment: 'split', rowsRejected: 0, importedAt: 1_700_000_000_000 });
      expect(first?.symbolCount).toBeGreaterThanOrEqual(40);
      expect(first?.barsInserted).toBe((first?.symbolCount ?? 0) * 1259);
      const instruments = new InstrumentsRepo(store.db).list();
      expect(instruments.every((i) => i.sector !== null && i.name !== null && i.barCount === 1259 && i.basis === 'split')).toBe(true);
      expect(new Set(instruments.map((i) => i.sector)).size).toBeGreaterThanOrEqual(8);
      // Audited like any other import, by the system actor.
      expect(audit.list({ limit: 5, action: 'data.import' })[0]).toMatchObject({ actor: 'system', details: { datasetId: first?.id } });

      const digest = databaseDigest(store.db);
      await module.start();
      await module.stop();
      expect(databaseDigest(store.db)).toBe(digest);
    } finally {
      await workers.close();
    }
  });

  it('does nothing when the store already has data or the setting is off', async () => {
    await importPath(store, copyPrices(path.join(home.dir, 'own'), ['KO'], false), importOptions());
    const logger = quietLogger();
    const { module, workers } = dataModule(store, logger);
    const off = appConfigSchema.parse({ data: { importSampleOnFirstStart: false } });
    const fresh = openStore(home.dir, 'fresh.db');
    const disabled = dataModule(fresh, logger, off);
    try {
      await module.start();
      await module.stop();
      expect(tableCounts(store.db).datasets).toBe(1);
      await disabled.module.start();
      await disabled.module.stop();
      expect(tableCounts(fresh.db).datasets).toBe(0);
    } finally {
      await workers.close();
      await disabled.workers.close();
      fresh.close();
    }
  });
});
