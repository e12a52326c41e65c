import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, isAppError, type ErrorCode, type IpcError } from '../../shared/ipc/errors';
import { MAX_REQUEST_BYTES, requestEnvelopeSchema, type ResponseEnvelope } from '../../shared/ipc/envelope';
import {
  isRequestChannel,
  requests,
  type RequestChannel,
  type RequestPayload,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { runWithCorrelation } from '../logging/context';

export type Transport = 'electron' | 'browser';

export interface HandlerContext {
  readonly correlationId: string;
  readonly transport: Transport;
}

/** One handler per contract channel; the type makes a missing handler a compile error. */
export type Handlers = {
  [K in RequestChannel]: (payload: RequestPayload<K>, context: HandlerContext) => ResponseOf<K> | Promise<ResponseOf<K>>;
};

/** Where the registry reports what it did (the metrics registry); optional so tests need none. */
export interface IpcObserver {
  /** A request whose handler ran, with its time and its error code (null when it succeeded). */
  handled(channel: RequestChannel, seconds: number, errorCode: ErrorCode | null): void;
  /** A request refused before any handler ran: its channel, or `ipc` when it named none we know. */
  refused(channel: string, code: ErrorCode): void;
}

const noObserver: IpcObserver = { handled: () => undefined, refused: () => undefined };

export interface IpcRegistry {
  /**
   * Validates and runs one request. Never throws: every outcome, including malformed input,
   * is a response envelope with a typed error.
   */
  dispatch(raw: unknown, transport: Transport): Promise<ResponseEnvelope>;
  /** The same, for a serialized message as it arrives off a socket. */
  dispatchText(text: string, transport: Transport): Promise<ResponseEnvelope>;
}

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

function failure(id: string | null, error: IpcError): ResponseEnvelope {
  return { type: 'response', id, ok: false, error };
}

/** Best effort to answer a message we refuse to parse with the id its sender will wait on. */
function sniffId(text: string): string | null {
  const match = /"id"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(text.slice(0, 512));
  return match?.[1] ?? null;
}

export function createIpcRegistry(handlers: Handlers, logger: Logger, observer: IpcObserver = noObserver): IpcRegistry {
  async function dispatch(raw: unknown, transport: Transport): Promise<ResponseEnvelope> {
    const envelope = requestEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
      logger.warn({ transport, issues: issuesOf(envelope.error) }, 'rejected malformed request envelope');
      observer.refused('ipc', 'BAD_REQUEST');
      return failure(id, {
        code: 'BAD_REQUEST',
        message: 'The request envelope is malformed.',
        details: { issues: issuesOf(envelope.error) },
      });
    }
    const { id, channel, payload } = envelope.data;
    if (!isRequestChannel(channel)) {
      logger.warn({ correlationId: id, transport, channel }, 'rejected request on unknown channel');
      observer.refused('ipc', 'UNKNOWN_CHANNEL');
      return failure(id, { code: 'UNKNOWN_CHANNEL', message: `Unknown channel "${channel}".`, details: { channel } });
    }
    return runWithCorrelation(id, () => runHandler(id, channel, payload, transport));
  }

  async function runHandler<K extends RequestChannel>(
    id: string,
    channel: K,
    payload: unknown,
    transport: Transport,
  ): Promise<ResponseEnvelope> {
    const definition = requests[channel];
    const parsed = definition.request.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ channel, issues: issuesOf(parsed.error) }, 'rejected request payload');
      observer.refused(channel, 'BAD_REQUEST');
      return failure(id, {
        code: 'BAD_REQUEST',
        message: `Invalid payload for "${channel}": ${issuesOf(parsed.error)
          .map((issue) => `${issue.path}: ${issue.message}`)
          .join('; ')}`,
        details: { channel, issues: issuesOf(parsed.error) },
      });
    }
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    try {
      const handler = handlers[channel] as (p: unknown, c: HandlerContext) => unknown;
      const value: unknown = await handler(parsed.data, { correlationId: id, transport });
      const checked = definition.response.safeParse(value);
      if (!checked.success) {
        logger.error({ channel, issues: issuesOf(checked.error) }, 'handler returned a value outside its contract');
        observer.handled(channel, seconds(), 'INTERNAL');
        return failure(id, { code: 'INTERNAL', message: `Internal error (correlation id ${id}).` });
      }
      const took = seconds();
      observer.handled(channel, took, null);
      logger.debug({ channel, ms: Math.round(took * 1_000_000) / 1000 }, 'handled request');
      return { type: 'response', id, ok: true, value: checked.data };
    } catch (error) {
      if (isAppError(error)) {
        logger.info({ channel, code: error.code }, `request failed: ${error.message}`);
        observer.handled(channel, seconds(), error.code);
        return failure(id, error.toWire());
      }
      // A bug, not a user error: log it in full here, send the renderer nothing but a reference.
      logger.error({ channel, err: error }, 'handler threw an unexpected error');
      observer.handled(channel, seconds(), 'INTERNAL');
      return failure(id, { code: 'INTERNAL', message: `Internal error (correlation id ${id}).` });
    }
  }

  async function dispatchText(text: string, transport: Transport): Promise<ResponseEnvelope> {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_REQUEST_BYTES) {
      logger.warn({ transport, bytes }, 'rejected oversize request');
      return failure(sniffId(text), {
        code: 'PAYLOAD_TOO_LARGE',
        message: `Request of ${bytes} bytes exceeds the limit of ${MAX_REQUEST_BYTES} bytes.`,
        details: { bytes, limit: MAX_REQUEST_BYTES },
      });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      logger.warn({ transport, reason: (error as Error).message }, 'rejected request that is not JSON');
      return failure(sniffId(text), { code: 'BAD_REQUEST', message: 'The request is not valid JSON.' });
    }
    return dispatch(raw, transport);
  }

  return { dispatch, dispatchText };
}

export { AppError };
