// Issue 14 "Performance": the kill switch with 100 working orders at the paper broker, measured
// while a full-universe scan runs in the workers and while a 505-file import writes, plus the
// paper desk's quote-to-order-dispatched latency. Every wait is bounded and every loop stops at a
// sample target or a time budget, so a run always ends (the draft this replaces waited on the
// background job alone and did not).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ClientThread, nextMessage, probe, probeHalts, startReader, WAIT_MS, type BrokerProbe, type HaltProbe } from './desk-halt-probes';
import { percentile, type Benchmark } from './harness';
import { createAppCore, type AppCore } from '../src/main/app/create-app-core';
import { DEFAULT_BLOTTER_PUSH_MS } from '../src/main/desk/coalesced-push';
import type { DeskService } from '../src/main/desk/desk.service';
import type { PublishedEvent } from '../src/main/events/event-bus';
import { createAccessToken } from '../src/main/server/access-token';
import { startBrowserServer, type BrowserServer } from '../src/main/server/browser-server';
import { sp500Dir, sp500PricesDir } from '../test/helpers/sp500';
import { makeTempHome } from '../test/helpers/temp-home';

const PAIR_ORDERS = 50; // two legs each: 100 working orders at the paper broker
const WORKING = PAIR_ORDERS * 2;
const HALTS_PER_RUN = 100; // enough for a p99 per run
const RUN_BUDGET_MS = 90_000; // a run stops at its sample target or this, whichever comes first (≈100 halts fit)
const QUOTE_SAMPLES = 200;
const Y = 'KO';
const X = 'PEP';
const FORMATION = { from: '2013-02-08', to: '2018-02-07' };

/**
 * Risk settings for the bench's throwaway data directory: the orders are resting bids at 60% of
 * the last trade, placed 100 at a time, again and again; with the defaults the order-rate,
 * duplicate and price-band checks would (rightly) refuse them. The dead-man's switch and the
 * stale-data halt are off so no automatic halt lands between samples.
 */
const benchConfig = {
  risk: {
    limits: { priceBand: 0.5, maxOrdersPerSecond: 1_000_000, maxOrdersPerMinute: 1_000_000, duplicateWindowMs: 1, maxOpenPairs: 1_000, maxQuoteAgeMs: 86_400_000, maxPairCorrelation: 1, maxPortfolioVolatility: 1_000 },
    halts: { staleDataMs: 86_400_000, brokerErrorBurst: 1000 },
    deadman: { enabled: false },
  },
};

async function until(predicate: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`desk-halt bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

interface Bench {
  readonly core: AppCore;
  readonly desk: DeskService;
  readonly server: BrowserServer;
  readonly client: ClientThread;
  readonly reader: ReturnType<typeof startReader>;
  readonly calls: BrokerProbe;
  readonly halts: HaltProbe;
  readonly finished: Set<string>;
  readonly writing: Set<string>;
  readonly limits: { y: number; x: number };
  close(): Promise<void>;
}

// One app per benchmark (setup → teardown), so a filtered run of any one of them ends cleanly.
let bench: Bench | null = null;

async function ipc(client: ClientThread, channel: string, payload: unknown): Promise<unknown> {
  return (await client.request(channel, payload)).value;
}

/** Starts a job over the socket and waits (bounded) for its job:finished. */
async function runJob(b: Bench, channel: string, payload: unknown, timeoutMs: number): Promise<string> {
  const { jobId } = (await ipc(b.client, channel, payload)) as { jobId: string };
  await until(() => b.finished.has(jobId), `${channel} job ${jobId} to finish`, timeoutMs);
  return jobId;
}

/** The real core and browser server in this process, on a fresh data directory with the S&P 500 set imported. */
async function start(): Promise<Bench> {
  const home = makeTempHome('arbdesk-bench-desk-');
  writeFileSync(path.join(home.dir, 'config.json'), `${JSON.stringify(benchConfig, null, 2)}\n`);
  const core = await createAppCore({
    transport: 'browser',
    auditSigning: false,
    env: { ...process.env, ARBDESK_HOME: home.dir, ARBDESK_DATA_IMPORT_FOLDERS: sp500Dir(), ARBDESK_LOGGING_LEVEL: 'warn', ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' },
  });
  const desk = core.desk.service;
  const paper = core.brokerDesk.paper;
  if (desk === null || paper === null) throw new Error('the paper profile wired no paper broker');
  const token = createAccessToken();
  // No onConnectionsChanged: this socket is a bench client, not a UI that sends heartbeats.
  const server = await startBrowserServer({
    host: '127.0.0.1',
    port: 0,
    token,
    staticRoot: path.join(home.dir, 'no-renderer'),
    registry: core.registry,
    events: core.events,
    logger: core.logs.child('server'),
    metrics: { metrics: core.metrics, scrapeToken: core.scrapeToken },
  });
  const client = await ClientThread.start(server.port, token);
  const finished = new Set<string>();
  const writing = new Set<string>();
  const stop = core.events.subscribeAll(({ event, payload }: PublishedEvent) => {
    const body = payload as { message?: string | null; jobId?: string };
    if (body.jobId === undefined) return;
    if (event === 'job:progress' && body.message?.startsWith('Writing:') === true) writing.add(body.jobId);
    if (event === 'job:finished') finished.add(body.jobId);
  });
  const reader = startReader(path.join(home.dir, 'trading.sqlite'));
  const partial: Omit<Bench, 'limits'> = {
    core,
    desk,
    server,
    client,
    reader,
    calls: probe(paper.broker),
    halts: probeHalts(core.killSwitch),
    finished,
    writing,
    async close() {
      stop();
      partial.calls.stop();
      await reader.terminate();
      await client.close();
      await server.close();
      await core.dispose();
      home.cleanup();
    },
  };
  try {
    await runJob({ ...partial, limits: { y: 0, x: 0 } }, 'data:import', { path: sp500PricesDir(), policy: 'lenient' }, 300_000);
    await desk.refreshQuotes([Y, X]);
    const quotes = await core.brokerDesk.desk.quotes([Y, X]);
    const last = (symbol: string): number => {
      const quote = quotes.find((entry) => entry.symbol === symbol);
      const price = quote?.last ?? quote?.close ?? null;
      if (price === null || price === undefined) throw new Error(`no quote for ${symbol} after the import`);
      return price;
    };
    // Resting bids at 60% of the last trade: inside the loosened price band, never marketable.
    return { ...partial, limits: { y: Math.round(last(Y) * 60) / 100, x: Math.round(last(X) * 60) / 100 } };
  } catch (error) {
    await partial.close();
    throw error;
  }
}

function current(): Bench {
  if (bench === null) throw new Error('desk-halt bench: run() before setup()');
  return bench;
}

const lifecycle = {
  async setup(): Promise<void> {
    bench = await start();
  },
  async teardown(): Promise<void> {
    await bench?.close();
    bench = null;
  },
};

function workingCount(b: Bench): number {
  return b.calls.working.size;
}

/**
 * The desk trades through the real pre-trade checks (quote freshness, correlation, shortability,
 * balances): fresh quotes and a renewed account for both legs first, as a running strategy has.
 */
async function prepareDesk(b: Bench): Promise<void> {
  const quotes = await b.core.brokerDesk.desk.quotes([Y, X]);
  b.desk.updateQuotes(quotes.map((quote) => ({ symbol: quote.symbol, bid: quote.bid, ask: quote.ask, last: quote.last ?? quote.close, time: Date.now() })));
  await b.core.desk.refreshAccount([Y, X]);
}

/** 50 strategy pair orders (100 legs) through the desk's one live path, all accepted by the paper broker. */
async function placeWorking(b: Bench): Promise<void> {
  await prepareDesk(b);
  for (let index = 0; index < PAIR_ORDERS; index += 1) {
    b.desk.placeForStrategy('bench', `${Y}/${X}`, 'open', 'bench', [
      { leg: 'y', symbol: Y, side: 'BUY', quantity: index + 1, limitPrice: b.limits.y },
      { leg: 'x', symbol: X, side: 'BUY', quantity: index + 1, limitPrice: b.limits.x },
    ]);
  }
  await until(() => workingCount(b) === WORKING, `${WORKING} accepted orders`);
  // Placing pushed (coalesced) blotters; past the desk's push interval, a round trip behind them
  // means the socket has drained, so a halt starts from a desk at rest with 100 working orders.
  await new Promise((resolve) => setTimeout(resolve, 4 * DEFAULT_BLOTTER_PUSH_MS));
  await ipc(b.client, 'trading:state', {});
}

interface HaltSample {
  persisted: number;
  readBack: number;
  onDisk: number;
  answered: number;
  dispatched: number;
  pushedKb: number;
}

/**
 * One halt with the 100 working orders in place. t0: just before `trading:halt` goes on the
 * socket. Persisted: `halt` returned on main, HALTED committed (probe on the kill switch). Read
 * back: the read-back thread reads HALTED from trading.sqlite through its own connection (this
 * adds that thread's own wake-up delay). On disk: the halt's flush resolved. Answered: the
 * halt's answer has arrived on the socket. Dispatched: the moment of the 100th cancelOrder call
 * at the paper broker.
 */
async function measureHalt(b: Bench): Promise<HaltSample> {
  const cancelsBefore = b.calls.cancels.length;
  const haltsBefore = b.halts.committed.length;
  const flushesBefore = b.halts.onDisk.length;
  const armed = nextMessage(b.reader, 'arm');
  b.reader.postMessage({ timeoutMs: WAIT_MS });
  await armed;
  const readBack = nextMessage(b.reader, 'HALTED');
  // t0 is stamped in the client thread just before the request goes on the socket.
  const { sentAt: t0, answeredAt, bytesBefore } = await b.client.request('trading:halt', { reason: 'bench' });
  const { at } = await readBack;
  if (at === undefined) throw new Error('desk-halt bench: the read-back sent no time');
  await until(() => b.calls.cancels.length - cancelsBefore >= WORKING, `${WORKING} cancels dispatched`);
  await until(() => b.halts.onDisk.length > flushesBefore, 'the halt flushed to disk');
  const hundredth = b.calls.cancels[cancelsBefore + WORKING - 1] as number;
  const committed = b.halts.committed[haltsBefore] as number;
  const onDisk = b.halts.onDisk[flushesBefore] as number;
  return { persisted: committed - t0, readBack: at - t0, onDisk: onDisk - t0, answered: answeredAt - t0, dispatched: hundredth - t0, pushedKb: bytesBefore / 1024 };
}

/** Re-arm: every cancel confirmed, trading resumed (the answer comes once ACTIVE is committed). */
async function clearAndResume(b: Bench): Promise<void> {
  await until(() => b.desk.lastHalt()?.complete === true && workingCount(b) === 0, 'every cancel confirmed');
  await ipc(b.client, 'trading:resume', { confirm: 'RESUME', reason: 'bench' });
}

/**
 * Halts while background jobs run, one job after another, until HALTS_PER_RUN samples or the
 * budget. The orders are placed before each sample (also before a job starts, so even a short
 * write phase gets its halts); a sample counts only if its job was still in its measured phase
 * when the sample's measurements ended.
 */
async function haltsDuring(b: Bench, startJob: () => Promise<string>, active: (jobId: string) => boolean): Promise<HaltSample[]> {
  const samples: HaltSample[] = [];
  const deadline = Date.now() + RUN_BUDGET_MS;
  while (samples.length < HALTS_PER_RUN && Date.now() < deadline) {
    // A job that ended between placing and halting leaves its 100 orders working for the next.
    if (workingCount(b) === 0) await placeWorking(b);
    const jobId = await startJob();
    await until(() => active(jobId) || b.finished.has(jobId), 'the background job to start its measured phase', 120_000);
    while (active(jobId) && samples.length < HALTS_PER_RUN && Date.now() < deadline) {
      if (workingCount(b) === 0) await placeWorking(b);
      if (!active(jobId)) break;
      const sample = await measureHalt(b);
      const during = active(jobId);
      await clearAndResume(b);
      if (during) samples.push(sample);
    }
    // The next job starts only once this one ended, so two never overlap.
    await until(() => b.finished.has(jobId), 'the background job to finish', 300_000);
  }
  if (samples.length === 0) throw new Error('no halt was measured while the background work ran');
  return samples;
}

async function scanJob(b: Bench): Promise<string> {
  return ((await ipc(b.client, 'scanner:start', { formation: FORMATION })) as { jobId: string }).jobId;
}

let imports = 0;

/** Each import names its own source: the same files again under one source are a no-op that writes nothing. */
async function importJob(b: Bench): Promise<string> {
  imports += 1;
  return ((await ipc(b.client, 'data:import', { path: sp500PricesDir(), policy: 'lenient', source: `bench-import-${imports}` })) as { jobId: string }).jobId;
}

/** Quote handed to the desk → a strategy pair order through risk port, trading gate and order manager → both placeOrder calls made. */
async function quoteToOrder(b: Bench): Promise<number[]> {
  const quotes = await b.core.brokerDesk.desk.quotes([Y, X]);
  // The correlation and balance checks read the prepared account (closes, shortability, balances).
  await b.core.desk.refreshAccount([Y, X]);
  const samples: number[] = [];
  for (let index = 0; index < QUOTE_SAMPLES; index += 1) {
    const before = b.calls.places.length;
    const t0 = performance.timeOrigin + performance.now();
    b.desk.updateQuotes(quotes.map((quote) => ({ symbol: quote.symbol, bid: quote.bid, ask: quote.ask, last: quote.last ?? quote.close, time: Date.now() })));
    b.desk.placeForStrategy('bench-quote', `${Y}/${X}`, 'open', 'bench', [
      { leg: 'y', symbol: Y, side: 'BUY', quantity: index + 1, limitPrice: b.limits.y },
      { leg: 'x', symbol: X, side: 'BUY', quantity: index + 1, limitPrice: b.limits.x },
    ]);
    await until(() => b.calls.places.length - before >= 2, 'both legs dispatched');
    samples.push((b.calls.places[before + 1] as number) - t0);
    // Keep the book at the same size for every sample: clear these orders every 50 samples.
    if ((index + 1) % PAIR_ORDERS === 0) {
      await until(() => workingCount(b) === WORKING, 'quote-to-order orders accepted');
      await ipc(b.client, 'trading:halt', { reason: 'bench: clear the quote-to-order orders' });
      await until(() => b.desk.lastHalt()?.complete === true && workingCount(b) === 0, 'quote-to-order orders cancelled');
      await ipc(b.client, 'trading:resume', { confirm: 'RESUME', reason: 'bench' });
    }
  }
  return samples;
}

const haltMetrics = [
  { name: 'persisted p50', unit: 'ms' },
  { name: 'persisted p99', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
  { name: 'read back p50', unit: 'ms' },
  { name: 'read back p99', unit: 'ms' },
  { name: 'on disk p50', unit: 'ms' },
  { name: 'on disk p99', unit: 'ms' },
  { name: 'answered p50', unit: 'ms' },
  { name: 'answered p99', unit: 'ms' },
  { name: 'cancels dispatched p50', unit: 'ms' },
  { name: 'cancels dispatched p99', unit: 'ms', baseline: { label: 'issue 14 target (all cancels dispatched) p99', value: 50 } },
  { name: 'pushed before answer', unit: 'KiB' },
  { name: 'samples', unit: '' },
] as const;

function summarize(samples: readonly HaltSample[]): Record<string, number> {
  const persisted = samples.map((sample) => sample.persisted);
  const readBack = samples.map((sample) => sample.readBack);
  const onDisk = samples.map((sample) => sample.onDisk);
  const dispatched = samples.map((sample) => sample.dispatched);
  const answered = samples.map((sample) => sample.answered);
  return {
    'persisted p50': percentile(persisted, 50),
    'persisted p99': percentile(persisted, 99),
    'read back p50': percentile(readBack, 50),
    'read back p99': percentile(readBack, 99),
    'on disk p50': percentile(onDisk, 50),
    'on disk p99': percentile(onDisk, 99),
    'answered p50': percentile(answered, 50),
    'answered p99': percentile(answered, 99),
    'cancels dispatched p50': percentile(dispatched, 50),
    'cancels dispatched p99': percentile(dispatched, 99),
    'pushed before answer': percentile(samples.map((sample) => sample.pushedKb), 50),
    samples: samples.length,
  };
}

const common =
  `In-process app core (paper profile, the real paper broker on trading.sqlite) and browser server; the vendored S&P 500 set imported. ${WORKING} resting limit orders (${PAIR_ORDERS} ${Y}/${X} strategy pair orders through the desk, bids at 60% of the last trade, all accepted). ` +
  'Each sample: `trading:halt` over the loopback WebSocket from a client in its own thread (a UI is another process); "persisted" ends when `halt` returns on main with HALTED and its audit entry committed to trading.sqlite (a probe on the kill switch; the commit is crash-safe, WAL at synchronous NORMAL); "read back" when a read-back thread (its own read-only connection, polling every ~0.1 ms) reads HALTED (it adds the wake-up delay of that thread on a loaded machine); "on disk" when the flush of the halt (fdatasync of the WAL off the main thread) has resolved; "answered" when the answer to the halt request has arrived in the client thread (the desk coalesces its blotter pushes, at most one snapshot per push interval; "pushed before answer" is the median size of the pushes that arrived ahead of the answer); "cancels dispatched" ends at the 100th paper-broker cancelOrder call (a probe on the broker instance). ' +
  `Between samples every cancel is confirmed, trading resumed and the orders placed again. Up to ${HALTS_PER_RUN} halts per run (fewer if the ${RUN_BUDGET_MS / 1000} s budget ends first; \`samples\` says how many); only halts that ended while the background job was still in its phase count. The machine is shared: the numbers include other engineers' load.`;

export const benchmarks: Benchmark[] = [
  {
    name: 'Desk halt with 100 working orders while a full-universe scan runs',
    inputs: `${common} Background: full-universe scans of the S&P 500 set (formation ${FORMATION.from}..${FORMATION.to}) in the workers, one after another, from start to job:finished.`,
    runs: 3,
    metrics: [...haltMetrics],
    ...lifecycle,
    async run() {
      const b = current();
      return summarize(await haltsDuring(b, () => scanJob(b), (jobId) => !b.finished.has(jobId)));
    },
  },
  {
    name: 'Desk halt with 100 working orders while a 505-file import is writing',
    inputs: `${common} Background: imports of the 505 S&P 500 price files (lenient) in the worker, one after another, each under a new source name so it writes (the same input under the same source is a no-op), from its first "Writing:" progress to job:finished (about 1.5 s of writing per import, so few halts fit in each).`,
    runs: 3,
    metrics: [...haltMetrics],
    ...lifecycle,
    async run() {
      const b = current();
      return summarize(await haltsDuring(b, () => importJob(b), (jobId) => b.writing.has(jobId) && !b.finished.has(jobId)));
    },
  },
  {
    name: 'Desk quote to order dispatched (paper)',
    inputs: `In-process app core (paper profile, the real paper broker on trading.sqlite) and browser server; the vendored S&P 500 set imported. Each sample: fresh quotes handed to the desk, then a ${Y}/${X} strategy pair order through the risk port, the trading gate and the order manager until both legs' paper-broker placeOrder calls are made (probe on the broker instance); ${QUOTE_SAMPLES} samples per run, the book cleared (halt, cancels confirmed, resume) every ${PAIR_ORDERS} pair orders, so it never holds more than ${WORKING} working orders. No background job; the machine is shared.`,
    runs: 3,
    metrics: [
      { name: 'p50', unit: 'ms' },
      { name: 'p99', unit: 'ms' },
    ],
    ...lifecycle,
    async run() {
      const samples = await quoteToOrder(current());
      return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
    },
  },
];
