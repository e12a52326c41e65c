import { z } from 'zod';
import { auditListQuerySchema, auditListResponseSchema, auditVerifyReportSchema } from '../../domain/audit';
import { defineRequest } from '../define';

export const auditRequests = {
  'audit:list': defineRequest({
    doc: 'Audit entries, newest first, filtered by action, actor, subject and time; with whether signing is on.',
    request: auditListQuerySchema.strict(),
    response: auditListResponseSchema,
  }),
  'audit:verify': defineRequest({
    doc: 'Recomputes every hash, the chain and each signature, and compares the head kept outside the database; reports the first broken entry.',
    request: z.object({}).strict(),
    response: auditVerifyReportSchema,
  }),
} as const;
