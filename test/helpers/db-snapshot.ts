import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

/** A digest of every row of every table: equal digests mean nothing was written. */
export function databaseDigest(db: Database): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  for (const { name } of tables) {
    hash.update(`table ${name}\n`);
    for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().iterate()) {
      hash.update(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}
