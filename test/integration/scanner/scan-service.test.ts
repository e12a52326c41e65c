import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairCount } from '../../../src/main/scanner/core/pair-shards';
import { scanRequestSchema } from '../../../src/shared/domain/scanner';
import { engleGranger } from '../../../src/main/stats/engle-granger';
import { benjaminiHochberg } from '../../../src/main/stats/multiple-testing';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError } from '../data/data-test-kit';
import { formation, formationDays, importSample, scannerKit, type ScannerKit } from './scanner-kit';

const home = makeTempHome('arbdesk-scan-service-');
let kit: ScannerKit;

beforeAll(async () => {
  kit = scannerKit(home.dir);
  await importSample(kit.store);
}, 120_000);

afterAll(async () => {
  await kit.close();
  home.cleanup();
});

function logCloses(symbol: string): Float64Array {
  const series = new BarsRepo(kit.store.db).loadCloses(symbol);
  const out: number[] = [];
  series.days.forEach((day, i) => {
    if (day >= formationDays.from && day <= formationDays.to) out.push(Math.log(series.closes[i] as number));
  });
  return Float64Array.from(out);
}

describe('scanner service: a scan as a worker job', () => {
  it('scans the sample in both directions, persists every unordered pair and reconciles with the direct statistics', async () => {
    const progress: string[] = [];
    const unsubscribe = kit.events.subscribeAll((envelope) => {
      if (envelope.event === 'job:progress') progress.push(String((envelope.payload as { message?: string }).message ?? ''));
    });
    const job = kit.service.startScan(scanRequestSchema.parse({ formation }));
    const outcome = await job.result;
    unsubscribe();

    const run = kit.service.run(outcome.runId);
    expect(run.state).toBe('succeeded');
    expect(run.universe.length).toBe(outcome.universe);
    expect(outcome.universe + run.excluded.length).toBe(44);
    expect(run.pairsTested).toBe(pairCount(outcome.universe));
    expect(run.dataVersion.datasets).toEqual([expect.objectContaining({ id: 1, version: 1 })]);
    expect(run.dataVersion.closeMatrixSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.survivorshipWarning).toMatch(/Survivorship bias/);
    expect(progress.some((message) => /pairs\/s · ETA/.test(message))).toBe(true);

    const results = kit.service.allResults(outcome.runId);
    expect(results).toHaveLength(run.pairsTested);
    const best = results[0];
    if (best === undefined || best.egPvalue === null || best.beta === null) throw new Error('the scan has a computed pair');
    // The stored record is the accurate path: equal to engleGranger on the same closes, both ways.
    const direct = engleGranger(logCloses(best.y), logCloses(best.x));
    const reverse = engleGranger(logCloses(best.x), logCloses(best.y));
    if (!direct.ok || !reverse.ok) throw new Error('direct test computes');
    expect(best.egStat).toBe(direct.value.statistic);
    expect(best.egPvalue).toBe(direct.value.pValue);
    expect(best.egPvalueReverse).toBe(reverse.value.pValue);
    expect(best.beta).toBe(direct.value.beta);
    expect(best.usedLag).toBe(direct.value.usedLag);
    expect(best.egPvalue).toBeLessThanOrEqual(best.egPvalueReverse ?? 1);

    // q-values: Benjamini-Hochberg over every ordered test (both directions of every pair).
    const all = results.flatMap((r) => [r.egPvalue ?? Number.NaN, r.egPvalueReverse ?? Number.NaN]);
    const q = benjaminiHochberg(Float64Array.from(all));
    expect(best.qvalue).toBe(q[0]);
    expect(run.pairsSignificant).toBe(results.filter((r) => r.significant).length);
    for (const r of results.filter((r) => r.significant)) {
      expect(r.hurst).not.toBeNull();
      // Johansen for the survivors too: a cointegrated pair's rank-0 statistics are positive.
      expect(r.johansenTrace).toBeGreaterThan(0);
      expect(r.johansenMaxEig).toBeGreaterThan(0);
    }
    for (const r of results.filter((r) => !r.significant)) expect(r.johansenTrace).toBeNull();
  }, 120_000);

  it('"same sector only" tests and corrects only the pairs within a sector', async () => {
    const outcome = await kit.service.startScan(scanRequestSchema.parse({ formation, filters: { sameSectorOnly: true } })).result;
    const sectors = kit.service.sectors();
    const results = kit.service.allResults(outcome.runId);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(pairCount(outcome.universe));
    for (const r of results) expect(sectors.get(r.y)).toBe(sectors.get(r.x));
  }, 120_000);

  it('the optional correlation pre-filter keeps only pairs at or above the minimum return correlation', async () => {
    const outcome = await kit.service.startScan(scanRequestSchema.parse({ formation, filters: { minCorrelation: 0.5 } })).result;
    const results = kit.service.allResults(outcome.runId);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThan(pairCount(outcome.universe));
    for (const r of results) expect(r.correlation ?? 1).toBeGreaterThanOrEqual(0.5);
    // The correction covers the kept pairs only: two ordered tests each.
    const q = benjaminiHochberg(Float64Array.from(results.flatMap((r) => [r.egPvalue ?? Number.NaN, r.egPvalueReverse ?? Number.NaN])));
    expect(results[0]?.qvalue).toBe(q[0]);
  }, 120_000);

  it('cancels a running scan and marks its run cancelled', async () => {
    const job = kit.service.startScan(scanRequestSchema.parse({ formation }));
    const seen = new Promise<void>((resolve) => {
      const off = kit.events.subscribeAll((envelope) => {
        const payload = envelope.payload as { jobId?: string; total?: number | null };
        if (envelope.event === 'job:progress' && payload.jobId === job.jobId && typeof payload.total === 'number') {
          off();
          resolve();
        }
      });
    });
    await seen;
    kit.jobs.cancel(job.jobId);
    const error = await captureError(job.result);
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    expect(kit.service.runs(1)[0]?.state).toBe('cancelled');
  }, 120_000);

  it('refuses an empty window, an empty universe, an unknown symbol, sector or dataset with a clear message', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ formation: { from: '2019-01-02', to: '2019-06-28' } }, 'NOT_FOUND', /No bars in the formation window 2019-01-02 to 2019-06-28/],
      [{ formation: { from: '2013-02-08', to: '2013-02-15' }, filters: { minHistoryDays: 1000 } }, 'VALIDATION_FAILED', /The universe is empty: 0 of 44 symbols qualify .*44 short_history/],
      [{ formation, universe: { kind: 'list', symbols: ['KO', 'NOPE'] } }, 'NOT_FOUND', /No bars stored for NOPE/],
      [{ formation, universe: { kind: 'sector', sector: 'Astrology' } }, 'NOT_FOUND', /No instrument with bars is in sector "Astrology"\. Known sectors: .*Energy/],
      [{ formation, asOfDatasetId: 99 }, 'NOT_FOUND', /No dataset with id 99/],
    ];
    for (const [request, code, message] of cases) {
      const error = await captureError(kit.service.startScan(scanRequestSchema.parse(request)).result);
      expect(isAppError(error) && error.code, JSON.stringify(request)).toBe(code);
      expect((error as Error).message).toMatch(message);
    }
  }, 120_000);
});
