import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';

/** Recorded desk sessions and their events (trading migration 0004). Bodies are JSON. */

export type DeskSessionEventKind = 'decision' | 'quotes' | 'order' | 'fill';

export interface DeskSessionRow {
  readonly id: string;
  readonly mode: 'paper' | 'live';
  readonly broker: string;
  readonly config: unknown;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

export interface DeskSessionEventRow {
  readonly seq: number;
  readonly at: number;
  readonly kind: DeskSessionEventKind;
  readonly day: number | null;
  readonly pairId: string | null;
  readonly orderId: string | null;
  readonly body: unknown;
}

export interface DeskSessionsRepo {
  create(session: Omit<DeskSessionRow, 'endedAt'>): void;
  end(id: string, at: number): void;
  get(id: string): DeskSessionRow | undefined;
  list(limit: number): DeskSessionRow[];
  append(sessionId: string, event: Omit<DeskSessionEventRow, 'seq'>): void;
  events(sessionId: string, kind?: DeskSessionEventKind): DeskSessionEventRow[];
}

interface SessionDbRow {
  id: string;
  mode: 'paper' | 'live';
  broker: string;
  config: string;
  started_at: number;
  ended_at: number | null;
}

interface EventDbRow {
  seq: number;
  at: number;
  kind: DeskSessionEventKind;
  day: number | null;
  pair_id: string | null;
  order_id: string | null;
  body: string;
}

const toSession = (row: SessionDbRow): DeskSessionRow => ({
  id: row.id,
  mode: row.mode,
  broker: row.broker,
  config: JSON.parse(row.config) as unknown,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

const toEvent = (row: EventDbRow): DeskSessionEventRow => ({
  seq: row.seq,
  at: row.at,
  kind: row.kind,
  day: row.day,
  pairId: row.pair_id,
  orderId: row.order_id,
  body: JSON.parse(row.body) as unknown,
});

export function createDeskSessionsRepo(db: Database.Database): DeskSessionsRepo {
  const insertSession = db.prepare('INSERT INTO desk_sessions (id, mode, broker, config, started_at) VALUES (?, ?, ?, ?, ?)');
  const endSession = db.prepare('UPDATE desk_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL');
  const selectSession = db.prepare<[string], SessionDbRow>('SELECT * FROM desk_sessions WHERE id = ?');
  const selectSessions = db.prepare<[number], SessionDbRow>('SELECT * FROM desk_sessions ORDER BY started_at DESC, id DESC LIMIT ?');
  const insertEvent = db.prepare('INSERT INTO desk_session_events (session_id, at, kind, day, pair_id, order_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const selectEvents = db.prepare<[string], EventDbRow>('SELECT seq, at, kind, day, pair_id, order_id, body FROM desk_session_events WHERE session_id = ? ORDER BY seq');
  const selectEventsOfKind = db.prepare<[string, string], EventDbRow>(
    'SELECT seq, at, kind, day, pair_id, order_id, body FROM desk_session_events WHERE session_id = ? AND kind = ? ORDER BY seq',
  );
  return {
    create(session) {
      insertSession.run(session.id, session.mode, session.broker, JSON.stringify(session.config), session.startedAt);
    },
    end(id, at) {
      if (endSession.run(at, id).changes !== 1) throw new AppError('CONFLICT', `desk session ${id} does not exist or has already ended`, { sessionId: id });
    },
    get(id) {
      const row = selectSession.get(id);
      return row === undefined ? undefined : toSession(row);
    },
    list(limit) {
      return selectSessions.all(limit).map(toSession);
    },
    append(sessionId, event) {
      insertEvent.run(sessionId, event.at, event.kind, event.day, event.pairId, event.orderId, JSON.stringify(event.body));
    },
    events(sessionId, kind) {
      return (kind === undefined ? selectEvents.all(sessionId) : selectEventsOfKind.all(sessionId, kind)).map(toEvent);
    },
  };
}
