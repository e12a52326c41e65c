import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus } from '../events/event-bus';
import { toEventEnvelope } from '../events/transport-events';
import type { IpcRegistry } from '../ipc/handler-registry';
import { METRICS_PATH, serveMetrics, type MetricsEndpointOptions } from './metrics-endpoint';
import { PROTOCOL_NAME, tokenFromProtocols, tokensMatch } from './access-token';
import { allowedHostHeaders, allowedOrigins, assertLoopbackHost } from './loopback';
import { loopbackSecurityHeaders } from '../security/content-policy';
import { contentTypeFor, findStaticFile } from './static-files';

export interface BrowserServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly token: string;
  /** The built renderer (dist/renderer). */
  readonly staticRoot: string;
  readonly registry: IpcRegistry;
  readonly events: EventBus;
  readonly logger: Logger;
  /** Serves Prometheus text at /metrics behind the stable scrape token; absent: 404. */
  readonly metrics?: Omit<MetricsEndpointOptions, 'logger'>;
  /** Told the number of connected renderers after each connect and disconnect (the dead-man's UI heartbeat counts only while one is). */
  readonly onConnectionsChanged?: (count: number) => void;
}

export interface BrowserServer {
  readonly port: number;
  /** The address to open, carrying the token in the fragment so it never reaches a server log. */
  readonly url: string;
  readonly connectionCount: number;
  /** Where Prometheus scrapes, when this server exports metrics. */
  readonly metricsUrl: string | null;
  close(): Promise<void>;
}

/**
 * Messages past the contract limit still get a typed PAYLOAD_TOO_LARGE answer; only frames
 * beyond this hard cap make ws drop the connection, to bound memory per socket.
 */
const HARD_FRAME_LIMIT_BYTES = 16 * 1024 * 1024;
const IPC_PATH = '/ipc';
const AUTH_CHECK_PATH = '/auth/check';
const TOKEN_HEADER = 'x-arbdesk-token';

/**
 * Browser mode: serves the built renderer on loopback and carries the typed IPC contract
 * over a WebSocket. Access needs the per-launch token, and Host and Origin must name this
 * server, which defeats DNS rebinding and cross-site WebSocket hijacking.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  assertLoopbackHost(options.host);
  const { logger, registry, events, token, staticRoot } = options;
  let port = options.port;
  const sockets = new Set<WebSocket>();

  const hostAllowed = (request: IncomingMessage): boolean => allowedHostHeaders(port).has(request.headers.host ?? '');

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_FRAME_LIMIT_BYTES,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_NAME) ? PROTOCOL_NAME : false),
  });

  const server: Server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'static file request failed');
      if (!response.headersSent) response.writeHead(500, loopbackSecurityHeaders(port));
      response.end();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = loopbackSecurityHeaders(port);
    if (!hostAllowed(request)) {
      logger.warn({ host: request.headers.host }, 'refused HTTP request with a foreign Host header');
      response.writeHead(421, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Misdirected request');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname === METRICS_PATH && options.metrics !== undefined) {
      await serveMetrics({ ...options.metrics, logger }, request, response, headers);
      return;
    }
    if (url.pathname === AUTH_CHECK_PATH) {
      // Lets the page tell "wrong token" from "server down" after a refused upgrade.
      const presented = request.headers[TOKEN_HEADER];
      const ok = tokensMatch(token, typeof presented === 'string' ? presented : undefined);
      response.writeHead(ok ? 204 : 401, { ...headers, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const file = await findStaticFile(staticRoot, url.pathname);
    if (file === null) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(file.path),
      'Content-Length': String(file.size),
      'Cache-Control': file.path.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    file.open().pipe(response);
  }

  function refuseUpgrade(socket: Duplex, status: number, reason: string, detail: Record<string, unknown>): void {
    logger.warn({ ...detail, status }, `refused WebSocket upgrade: ${reason}`);
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname !== IPC_PATH) return refuseUpgrade(socket, 404, 'Not Found', { path: url.pathname });
    if (!hostAllowed(request)) return refuseUpgrade(socket, 403, 'Forbidden', { host: request.headers.host });
    const origin = request.headers.origin;
    if (origin === undefined || !allowedOrigins(port).has(origin)) {
      return refuseUpgrade(socket, 403, 'Forbidden', { origin: origin ?? null });
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!tokensMatch(token, tokenFromProtocols(offered))) {
      return refuseUpgrade(socket, 401, 'Unauthorized', { reason: 'missing or wrong token' });
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws));
  });

  // One subscription for all sockets: each event is validated and serialized once.
  const unsubscribeEvents = events.subscribeAll((published) => {
    if (sockets.size === 0) return;
    const envelope = toEventEnvelope(published, logger);
    if (envelope === null) return;
    const text = JSON.stringify(envelope);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  function onConnection(ws: WebSocket): void {
    sockets.add(ws);
    logger.info({ connections: sockets.size }, 'renderer connected over WebSocket');
    options.onConnectionsChanged?.(sockets.size);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
      const reply =
        text === null
          ? Promise.resolve({
              type: 'response' as const,
              id: null,
              ok: false as const,
              error: { code: 'BAD_REQUEST' as const, message: 'Binary frames are not part of the contract; send JSON text.' },
            })
          : registry.dispatchText(text, 'browser');
      void reply.then((envelope) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(envelope));
      });
    });
    ws.on('close', () => {
      sockets.delete(ws);
      logger.info({ connections: sockets.size }, 'renderer disconnected');
      options.onConnectionsChanged?.(sockets.size);
    });
    ws.on('error', (error) => logger.warn({ err: error }, 'WebSocket error'));
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      unsubscribeEvents();
      reject(error);
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const displayHost = options.host === '::1' ? '[::1]' : options.host;
  const url = `http://${displayHost}:${port}/#token=${token}`;

  return {
    port,
    url,
    metricsUrl: options.metrics === undefined ? null : `http://${displayHost}:${port}${METRICS_PATH}`,
    get connectionCount() {
      return sockets.size;
    },
    async close() {
      unsubscribeEvents();
      for (const ws of sockets) ws.close(1001, 'server shutting down');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
