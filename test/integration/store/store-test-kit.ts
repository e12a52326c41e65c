import path from 'node:path';
import type Database from 'better-sqlite3';
import { pino } from 'pino';
import { expect } from 'vitest';
import { AppError, type ErrorCode } from '../../../src/shared/ipc/errors';
import { openDatabase, type Store } from '../../../src/main/store/db';
import type { Migration } from '../../../src/main/store/migrations/migration';
import { makeTempHome } from '../../helpers/temp-home';

export const silentLogger = pino({ level: 'silent' });

/** A fresh temp folder with a database path inside it (the file itself does not exist yet). */
export function makeTempDatabasePath(name = 'arbdesk.db'): { dir: string; dbPath: string; cleanup: () => void } {
  const home = makeTempHome('arbdesk-store-');
  return { dir: home.dir, dbPath: path.join(home.dir, name), cleanup: home.cleanup };
}

export function openTestStore(dbPath: string, migrations: readonly Migration[], readonly = false): Store {
  return openDatabase({ path: dbPath, busyTimeoutMs: 2000, migrations, logger: silentLogger, readonly });
}

/** The whole schema as SQLite records it, for exact before/after comparisons. */
export function schemaSnapshot(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

/** Runs `action`, asserts it throws an AppError with `code`, and returns the error for further checks. */
export function expectAppError(action: () => unknown, code: ErrorCode): AppError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  const appError = thrown as AppError;
  expect(appError.code).toBe(code);
  return appError;
}

export async function expectAppErrorAsync(action: () => Promise<unknown>, code: ErrorCode): Promise<AppError> {
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(AppError);
  const appError = thrown as AppError;
  expect(appError.code).toBe(code);
  return appError;
}

/** Small migrations for tests that must not depend on the shipped schema. */
export const createNotes: Migration = {
  version: 1,
  name: 'create-notes',
  up(db) {
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  },
};

export const addNoteIndex: Migration = {
  version: 2,
  name: 'add-note-index',
  up(db) {
    db.exec('CREATE INDEX notes_body ON notes (body)');
  },
};

/** Creates a table, then fails on invalid SQL: the table must not survive the rollback. */
export const brokenThird: Migration = {
  version: 3,
  name: 'broken-third',
  up(db) {
    db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY) STRICT');
    db.exec("INSERT INTO half_done (id) VALUES (1)");
    db.exec('ALTER TABLE no_such_table ADD COLUMN oops TEXT');
  },
};
