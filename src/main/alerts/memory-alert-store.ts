import type { AlertListQuery, AlertRecord } from '../../shared/domain/alerts';
import { AppError } from '../../shared/ipc/errors';
import type { AlertStore, NewAlert } from '../store/repos/alerts.repo';

/**
 * Alerts kept for this run only. Used while the trading database has no alerts table (its
 * migration 0005 is registered after the paper broker's 3 and 4), so alerts still toast, list
 * and dedup; the module logs that they do not survive a restart.
 */
export function createMemoryAlertStore(): AlertStore {
  const rows: AlertRecord[] = [];
  const byId = (id: number): number => rows.findIndex((row) => row.id === id);
  return {
    persistent: false,
    findOpen(dedupKey) {
      for (let i = rows.length - 1; i >= 0; i -= 1) {
        const row = rows[i];
        if (row !== undefined && row.dedupKey === dedupKey && row.acknowledgedAt === null) return row;
      }
      return null;
    },
    insert(alert: NewAlert) {
      const record: AlertRecord = {
        id: rows.length + 1,
        kind: alert.kind,
        severity: alert.severity,
        subject: alert.subject,
        title: alert.title,
        message: alert.message,
        dedupKey: alert.dedupKey,
        details: structuredClone(alert.details) as AlertRecord['details'],
        raisedAt: alert.at,
        lastAt: alert.at,
        count: 1,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      rows.push(record);
      return record;
    },
    repeat(id, update) {
      const index = byId(id);
      const row = rows[index];
      if (row === undefined) throw new AppError('NOT_FOUND', `Alert ${id} does not exist.`, { id });
      const next: AlertRecord = { ...row, count: row.count + 1, lastAt: update.at, message: update.message, severity: update.severity, details: structuredClone(update.details) as AlertRecord['details'] };
      rows[index] = next;
      return next;
    },
    list(query: AlertListQuery) {
      return rows
        .filter((row) => (!query.unacknowledgedOnly || row.acknowledgedAt === null) && (query.kind === undefined || row.kind === query.kind))
        .sort((a, b) => b.lastAt - a.lastAt || b.id - a.id)
        .slice(0, query.limit);
    },
    unacknowledgedCount() {
      return rows.filter((row) => row.acknowledgedAt === null).length;
    },
    acknowledge(ids, by, at) {
      let changed = 0;
      for (const id of ids) {
        const index = byId(id);
        const row = rows[index];
        if (row === undefined || row.acknowledgedAt !== null) continue;
        rows[index] = { ...row, acknowledgedAt: at, acknowledgedBy: by };
        changed += 1;
      }
      return changed;
    },
  };
}
