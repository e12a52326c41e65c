import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/store/db';
import { createWalTrickle } from '../../../src/main/store/wal-trickle';
import { migrations } from '../../../src/main/store/migrations';
import { makeTempDatabasePath, openTestStore } from './store-test-kit';

/**
 * The import's WAL trickle flushes a transaction's WAL while it is still open. What must hold:
 * the flush changes nothing about the transaction — a rolled-back write leaves nothing, a
 * committed one everything — and it is harmless before the WAL exists or on a memory database.
 */
let dir: string;
let cleanup: () => void;
let store: Store;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDatabasePath());
  store = openTestStore(path.join(dir, 'arbdesk.sqlite'), migrations);
  store.db.exec('CREATE TABLE trickle_probe (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)');
});
afterEach(() => {
  store.close();
  cleanup();
});

function writeRows(count: number, sliceBytes: number, fail: boolean): void {
  const insert = store.db.prepare('INSERT INTO trickle_probe (pad) VALUES (randomblob(2000))');
  const trickle = createWalTrickle(store.db, sliceBytes);
  try {
    store.db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        insert.run();
        if (i % 100 === 0) trickle.tick();
      }
      if (fail) throw new Error('rolled back on purpose');
    })();
  } finally {
    trickle.close();
  }
}

const rows = (): number => (store.db.prepare('SELECT COUNT(*) AS n FROM trickle_probe').get() as { n: number }).n;

describe('the WAL trickle', () => {
  it('flushes a growing transaction and leaves its outcome alone: a rollback writes nothing', () => {
    // 5,000 rows of 2 kB spill far past SQLite's page cache, so the WAL grows while the transaction is open.
    expect(() => writeRows(5_000, 64 * 1024, true)).toThrow(/rolled back on purpose/);
    expect(rows()).toBe(0);
    expect(statSync(`${store.db.name}-wal`).size).toBeGreaterThan(64 * 1024);
  });

  it('a commit keeps every row', () => {
    writeRows(5_000, 64 * 1024, false);
    expect(rows()).toBe(5_000);
  });

  it('does nothing on a memory database', () => {
    const memory = openTestStore(':memory:', migrations);
    try {
      const trickle = createWalTrickle(memory.db, 1);
      expect(() => {
        trickle.tick();
        trickle.close();
      }).not.toThrow();
    } finally {
      memory.close();
    }
  });
});
