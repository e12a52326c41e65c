import type { ArbdeskBridge } from '../../shared/ipc/bridge';
import {
  events,
  isEventName,
  requests,
  type EventName,
  type EventPayload,
  type RequestChannel,
  type RequestInput,
  type ResponseOf,
} from '../../shared/ipc/contract';
import { responseEnvelopeSchema, type EventEnvelope, type RequestEnvelope } from '../../shared/ipc/envelope';
import type { IpcError } from '../../shared/ipc/errors';
import type { z } from 'zod';

/** Every call ends in one of these; failures are values, so callers cannot forget them. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export interface InvokeOptions {
  /** Overrides the client's default timeout for this call. */
  readonly timeoutMs?: number;
}

export interface TypedClient {
  /** Sends one request; resolves with a Result and never rejects. */
  invoke<K extends RequestChannel>(channel: K, payload: RequestInput<K>, options?: InvokeOptions): Promise<Result<ResponseOf<K>>>;
  /** Listens for one pushed event with a validated payload; returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Problems the client drops rather than hands to callers: invalid pushes, throwing listeners. */
export interface ClientDiagnostics {
  invalidEvent(event: string, issues: ReadonlyArray<{ path: string; message: string }>): void;
  listenerFailed(event: string, error: unknown): void;
}

export interface TypedClientOptions {
  /** Default per-request timeout. */
  readonly timeoutMs?: number;
  readonly newRequestId?: () => string;
  readonly diagnostics?: ClientDiagnostics;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** A random url-safe id of 32 hex characters; main logs it as the correlation id. */
export function newRandomRequestId(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '');
}

const consoleDiagnostics: ClientDiagnostics = {
  invalidEvent(event, issues) {
    console.error(`Dropped a "${event}" event whose payload does not match the contract`, issues);
  },
  listenerFailed(event, error) {
    console.error(`A "${event}" listener threw`, error);
  },
};

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

function failure(error: IpcError): { ok: false; error: IpcError } {
  return { ok: false, error };
}

type AnyListener = (payload: unknown) => void;

/**
 * The typed client over any ArbdeskBridge (Electron preload or the WebSocket transport).
 * It checks what it sends against the contract, matches the answer by id, and trusts no
 * answer it has not parsed: main is another process and the schema is the agreement.
 */
export function createTypedClient(bridge: ArbdeskBridge, options: TypedClientOptions = {}): TypedClient {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const newRequestId = options.newRequestId ?? newRandomRequestId;
  const diagnostics = options.diagnostics ?? consoleDiagnostics;
  const listeners = new Map<EventName, Set<AnyListener>>();
  let bridgeUnsubscribe: (() => void) | null = null;

  async function invoke<K extends RequestChannel>(
    channel: K,
    payload: RequestInput<K>,
    invokeOptions: InvokeOptions = {},
  ): Promise<Result<ResponseOf<K>>> {
    const definition = requests[channel];
    const input = definition.request.safeParse(payload);
    if (!input.success) {
      return failure({
        code: 'BAD_REQUEST',
        message: `The request for ${channel} is invalid: ${input.error.issues[0]?.message ?? 'schema mismatch'}.`,
        details: { channel, issues: issuesOf(input.error) },
      });
    }
    const id = newRequestId();
    const envelope: RequestEnvelope = { type: 'request', id, channel, payload };
    const timeoutMs = invokeOptions.timeoutMs ?? defaultTimeoutMs;

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const answered = bridge.invoke(envelope).then(
      (raw) => ({ raw }),
      (error: unknown) => ({ transportError: error }),
    );
    const outcome = await Promise.race([answered, timedOut]);
    clearTimeout(timer);

    if (outcome === 'timeout') {
      return failure({
        code: 'TIMEOUT',
        message: `${channel} did not answer within ${timeoutMs} ms.`,
        details: { channel, timeoutMs, requestId: id },
      });
    }
    if ('transportError' in outcome) {
      const reason = outcome.transportError instanceof Error ? outcome.transportError.message : String(outcome.transportError);
      return failure({
        code: 'UNAVAILABLE',
        message: `Could not reach ArbDesk to call ${channel}: ${reason}`,
        details: { channel, requestId: id },
      });
    }
    const response = responseEnvelopeSchema.safeParse(outcome.raw);
    if (!response.success) {
      return failure({
        code: 'INTERNAL',
        message: `The answer to ${channel} is not a valid response envelope.`,
        details: { channel, requestId: id, issues: issuesOf(response.error) },
      });
    }
    // A null id is main saying it could not read ours; the error it carries still applies.
    if (response.data.id !== id && response.data.id !== null) {
      return failure({
        code: 'INTERNAL',
        message: `The answer to ${channel} carries another request's id.`,
        details: { channel, requestId: id, responseId: response.data.id },
      });
    }
    if (!response.data.ok) return failure(response.data.error);

    const value = definition.response.safeParse(response.data.value);
    if (!value.success) {
      return failure({
        code: 'INTERNAL',
        message: `The answer to ${channel} does not match the contract.`,
        details: { channel, requestId: id, issues: issuesOf(value.error) },
      });
    }
    return { ok: true, value: value.data as ResponseOf<K> };
  }

  function dispatch(envelope: EventEnvelope): void {
    if (!isEventName(envelope.event)) return;
    const subscribers = listeners.get(envelope.event);
    if (subscribers === undefined || subscribers.size === 0) return;
    const parsed = events[envelope.event].payload.safeParse(envelope.payload);
    if (!parsed.success) {
      diagnostics.invalidEvent(envelope.event, issuesOf(parsed.error));
      return;
    }
    // A copy, so a listener that unsubscribes (or subscribes) while we iterate is safe.
    for (const listener of [...subscribers]) {
      try {
        listener(parsed.data);
      } catch (error) {
        // One broken view must not starve the others (the trading badge among them) of pushes.
        diagnostics.listenerFailed(envelope.event, error);
      }
    }
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let subscribers = listeners.get(event);
    if (subscribers === undefined) {
      subscribers = new Set();
      listeners.set(event, subscribers);
    }
    const entry = listener as AnyListener;
    subscribers.add(entry);
    bridgeUnsubscribe ??= bridge.onEvent(dispatch);
    let active = true;
    return function unsubscribe(): void {
      if (!active) return;
      active = false;
      subscribers.delete(entry);
      const anyLeft = [...listeners.values()].some((set) => set.size > 0);
      if (!anyLeft && bridgeUnsubscribe !== null) {
        bridgeUnsubscribe();
        bridgeUnsubscribe = null;
      }
    };
  }

  return { invoke, on };
}
