import { z } from 'zod';
import { alertListQuerySchema, alertListResponseSchema, alertRecordSchema } from '../../domain/alerts';
import { defineEvent, defineRequest } from '../define';

export const alertRequests = {
  'alerts:list': defineRequest({
    doc: 'Persisted alerts, newest first (optionally only unacknowledged or one kind), with the unacknowledged count.',
    request: alertListQuerySchema.strict(),
    response: alertListResponseSchema,
  }),
  'alerts:acknowledge': defineRequest({
    doc: 'Marks alerts as seen by the user; a later raise of the same dedup key makes a new alert. Returns how many changed.',
    request: z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict(),
    response: z.object({ acknowledged: z.number().int().nonnegative() }),
  }),
} as const;

export const alertEvents = {
  'alerts:raised': defineEvent({
    doc: 'An alert was raised or raised again (deduplicated and rate-limited): the toast and the alert list show it.',
    payload: alertRecordSchema,
  }),
} as const;
