import type { ArbdeskBridge } from '../../shared/ipc/bridge';
import {
  serverMessageSchema,
  type EventEnvelope,
  type RequestEnvelope,
  type ResponseEnvelope,
} from '../../shared/ipc/envelope';
import { assertNever, type ErrorCode } from '../../shared/ipc/errors';

/** What the status bar shows about the link to main. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

export interface ConnectionSnapshot {
  readonly state: ConnectionState;
  /** Why we are not connected, in words a trader can act on; null while healthy. */
  readonly detail: string | null;
  /** Consecutive failed attempts since the last successful open. */
  readonly attempt: number;
}

/** The subprotocol naming the contract version; the server must echo it. */
export const PROTOCOL_NAME = 'arbdesk.v1';
const TOKEN_PROTOCOL_PREFIX = 'token.';
/** Close code the server uses when it refuses the token after the upgrade. */
export const UNAUTHORIZED_CLOSE_CODE = 4401;

export const UNAUTHORIZED_MESSAGE =
  "This page's access token is not valid for the running ArbDesk; open the URL printed by `npm start`.";

/** Callbacks the transport attaches to one socket. */
export interface SocketHandlers {
  onOpen(protocol: string): void;
  onMessage(data: unknown): void;
  onClose(code: number, reason: string): void;
}

export interface SocketHandle {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Opens one socket and wires the handlers; the browser and tests provide their own. */
export type SocketFactory = (url: string, protocols: string[], handlers: SocketHandlers) => SocketHandle;

/**
 * After a refused upgrade the browser only reports code 1006, the same as "server down";
 * this asks the server whether our token is the problem. It resolves 'unknown' rather than
 * rejecting when it cannot tell (the server is down).
 */
export type TokenCheck = (token: string) => Promise<'valid' | 'invalid' | 'unknown'>;

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsTransportOptions {
  readonly url: string;
  /** Null when the page was opened without one: we do not even try. */
  readonly token: string | null;
  readonly createSocket: SocketFactory;
  readonly checkToken?: TokenCheck;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly scheduler?: Scheduler;
  /** Malformed frames from the server: reported, then dropped. */
  readonly onProtocolError?: (message: string, detail: unknown) => void;
}

export interface WsTransport extends ArbdeskBridge {
  connection(): ConnectionSnapshot;
  /** Returns the function that stops listening. */
  onConnectionChange(listener: (snapshot: ConnectionSnapshot) => void): () => void;
  /** Closes the socket for good: no reconnection, pending requests fail. */
  dispose(): void;
}

interface Pending {
  readonly resolve: (envelope: ResponseEnvelope) => void;
}

const defaultScheduler: Scheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

function errorResponse(id: string, code: ErrorCode, message: string): ResponseEnvelope {
  return { type: 'response', id, ok: false, error: { code, message } };
}

/** Exponential backoff: initial, 2×, 4×… capped. The server is local, so no jitter is needed. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Browser mode's half of the contract: request and event envelopes as JSON text over one
 * WebSocket. Requests made while connecting wait for the socket; requests in flight when it
 * drops fail with UNAVAILABLE at once (the trader must never watch a spinner that cannot
 * end), and we reconnect with backoff until the server refuses our token.
 */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  const { url, token, createSocket } = options;
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 10_000;
  const scheduler = options.scheduler ?? defaultScheduler;
  const reportProtocolError =
    options.onProtocolError ?? ((message: string, detail: unknown) => console.error(message, detail));

  const pending = new Map<string, Pending>();
  const queued: RequestEnvelope[] = [];
  const eventListeners = new Set<(envelope: EventEnvelope) => void>();
  const connectionListeners = new Set<(snapshot: ConnectionSnapshot) => void>();

  let snapshot: ConnectionSnapshot = { state: 'connecting', detail: null, attempt: 0 };
  let socket: SocketHandle | null = null;
  let reconnectTimer: unknown = null;
  let disposed = false;
  let everOpened = false;

  function setConnection(next: ConnectionSnapshot): void {
    snapshot = next;
    for (const listener of [...connectionListeners]) listener(snapshot);
  }

  function failAll(code: ErrorCode, message: string): void {
    const waiting = [...pending.entries()];
    pending.clear();
    for (const [id, entry] of waiting) entry.resolve(errorResponse(id, code, message));
    // Queued requests also have a pending entry, so they were answered above.
    queued.length = 0;
  }

  function sendNow(envelope: RequestEnvelope): void {
    if (socket === null) return;
    socket.send(JSON.stringify(envelope));
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') {
      reportProtocolError('Ignored a binary frame from the server', { type: typeof data });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch (error) {
      reportProtocolError('Ignored a frame that is not JSON', { error: String(error), head: data.slice(0, 120) });
      return;
    }
    const message = serverMessageSchema.safeParse(raw);
    if (!message.success) {
      reportProtocolError('Ignored a frame that is not a contract envelope', { issues: message.error.issues.slice(0, 5) });
      return;
    }
    const envelope = message.data;
    if (envelope.type === 'event') {
      for (const listener of [...eventListeners]) listener(envelope);
      return;
    }
    if (envelope.id === null) {
      reportProtocolError('The server could not read a request id', envelope.ok ? null : envelope.error);
      return;
    }
    const entry = pending.get(envelope.id);
    if (entry === undefined) return; // Answer to a request that already failed (socket dropped).
    pending.delete(envelope.id);
    entry.resolve(envelope);
  }

  function scheduleReconnect(detail: string): void {
    const attempt = snapshot.attempt + 1;
    reconnectTimer = scheduler.setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, backoffDelay(attempt, initialMs, maxMs));
    setConnection({ state: 'closed', detail, attempt });
  }

  function becomeUnauthorized(): void {
    failAll('UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
    setConnection({ state: 'unauthorized', detail: UNAUTHORIZED_MESSAGE, attempt: snapshot.attempt });
  }

  async function handleClose(code: number, reason: string, opened: boolean): Promise<void> {
    socket = null;
    if (disposed) return;
    if (code === UNAUTHORIZED_CLOSE_CODE) return becomeUnauthorized();
    if (!opened && options.checkToken !== undefined && token !== null) {
      // Requests already waiting learn the verdict (UNAUTHORIZED, not a vague "lost"); new ones
      // fail at once, as the state is 'closed' rather than 'connecting' meanwhile.
      setConnection({ ...snapshot, state: 'closed', detail: 'checking the access token' });
      const verdict = await options.checkToken(token);
      if (disposed) return;
      if (verdict === 'invalid') return becomeUnauthorized();
    }
    failAll('UNAVAILABLE', 'The connection to ArbDesk was lost before it answered; try again once it is back.');
    const why = reason !== '' ? reason : everOpened ? 'connection lost' : 'cannot reach ArbDesk';
    scheduleReconnect(`${why} (code ${code}); reconnecting`);
  }

  function connect(): void {
    if (disposed) return;
    if (token === null) return becomeUnauthorized();
    setConnection({ ...snapshot, state: 'connecting' });
    let opened = false;
    let closed = false;
    let current: SocketHandle | null = null;
    const handlers: SocketHandlers = {
      onOpen(protocol) {
        if (protocol !== PROTOCOL_NAME) {
          // A server on this port that does not speak our contract (an old build, another app).
          current?.close(1002, 'unsupported protocol');
          return;
        }
        opened = true;
        everOpened = true;
        setConnection({ state: 'open', detail: null, attempt: 0 });
        for (const envelope of queued.splice(0)) sendNow(envelope);
      },
      onMessage: handleMessage,
      onClose(code, reason) {
        if (closed) return;
        closed = true;
        void handleClose(code, reason, opened);
      },
    };
    try {
      current = createSocket(url, [PROTOCOL_NAME, TOKEN_PROTOCOL_PREFIX + token], handlers);
    } catch (error) {
      // new WebSocket throws synchronously on a malformed URL or protocol; retrying will not fix it.
      failAll('UNAVAILABLE', 'Could not open a connection to ArbDesk.');
      setConnection({ state: 'closed', detail: `Cannot open ${url}: ${String(error)}`, attempt: snapshot.attempt + 1 });
      return;
    }
    socket = current;
  }

  function invoke(envelope: RequestEnvelope): Promise<ResponseEnvelope> {
    switch (snapshot.state) {
      case 'unauthorized':
        return Promise.resolve(errorResponse(envelope.id, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE));
      case 'closed':
        return Promise.resolve(
          errorResponse(envelope.id, 'UNAVAILABLE', `ArbDesk is not connected (${snapshot.detail ?? 'reconnecting'}).`),
        );
      case 'connecting':
      case 'open':
        break;
      default:
        return assertNever(snapshot.state, 'connection state');
    }
    if (pending.has(envelope.id)) {
      return Promise.resolve(errorResponse(envelope.id, 'CONFLICT', `Request id ${envelope.id} is already in flight.`));
    }
    return new Promise<ResponseEnvelope>((resolve) => {
      pending.set(envelope.id, { resolve });
      if (snapshot.state === 'open') sendNow(envelope);
      else queued.push(envelope);
    });
  }

  function onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    eventListeners.add(listener);
    return () => {
      eventListeners.delete(listener);
    };
  }

  function onConnectionChange(listener: (next: ConnectionSnapshot) => void): () => void {
    connectionListeners.add(listener);
    return () => {
      connectionListeners.delete(listener);
    };
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    if (reconnectTimer !== null) scheduler.clearTimeout(reconnectTimer);
    failAll('UNAVAILABLE', 'The connection to ArbDesk was closed.');
    socket?.close(1000, 'page closing');
    socket = null;
    setConnection({ state: 'closed', detail: 'closed', attempt: snapshot.attempt });
  }

  connect();
  return { invoke, onEvent, connection: () => snapshot, onConnectionChange, dispose };
}
