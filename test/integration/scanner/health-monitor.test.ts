import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/main/core/random/seeded-random';
import { importPath } from '../../../src/main/data/import/import-path';
import { PairHealthMonitor, type DailyScheduler } from '../../../src/main/scanner/health-monitor';
import { appConfigSchema } from '../../../src/shared/domain/config';
import type { Alert } from '../../../src/shared/domain/alerts';
import { makeTempHome } from '../../helpers/temp-home';
import { importOptions, sampleDir } from '../data/data-test-kit';
import { scannerKit, silent, type ScannerKit } from './scanner-kit';

/**
 * A synthetic pair built to be cointegrated (YY = XX + a stationary AR(1) spread, in logs) on
 * real trading days, watched, then broken on purpose: a new import replaces YY's last year by
 * an independent random walk. The monitor must mark it broken and raise an alert.
 */
const home = makeTempHome('arbdesk-pair-health-');
let kit: ScannerKit;
const dates = readFileSync(path.join(sampleDir, 'prices', 'KO.csv'), 'utf8')
  .trimEnd()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0] ?? '');

function writeSeries(dir: string, symbol: string, logPrices: readonly number[]): void {
  mkdirSync(dir, { recursive: true });
  const rows = logPrices.map((value, i) => {
    const price = Math.exp(value).toFixed(4);
    return `${dates[i] ?? ''},${price},${price},${price},${price},1000000,${symbol}`;
  });
  writeFileSync(path.join(dir, `${symbol}.csv`), `date,open,high,low,close,volume,Name\n${rows.join('\n')}\n`);
}

function pairSeries(seed: number): { x: number[]; y: number[]; broken: number[] } {
  const random = createSeededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  let level = Math.log(50);
  let spread = 0;
  for (let t = 0; t < dates.length; t += 1) {
    level += 0.01 * random.nextNormal();
    spread = 0.5 * spread + 0.005 * random.nextNormal();
    x.push(level);
    y.push(0.2 + level + spread);
  }
  // The same YY until the last year, then a random walk of its own, independent of XX.
  const broken = [...y];
  const start = dates.length - 252;
  let free = broken[start - 1] ?? 0;
  for (let t = start; t < dates.length; t += 1) {
    free += 0.015 * random.nextNormal();
    broken[t] = free;
  }
  return { x, y, broken };
}

const series = pairSeries(12);

beforeAll(async () => {
  kit = scannerKit(home.dir);
  const first = path.join(home.dir, 'v1');
  writeSeries(first, 'XX', series.x);
  writeSeries(first, 'YY', series.y);
  await importPath(kit.store, first, importOptions({ constituents: null, source: 'test:synthetic-pair' }));
}, 120_000);

afterAll(async () => {
  await kit.close();
  home.cleanup();
});

function monitor(scheduler?: DailyScheduler): PairHealthMonitor {
  return new PairHealthMonitor({
    store: kit.store,
    config: appConfigSchema.parse({}),
    events: kit.events,
    clock: kit.clock,
    logger: silent,
    pairs: kit.service.pairs,
    ...(scheduler === undefined ? {} : { scheduler }),
  });
}

function alerts(): Alert[] {
  return kit.published.filter((envelope) => envelope.event === 'alert').map((envelope) => envelope.payload as Alert);
}

describe('pair health monitor', () => {
  it('keeps a healthy pair healthy, then marks it broken and raises an alert when its relationship is broken on purpose', async () => {
    kit.service.watch({ y: 'YY', x: 'XX' });
    const timers: { callback: () => void; ms: number }[] = [];
    const health = monitor({ setTimeout: (callback, ms) => timers.push({ callback, ms }), clearTimeout: () => undefined });

    health.start(); // checks at once, then schedules the next day
    const first = kit.service.watchlist()[0]?.health;
    expect(first?.status, JSON.stringify(first)).toBe('healthy');
    expect(first?.pvalue).toBeLessThan(0.1);
    expect(alerts()).toHaveLength(0);
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBeGreaterThan(0);
    expect(timers[0]?.ms).toBeLessThanOrEqual(86_400_000 + 60_000);

    // A new version of YY from the same source (a revision, not a second source, which would be
    // held as a conflict) whose last year no longer follows XX.
    const second = path.join(home.dir, 'v2');
    writeSeries(second, 'YY', series.broken);
    await importPath(kit.store, second, importOptions({ constituents: null, source: 'test:synthetic-pair' }));
    kit.clock.advance(86_400_000);
    // The import event triggers a re-test (as the data module publishes it after each import).
    kit.events.publish('data:imported', { jobId: 'test-import', report: null, error: null });

    const entry = kit.service.watchlist()[0];
    expect(entry?.health?.status).toBe('broken');
    expect(entry?.health?.reasons.join('; ')).toMatch(/p-value .* is above 0\.1|half-life|drifted/);
    const raised = alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0]?.title).toBe('Pair YY/XX has broken down');
    expect(raised[0]?.severity).toBe('warning');

    // The daily timer re-tests again; a pair that stays broken is not alerted twice.
    kit.clock.advance(86_400_000);
    timers[0]?.callback();
    expect(kit.service.watchlist()[0]?.health?.status).toBe('broken');
    expect(alerts()).toHaveLength(1);
    expect(timers).toHaveLength(2);
    health.stop();
  });
});
