import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { isAppError } from '../../shared/ipc/errors';
import { controlRequestSchema, MAX_CONTROL_LINE, type ControlReply, type ControlRequest } from './core/control-protocol';

export interface ControlHandlers {
  ping(request: Extract<ControlRequest, { op: 'ping' }>): ControlReply;
  halt(request: Extract<ControlRequest, { op: 'halt' }>): ControlReply | Promise<ControlReply>;
}

export interface ControlServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * The running instance's end of the local control channel (`arbdesk halt` from a terminal).
 * On Linux/macOS a Unix domain socket in the owner-only data directory, created under umask
 * 0177 and chmod'ed 0600, so only the same OS user can connect; on Windows a named pipe
 * (Node gives it the creating user's default ACL). Each connection carries one request line
 * with the lock file's token and gets one reply line. The socket file is ours to replace: the
 * caller holds the instance lock, so a socket file left there is a crashed holder's.
 */
export async function startControlServer(options: { endpoint: string; token: string; handlers: ControlHandlers; logger: Logger }): Promise<ControlServer> {
  const { endpoint, token, handlers, logger } = options;
  const isPipe = process.platform === 'win32';
  if (!isPipe) rmSync(endpoint, { force: true });
  const server: Server = createServer((socket) => serve(socket));
  const sockets = new Set<Socket>();

  function reply(socket: Socket, message: ControlReply): void {
    socket.end(`${JSON.stringify(message)}\n`);
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    let buffer = '';
    let handled = false;
    socket.on('error', (error) => logger.warn({ err: error }, 'control channel connection failed'));
    socket.on('data', (chunk: string) => {
      if (handled) return;
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > MAX_CONTROL_LINE) {
          handled = true;
          reply(socket, { ok: false, code: 'PAYLOAD_TOO_LARGE', message: 'control request too large' });
        }
        return;
      }
      handled = true;
      void handle(socket, buffer.slice(0, newline));
    });
  }

  async function handle(socket: Socket, line: string): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // A malformed line is answered, not fatal: the channel stays up for the next request.
      reply(socket, { ok: false, code: 'BAD_REQUEST', message: 'the control request is not JSON' });
      return;
    }
    const parsed = controlRequestSchema.safeParse(json);
    if (!parsed.success) {
      reply(socket, { ok: false, code: 'BAD_REQUEST', message: 'the control request does not match the protocol' });
      return;
    }
    if (parsed.data.token !== token) {
      logger.warn({ op: parsed.data.op }, 'control request with a wrong token refused');
      reply(socket, { ok: false, code: 'UNAUTHORIZED', message: 'wrong control token' });
      return;
    }
    try {
      const request = parsed.data;
      reply(socket, request.op === 'ping' ? handlers.ping(request) : await handlers.halt(request));
    } catch (error) {
      logger.error({ err: error, op: parsed.data.op }, 'control request failed');
      reply(socket, isAppError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, code: 'INTERNAL', message: 'the control request failed; see the log' });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // bind() happens inside listen(), synchronously for a path: the umask covers it, so the
    // socket is never reachable with looser permissions, not even briefly.
    const previous = isPipe ? null : process.umask(0o177);
    try {
      server.listen(endpoint, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      if (previous !== null) process.umask(previous);
    }
  });
  if (!isPipe) chmodSync(endpoint, 0o600);
  logger.info({ endpoint }, 'control channel listening');

  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        // close() removes the socket file on Unix once the server stops.
      }),
  };
}
