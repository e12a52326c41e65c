import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { percentile, type Benchmark } from './harness';
import { startInProcessApp, type InProcessApp } from '../test/helpers/in-process-app';
import { connectRaw, type RawClient } from '../test/helpers/ws-client';

const CALLS = 10_000;

/** Sequential round trips: send, await the answer, send the next; returns per-call ms. */
async function roundTrips(client: RawClient, calls: number, message: (index: number) => string): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < calls; index += 1) {
    const started = performance.now();
    await client.request(message(index));
    latencies.push(performance.now() - started);
  }
  return latencies;
}

let app: InProcessApp;
let client: RawClient;

export const benchmarks: Benchmark[] = [
  {
    name: 'IPC round trip (browser mode)',
    inputs: `${CALLS.toLocaleString('en-US')} sequential \`trading:state\` requests over the loopback WebSocket through the full path (token-checked socket, envelope and payload validation, handler, response validation); baseline: a bare \`ws\` echo server on the same loopback, same client, same message count.`,
    runs: 5,
    metrics: [
      { name: 'p50', unit: 'ms' },
      { name: 'p99', unit: 'ms' },
    ],
    async setup() {
      app = await startInProcessApp({ ARBDESK_LOGGING_LEVEL: 'warn' });
      client = await connectRaw(app.server.port, { token: app.token });
      // The baseline: the cheapest possible round trip with the same socket library.
      const echo = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'arbdesk.v1' });
      await once(echo, 'listening');
      echo.on('connection', (socket) => socket.on('message', (data) => socket.send(JSON.stringify({ type: 'response', id: null, ok: true, value: String(data).length }))));
      const echoClient = await connectRaw((echo.address() as AddressInfo).port, { token: 'x' });
      const baseline = await roundTrips(echoClient, CALLS, (i) => JSON.stringify({ type: 'request', id: `echo-${String(i).padStart(8, '0')}`, channel: 'trading:state', payload: {} }));
      echoClient.close();
      echo.close();
      await roundTrips(client, 500, (i) => JSON.stringify({ type: 'request', id: `warm-${String(i).padStart(8, '0')}`, channel: 'trading:state', payload: {} }));
      return {
        p50: { label: 'bare ws echo p50', value: percentile(baseline, 50) },
        p99: { label: 'bare ws echo p99', value: percentile(baseline, 99) },
      };
    },
    async run() {
      const latencies = await roundTrips(client, CALLS, (i) => JSON.stringify({ type: 'request', id: `bench-${String(i).padStart(8, '0')}`, channel: 'trading:state', payload: {} }));
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    },
    async teardown() {
      client.close();
      await app.close();
    },
  },
];
