import type { Handlers } from '../ipc/handler-registry';
import type { AuditEntry } from '../../shared/domain/audit';
import type { AuditRow, AuditService } from './audit.service';
import { auditActionNames } from './core/audit-actions';

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    surface: row.surface,
    action: row.action,
    subject: row.subject,
    reason: row.reason,
    before: row.before,
    after: row.after,
    details: { ...row.details },
    hash: row.hash,
    signed: row.signature !== null,
    keyId: row.keyId,
  };
}

/** The audit view's channels: read and verify only; nothing on the contract writes the log directly. */
export function createAuditHandlers(audit: AuditService): Pick<Handlers, 'audit:list' | 'audit:verify'> {
  return {
    'audit:list': (query) => ({ entries: audit.list(query).map(toEntry), signing: audit.signingStatus(), actions: [...auditActionNames] }),
    'audit:verify': () => audit.verify(),
  };
}
