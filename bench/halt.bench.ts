import { percentile, type Benchmark } from './harness';
import type { ServerMessage } from '../src/shared/ipc/envelope';
import { startServeProcess } from '../test/helpers/serve-process';
import { writeSyntheticPrices } from '../test/helpers/synthetic-prices';
import { makeTempHome } from '../test/helpers/temp-home';
import { connectRaw } from '../test/helpers/ws-client';

const SYMBOLS = 505;
const DAYS = 1259;
const prices = makeTempHome('arbdesk-bench-halt-prices-');

/**
 * One run on a fresh data directory: start `arbdesk serve`, import the 505 synthetic files,
 * and from the first "Writing:" progress (the worker inside its one write transaction on the
 * research store) until the import's data:imported event, alternate halt and resume round
 * trips over the browser-mode socket. Returns the halt round-trip times in ms.
 */
async function haltRoundTripsWhileWriting(): Promise<number[]> {
  const home = makeTempHome('arbdesk-bench-halt-');
  const app = await startServeProcess(home.dir, { ARBDESK_LOGGING_LEVEL: 'warn', ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' });
  const client = await connectRaw(app.port, { token: app.token });
  try {
    let jobId = '';
    let writing = false;
    let finished = false;
    const firstWrite = new Promise<void>((resolve) => {
      client.socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.type !== 'event') return;
        const payload = message.payload as { jobId?: string; message?: string | null };
        if (message.event === 'job:progress' && payload.jobId === jobId && payload.message?.startsWith('Writing:') === true && !writing) {
          writing = true;
          resolve();
        }
        if (message.event === 'data:imported' && payload.jobId === jobId) finished = true;
      });
    });
    const started = await client.request(JSON.stringify({ type: 'request', id: 'bench-import', channel: 'data:import', payload: { path: prices.dir } }));
    if (!started.ok) throw new Error(`import did not start: ${JSON.stringify(started)}`);
    jobId = (started.value as { jobId: string }).jobId;
    await firstWrite;
    const latencies: number[] = [];
    for (let index = 0; !finished; index += 1) {
      const id = String(index).padStart(8, '0');
      const t0 = performance.now();
      const halted = await client.request(JSON.stringify({ type: 'request', id: `halt-${id}`, channel: 'trading:halt', payload: { reason: 'bench' } }));
      const elapsed = performance.now() - t0;
      if (!halted.ok) throw new Error(`halt failed: ${JSON.stringify(halted)}`);
      // Only halts answered while the import was still writing count.
      if (!finished) latencies.push(elapsed);
      const resumed = await client.request(JSON.stringify({ type: 'request', id: `resume-${id}`, channel: 'trading:resume', payload: { confirm: 'RESUME', reason: 'bench' } }));
      if (!resumed.ok) throw new Error(`resume failed: ${JSON.stringify(resumed)}`);
    }
    return latencies;
  } finally {
    client.close();
    await app.stop();
    home.cleanup();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'Halt round trip while a 505-file import is writing',
    inputs:
      `Built \`arbdesk serve\` on a fresh data directory importing ${SYMBOLS} synthetic price files × ${DAYS.toLocaleString('en-US')} trading days ` +
      '(deterministic, generated once). From the import worker\'s first "Writing:" progress until its data:imported event, sequential ' +
      '`trading:halt` / `trading:resume` pairs over the loopback WebSocket; each halt is answered only after HALTED and its audit entry ' +
      'are committed to trading.sqlite and flushed to disk. Metrics are over the halts answered during the write phase; `samples` is how many per run.',
    runs: 3,
    metrics: [
      { name: 'p50', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
      { name: 'p99', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
      { name: 'samples', unit: '' },
    ],
    async setup() {
      writeSyntheticPrices(prices.dir, SYMBOLS, DAYS);
    },
    async run() {
      const latencies = await haltRoundTripsWhileWriting();
      if (latencies.length === 0) throw new Error('no halt was answered during the write phase');
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
    },
    async teardown() {
      prices.cleanup();
    },
  },
];
