import type { AuditEvent } from '../../src/main/audit/core/audit-actions';

/** A valid audit entry of a registered kind, told apart by `tag` (its reason). */
export function sampleAuditEvent(tag: string): AuditEvent {
  return { actor: 'test', action: 'trading.halt-requested', subject: 'global', reason: tag, details: { flatten: false, outcome: 'halted', flattened: false } };
}
