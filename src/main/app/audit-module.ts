import { createAuditHandlers } from '../audit/audit.ipc';
import type { AuditService } from '../audit/audit.service';
import type { AlertSink } from '../alerts/alert-sink';
import type { CapabilityModule } from './capability-module';

export type AuditModule = CapabilityModule<'audit:list' | 'audit:verify'>;

/**
 * The audit area as the composition root sees it: the service is built earlier (every area
 * appends through it). A verify that finds the chain broken raises a critical alert (audit 8.3:
 * a failed audit check is an error a trader must see), besides returning the report.
 */
export function createAuditModule(audit: AuditService, alerts: AlertSink): AuditModule {
  const handlers = createAuditHandlers(audit);
  return {
    name: 'audit',
    handlers: {
      ...handlers,
      'audit:verify': async (payload, context) => {
        const report = await handlers['audit:verify'](payload, context);
        const headBad = report.head.state === 'missing' || report.head.state === 'ahead' || report.head.state === 'mismatch';
        if (!report.ok || headBad) {
          alerts.raise({
            kind: 'audit-check-failed',
            severity: 'critical',
            subject: 'audit-log',
            title: 'The audit log failed verification',
            message: report.ok ? `the head kept outside the database is ${report.head.state}` : `broken at entry ${report.firstBadId ?? '?'}: ${report.problem ?? 'unknown problem'}`,
            dedupKey: 'audit-check-failed',
            details: { firstBadId: report.firstBadId ?? null, problem: report.problem ?? null, head: report.head.state },
          });
        }
        return report;
      },
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
}
