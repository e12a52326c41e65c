import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../../src/main/store/backup';
import type { Store } from '../../../src/main/store/db';
import { checkDatabase } from '../../../src/main/store/integrity';
import {
  addNoteIndex,
  createNotes,
  expectAppError,
  expectAppErrorAsync,
  makeTempDatabasePath,
  openTestStore,
  silentLogger,
} from './store-test-kit';

const migrations = [createNotes, addNoteIndex];

function seed(store: Store, rows: number): void {
  const insert = store.db.prepare('INSERT INTO notes (body) VALUES (?)');
  store.db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(`seed ${i} ${'s'.repeat(120)}`);
  })();
}

function allNotes(db: Database.Database): unknown[] {
  return db.prepare('SELECT id, body FROM notes ORDER BY id').all();
}

describe('backupDatabase and restoreDatabase', () => {
  let dir: string;
  let dbPath: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, dbPath, cleanup } = makeTempDatabasePath());
  });
  afterEach(() => cleanup());

  it('backs up while another connection keeps writing, and the restore equals the source', async () => {
    const store = openTestStore(dbPath, migrations);
    seed(store, 3000);
    const writer = new Database(dbPath);
    const writeConcurrently = writer.prepare('INSERT INTO notes (body) VALUES (?)');
    let concurrentWrites = 0;

    const backupPath = path.join(dir, 'backup.db');
    // A write on every step: without the restart cap SQLite would start over forever.
    const result = await backupDatabase(store, backupPath, {
      pagesPerStep: 8,
      logger: silentLogger,
      onProgress: () => {
        concurrentWrites += 1;
        writeConcurrently.run(`concurrent ${concurrentWrites}`);
      },
    });
    writer.close();

    expect(concurrentWrites).toBeGreaterThan(0);
    expect(result).toMatchObject({ path: backupPath, userVersion: 2 });
    expect(result.bytes).toBe(statSync(backupPath).size);
    expect(result.pages).toBeGreaterThan(10);
    // One self-contained file: no -wal, and no partial file left next to it.
    expect(readdirSync(dir).sort()).toEqual(['arbdesk.db', 'arbdesk.db-shm', 'arbdesk.db-wal', 'backup.db']);
    expect(checkDatabase(backupPath)).toMatchObject({ ok: true, userVersion: 2, walMode: false });

    // The last concurrent write happened before the final copy step, so the copy has it.
    const expected = allNotes(store.db);
    expect(expected).toHaveLength(3000 + concurrentWrites);
    store.db.exec("INSERT INTO notes (body) VALUES ('after the backup')");
    store.close();

    const restored = restoreDatabase({ backupPath, targetPath: dbPath, migrations, logger: silentLogger });
    expect(restored).toMatchObject({ path: dbPath, userVersion: 2 });
    const reopened = openTestStore(dbPath, migrations);
    expect(allNotes(reopened.db)).toEqual(expected);
    reopened.close();
  });

  it('refuses to overwrite an existing file', async () => {
    const store = openTestStore(dbPath, migrations);
    const backupPath = path.join(dir, 'taken.db');
    writeFileSync(backupPath, 'precious');
    const error = await expectAppErrorAsync(() => backupDatabase(store, backupPath), 'CONFLICT');
    expect(error.message).toContain(backupPath);
    expect(readFileSync(backupPath, 'utf8')).toBe('precious');
    store.close();
  });

  it('refuses a garbage backup with a typed error and leaves the target untouched', () => {
    const store = openTestStore(dbPath, migrations);
    seed(store, 100);
    store.close();
    const targetBefore = readFileSync(dbPath);
    const garbage = path.join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database '.repeat(1000));

    const error = expectAppError(() => restoreDatabase({ backupPath: garbage, targetPath: dbPath, migrations }), 'STORE_CORRUPT');
    expect(error.message).toContain(garbage);
    expect(error.message).toContain('unchanged');
    expect(readFileSync(dbPath).equals(targetBefore)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['arbdesk.db', 'garbage.db']);
  });

  it('refuses a backup whose pages are damaged', async () => {
    const store = openTestStore(dbPath, migrations);
    seed(store, 3000);
    const backupPath = path.join(dir, 'backup.db');
    await backupDatabase(store, backupPath);
    store.close();
    const fd = openSync(backupPath, 'r+');
    writeSync(fd, Buffer.alloc(1024, 0xa5), 0, 1024, Math.floor(statSync(backupPath).size / 2) + 1500);
    closeSync(fd);
    const targetBefore = readFileSync(dbPath);

    const error = expectAppError(() => restoreDatabase({ backupPath, targetPath: dbPath, migrations }), 'STORE_CORRUPT');
    expect((error.details?.['problems'] as string[]).length).toBeGreaterThan(0);
    expect(readFileSync(dbPath).equals(targetBefore)).toBe(true);
  });

  it('refuses a backup from a newer app and a SQLite file that is not an ArbDesk database', () => {
    const store = openTestStore(dbPath, migrations);
    store.close();
    const futureBackup = path.join(dir, 'future.db');
    const future = new Database(futureBackup);
    future.pragma('user_version = 99');
    future.exec('CREATE TABLE anything (x INTEGER)');
    future.close();
    const error = expectAppError(() => restoreDatabase({ backupPath: futureBackup, targetPath: dbPath, migrations }), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('older than the data');

    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE someone_elses (x INTEGER)');
    expectAppError(() => restoreDatabase({ backupPath: foreign, targetPath: dbPath, migrations }), 'VALIDATION_FAILED');
    expect(checkDatabase(dbPath).userVersion).toBe(2);
  });

  it('removes the target’s stale -wal so it cannot be replayed into the restored file', async () => {
    const store = openTestStore(dbPath, migrations);
    seed(store, 50);
    const backupPath = path.join(dir, 'backup.db');
    await backupDatabase(store, backupPath);
    const expected = allNotes(store.db);
    // Leave a WAL full of later writes behind, as a crash would.
    store.db.pragma('wal_autocheckpoint = 0');
    seed(store, 500);
    const staleWal = path.join(dir, 'stale-wal');
    copyFileSync(`${dbPath}-wal`, staleWal);
    store.close();
    copyFileSync(staleWal, `${dbPath}-wal`);

    restoreDatabase({ backupPath, targetPath: dbPath, migrations });
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const reopened = openTestStore(dbPath, migrations);
    expect(allNotes(reopened.db)).toEqual(expected);
    reopened.close();
  });

  it('refuses to restore a file onto itself', () => {
    openTestStore(dbPath, migrations).close();
    expectAppError(() => restoreDatabase({ backupPath: dbPath, targetPath: dbPath, migrations }), 'CONFLICT');
  });
});
