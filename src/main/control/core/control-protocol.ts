import { z } from 'zod';

/**
 * The local control channel's messages: one JSON object per line each way, one request per
 * connection. Every request carries the token from the instance lock file (owner-only), so
 * even where the OS lets another account open the endpoint (a named pipe's default ACL
 * grants Everyone read), nothing is obeyed without having read the lock file.
 */
export const CONTROL_PROTOCOL_VERSION = 1;

/** `arbdesk halt` exits with this when no instance could flatten (sysexits EX_UNAVAILABLE). */
export const CANNOT_FLATTEN = 'cannot flatten: no positions engine';

const token = z.string().regex(/^[0-9a-f]{32,128}$/);

export const controlRequestSchema = z.discriminatedUnion('op', [
  /** `focus` asks a desktop instance to bring its window to the front (a second launch). */
  z.object({ op: z.literal('ping'), token, focus: z.boolean().optional() }),
  z.object({
    op: z.literal('halt'),
    token,
    /** 'global' or 'pair:<Y>/<X>'. */
    scope: z.string().min(1).max(100),
    reason: z.string().max(2000).nullable(),
    flatten: z.boolean(),
    /** Who typed it, as the audit log records it (e.g. 'user:cli'). */
    actor: z.string().min(1).max(200),
  }),
]);
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export const controlHelloSchema = z.object({
  ok: z.literal(true),
  op: z.literal('ping'),
  protocol: z.number().int(),
  pid: z.number().int(),
  startedAt: z.number().int(),
  transport: z.string(),
  /** Where the user finds this instance: the browser URL (with its token), or null for Electron. */
  url: z.string().nullable(),
});
export type ControlHello = z.infer<typeof controlHelloSchema>;

export const haltReplySchema = z.object({
  ok: z.literal(true),
  op: z.literal('halt'),
  scope: z.string(),
  /** True once the trading database holds HALTED for the scope (read back after the write). */
  persisted: z.boolean(),
  alreadyHalted: z.boolean(),
  /** Null when no flatten was asked for. */
  flatten: z.object({ done: z.boolean(), detail: z.string() }).nullable(),
});
export type HaltReply = z.infer<typeof haltReplySchema>;

export const controlErrorReplySchema = z.object({ ok: z.literal(false), code: z.string(), message: z.string() });
export type ControlErrorReply = z.infer<typeof controlErrorReplySchema>;

export const controlReplySchema = z.union([controlHelloSchema, haltReplySchema, controlErrorReplySchema]);
export type ControlReply = z.infer<typeof controlReplySchema>;

/** Largest line either side accepts; a request is tiny, so anything bigger is not ours. */
export const MAX_CONTROL_LINE = 16 * 1024;
