import { closeSync, existsSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/store/db';
import { checkDatabase } from '../../../src/main/store/integrity';
import { createNotes, expectAppError, makeTempDatabasePath, openTestStore, silentLogger } from './store-test-kit';

const PAGE_SIZE = 4096;

/** A closed database of a few hundred pages, with no -wal left beside it. */
function writeMultiPageDatabase(dbPath: string): number {
  const store = openTestStore(dbPath, [createNotes]);
  const insert = store.db.prepare('INSERT INTO notes (body) VALUES (?)');
  store.db.transaction(() => {
    for (let i = 0; i < 3000; i += 1) insert.run(`note ${i} ${'x'.repeat(150)}`);
  })();
  store.close();
  expect(existsSync(`${dbPath}-wal`)).toBe(false);
  return statSync(dbPath).size / PAGE_SIZE;
}

/** Overwrites the middle of a page in the middle of the file: cells, not the page header. */
function scribbleOverMiddlePage(dbPath: string, pages: number): void {
  const page = Math.floor(pages / 2);
  const fd = openSync(dbPath, 'r+');
  try {
    writeSync(fd, Buffer.alloc(1024, 0xa5), 0, 1024, (page - 1) * PAGE_SIZE + 1500);
  } finally {
    closeSync(fd);
  }
}

describe('openDatabase', () => {
  let dir: string;
  let dbPath: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dir, dbPath, cleanup } = makeTempDatabasePath());
  });
  afterEach(() => cleanup());

  it('configures WAL, foreign keys, FULL sync and the busy timeout from its parameter', () => {
    const store = openDatabase({ path: dbPath, busyTimeoutMs: 1234, migrations: [createNotes], logger: silentLogger });
    expect(store.path).toBe(path.resolve(dbPath));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    store.close();
    store.close();
    expect(store.db.open).toBe(false);
  });

  it('enforces foreign keys', () => {
    const store = openTestStore(dbPath, [
      {
        version: 1,
        name: 'parent-child',
        up(db) {
          db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id))');
        },
      },
    ]);
    expect(() => store.db.exec('INSERT INTO child (parent_id) VALUES (42)')).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('refuses a file whose pages fail quick_check, naming the file and the remedy', () => {
    scribbleOverMiddlePage(dbPath, writeMultiPageDatabase(dbPath));
    const error = expectAppError(() => openTestStore(dbPath, [createNotes]), 'STORE_CORRUPT');
    expect(error.message).toContain(path.resolve(dbPath));
    expect(error.message).toContain('arbdesk db restore');
    expect(error.details?.['path']).toBe(path.resolve(dbPath));
    const problems = error.details?.['problems'] as string[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(10);
    expect(problems.join('\n')).toMatch(/page \d+/i);
  });

  it('maps a file that is not a database to STORE_CORRUPT', () => {
    writeFileSync(dbPath, 'this is a spreadsheet, not a database\n'.repeat(200));
    const error = expectAppError(() => openTestStore(dbPath, [createNotes]), 'STORE_CORRUPT');
    expect(error.message).toContain(path.resolve(dbPath));
    expect(error.details?.['problems']).toEqual(['file is not a database']);
  });

  it('reports a missing folder as UNAVAILABLE with the path', () => {
    const missing = path.join(dir, 'no-such-folder', 'arbdesk.db');
    const error = expectAppError(() => openTestStore(missing, [createNotes]), 'UNAVAILABLE');
    expect(error.message).toContain(missing);
  });
});

describe('checkDatabase', () => {
  let dbPath: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ dbPath, cleanup } = makeTempDatabasePath());
  });
  afterEach(() => cleanup());

  it('reports a sound database, even while the app has it open', () => {
    const store = openTestStore(dbPath, [createNotes]);
    store.db.exec("INSERT INTO notes (body) VALUES ('kept')");
    const report = checkDatabase(dbPath);
    expect(report).toMatchObject({ ok: true, integrity: [], userVersion: 1, walMode: true });
    expect(report.sizeBytes).toBeGreaterThan(0);
    store.close();
  });

  it('reports damage as data instead of throwing', () => {
    scribbleOverMiddlePage(dbPath, writeMultiPageDatabase(dbPath));
    const report = checkDatabase(dbPath);
    expect(report.ok).toBe(false);
    expect(report.integrity.length).toBeGreaterThan(0);
  });

  it('reports a foreign-key orphan that integrity_check alone misses', () => {
    const store = openTestStore(dbPath, [
      {
        version: 1,
        name: 'parent-child',
        up(db) {
          db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))');
        },
      },
    ]);
    store.close();
    const raw = new Database(dbPath);
    raw.pragma('foreign_keys = OFF');
    raw.exec('INSERT INTO child (parent_id) VALUES (7)');
    raw.close();
    const report = checkDatabase(dbPath);
    expect(report.ok).toBe(false);
    expect(report.integrity[0]).toContain('child');
  });

  it('throws NOT_FOUND for a missing file', () => {
    expectAppError(() => checkDatabase(`${dbPath}.missing`), 'NOT_FOUND');
  });
});
