import { z } from 'zod';

/**
 * Every failure that crosses the process boundary is one of these codes. The renderer
 * decides what to show from the code; the message is for humans; details are structured
 * (a field path, a row number) and never contain stack traces or secrets.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN_SENDER',
  /** The renderer named a file or folder it may not read (see main/security/path-access.ts). */
  'PATH_NOT_ALLOWED',
  'NOT_FOUND',
  'CONFLICT',
  'VALIDATION_FAILED',
  'CONFIG_INVALID',
  'KEYCHAIN_UNAVAILABLE',
  'STORE_CORRUPT',
  'STORE_MIGRATION_FAILED',
  /** The volume holding a file ArbDesk writes is full (ENOSPC, SQLITE_FULL). */
  'STORAGE_FULL',
  /** The data directory or a file in it cannot be written (EROFS, EACCES, SQLITE_READONLY). */
  'STORAGE_READ_ONLY',
  /** The database was still locked by another connection when the busy timeout ran out. */
  'STORE_BUSY',
  'TRADING_HALTED',
  'CANCELLED',
  'UNAVAILABLE',
  'TIMEOUT',
  /** The broker refused an order or request; details.reason carries its words. */
  'BROKER_REJECTED',
  /** The broker asked us to slow down; details.retryAfterMs when it said. */
  'RATE_LIMITED',
  /** The broker session's credentials expired; the user must sign in again. */
  'AUTH_EXPIRED',
  /** A request reached the broker but its outcome is not known (a lost ack): reconcile before retrying. */
  'UNKNOWN_OUTCOME',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const errorCodeSchema = z.enum(errorCodes);

export const ipcErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** The plain-data shape of an error on the wire. */
export type IpcError = z.infer<typeof ipcErrorSchema>;

/**
 * An error that knows its wire shape. Main throws these from handlers; the registry turns
 * them into `{ ok: false, error }`. Anything else thrown becomes INTERNAL with a generic
 * message, so implementation detail never leaks to the renderer.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toWire(): IpcError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Exhaustiveness guard for switches over unions (house style: exhaustive over clever). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/** An assertion with a message, used instead of non-null `!` casts. */
export function strictAssert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}
