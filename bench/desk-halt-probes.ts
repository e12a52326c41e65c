// The desk-halt bench's instruments (bench/desk-halt.bench.ts): a probe at the paper broker's
// boundary, a read-back thread on trading.sqlite and the WebSocket client thread. Threads, so
// that what they time is stamped off the app's main thread. Not a *.bench.ts: run.ts skips it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Broker } from '../src/main/broker/broker-port';
import type { KillSwitch } from '../src/main/trading/kill-switch';

const moduleRequire = createRequire(import.meta.url);

/** The bound on every single wait of the bench. */
export const WAIT_MS = 15_000;

/**
 * Test-only probe at the broker boundary: the paper broker's own placeOrder/cancelOrder, wrapped
 * on the instance so each call's moment is recorded before the real call runs.
 */
export interface BrokerProbe {
  cancels: number[];
  places: number[];
  /** Orders the broker's status stream last reported accepted (working at the broker). */
  readonly working: Set<string>;
  stop(): void;
}

export function probe(broker: Broker): BrokerProbe {
  const working = new Set<string>();
  const stop = broker.subscribeOrderStatus((event) => {
    if (['accepted', 'partially_filled', 'pending_cancel', 'pending_replace'].includes(event.order.status)) working.add(event.order.id);
    else working.delete(event.order.id);
  });
  const calls: BrokerProbe = { cancels: [], places: [], working, stop };
  const cancelOrder = broker.cancelOrder.bind(broker);
  const placeOrder = broker.placeOrder.bind(broker);
  Object.assign(broker, {
    cancelOrder: (request: Parameters<Broker['cancelOrder']>[0]) => {
      calls.cancels.push(performance.timeOrigin + performance.now());
      return cancelOrder(request);
    },
    placeOrder: (request: Parameters<Broker['placeOrder']>[0]) => {
      calls.places.push(performance.timeOrigin + performance.now());
      return placeOrder(request);
    },
  });
  return calls;
}

/**
 * Test-only probe at the kill switch: `halt` wrapped on the instance (the IPC handler calls it
 * as a method of the same object) so the moment it returns (HALTED committed to trading.sqlite,
 * inside the call) and the moment its flush to disk resolves are recorded on main.
 */
export interface HaltProbe {
  committed: number[];
  onDisk: number[];
}

export function probeHalts(killSwitch: KillSwitch): HaltProbe {
  const times: HaltProbe = { committed: [], onDisk: [] };
  const halt = killSwitch.halt.bind(killSwitch);
  Object.assign(killSwitch, {
    halt: (...args: Parameters<KillSwitch['halt']>) => {
      const state = halt(...args);
      times.committed.push(performance.timeOrigin + performance.now());
      void killSwitch.flushed().then(() => times.onDisk.push(performance.timeOrigin + performance.now()));
      return state;
    },
  });
  return times;
}

/**
 * The read-back: a worker thread with its own read-only connection to trading.sqlite. Armed, it
 * reads the global state until it is not HALTED, answers "armed", then polls (every ~0.1 ms)
 * until HALTED is there and posts that moment as an absolute high-resolution time. Its clock
 * is off the main thread, so the app's and the bench client's work on the main thread (blotter
 * pushes, JSON) cannot delay the moment it records.
 */
const readerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const read = db.prepare("SELECT status FROM trading_state WHERE scope = 'global'");
const pause = new Int32Array(new SharedArrayBuffer(4));
const status = () => read.get()?.status;
parentPort.on('message', (message) => {
  const deadline = Date.now() + message.timeoutMs;
  while (status() === 'HALTED') {
    if (Date.now() > deadline) return parentPort.postMessage({ error: 'still HALTED when armed' });
    Atomics.wait(pause, 0, 0, 0.1);
  }
  parentPort.postMessage({ armed: true });
  while (status() !== 'HALTED') {
    if (Date.now() > deadline) return parentPort.postMessage({ error: 'HALTED never read back' });
    Atomics.wait(pause, 0, 0, 0.1);
  }
  parentPort.postMessage({ at: performance.timeOrigin + performance.now() });
});
`;

export function startReader(file: string): Worker {
  return new Worker(readerSource, { eval: true, workerData: { file, betterSqlite3: moduleRequire.resolve('better-sqlite3') } });
}

export function nextMessage(reader: Worker, what: string): Promise<{ armed?: true; at?: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reader.off('message', onMessage);
      reject(new Error(`desk-halt bench: the read-back did not answer (${what}) within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const onMessage = (message: { armed?: true; at?: number; error?: string }) => {
      clearTimeout(timer);
      if (message.error !== undefined) reject(new Error(`desk-halt bench: read-back: ${message.error}`));
      else resolve(message);
    };
    reader.once('message', onMessage);
  });
}

/**
 * The bench's UI stand-in: a WebSocket client in its own thread, as a real UI is another process.
 * It parses every pushed event (blotters, halt outcomes) off the app's main thread, and stamps
 * each request's send and answer with absolute high-resolution times.
 */
const clientSource = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.ws);
const now = () => performance.timeOrigin + performance.now();
const socket = new WebSocket('ws://127.0.0.1:' + workerData.port + '/ipc', ['arbdesk.v1', 'token.' + workerData.token], { origin: 'http://127.0.0.1:' + workerData.port });
const waiting = new Map();
socket.on('error', (error) => parentPort.postMessage({ fatal: String(error) }));
socket.on('open', () => parentPort.postMessage({ ready: true }));
let received = 0;
socket.on('message', (data) => {
  received += data.length;
  const message = JSON.parse(String(data));
  if (message.type !== 'response') return;
  const sent = waiting.get(message.id);
  waiting.delete(message.id);
  parentPort.postMessage({ id: message.id, ok: message.ok, value: message.value, error: message.error, sentAt: sent.at, answeredAt: now(), bytesBefore: received - data.length - sent.received });
});
parentPort.on('message', (request) => {
  if (request.close) return socket.close();
  waiting.set(request.id, { at: now(), received });
  socket.send(JSON.stringify({ type: 'request', id: request.id, channel: request.channel, payload: request.payload }));
});
`;

export interface ClientAnswer {
  readonly id: string;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: unknown;
  readonly sentAt: number;
  readonly answeredAt: number;
  /** Bytes of pushed events that arrived after the request was sent and before its answer. */
  readonly bytesBefore: number;
}

export class ClientThread {
  private readonly pending = new Map<string, (answer: ClientAnswer) => void>();
  private sequence = 0;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: ClientAnswer) => this.pending.get(message.id)?.(message));
  }

  static async start(port: number, token: string): Promise<ClientThread> {
    const worker = new Worker(clientSource, { eval: true, workerData: { port, token, ws: moduleRequire.resolve('ws') } });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`desk-halt bench: the client thread did not connect within ${WAIT_MS} ms`)), WAIT_MS);
      worker.once('message', (message: { ready?: true; fatal?: string }) => {
        clearTimeout(timer);
        if (message.ready === true) resolve();
        else reject(new Error(`desk-halt bench: client thread: ${String(message.fatal)}`));
      });
    });
    return new ClientThread(worker);
  }

  /** One request over the socket; rejects on an error answer or after WAIT_MS without one. */
  request(channel: string, payload: unknown): Promise<ClientAnswer> {
    this.sequence += 1;
    const id = `desk-bench-${String(this.sequence).padStart(8, '0')}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`desk-halt bench: ${channel} (${id}) got no answer within ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (answer.ok) resolve(answer);
        else reject(new Error(`${channel} failed: ${JSON.stringify(answer.error)}`));
      });
      this.worker.postMessage({ id, channel, payload });
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ close: true });
    await this.worker.terminate();
  }
}

