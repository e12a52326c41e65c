import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochDayFromIso } from '../../../src/main/core/time/epoch-day';
import { BarsRepo } from '../../../src/main/store/repos/bars.repo';
import { isAppError } from '../../../src/shared/ipc/errors';
import { backtestReportSchema } from '../../../src/shared/ipc/sections/backtest';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError } from '../data/data-test-kit';
import { importSample } from '../scanner/scanner-kit';
import { backtestKit, minimalConfig, type BacktestKit } from './backtest-kit';

const home = makeTempHome('arbdesk-backtest-service-');
let kit: BacktestKit;

beforeAll(async () => {
  kit = backtestKit(home.dir);
  await importSample(kit.store);
}, 120_000);

afterAll(async () => {
  await kit.close();
  home.cleanup();
});

const storedOpen = (symbol: string, date: string): number | undefined => {
  const bars = new BarsRepo(kit.store.db).bars(symbol, { from: epochDayFromIso(date), to: epochDayFromIso(date) });
  return bars.open[0];
};

describe('backtest service: a run as a worker job, stored with its report', () => {
  it('runs the issue\'s minimal config on the sample, stores it and serves the tear sheet', async () => {
    const progress: string[] = [];
    const off = kit.events.subscribe('job:progress', (event) => progress.push(`${event.kind}:${event.state}`));
    const started = kit.service.start(minimalConfig);
    expect(kit.service.list(10)[0]).toMatchObject({ id: started.runId, state: 'running', headline: null });
    const runId = await started.result;
    off();
    expect(runId).toBe(started.runId);
    expect(progress).toEqual(expect.arrayContaining(['backtest.run:running', 'backtest.run:succeeded']));

    const { run, report, config } = kit.service.get(runId);
    expect(run).toMatchObject({ state: 'succeeded', from: '2014-02-10', to: '2018-02-07', strategyKind: 'zscore', costsMode: 'none', seed: 0, codeVersion: 'arbdesk test' });
    expect(run.dataVersion?.datasets).toEqual([expect.objectContaining({ id: 1, version: 1 })]);
    expect(run.dataVersion?.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(config).toMatchObject({ fill: 'next_open', costsMode: 'none', sizing: { method: 'fixed_fraction' } });
    if (report === null) throw new Error('a finished run has a report');
    expect(backtestReportSchema.safeParse(report).success).toBe(true);
    expect(run.headline?.trades).toBe(report.metrics.trades);
    expect(report.fills.length).toBeGreaterThan(0);
    // next_open, no costs: the fill price is the stored open of the fill date, no cost at all.
    for (const fill of report.fills) {
      expect(fill.price).toBe(storedOpen(fill.symbol, fill.fillDate));
      expect(fill.commission + fill.secFee + fill.finraTaf + fill.slippage + fill.impact).toBe(0);
    }
    for (const row of report.equity) {
      expect(Math.abs(1_000_000 + row.realizedPnl + row.unrealizedPnl - row.costs + row.accruals - row.equity)).toBeLessThan(1e-6);
      expect(Math.abs(row.cash + row.marketValue - row.equity)).toBeLessThan(1e-6);
    }
    // KO and PEP did not split in the window and have no stored actions: taken as traded, with a warning.
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^KO: no known corporate actions/), expect.stringMatching(/^PEP: no known corporate actions/)]));
    const pair = report.pairs[0];
    expect(pair?.dates.length).toBe(report.equity.length);
    expect(pair?.markers.filter((marker) => marker.kind === 'entry').length).toBe(report.trades.length);
    // A marker sits on the decision's close, where |z| had crossed the entry band.
    for (const marker of pair?.markers ?? []) if (marker.kind === 'entry' && marker.z !== null) expect(Math.abs(marker.z)).toBeGreaterThanOrEqual(2);
    let peak = 1_000_000;
    for (const row of report.equity) {
      peak = Math.max(peak, row.equity);
      expect(row.drawdown).toBeCloseTo(1 - row.equity / peak, 12);
    }
    expect(Math.max(...report.equity.map((row) => row.drawdown))).toBeCloseTo(report.metrics.maxDrawdown, 12);
    const monthly = report.monthlyReturns.reduce((product, month) => product * (1 + month.return), 1);
    expect(monthly * 1_000_000).toBeCloseTo(report.metrics.finalEquity, 4);
  });

  it('derives traded share counts from the vendored AAPL split while the stored bars are split-adjusted', async () => {
    const runId = await kit.service.start({ ...minimalConfig, pairs: [{ y: 'AAPL', x: 'MSFT' }], from: '2013-06-03', to: '2015-06-01', costs: undefined, strategy: { kind: 'zscore', lookback: 40, entry: 1.5, exit: 0.25, stop: 4 } }).result;
    const report = kit.service.get(runId).report;
    if (report === null) throw new Error('a finished run has a report');
    const aapl = report.fills.filter((fill) => fill.symbol === 'AAPL');
    expect(aapl.length).toBeGreaterThan(0);
    const split = '2014-06-09';
    for (const fill of aapl) {
      const factor = fill.fillDate < split ? 7 : 1;
      expect(fill.tradedPrice).toBeCloseTo(fill.price * factor, 9);
      expect(fill.tradedQuantity).toBeCloseTo(fill.quantity / factor, 9);
    }
    expect(aapl.some((fill) => fill.fillDate < split)).toBe(true);
    expect(report.warnings.some((warning) => warning.startsWith('AAPL:'))).toBe(false);
    expect(report.warnings.some((warning) => warning.startsWith('MSFT: no known corporate actions'))).toBe(true);
    expect(report.costsByKind.commission).toBeGreaterThan(0);
  });

  it('gives byte-identical output files for a rerun, and exports exactly those bytes', async () => {
    const first = await kit.service.start(minimalConfig).result;
    const second = await kit.service.start(minimalConfig).result;
    const a = kit.service.outputFiles(first);
    const b = kit.service.outputFiles(second);
    expect(a.map((file) => file.name)).toEqual(['fills.csv', 'accruals.csv', 'equity.csv', 'trades.csv', 'summary.json', 'report.html']);
    expect(b).toEqual(a);
    expect(kit.service.exportFile(first, 'csv', 'trades.csv')).toEqual({ fileName: 'trades.csv', mimeType: 'text/csv', content: a[3]?.content });
    expect(kit.service.exportFile(first, 'json', 'equity.csv').content).toBe(a[4]?.content);
    const html = kit.service.exportFile(first, 'html', 'equity.csv').content;
    expect(html).toBe(a[5]?.content);
    expect(html).not.toMatch(/<script|https?:\/\/|src=|href=/i);
    expect(html).toContain('<svg');
  });

  it('refuses what the store cannot serve before storing anything, naming the field', () => {
    const before = kit.service.list(500).length;
    const cases: [unknown, RegExp][] = [
      [{ ...minimalConfig, pairs: [{ y: 'KO', x: 'NOPE' }] }, /pairs\.0\.x: unknown symbol NOPE/],
      [{ ...minimalConfig, from: '2019-01-02', to: '2019-03-01' }, /from\/to: KO has no bars between 2019-01-02 and 2019-03-01/],
    ];
    for (const [config, message] of cases) {
      let caught: unknown;
      try {
        kit.service.start(config);
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught) && caught.code).toBe('VALIDATION_FAILED');
      expect(String((caught as Error).message)).toMatch(message);
    }
    expect(() => kit.service.start({ ...minimalConfig, strategy: { ...minimalConfig.strategy, entry: 0.4 } })).toThrow(/strategy\.entry: entry 0\.4 lies inside the exit band/);
    expect(kit.service.list(500).length).toBe(before);
  });

  it('records a cancelled run as cancelled, and deletes finished runs only', async () => {
    const started = kit.service.start(minimalConfig);
    kit.jobs.cancel(started.jobId);
    const error = await captureError(started.result);
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    const run = kit.service.get(started.runId);
    expect(run.run.state).toBe('cancelled');
    expect(run.report).toBeNull();
    expect(() => kit.service.outputFiles(started.runId)).toThrow(/has no results \(it is cancelled\)/);
    const remaining = kit.service.delete(started.runId);
    expect(remaining.some((entry) => entry.id === started.runId)).toBe(false);
    expect(() => kit.service.get(started.runId)).toThrow(/No backtest run with id/);
  });
});
