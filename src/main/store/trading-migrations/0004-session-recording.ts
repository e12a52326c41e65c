import type { Migration } from '../migrations/migration';

/**
 * Session recording (issue 14): every paper and live session keeps its decisions, the quotes
 * it used, its order events and its fills with their costs, so the divergence report can
 * replay it through the backtester. Events are append-only; a session row changes only to
 * record its end.
 */
export const sessionRecording: Migration = {
  version: 4,
  name: 'session-recording',
  up(db) {
    db.exec(`
      CREATE TABLE desk_sessions (
        id         TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
        mode       TEXT NOT NULL CHECK (mode IN ('paper', 'live')),
        broker     TEXT NOT NULL,
        -- The backtest-shaped config the session trades by (pairs, strategy, costs, execution).
        config     TEXT NOT NULL CHECK (json_valid(config)),
        started_at INTEGER NOT NULL,
        ended_at   INTEGER
      ) STRICT;

      CREATE TABLE desk_session_events (
        seq        INTEGER PRIMARY KEY NOT NULL,
        session_id TEXT NOT NULL REFERENCES desk_sessions (id),
        at         INTEGER NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('decision', 'quotes', 'order', 'fill')),
        day        INTEGER,
        pair_id    TEXT,
        order_id   TEXT,
        body       TEXT NOT NULL CHECK (json_valid(body))
      ) STRICT;
      CREATE INDEX desk_session_events_kind ON desk_session_events (session_id, kind, seq);

      CREATE TRIGGER desk_sessions_only_end BEFORE UPDATE ON desk_sessions
      WHEN NEW.id IS NOT OLD.id OR NEW.mode IS NOT OLD.mode OR NEW.broker IS NOT OLD.broker OR NEW.config IS NOT OLD.config
        OR NEW.started_at IS NOT OLD.started_at OR OLD.ended_at IS NOT NULL
      BEGIN
        SELECT RAISE(ABORT, 'desk_sessions: only a session''s end may be recorded, once');
      END;
      CREATE TRIGGER desk_sessions_no_delete BEFORE DELETE ON desk_sessions
      BEGIN
        SELECT RAISE(ABORT, 'desk_sessions is append-only: DELETE is not allowed');
      END;
      CREATE TRIGGER desk_session_events_no_update BEFORE UPDATE ON desk_session_events
      BEGIN
        SELECT RAISE(ABORT, 'desk_session_events is append-only: UPDATE is not allowed');
      END;
      CREATE TRIGGER desk_session_events_no_delete BEFORE DELETE ON desk_session_events
      BEGIN
        SELECT RAISE(ABORT, 'desk_session_events is append-only: DELETE is not allowed');
      END;
    `);
  },
};
