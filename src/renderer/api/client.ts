import type { ArbdeskBridge } from '../../shared/ipc/bridge';
import type { EventName, EventPayload, RequestChannel, RequestInput, ResponseOf } from '../../shared/ipc/contract';
import { takeAccessToken } from './access-token';
import { browserSocketFactory, checkTokenOverHttp, electronBridge, ipcSocketUrl, tokenEnvironment } from './browser-host';
import { createTypedClient, type InvokeOptions, type Result, type TypedClient } from './typed-client';
import { createWsTransport, type ConnectionSnapshot, type ConnectionState } from './ws-transport';

/**
 * The only door from the renderer to main. Everything else (stores, features) imports from
 * here; which transport carries the envelopes is decided once, on first use: the Electron
 * preload's window.arbdesk when present, otherwise the browser-mode WebSocket.
 */
export type { Result, TypedClient, InvokeOptions, ConnectionSnapshot, ConnectionState };
export { UNAUTHORIZED_MESSAGE } from './ws-transport';

export type TransportKind = 'electron' | 'websocket';

export interface ConnectionStatus extends ConnectionSnapshot {
  readonly transport: TransportKind;
}

/** The typed client plus the connection status the status bar shows. */
export interface RendererClient extends TypedClient {
  connection(): ConnectionStatus;
  onConnectionChange(listener: (status: ConnectionStatus) => void): () => void;
}

let current: RendererClient | null = null;

function connectElectron(bridge: ArbdeskBridge): RendererClient {
  const typed = createTypedClient(bridge);
  // IPC to the own main process cannot drop while the window exists.
  const status: ConnectionStatus = { transport: 'electron', state: 'open', detail: null, attempt: 0 };
  return { ...typed, connection: () => status, onConnectionChange: () => () => undefined };
}

function connectBrowser(): RendererClient {
  const transport = createWsTransport({
    url: ipcSocketUrl(),
    token: takeAccessToken(tokenEnvironment()),
    createSocket: browserSocketFactory,
    checkToken: checkTokenOverHttp,
  });
  const typed = createTypedClient(transport);
  const withKind = (snapshot: ConnectionSnapshot): ConnectionStatus => ({ ...snapshot, transport: 'websocket' });
  return {
    ...typed,
    connection: () => withKind(transport.connection()),
    onConnectionChange: (listener) => transport.onConnectionChange((snapshot) => listener(withKind(snapshot))),
  };
}

/** The client of this page, connecting on first call. */
export function rendererClient(): RendererClient {
  if (current === null) {
    const bridge = electronBridge();
    current = bridge !== null ? connectElectron(bridge) : connectBrowser();
  }
  return current;
}

export function invoke<K extends RequestChannel>(
  channel: K,
  payload: RequestInput<K>,
  options?: InvokeOptions,
): Promise<Result<ResponseOf<K>>> {
  return rendererClient().invoke(channel, payload, options);
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return rendererClient().on(event, listener);
}
