import { z } from 'zod';
import { defineRequest } from '../define';
import { haltRequestSchema, resumeRequestSchema, tradingStateSchema } from '../../domain/trading';

export const tradingRequests = {
  'trading:state': defineRequest({
    doc: 'The current trading state shown in the header: profile, broker, connection and halt.',
    request: z.object({}).strict(),
    response: tradingStateSchema,
  }),
  'trading:halt': defineRequest({
    doc: 'Engages the kill switch. Idempotent; always accepted, never queued behind other work.',
    request: haltRequestSchema.strict(),
    response: tradingStateSchema,
  }),
  'trading:resume': defineRequest({
    doc: 'Releases the kill switch after an explicit typed confirmation.',
    request: resumeRequestSchema.strict(),
    response: tradingStateSchema,
  }),
} as const;
