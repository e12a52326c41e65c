import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { RequestEnvelope } from '../../../src/shared/ipc/envelope';
import {
  backoffDelay,
  createWsTransport,
  type ConnectionSnapshot,
  type ConnectionState,
  type Scheduler,
  type SocketFactory,
  type WsTransport,
} from '../../../src/renderer/api/ws-transport';

const TOKEN = 'test-token-0123456789abcdef';

/** Node's `ws` client wired the way the page wires the browser's WebSocket. */
const nodeSocketFactory: SocketFactory = (url, protocols, handlers) => {
  const socket = new WebSocket(url, protocols);
  socket.onopen = () => handlers.onOpen(socket.protocol);
  socket.onmessage = (event) => handlers.onMessage(event.data);
  socket.onclose = (event) => handlers.onClose(event.code, event.reason);
  socket.onerror = () => undefined; // the close event that follows carries what we need
  return socket;
};

/** Reconnects happen when the test says so, not when a clock decides. */
class ManualScheduler implements Scheduler {
  private readonly tasks = new Map<number, () => void>();
  private next = 0;
  readonly delays: number[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    this.tasks.set(++this.next, callback);
    return this.next;
  }

  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }

  get size(): number {
    return this.tasks.size;
  }

  runAll(): void {
    const due = [...this.tasks.values()];
    this.tasks.clear();
    for (const task of due) task();
  }
}

interface TestServer {
  readonly url: string;
  readonly wss: WebSocketServer;
  readonly offeredProtocols: string[][];
  readonly connections: ServerSocket[];
  nextConnection(): Promise<ServerSocket>;
  close(): Promise<void>;
}

async function startServer(options: { refuse?: boolean } = {}): Promise<TestServer> {
  const offeredProtocols: string[][] = [];
  const connections: ServerSocket[] = [];
  const waiters: Array<(socket: ServerSocket) => void> = [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/ipc',
    handleProtocols: (protocols) => {
      offeredProtocols.push([...protocols]);
      return protocols.has('arbdesk.v1') ? 'arbdesk.v1' : false;
    },
    verifyClient: (_info, done) => (options.refuse === true ? done(false, 401, 'Unauthorized') : done(true)),
  });
  const unclaimed: ServerSocket[] = [];
  wss.on('connection', (socket) => {
    connections.push(socket);
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter(socket);
    else unclaimed.push(socket);
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ipc`,
    wss,
    offeredProtocols,
    connections,
    nextConnection: () =>
      new Promise((resolve) => {
        const ready = unclaimed.shift();
        if (ready !== undefined) resolve(ready);
        else waiters.push(resolve);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}

function waitForState(transport: WsTransport, state: ConnectionState): Promise<ConnectionSnapshot> {
  return new Promise((resolve) => {
    if (transport.connection().state === state) return resolve(transport.connection());
    const off = transport.onConnectionChange((snapshot) => {
      if (snapshot.state !== state) return;
      off();
      resolve(snapshot);
    });
  });
}

function nextRequest(socket: ServerSocket): Promise<RequestEnvelope> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as RequestEnvelope)));
}

function request(id: string, channel = 'system:info'): RequestEnvelope {
  return { type: 'request', id, channel, payload: {} };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(transport: WsTransport): WsTransport {
  cleanups.push(() => transport.dispose());
  return transport;
}

describe('WebSocket transport', () => {
  it('offers the contract and token subprotocols, and round-trips a request', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const transport = track(createWsTransport({ url: server.url, token: TOKEN, createSocket: nodeSocketFactory }));
    const connection = await server.nextConnection();
    expect(server.offeredProtocols[0]).toEqual(['arbdesk.v1', `token.${TOKEN}`]);
    await waitForState(transport, 'open');

    const answered = transport.invoke(request('req-00000001'));
    const received = await nextRequest(connection);
    expect(received).toEqual(request('req-00000001'));
    connection.send(JSON.stringify({ type: 'response', id: 'req-00000001', ok: true, value: { hello: 'world' } }));
    await expect(answered).resolves.toEqual({ type: 'response', id: 'req-00000001', ok: true, value: { hello: 'world' } });
  });

  it('queues requests made while connecting and sends them once open', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const transport = track(createWsTransport({ url: server.url, token: TOKEN, createSocket: nodeSocketFactory }));
    expect(transport.connection().state).toBe('connecting');
    const answered = transport.invoke(request('req-queued-1'));
    const connection = await server.nextConnection();
    const received = await nextRequest(connection);
    expect(received.id).toBe('req-queued-1');
    connection.send(JSON.stringify({ type: 'response', id: 'req-queued-1', ok: true, value: 1 }));
    await expect(answered).resolves.toMatchObject({ ok: true, value: 1 });
  });

  it('delivers pushed events to listeners', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const transport = track(createWsTransport({ url: server.url, token: TOKEN, createSocket: nodeSocketFactory }));
    const connection = await server.nextConnection();
    await waitForState(transport, 'open');
    const received = new Promise((resolve) => transport.onEvent(resolve));
    connection.send(JSON.stringify({ type: 'event', event: 'log:entry', payload: { msg: 'hi' } }));
    await expect(received).resolves.toEqual({ type: 'event', event: 'log:entry', payload: { msg: 'hi' } });
  });

  it('fails in-flight requests with UNAVAILABLE when the socket drops, then reconnects with backoff', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const scheduler = new ManualScheduler();
    const transport = track(
      createWsTransport({
        url: server.url,
        token: TOKEN,
        createSocket: nodeSocketFactory,
        scheduler,
        backoff: { initialMs: 250, maxMs: 4000 },
      }),
    );
    const first = await server.nextConnection();
    await waitForState(transport, 'open');
    const inFlight = transport.invoke(request('req-dropped'));
    await nextRequest(first);
    const closed = waitForState(transport, 'closed');
    first.close(1011, 'server restarting');

    await expect(inFlight).resolves.toMatchObject({ id: 'req-dropped', ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await closed).toMatchObject({ state: 'closed', attempt: 1, detail: 'server restarting (code 1011); reconnecting' });
    expect(scheduler.delays).toEqual([250]);
    const whileClosed = await transport.invoke(request('req-while-closed'));
    expect(whileClosed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    const second = server.nextConnection();
    scheduler.runAll();
    await second;
    await expect(waitForState(transport, 'open')).resolves.toMatchObject({ attempt: 0, detail: null });
  });

  it('stops for good on close code 4401 and explains the token problem', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const scheduler = new ManualScheduler();
    const transport = track(createWsTransport({ url: server.url, token: TOKEN, createSocket: nodeSocketFactory, scheduler }));
    const connection = await server.nextConnection();
    await waitForState(transport, 'open');
    const unauthorized = waitForState(transport, 'unauthorized');
    connection.close(4401, 'token refused');
    const snapshot = await unauthorized;
    expect(snapshot.detail).toContain("This page's access token is not valid for the running ArbDesk");
    expect(scheduler.size).toBe(0);
    await expect(transport.invoke(request('req-after-4401'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('asks the token check after a refused upgrade and stops when the server refuses the token', async () => {
    const server = await startServer({ refuse: true });
    cleanups.push(() => server.close());
    const scheduler = new ManualScheduler();
    const checked: string[] = [];
    const transport = track(
      createWsTransport({
        url: server.url,
        token: TOKEN,
        createSocket: nodeSocketFactory,
        scheduler,
        checkToken: (token) => {
          checked.push(token);
          return Promise.resolve('invalid');
        },
      }),
    );
    const waiting = transport.invoke(request('req-before-verdict'));
    await waitForState(transport, 'unauthorized');
    expect(checked).toEqual([TOKEN]);
    expect(scheduler.size).toBe(0);
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('keeps retrying when the upgrade fails but the token is fine (server starting)', async () => {
    const server = await startServer({ refuse: true });
    cleanups.push(() => server.close());
    const scheduler = new ManualScheduler();
    const transport = track(
      createWsTransport({
        url: server.url,
        token: TOKEN,
        createSocket: nodeSocketFactory,
        scheduler,
        checkToken: () => Promise.resolve('valid'),
      }),
    );
    await new Promise<void>((resolve) => {
      const off = transport.onConnectionChange((snapshot) => {
        if (snapshot.state === 'closed' && scheduler.size === 1) {
          off();
          resolve();
        }
      });
    });
    expect(transport.connection()).toMatchObject({ state: 'closed', attempt: 1 });
  });

  it('does not connect at all without a token', async () => {
    let opened = 0;
    const transport = track(
      createWsTransport({
        url: 'ws://127.0.0.1:1/ipc',
        token: null,
        createSocket: (url, protocols, handlers) => {
          opened += 1;
          return nodeSocketFactory(url, protocols, handlers);
        },
      }),
    );
    expect(transport.connection().state).toBe('unauthorized');
    expect(opened).toBe(0);
    await expect(transport.invoke(request('req-no-token'))).resolves.toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay and caps at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 500, 10_000))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});
