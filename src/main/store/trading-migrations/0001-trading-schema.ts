import type { Migration } from '../migrations/migration';

/**
 * The trading database (trading.sqlite), beside the research store. It holds what a halt
 * must never wait for: the trading state per scope, the session markers behind the startup
 * rule, the one audit hash chain, and (from the paper desk on) orders and fills. Research
 * work never writes here, so its long write transactions cannot delay a halt.
 *
 * Shipped migrations are never edited: a change is a new numbered file in this folder.
 */
export const tradingSchema: Migration = {
  version: 1,
  name: 'trading-schema',
  up(db) {
    db.exec(`
      -- One row per scope that has ever been set: 'global', 'strategy:<id>', 'pair:<Y>/<X>'.
      -- A strategy or pair scope that returns to ACTIVE is deleted (the audit log keeps the
      -- history); global always has a row once the database was opened by the app.
      CREATE TABLE trading_state (
        scope  TEXT PRIMARY KEY NOT NULL CHECK (length(scope) BETWEEN 1 AND 100),
        status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
        reason TEXT,
        actor  TEXT NOT NULL CHECK (length(actor) > 0),
        since  INTEGER NOT NULL
      ) STRICT;

      -- One row per app run: written at start, marked clean in dispose(). A row left with
      -- clean = 0 by an earlier run is an unclean shutdown, and the next start halts.
      CREATE TABLE sessions (
        id           INTEGER PRIMARY KEY,
        pid          INTEGER NOT NULL,
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER,
        clean        INTEGER NOT NULL DEFAULT 0 CHECK (clean IN (0, 1)),
        -- Set when a later start found this session unclean and halted for it.
        recovered_at INTEGER
      ) STRICT;

      -- One-off facts about this file, e.g. that the research store's audit log was adopted.
      CREATE TABLE trading_meta (
        key        TEXT PRIMARY KEY NOT NULL,
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- The audit log, moved here from the research store with the same columns, so adopted
      -- rows keep their ids and hashes (see audit.repo.ts and legacy-adoption.ts).
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
