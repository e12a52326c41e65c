import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/store/migrations';
import { seriesBasisAndConflicts } from '../../../src/main/store/migrations/0004-series-basis-and-conflicts';
import { InstrumentsRepo } from '../../../src/main/store/repos/instruments.repo';
import { makeTempHome } from '../../helpers/temp-home';

/** Migration 0004 on a database that already holds market data written before it (versions 1–3). */
describe('migration 0004 series-basis-and-conflicts', () => {
  const homes: Array<{ cleanup: () => void }> = [];
  afterEach(() => homes.splice(0).forEach((home) => home.cleanup()));

  function datasetRow(db: Database.Database, id: number, source: string, adjustment: string): void {
    db.prepare(
      `INSERT INTO datasets (id, source, version, sha256, format, adjustment, imported_at, policy, rows_read, rows_accepted,
        rows_rejected, bars_inserted, bars_changed, bars_unchanged, symbol_count)
       VALUES (?, ?, 1, ?, 'long', ?, 0, 'lenient', 0, 0, 0, 0, 0, 0, 0)`,
    ).run(id, source, String(id).repeat(64).slice(0, 64), adjustment);
  }

  it("gives every existing series its dataset's basis, the majority basis when mixed, and none without bars", () => {
    const home = makeTempHome();
    homes.push(home);
    const db = new Database(path.join(home.dir, 'v2.db'));
    try {
      db.pragma('foreign_keys = ON');
      const upToV2 = migrations.filter((m) => m.version <= 3);
      for (const migration of upToV2) db.transaction(() => migration.up(db))();
      datasetRow(db, 1, 'sample', 'split');
      datasetRow(db, 2, 'vendor-raw', 'raw');
      for (const [id, symbol] of [[1, 'KO'], [2, 'AAPL'], [3, 'MIXED'], [4, 'ACTIONS_ONLY']] as const) {
        db.prepare('INSERT INTO instruments (id, symbol) VALUES (?, ?)').run(id, symbol);
      }
      const bar = db.prepare('INSERT INTO bars VALUES (?, ?, 1, 1, 1, 1, 100, ?)');
      for (let day = 16000; day < 16010; day += 1) {
        bar.run(1, day, 1); // KO: split
        bar.run(2, day, 2); // AAPL: raw
        bar.run(3, day, day < 16003 ? 1 : 2); // MIXED: 3 split, 7 raw bars
      }

      db.transaction(() => seriesBasisAndConflicts.up(db))();
      const repo = new InstrumentsRepo(db);
      expect(repo.list().map((i) => [i.symbol, i.basis])).toEqual([
        ['AAPL', 'raw'],
        ['ACTIONS_ONLY', null],
        ['KO', 'split'],
        ['MIXED', 'raw'],
      ]);
      // The data itself is untouched, and the new columns and tables are in place.
      expect(db.prepare('SELECT count(*) FROM bars').pluck().get()).toBe(30);
      expect(db.prepare('SELECT resolves_dataset_id FROM datasets ORDER BY id').pluck().all()).toEqual([null, null]);
      expect(db.prepare('SELECT count(*) FROM held_series').pluck().get()).toBe(0);
      expect(() => db.prepare("UPDATE instruments SET basis = 'total_return' WHERE id = 1").run()).toThrow(/CHECK/);
      expect(() =>
        db.prepare("INSERT INTO held_bars VALUES (1, 1, 16000, 1, 1, 1, 1, 1, 1)").run(),
      ).toThrow(/FOREIGN KEY/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
