import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/store/migrate';
import { migrations as shippedMigrations } from '../../../src/main/store/migrations/index';
import type { Migration } from '../../../src/main/store/migrations/migration';
import {
  addNoteIndex,
  brokenThird,
  createNotes,
  expectAppError,
  makeTempDatabasePath,
  openTestStore,
  schemaSnapshot,
  silentLogger,
} from './store-test-kit';

describe('migrate', () => {
  let dbPath: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath());
  });
  afterEach(() => cleanup());

  it('applies every migration to an empty database and sets user_version', () => {
    const store = openTestStore(dbPath, [createNotes, addNoteIndex]);
    expect(store.schemaVersion).toBe(2);
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    const names = (schemaSnapshot(store.db) as Array<{ name: string }>).map((row) => row.name);
    expect(names).toEqual(['notes_body', 'notes']);
    store.close();
  });

  it('treats re-opening an up-to-date database as a no-op', () => {
    openTestStore(dbPath, [createNotes, addNoteIndex]).close();
    const raw = new Database(dbPath);
    const before = schemaSnapshot(raw);
    const report = migrate(raw, [createNotes, addNoteIndex], silentLogger);
    expect(report).toEqual({ from: 2, to: 2, applied: [] });
    expect(schemaSnapshot(raw)).toEqual(before);
    raw.close();
    // And through openDatabase, which would throw "table notes already exists" if it re-ran.
    const store = openTestStore(dbPath, [createNotes, addNoteIndex]);
    expect(store.schemaVersion).toBe(2);
    store.close();
  });

  it('applies only the pending migrations of a database opened by an older app', () => {
    openTestStore(dbPath, [createNotes]).close();
    const raw = new Database(dbPath);
    expect(migrate(raw, [createNotes, addNoteIndex])).toEqual({
      from: 1,
      to: 2,
      applied: [{ version: 2, name: 'add-note-index' }],
    });
    raw.close();
  });

  it('leaves schema and user_version exactly as they were when a migration fails', () => {
    openTestStore(dbPath, [createNotes, addNoteIndex]).close();
    const raw = new Database(dbPath, { readonly: true });
    const schemaBefore = schemaSnapshot(raw);
    raw.close();

    const error = expectAppError(() => openTestStore(dbPath, [createNotes, addNoteIndex, brokenThird]), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('Migration 3 (broken-third)');
    expect(error.message).toContain('unchanged at schema version 2');
    expect(error.details).toMatchObject({ version: 3, name: 'broken-third', fromVersion: 2, sqliteCode: 'SQLITE_ERROR' });
    expect(String(error.details?.['sqliteMessage'])).toContain('no_such_table');
    expect(error.cause).toBeInstanceOf(Database.SqliteError);

    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    expect(schemaSnapshot(after)).toEqual(schemaBefore);
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    after.close();
  });

  it('rolls back every pending migration of the run, not just the failing one', () => {
    const error = expectAppError(() => openTestStore(dbPath, [createNotes, addNoteIndex, brokenThird]), 'STORE_MIGRATION_FAILED');
    expect(error.details).toMatchObject({ fromVersion: 0 });
    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(schemaSnapshot(after)).toEqual([]);
    after.close();
  });

  it('refuses a database from the future and leaves it untouched', () => {
    openTestStore(dbPath, [createNotes, addNoteIndex]).close();
    const error = expectAppError(() => openTestStore(dbPath, [createNotes]), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('older than the data');
    expect(error.details).toMatchObject({ userVersion: 2, latestKnownVersion: 1 });
    const after = new Database(dbPath, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(2);
    after.close();
  });

  it('refuses an invalid migration list before creating the file', () => {
    const gap: Migration[] = [createNotes, { ...brokenThird }];
    const error = expectAppError(() => openTestStore(dbPath, gap), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('Invalid migration list');
    expect(error.details).toMatchObject({ index: 1, version: 3 });
    expect(() => new Database(dbPath, { fileMustExist: true })).toThrow();
  });

  it('refuses, read-only, a database that still needs migrations', () => {
    openTestStore(dbPath, [createNotes]).close();
    const error = expectAppError(() => openTestStore(dbPath, [createNotes, addNoteIndex], true), 'STORE_MIGRATION_FAILED');
    expect(error.message).toContain('read-only');
    const store = openTestStore(dbPath, [createNotes], true);
    expect(store.readonly).toBe(true);
    expect(() => store.db.exec("INSERT INTO notes (body) VALUES ('x')")).toThrow(/readonly/);
    store.close();
  });

  it('applies the shipped migration list from empty, then re-opens without change', () => {
    const store = openTestStore(dbPath, shippedMigrations);
    expect(store.schemaVersion).toBe(shippedMigrations.length);
    const schema = schemaSnapshot(store.db);
    store.close();
    const again = openTestStore(dbPath, shippedMigrations);
    expect(schemaSnapshot(again.db)).toEqual(schema);
    again.close();
  });
});
