import { z } from 'zod';
import { ipcErrorSchema } from './errors';

/**
 * The wire envelopes shared by both transports (Electron IPC and the browser-mode
 * WebSocket). A request's `id` doubles as its correlation id in main's logs.
 */
export const requestIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'request id must be url-safe');

export const requestEnvelopeSchema = z.object({
  type: z.literal('request'),
  id: requestIdSchema,
  channel: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(false), error: ipcErrorSchema }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({
  type: z.literal('event'),
  event: z.string(),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export const serverMessageSchema = z.union([responseEnvelopeSchema, eventEnvelopeSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/**
 * Largest serialized request main will parse. Bulk data (CSV files) never travels over IPC:
 * the renderer names a path and main reads it.
 */
export const MAX_REQUEST_BYTES = 256 * 1024;
