import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/store/migrations';
import { marketDataSchema } from '../../../src/main/store/migrations/0002-market-data';
import { makeTempHome } from '../../helpers/temp-home';
import { openStore } from './data-test-kit';

describe('migration 0002 market-data', () => {
  const homes: Array<{ cleanup: () => void }> = [];
  afterEach(() => homes.splice(0).forEach((home) => home.cleanup()));

  it('applies on a fresh database through openDatabase', () => {
    const home = makeTempHome();
    homes.push(home);
    const store = openStore(home.dir);
    try {
      expect(store.schemaVersion).toBe(migrations.length);
      const tables = store.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining(['instruments', 'datasets', 'bars', 'bar_revisions', 'data_issues', 'corporate_actions', 'series_cache']),
      );
      const barsSql = store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'bars'").pluck().get();
      expect(String(barsSql)).toMatch(/WITHOUT ROWID/);
      const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'data_issues'").pluck().all();
      expect(indexes).toEqual(expect.arrayContaining(['data_issues_by_symbol_day', 'data_issues_by_dataset']));
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('applies with plain better-sqlite3 after 0001, and enforces its constraints', () => {
    const home = makeTempHome();
    homes.push(home);
    const db = new Database(path.join(home.dir, 'plain.db'));
    try {
      db.pragma('foreign_keys = ON');
      for (const migration of migrations) db.transaction(() => migration.up(db))();
      expect(marketDataSchema.version).toBe(2);
      // A bar needs an instrument and a dataset.
      expect(() => db.prepare('INSERT INTO bars VALUES (1, 15000, 1, 1, 1, 1, 100, 1)').run()).toThrow(/FOREIGN KEY/);
      db.prepare("INSERT INTO instruments (symbol) VALUES ('KO')").run();
      db.prepare(
        `INSERT INTO datasets (source, version, sha256, format, adjustment, imported_at, policy, rows_read, rows_accepted,
          rows_rejected, bars_inserted, bars_changed, bars_unchanged, symbol_count)
         VALUES ('s', 1, ?, 'long', 'split', 0, 'strict', 0, 0, 0, 0, 0, 0, 0)`,
      ).run('a'.repeat(64));
      // Unknown adjustment basis, a split without a ratio, a fractional volume are refused.
      expect(() =>
        db.prepare(
          `INSERT INTO datasets (source, version, sha256, format, adjustment, imported_at, policy, rows_read, rows_accepted,
            rows_rejected, bars_inserted, bars_changed, bars_unchanged, symbol_count)
           VALUES ('s', 2, ?, 'long', 'dividend_only', 0, 'strict', 0, 0, 0, 0, 0, 0, 0)`,
        ).run('a'.repeat(64)),
      ).toThrow(/CHECK/);
      expect(() =>
        db.prepare("INSERT INTO corporate_actions (instrument_id, day, kind, source) VALUES (1, 15000, 'split', 'inferred')").run(),
      ).toThrow(/CHECK/);
      expect(() => db.prepare('INSERT INTO bars VALUES (1, 15000, 1, 1, 1, 1, 100.5, 1)').run()).toThrow();
      db.prepare('INSERT INTO bars VALUES (1, 15000, 1, 1, 1, 1, 100, 1)').run();
      expect(() => db.prepare('INSERT INTO bars VALUES (1, 15000, 2, 2, 2, 2, 100, 1)').run()).toThrow(/UNIQUE|PRIMARY/);
    } finally {
      db.close();
    }
  });
});
