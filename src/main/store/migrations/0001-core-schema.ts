import type { Migration } from './migration';

/**
 * The core tables every profile needs. Shipped migrations are never edited: a change is a new
 * numbered file.
 *
 * STRICT tables make SQLite reject a value of the wrong type instead of storing it (a price
 * stored as text would otherwise sort and compare wrongly). Times are epoch milliseconds.
 */
export const coreSchema: Migration = {
  version: 1,
  name: 'core-schema',
  up(db) {
    db.exec(`
      -- Small persisted facts that must survive a restart, e.g. the kill-switch state.
      CREATE TABLE app_state (
        key        TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- Who did what when (audit finding 1.3). Append-only and hash-chained:
      -- hash = sha256(prev_hash || canonical row content), so an edit, a removal or a
      -- reordering of any row breaks the chain from that row on (see audit.repo.ts).
      CREATE TABLE audit_log (
        id             INTEGER PRIMARY KEY,
        at             INTEGER NOT NULL,
        actor          TEXT NOT NULL CHECK (length(actor) > 0),
        action         TEXT NOT NULL CHECK (length(action) > 0),
        subject        TEXT,
        details        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
        correlation_id TEXT,
        prev_hash      TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash           TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;

      CREATE INDEX audit_log_action_id ON audit_log (action, id);

      -- The database, not only the repository, refuses to rewrite history. A determined
      -- attacker with the file can drop these; the hash chain is what detects that.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE is not allowed');
      END;

      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: DELETE is not allowed');
      END;
    `);
  },
};
