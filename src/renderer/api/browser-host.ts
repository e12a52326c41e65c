import { BRIDGE_GLOBAL, type ArbdeskBridge } from '../../shared/ipc/bridge';
import type { TokenEnvironment } from './access-token';
import type { SocketFactory, TokenCheck } from './ws-transport';

/**
 * The few browser globals the transports need, described structurally. This is the one
 * place that reaches into `globalThis`; it type-checks without the DOM library, so the pure
 * modules around it stay testable in Node.
 */
interface HostWebSocket {
  readonly protocol: string;
  onopen: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

interface HostGlobals {
  readonly [BRIDGE_GLOBAL]?: ArbdeskBridge;
  readonly location: TokenEnvironment['location'] & { readonly host: string; readonly protocol: string };
  readonly history: TokenEnvironment['history'];
  readonly sessionStorage: TokenEnvironment['storage'];
  readonly WebSocket: new (url: string, protocols: string[]) => HostWebSocket;
  readonly fetch: (url: string, init: { headers: Record<string, string>; cache: 'no-store' }) => Promise<{ status: number }>;
}

function host(): HostGlobals {
  return globalThis as unknown as HostGlobals;
}

/** The Electron preload's bridge, when this page runs inside the desktop app. */
export function electronBridge(): ArbdeskBridge | null {
  const candidate = host()[BRIDGE_GLOBAL];
  return candidate !== undefined && typeof candidate.invoke === 'function' && typeof candidate.onEvent === 'function'
    ? candidate
    : null;
}

export function tokenEnvironment(): TokenEnvironment {
  const globals = host();
  return { location: globals.location, history: globals.history, storage: globals.sessionStorage };
}

/** ws://<this host>/ipc; the page and the socket always share the loopback origin. */
export function ipcSocketUrl(): string {
  const { location } = host();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ipc`;
}

export const browserSocketFactory: SocketFactory = (url, protocols, handlers) => {
  const socket = new (host().WebSocket)(url, protocols);
  socket.onopen = () => handlers.onOpen(socket.protocol);
  socket.onmessage = (event) => handlers.onMessage(event.data);
  socket.onclose = (event) => handlers.onClose(event.code, event.reason);
  return socket;
};

const TOKEN_HEADER = 'x-arbdesk-token';

/** Asks the server's /auth/check whether it accepts our token (204) or refuses it (401). */
export const checkTokenOverHttp: TokenCheck = async (token) => {
  try {
    const response = await host().fetch('/auth/check', { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' });
    if (response.status === 204) return 'valid';
    if (response.status === 401) return 'invalid';
    return 'unknown';
    // eslint-disable-next-line arbdesk/no-swallowing-catch -- a failed fetch is the answer "server unreachable"
  } catch {
    // The server is down; the reconnect loop will keep trying and the status bar says so.
    return 'unknown';
  }
};
