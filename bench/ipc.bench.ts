import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { percentile, type Benchmark } from './harness';
import { startServeProcess, type ServeProcess } from '../test/helpers/serve-process';
import { makeTempHome } from '../test/helpers/temp-home';
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

let app: ServeProcess;
let client: RawClient;
const home = makeTempHome('arbdesk-bench-ipc-');

/** The baseline peer: a bare ws echo server in its own process, as ArbDesk's main is. */
async function startEchoServer(): Promise<{ child: ChildProcess; port: number }> {
  const code = [
    "const { WebSocketServer } = require('ws');",
    "const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'arbdesk.v1' });",
    "server.on('listening', () => console.log(server.address().port));",
    "server.on('connection', (s) => s.on('message', (d) => s.send(JSON.stringify({ type: 'response', id: null, ok: true, value: String(d).length }))));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, port: Number(chunk.toString().trim()) };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'IPC round trip (browser mode)',
    inputs: `${CALLS.toLocaleString('en-US')} sequential \`trading:state\` requests from a client process to the built \`arbdesk serve\` process over the loopback WebSocket, through the full path (token-checked socket, envelope and payload validation, handler, response validation). Baseline: a bare \`ws\` echo server in its own process, same client, same message count.`,
    runs: 5,
    metrics: [
      { name: 'p50', unit: 'ms' },
      { name: 'p99', unit: 'ms' },
    ],
    async setup() {
      app = await startServeProcess(home.dir, { ARBDESK_LOGGING_LEVEL: 'warn', ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' });
      client = await connectRaw(app.port, { token: app.token });
      // The baseline: the cheapest possible cross-process round trip with the same socket library.
      const echo = await startEchoServer();
      const echoClient = await connectRaw(echo.port, { token: 'x' });
      await roundTrips(echoClient, 500, (i) => `warm-${i}`);
      const baseline = await roundTrips(echoClient, CALLS, (i) => JSON.stringify({ type: 'request', id: `echo-${String(i).padStart(8, '0')}`, channel: 'trading:state', payload: {} }));
      echoClient.close();
      echo.child.kill();
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
      await app.stop();
      home.cleanup();
    },
  },
];
