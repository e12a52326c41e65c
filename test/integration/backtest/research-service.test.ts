import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { researchInputs } from '../../../src/main/backtest/research/research-inputs';
import { readVendoredActions } from '../../../src/main/backtest/backtest-task';
import { epochDayFromIso, formatIsoDate } from '../../../src/main/core/time/epoch-day';
import type { NamedInputValues } from '../../../src/main/jobs/named-inputs';
import { backtestSweepWorker } from '../../../src/main/workers/backtest-sweep.descriptor';
import { isAppError } from '../../../src/shared/ipc/errors';
import { researchRunDetailSchema } from '../../../src/shared/ipc/sections/backtest-research';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError } from '../data/data-test-kit';
import { importSample } from '../scanner/scanner-kit';
import { minimalConfig, splitsFile } from './backtest-kit';
import { researchKit, type ResearchKit } from './research-kit';

/**
 * Sweeps and walk-forward through the research service on the bundled sample: real SQLite,
 * real worker threads, the bars shared through the `barSet` source the app registers.
 */
const home = makeTempHome('arbdesk-research-service-');
let kit: ResearchKit;

beforeAll(async () => {
  kit = researchKit(home.dir);
  await importSample(kit.store);
}, 120_000);

afterAll(async () => {
  await kit.close();
  home.cleanup();
});

/** V/MA split inside the window (vendored splits; the sample is stored split-adjusted). */
const splitPairConfig = {
  pairs: [{ y: 'V', x: 'MA' }], from: '2013-06-03', to: '2016-06-01', capital: 1_000_000,
  strategy: { kind: 'zscore', lookback: 30, entry: 1.25, exit: 0.25, stop: 4 },
  sizing: { method: 'fixed_fraction', fraction: 0.37, legs: 'beta_neutral', lotSize: 100 },
};

describe('research service: the price basis inside the workers', () => {
  it('a sweep worker on the shared bars gives the same fills as backtest:run (traded shares across the V and MA splits)', async () => {
    const single = await kit.backtest.start(splitPairConfig).result;
    const report = kit.backtest.get(single).report;
    if (report === null) throw new Error('a finished run has a report');

    const inputs = researchInputs(kit.store, ['V', 'MA'], { fromDay: epochDayFromIso(splitPairConfig.from), toDay: epochDayFromIso(splitPairConfig.to), cutAtFrom: false }, await readVendoredActions(splitsFile));
    const shared = (await kit.sharedInputs.resolve({ barSet: inputs.ref })) as unknown as NamedInputValues<'barSet'>;
    const [trial] = await kit.workers.run(backtestSweepWorker, { base: splitPairConfig, assignments: [{}], firstIndex: 0, basis: inputs.basis, keepFills: true }, { inputs: shared });
    if (trial === undefined || !trial.ok || trial.fills === undefined) throw new Error('the trial ran and kept its fills');
    const swept = trial.fills.map((fill) => ({
      signalDate: formatIsoDate(fill.signalDay), fillDate: formatIsoDate(fill.fillDay), symbol: fill.symbol, side: fill.side,
      quantity: fill.quantity, price: fill.price, tradedPrice: fill.tradedPrice, tradedQuantity: fill.tradedQuantity,
    }));
    const stored = report.fills.map(({ signalDate, fillDate, symbol, side, quantity, price, tradedPrice, tradedQuantity }) => ({ signalDate, fillDate, symbol, side, quantity, price, tradedPrice, tradedQuantity }));
    expect(stored.length).toBeGreaterThan(0);
    expect(swept).toEqual(stored);
    // The traded shares differ from the stored ones before V's 4:1 split: the basis was applied.
    expect(swept.some((fill) => fill.symbol === 'V' && fill.tradedQuantity * 4 === fill.quantity)).toBe(true);
    expect(trial.totalReturn).toBe(report.metrics.totalReturn);
    expect(trial.sharpe).toBe(report.metrics.sharpe);
  }, 120_000);
});

describe('research service: sweeps as stored jobs', () => {
  const sweep = { mode: 'grid', parameters: [{ path: 'strategy.entry', values: [1.5, 2, 2.5] }, { path: 'strategy.lookback', values: [40, 60] }] };

  it('runs a grid as one job on the workers, stores the report with the deflated Sharpe, and re-running gives the identical report', async () => {
    const progress: string[] = [];
    const off = kit.events.subscribe('job:progress', (event) => progress.push(`${event.kind}:${event.state}`));
    const first = await kit.research.startSweep({ config: minimalConfig, sweep, windows: { formationDays: 252, tradingDays: 126, purgeDays: 5 } });
    expect(kit.research.list(5)[0]).toMatchObject({ id: first.researchId, kind: 'sweep', state: 'running' });
    await first.result;
    off();
    expect(progress).toEqual(expect.arrayContaining(['backtest.sweep:running', 'backtest.sweep:succeeded']));

    const detail = kit.research.get(first.researchId);
    expect(researchRunDetailSchema.safeParse(detail).success).toBe(true);
    expect(detail.run).toMatchObject({ state: 'succeeded', kind: 'sweep', seed: 0, codeVersion: 'arbdesk test' });
    expect(detail.run.dataVersion?.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    const report = detail.sweep;
    if (report === null) throw new Error('a finished sweep has a report');
    expect(report.configs).toBe(6);
    expect(report.trials.map((trial) => trial.assignment)).toEqual([
      { 'strategy.entry': 1.5, 'strategy.lookback': 40 }, { 'strategy.entry': 1.5, 'strategy.lookback': 60 },
      { 'strategy.entry': 2, 'strategy.lookback': 40 }, { 'strategy.entry': 2, 'strategy.lookback': 60 },
      { 'strategy.entry': 2.5, 'strategy.lookback': 40 }, { 'strategy.entry': 2.5, 'strategy.lookback': 60 },
    ]);
    // The best is the highest Sharpe of the trials, and the DSR is a probability over all six.
    const sharpes = report.trials.map((trial) => trial.sharpe ?? Number.NEGATIVE_INFINITY);
    expect(report.best?.sharpe).toBe(Math.max(...sharpes));
    expect(report.deflated?.trials).toBe(6);
    expect(report.deflated?.dsr).toBeGreaterThanOrEqual(0);
    expect(report.deflated?.dsr).toBeLessThanOrEqual(1);
    expect(report.sharpeQuantiles?.p50).toBeLessThanOrEqual(report.sharpeQuantiles?.p95 ?? Number.NaN);
    // Walk-forward scoring: one chosen configuration per window, the stitched OOS equity chains its returns.
    const oos = report.outOfSample;
    if (oos === null) throw new Error('windows were given');
    expect(oos.windows.length).toBeGreaterThan(2);
    let level = 1_000_000;
    for (const row of oos.equity) {
      level *= 1 + row.return;
      expect(row.equity).toBe(level);
      expect(row.window).toBeGreaterThanOrEqual(0);
    }
    expect(oos.totalReturn).toBeCloseTo(level / 1_000_000 - 1, 12);
    // The (entry 2, lookback 60) trial is the minimal config itself: its metrics are the single run's.
    const single = kit.backtest.get(await kit.backtest.start(minimalConfig).result).report;
    expect(report.trials[3]?.totalReturn).toBe(single?.metrics.totalReturn);
    expect(report.trials[3]?.trades).toBe(single?.metrics.trades);

    const again = await kit.research.startSweep({ config: minimalConfig, sweep, windows: { formationDays: 252, tradingDays: 126, purgeDays: 5 } });
    await again.result;
    const second = kit.research.get(again.researchId);
    expect(JSON.stringify(second.sweep)).toBe(JSON.stringify(report));
    expect(second.run.dataVersion).toEqual(detail.run.dataVersion);
  }, 180_000);

  it('refuses a bad grid or an unknown symbol before anything is stored, naming the field', async () => {
    const before = kit.research.list(100).length;
    const bad = await captureError(kit.research.startSweep({ config: minimalConfig, sweep: { parameters: [{ path: 'costs.x', values: [1] }] } }));
    expect(isAppError(bad) && bad.code === 'CONFIG_INVALID' && bad.message.includes('sweep.parameters.0.path')).toBe(true);
    const unknown = await captureError(kit.research.startSweep({ config: { ...minimalConfig, pairs: [{ y: 'KO', x: 'NOPE' }] }, sweep }));
    expect(isAppError(unknown) && unknown.code === 'VALIDATION_FAILED' && unknown.message.includes('NOPE')).toBe(true);
    expect(kit.research.list(100).length).toBe(before);
  });

  it('cancels a started sweep: the job ends cancelled and the run is stored cancelled without a report', async () => {
    const big = { mode: 'random', count: 400, seed: 7, parameters: [{ path: 'strategy.entry', min: 1.5, max: 2.5 }, { path: 'strategy.lookback', min: 20, max: 120, integer: true }] };
    const started = await kit.research.startSweep({ config: minimalConfig, sweep: big });
    // Cancelled as soon as it is launched: deterministic on any machine (waiting for a first
    // progress event raced a fast machine that finished all shards before the cancel landed).
    // A cancel that reaches shards already on a thread is covered by test/integration/jobs.
    kit.jobs.cancel(started.jobId);
    const error = await captureError(started.result);
    expect(isAppError(error) && error.code === 'CANCELLED').toBe(true);
    const detail = kit.research.get(started.researchId);
    expect(detail.run.state).toBe('cancelled');
    expect(detail.sweep).toBeNull();
  }, 120_000);
});

describe('research service: walk-forward as a stored job', () => {
  it('re-scans the universe per window, trades out of sample, stores per-window results, their spread and the stitched OOS equity; re-running is identical', async () => {
    const request = {
      config: { ...minimalConfig, from: '2013-03-01', to: '2018-02-07' },
      walkForward: {
        plan: { formationDays: 252, tradingDays: 126, purgeDays: 5, embargoDays: 5 },
        universe: ['KO', 'PEP', 'PG', 'CL', 'WMT', 'COST'], topN: 2, maxPValue: 0.2,
        grid: { parameters: [{ path: 'strategy.entry', values: [1.5, 2] }] },
      },
    };
    const first = await kit.research.startWalkForward(request);
    await first.result;
    const detail = kit.research.get(first.researchId);
    expect(researchRunDetailSchema.safeParse(detail).success).toBe(true);
    const report = detail.walkForward;
    if (report === null) throw new Error('a finished walk-forward has a report');
    expect(report.windows.length).toBeGreaterThan(3);
    // Not a vacuous run: some window picked pairs and traded them out of sample.
    expect(report.windows.some((window) => window.pairs.length > 0 && window.outOfSample.fills > 0)).toBe(true);
    for (const [i, window] of report.windows.entries()) {
      expect(window.formation.to < window.trading.from).toBe(true);
      expect(window.formation.from >= '2013-03-01').toBe(true);
      const next = report.windows[i + 1];
      if (next !== undefined) expect(window.trading.to < next.trading.from).toBe(true);
      expect(window.pairs.length).toBeLessThanOrEqual(2);
    }
    // The stitched equity chains the daily returns from the capital; each day lies in its window's trading span.
    let level = 1_000_000;
    for (const row of report.equity) {
      level *= 1 + row.return;
      expect(row.equity).toBe(level);
      const window = report.windows[row.window];
      expect(window !== undefined && row.date >= window.trading.from && row.date <= window.trading.to).toBe(true);
    }
    expect(report.windowReturnQuantiles.p05).toBeLessThanOrEqual(report.windowReturnQuantiles.p95 ?? Number.NaN);
    expect(detail.spec).toMatchObject({ topN: 2, universe: ['KO', 'PEP', 'PG', 'CL', 'WMT', 'COST'] });

    const again = await kit.research.startWalkForward(request);
    await again.result;
    expect(JSON.stringify(kit.research.get(again.researchId).walkForward)).toBe(JSON.stringify(report));
  }, 300_000);
});
