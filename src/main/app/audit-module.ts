import { createAuditHandlers } from '../audit/audit.ipc';
import type { AuditService } from '../audit/audit.service';
import type { CapabilityModule } from './capability-module';

export type AuditModule = CapabilityModule<'audit:list' | 'audit:verify'>;

/** The audit area as the composition root sees it: the service is built earlier (every area appends through it). */
export function createAuditModule(audit: AuditService): AuditModule {
  return {
    name: 'audit',
    handlers: createAuditHandlers(audit),
    start: async () => undefined,
    stop: async () => undefined,
  };
}
