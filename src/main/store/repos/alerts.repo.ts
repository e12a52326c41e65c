import type Database from 'better-sqlite3';
import { alertKindSchema, alertSeveritySchema, type AlertKind, type AlertListQuery, type AlertRecord, type AlertSeverity } from '../../../shared/domain/alerts';
import { AppError } from '../../../shared/ipc/errors';

/** A new alert's fields; the repository adds id, count and the acknowledgement. */
export interface NewAlert {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly subject: string;
  readonly title: string;
  readonly message: string;
  readonly dedupKey: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** Where alerts are kept. The SQLite repository and the in-memory store both implement it. */
export interface AlertStore {
  readonly persistent: boolean;
  /** The newest unacknowledged alert with this key, or null. */
  findOpen(dedupKey: string): AlertRecord | null;
  insert(alert: NewAlert): AlertRecord;
  /** Raised again: count + 1, last_at, and the latest message, severity and details. */
  repeat(id: number, update: { at: number; message: string; severity: AlertSeverity; details: Readonly<Record<string, unknown>> }): AlertRecord;
  list(query: AlertListQuery): AlertRecord[];
  unacknowledgedCount(): number;
  /** Returns how many changed (already acknowledged ones do not count). */
  acknowledge(ids: readonly number[], by: string, at: number): number;
}

interface AlertRow {
  id: number;
  kind: string;
  severity: string;
  subject: string;
  title: string;
  message: string;
  dedup_key: string;
  details: string;
  raised_at: number;
  last_at: number;
  count: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

function toRecord(row: AlertRow): AlertRecord {
  const kind = alertKindSchema.safeParse(row.kind);
  const severity = alertSeveritySchema.safeParse(row.severity);
  if (!kind.success || !severity.success) {
    throw new AppError('STORE_CORRUPT', `Alert ${row.id} has an unknown kind "${row.kind}" or severity "${row.severity}".`, { id: row.id });
  }
  return {
    id: row.id,
    kind: kind.data,
    severity: severity.data,
    subject: row.subject,
    title: row.title,
    message: row.message,
    dedupKey: row.dedup_key,
    details: JSON.parse(row.details) as AlertRecord['details'],
    raisedAt: row.raised_at,
    lastAt: row.last_at,
    count: row.count,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
  };
}

/** The alerts table of the trading database (trading migration 0005). */
export function createAlertsRepo(db: Database.Database): AlertStore {
  const findOpen = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE dedup_key = ? AND acknowledged_at IS NULL ORDER BY id DESC LIMIT 1');
  const insert = db.prepare<[string, string, string, string, string, string, string, number, number], AlertRow>(
    `INSERT INTO alerts (kind, severity, subject, title, message, dedup_key, details, raised_at, last_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const repeat = db.prepare<[number, string, string, string, number], AlertRow>(
    'UPDATE alerts SET count = count + 1, last_at = ?, message = ?, severity = ?, details = ? WHERE id = ? RETURNING *',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL');
  const acknowledge = db.prepare<[number, string, number]>('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL');
  const acknowledgeMany = db.transaction((ids: readonly number[], by: string, at: number): number => {
    let changed = 0;
    for (const id of ids) changed += acknowledge.run(at, by, id).changes;
    return changed;
  });
  return {
    persistent: true,
    findOpen(dedupKey) {
      const row = findOpen.get(dedupKey);
      return row === undefined ? null : toRecord(row);
    },
    insert(alert) {
      const row = insert.get(alert.kind, alert.severity, alert.subject, alert.title, alert.message, alert.dedupKey, JSON.stringify(alert.details), alert.at, alert.at);
      if (row === undefined) throw new AppError('INTERNAL', `Inserting alert "${alert.dedupKey}" returned no row.`, { dedupKey: alert.dedupKey });
      return toRecord(row);
    },
    repeat(id, update) {
      const row = repeat.get(update.at, update.message, update.severity, JSON.stringify(update.details), id);
      if (row === undefined) throw new AppError('NOT_FOUND', `Alert ${id} does not exist.`, { id });
      return toRecord(row);
    },
    list(query) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (query.unacknowledgedOnly) where.push('acknowledged_at IS NULL');
      if (query.kind !== undefined) {
        where.push('kind = ?');
        params.push(query.kind);
      }
      const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY last_at DESC, id DESC LIMIT ?`;
      return db
        .prepare<Array<string | number>, AlertRow>(sql)
        .all(...params, query.limit)
        .map(toRecord);
    },
    unacknowledgedCount() {
      return count.get()?.n ?? 0;
    },
    acknowledge(ids, by, at) {
      return acknowledgeMany(ids, by, at);
    },
  };
}
