import type { Migration } from '../migrations/migration';

/**
 * Alerts (issue 14 "Alerts"; audit 8.3). One row per alert; a repeat of the same dedup key
 * while it stands unacknowledged updates `count` and `last_at` instead of adding a row.
 * Version 5: trading migrations 3 and 4 belong to the paper broker (desk-broker), 6 to the
 * live desk; until 3 and 4 are registered beside it, the alerts service keeps alerts in
 * memory (see alerts/alert-store.ts).
 */
export const alertsMigration: Migration = {
  version: 5,
  name: 'alerts',
  up(db) {
    db.exec(`
      CREATE TABLE alerts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        kind            TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
        severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        subject         TEXT NOT NULL,
        title           TEXT NOT NULL,
        message         TEXT NOT NULL,
        dedup_key       TEXT NOT NULL CHECK (length(dedup_key) BETWEEN 1 AND 300),
        details         TEXT NOT NULL CHECK (json_valid(details)),
        raised_at       INTEGER NOT NULL,
        last_at         INTEGER NOT NULL,
        count           INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        acknowledged_at INTEGER,
        acknowledged_by TEXT
      ) STRICT;

      CREATE INDEX alerts_open_by_key ON alerts (dedup_key, id) WHERE acknowledged_at IS NULL;
      CREATE INDEX alerts_raised_at ON alerts (raised_at);
    `);
  },
};
