// DRAFT, not picked up by `npm run bench` (bench/run.ts loads *.bench.ts only): in local trials
// the halt samples were taken (the import scenario ran its halt loop), but a run did not reach its
// end within 15 minutes on the shared machine; the loop's end condition (the background job's
// job:finished) is not yet proven. Rename to desk-halt.bench.ts once a run completes.
import { percentile, type Benchmark } from './harness';
import { createAppCore, type AppCore } from '../src/main/app/create-app-core';
import type { DeskService } from '../src/main/desk/desk.service';
import type { PublishedEvent } from '../src/main/events/event-bus';
import { syntheticSymbol, writeSyntheticPrices } from '../test/helpers/synthetic-prices';
import { makeTempHome } from '../test/helpers/temp-home';

const SYMBOLS = 505;
const DAYS = 1259;
const PAIR_ORDERS = 50; // two legs each: 100 working orders at the paper broker
const prices = makeTempHome('arbdesk-bench-desk-prices-');
let pricesWritten = false;

function ensurePrices(): void {
  if (pricesWritten) return;
  writeSyntheticPrices(prices.dir, SYMBOLS, DAYS);
  pricesWritten = true;
}

interface Samples {
  persisted: number[];
  dispatched: number[];
}

let sequence = 0;
async function request(core: AppCore, channel: string, payload: unknown): Promise<unknown> {
  sequence += 1;
  const answer = await core.registry.dispatch({ type: 'request', id: `desk-bench-${String(sequence).padStart(8, '0')}`, channel, payload }, 'browser');
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function working(desk: DeskService): number {
  return desk.blotter().orders.filter((order) => order.status === 'accepted').length;
}

/** 100 resting limit orders (far from the market) from a strategy, all accepted by the paper broker. */
async function placeWorking(desk: DeskService): Promise<void> {
  const y = syntheticSymbol(0);
  const x = syntheticSymbol(1);
  for (let index = 0; index < PAIR_ORDERS; index += 1) {
    desk.placeForStrategy('bench', `${y}/${x}`, 'open', 'bench', [
      { leg: 'y', symbol: y, side: 'BUY', quantity: 1, limitPrice: 1 },
      { leg: 'x', symbol: x, side: 'BUY', quantity: 1, limitPrice: 1 },
    ]);
  }
  await until(() => working(desk) === PAIR_ORDERS * 2, '100 accepted orders');
}

/**
 * One halt with 100 working orders: t0 before the kill switch is engaged; HALTED persisted
 * when `halt` returns (it returns only after the state and its audit entry are committed with
 * synchronous=FULL); all cancels dispatched once the desk's halt record lists 100 cancels each
 * with its first broker call made (they go out one microtask after the commit).
 */
async function oneHalt(core: AppCore, desk: DeskService, samples: Samples): Promise<void> {
  await placeWorking(desk);
  const t0 = performance.now();
  core.killSwitch.halt('bench', 'bench');
  const persisted = performance.now();
  await Promise.resolve();
  const outcome = desk.lastHalt();
  // begin() makes each order's first cancel call before it returns, so 100 entries = 100 calls made.
  const sent = outcome?.orders.filter((entry) => entry.action === 'cancel').length ?? 0;
  const dispatched = performance.now();
  if (sent !== PAIR_ORDERS * 2) throw new Error(`only ${sent} cancels were dispatched`);
  samples.persisted.push(persisted - t0);
  samples.dispatched.push(dispatched - t0);
  await until(() => desk.lastHalt()?.complete === true && working(desk) === 0, 'every cancel confirmed');
  await request(core, 'trading:resume', { confirm: 'RESUME', reason: 'bench' });
}

async function withCore<T>(run: (core: AppCore, desk: DeskService) => Promise<T>): Promise<T> {
  const home = makeTempHome('arbdesk-bench-desk-');
  const core = await createAppCore({
    transport: 'browser',
    auditSigning: false,
    env: { ...process.env, ARBDESK_HOME: home.dir, ARBDESK_DATA_IMPORT_FOLDERS: prices.dir, ARBDESK_LOGGING_LEVEL: 'warn', ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' },
  });
  try {
    const desk = core.desk.service;
    if (desk === null) throw new Error('the paper profile wired no broker');
    return await run(core, desk);
  } finally {
    await core.dispose();
    home.cleanup();
  }
}

function jobWatcher(core: AppCore) {
  let writing = false;
  const finishedJobs = new Set<string>();
  const stop = core.events.subscribeAll(({ event, payload }: PublishedEvent) => {
    const body = payload as { message?: string | null; jobId?: string };
    if (event === 'job:progress' && body.message?.startsWith('Writing:') === true) writing = true;
    if (event === 'job:finished' && body.jobId !== undefined) finishedJobs.add(body.jobId);
  });
  return { writing: () => writing, finished: (jobId: string) => finishedJobs.has(jobId), stop };
}

async function haltsWhileImporting(): Promise<Samples> {
  return withCore(async (core, desk) => {
    const samples: Samples = { persisted: [], dispatched: [] };
    const watch = jobWatcher(core);
    const { jobId } = (await request(core, 'data:import', { path: prices.dir })) as { jobId: string };
    await until(() => watch.writing(), 'the import writing', 600_000);
    while (!watch.finished(jobId)) await oneHalt(core, desk, samples);
    watch.stop();
    return samples;
  });
}

async function haltsWhileScanning(): Promise<Samples & { quoteToOrder: number[] }> {
  return withCore(async (core, desk) => {
    const samples = { persisted: [] as number[], dispatched: [] as number[], quoteToOrder: [] as number[] };
    const watch = jobWatcher(core);
    const imported = (await request(core, 'data:import', { path: prices.dir })) as { jobId: string };
    await until(() => watch.finished(imported.jobId), 'the import', 600_000);
    // Quote to order dispatched: a strategy's quotes reach the desk, then its pair order runs the
    // risk port, the trading gate and the order manager to the paper broker's placeOrder.
    const [y, x] = [syntheticSymbol(2), syntheticSymbol(3)];
    await desk.refreshQuotes([y, x]);
    const quotes = await core.brokerDesk.desk.quotes([y, x]);
    for (let index = 0; index < 200; index += 1) {
      const t0 = performance.now();
      desk.updateQuotes(quotes.map((quote) => ({ symbol: quote.symbol, bid: quote.bid, ask: quote.ask, last: quote.last ?? quote.close, time: quote.time })));
      desk.placeForStrategy('bench-q', `${y}/${x}`, 'open', 'bench', [
        { leg: 'y', symbol: y, side: 'BUY', quantity: 1, limitPrice: 1 },
        { leg: 'x', symbol: x, side: 'BUY', quantity: 1, limitPrice: 1 },
      ]);
      samples.quoteToOrder.push(performance.now() - t0);
    }
    await until(() => working(desk) === 400, 'quote-to-order orders accepted');
    core.killSwitch.halt('clear the quote-to-order orders', 'bench');
    await until(() => desk.lastHalt()?.complete === true, 'cleared');
    await request(core, 'trading:resume', { confirm: 'RESUME', reason: 'bench' });
    const scan = (await request(core, 'scanner:start', { formation: { from: '2013-02-08', to: '2018-02-07' } })) as { jobId: string };
    await until(() => core.jobs.activeCount > 0 || watch.finished(scan.jobId), 'the scan running');
    while (!watch.finished(scan.jobId)) await oneHalt(core, desk, samples);
    watch.stop();
    return samples;
  });
}

const haltMetrics = [
  { name: 'persisted p50', unit: 'ms' },
  { name: 'persisted p99', unit: 'ms', baseline: { label: 'issue 14 target (halt → HALTED persisted) p99', value: 10 } },
  { name: 'cancels dispatched p50', unit: 'ms' },
  { name: 'cancels dispatched p99', unit: 'ms', baseline: { label: 'issue 14 target (all cancels dispatched) p99', value: 50 } },
  { name: 'samples', unit: '' },
] as const;

function summarize(samples: Samples): Record<string, number> {
  if (samples.persisted.length === 0) throw new Error('no halt was measured while the background work ran');
  return {
    'persisted p50': percentile(samples.persisted, 50),
    'persisted p99': percentile(samples.persisted, 99),
    'cancels dispatched p50': percentile(samples.dispatched, 50),
    'cancels dispatched p99': percentile(samples.dispatched, 99),
    samples: samples.persisted.length,
  };
}

const common =
  `In-process app core (paper profile, the real paper broker on trading.sqlite) with ${PAIR_ORDERS * 2} resting limit orders (${PAIR_ORDERS} pair orders from a strategy, all accepted). ` +
  'Each sample: the kill switch is engaged; "persisted" is when it returns (HALTED and its audit entry committed, synchronous=FULL); "cancels dispatched" is when all 100 broker cancel calls have been made (the desk sends them one microtask after the commit). Between samples every cancel is confirmed, trading resumed and the 100 orders placed again.';

export const benchmarks: Benchmark[] = [
  {
    name: 'Desk halt with 100 working orders while a 505-file import is writing',
    inputs: `${common} Background: a ${SYMBOLS}-file × ${DAYS.toLocaleString('en-US')}-day synthetic import in the worker (from its first "Writing:" progress to its end).`,
    runs: 3,
    metrics: [...haltMetrics],
    async setup() {
      ensurePrices();
    },
    async run() {
      return summarize(await haltsWhileImporting());
    },
  },
  {
    name: 'Desk halt with 100 working orders while a full-universe scan runs; quote to order dispatched',
    inputs: `${common} Background: a full-universe scan of the imported ${SYMBOLS} synthetic symbols (formation 2013-02-08..2018-02-07) in the workers. Quote to order: quotes handed to the desk, then a strategy pair order through the risk port, the trading gate and the order manager until both legs' placeOrder calls are made (200 samples before the scan).`,
    runs: 3,
    metrics: [...haltMetrics, { name: 'quote to order p50', unit: 'ms' }, { name: 'quote to order p99', unit: 'ms' }],
    async setup() {
      ensurePrices();
    },
    async run() {
      const samples = await haltsWhileScanning();
      return { ...summarize(samples), 'quote to order p50': percentile(samples.quoteToOrder, 50), 'quote to order p99': percentile(samples.quoteToOrder, 99) };
    },
    async teardown() {
      prices.cleanup();
    },
  },
];
