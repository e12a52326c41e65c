import WebSocket from 'ws';
import type { ServerMessage } from '../../src/shared/ipc/envelope';

export interface RawClient {
  readonly socket: WebSocket;
  /** Sends raw text and resolves with the next response envelope (events are skipped). */
  request(text: string | Buffer, options?: { binary?: boolean }): Promise<ServerMessage & { type: 'response' }>;
  close(): void;
}

/** A bare WebSocket client for transport tests: it sends exactly what the test gives it. */
export function connectRaw(port: number, options: { token?: string; origin?: string; host?: string } = {}): Promise<RawClient> {
  const protocols = ['arbdesk.v1', ...(options.token === undefined ? [] : [`token.${options.token}`])];
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc`, protocols, {
    origin: options.origin ?? `http://127.0.0.1:${port}`,
    headers: options.host === undefined ? {} : { host: options.host },
  });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
    socket.once('open', () => {
      const waiting: Array<(message: ServerMessage & { type: 'response' }) => void> = [];
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.type === 'response') waiting.shift()?.(message);
      });
      resolve({
        socket,
        request: (text, requestOptions) =>
          new Promise((resolveResponse) => {
            waiting.push(resolveResponse);
            socket.send(text, { binary: requestOptions?.binary ?? false });
          }),
        close: () => socket.close(),
      });
    });
  });
}
