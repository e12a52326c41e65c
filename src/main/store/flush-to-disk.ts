import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type Database from 'better-sqlite3';

/**
 * Flushes what a connection has committed (its WAL, or the database file when it has none) to
 * the disk, on libuv's thread pool: a commit made with synchronous = NORMAL is already safe
 * from a crash of this process (the frames are in the OS's page cache); this makes it safe
 * from a power cut too, without holding the main thread for the fsync. Under a heavy
 * concurrent write (a 505-file import) one fsync takes tens of milliseconds, all of it the disk's.
 * An in-memory database has nothing to flush.
 */
export async function flushToDisk(db: Database.Database): Promise<void> {
  if (db.memory) return;
  const wal = `${db.name}-wal`;
  // 'r+': Windows flushes only a handle opened for writing. Nothing is written through it.
  const handle = await open(existsSync(wal) ? wal : db.name, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
