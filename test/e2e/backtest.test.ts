import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestRunDetail } from '../../src/shared/ipc/sections/backtest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { makeTempHome } from '../helpers/temp-home';
import { connectRaw, type RawClient } from '../helpers/ws-client';

const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let app: ServeProcess;
let browser: Browser;
let page: Page;
let ipc: RawClient;
const home = makeTempHome('arbdesk-e2e-backtest-');
let requestSeq = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startServeProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1100 }, acceptDownloads: true });
  // Anything the page logs as an error (a CSP refusal, a React warning, an uncaught throw) fails the run at the end.
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  ipc = await connectRaw(app.port, { token: app.token });
});

afterAll(async () => {
  expect(pageErrors).toEqual([]);
  ipc?.close();
  await browser?.close();
  const code = await app?.stop();
  home.cleanup();
  expect(code).toBe(0);
});

/** One request over the same socket and contract the page uses. */
async function call(channel: string, payload: unknown): Promise<unknown> {
  requestSeq += 1;
  const response = await ipc.request(JSON.stringify({ type: 'request', id: `e2e-bt-${String(requestSeq).padStart(4, '0')}`, channel, payload }));
  if (!response.ok) throw new Error(`${channel} failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

/** The stored run as main serves it. */
async function backtestGet(runId: number): Promise<BacktestRunDetail> {
  return (await call('backtest:get', { runId })) as BacktestRunDetail;
}

async function openRunId(): Promise<number> {
  return Number(await page.getByTestId('tear-sheet').getAttribute('data-run-id'));
}

const form = () => page.getByRole('form', { name: 'Backtest configuration' });

describe('Backtest page in browser mode', () => {
  it('places main’s refusal of a config on the field it names', async () => {
    await page.goto(app.url);
    // The sample is imported in the background on first start; wait for it on the Data page.
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');

    // A watched pair is offered on the Backtest page; add it from there, then take it off again.
    await call('watchlist:add', { y: 'XOM', x: 'CVX' });
    await page.getByRole('link', { name: 'Backtest' }).click();
    const offered = form().getByLabel('From the scan or watchlist');
    await expect.poll(() => offered.textContent().catch(() => ''), { timeout: 20_000 }).toContain('XOM / CVX (watchlist)');
    await offered.selectOption({ label: 'XOM / CVX (watchlist)' });
    await expect.poll(() => page.getByRole('list', { name: 'Pairs to test' }).textContent()).toContain('XOM / CVX');
    await form().getByRole('button', { name: 'Remove XOM / CVX' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Pairs to test' }).count()).toBe(0);

    // A symbol the store does not hold: refused before anything runs, on the pairs.
    await form().getByLabel('Pair Y').fill('KO');
    await form().getByLabel('Pair X').fill('ZZZQ');
    await form().getByRole('button', { name: 'Add pair' }).click();
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => form().locator('#bt-error-pairs').textContent().catch(() => ''), { timeout: 20_000 }).toMatch(/unknown symbol ZZZQ/);
    await form().getByRole('button', { name: 'Remove KO / ZZZQ' }).click();

    await form().getByLabel('Pair Y').fill('ko');
    await form().getByLabel('Pair X').fill('pep');
    await form().getByRole('button', { name: 'Add pair' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Pairs to test' }).textContent()).toContain('KO / PEP');

    // An entry inside the exit band: only main's config rules know, and it says which field.
    await form().getByLabel('Entry |z|').fill('0.3');
    await form().getByRole('button', { name: 'Run backtest' }).click();
    const entry = form().getByLabel('Entry |z|');
    await expect.poll(() => entry.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await form().locator('#bt-error-strategy-entry').textContent()).toMatch(/inside the exit band/);
    await page.screenshot({ path: path.join(screenshots, 'backtest-field-error.png') });
    await entry.fill('2.0');
    expect(await entry.getAttribute('aria-invalid')).toBeNull();
  });

  it('runs KO / PEP with the realistic cost model and shows its tear sheet', async () => {
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.getByTestId('tear-sheet').getAttribute('data-run-id').catch(() => null), { timeout: 120_000 }).not.toBeNull();
    const runId = await openRunId();
    const detail = await backtestGet(runId);
    const report = detail.report;
    if (report === null) throw new Error(`run ${runId} has no report`);
    expect(detail.run.costsMode).toBe('model');

    const equity = page.getByTestId('equity-chart');
    await expect.poll(() => equity.getAttribute('data-points')).toBe(String(report.equity.length));
    expect(report.equity.length).toBeGreaterThan(900);
    expect(await equity.locator('canvas').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('drawdown-chart').locator('canvas').count()).toBeGreaterThan(0);

    // The spread chart carries one marker per entry and exit (open positions are not exits).
    const spread = page.getByTestId('spread-chart');
    expect(await spread.getAttribute('data-markers')).toBe(String(report.pairs[0]?.markers.filter((m) => m.reason !== 'open_at_end').length));

    const tradeRows = page.getByRole('table', { name: 'Trades' }).locator('tbody tr');
    expect(report.trades.length).toBeGreaterThan(0);
    expect(await tradeRows.count()).toBe(report.trades.length);
    expect(await tradeRows.first().textContent()).toContain('KO / PEP');

    const heatmapRows = page.getByRole('table', { name: 'Monthly returns' }).locator('tbody tr');
    expect(await heatmapRows.count()).toBe(new Set(report.monthlyReturns.map((m) => m.year)).size);
    expect(await page.getByRole('table', { name: 'Costs by kind' }).textContent()).toMatch(/Commission.*Short borrow fee/s);
    await page.screenshot({ path: path.join(screenshots, 'backtest-tear-sheet.png'), fullPage: true });
    await spread.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'backtest-spread-and-trades.png') });
  });

  it('shows the metrics backtest:get serves, number for number', async () => {
    const runId = await openRunId();
    const { report } = await backtestGet(runId);
    if (report === null) throw new Error(`run ${runId} has no report`);
    const served: Record<string, number | 'inf'> = report.metrics;
    const shown = page.getByTestId('metrics').locator('dd');
    const count = await shown.count();
    expect(count).toBeGreaterThan(15);
    for (let i = 0; i < count; i += 1) {
      const key = (await shown.nth(i).getAttribute('data-testid'))?.replace(/^metric-/, '') ?? '';
      const value = Number(await shown.nth(i).getAttribute('data-value'));
      const expected = served[key];
      expect(expected, key).toBeDefined();
      expect(value, key).toBe(expected === 'inf' ? Number.POSITIVE_INFINITY : expected);
    }
    expect(await page.getByTestId('metric-totalReturn').textContent()).toBe(`${(report.metrics.totalReturn * 100).toFixed(2)}%`);
  });

  it('exports the self-contained HTML report with the run’s numbers', async () => {
    const runId = await openRunId();
    const { report } = await backtestGet(runId);
    if (report === null) throw new Error(`run ${runId} has no report`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export HTML report' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.html$/);
    const saved = path.join(home.dir, 'exported-report.html');
    await file.saveAs(saved);
    const html = readFileSync(saved, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Self-contained: no script, no stylesheet link, nothing fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|<iframe|<img|\bsrc\s*=|\bhref\s*=|url\(|@import/i);
    expect(html).toContain(`${(report.metrics.totalReturn * 100).toFixed(2)}%`);
    expect(html).toContain(report.metrics.finalEquity.toFixed(2));
    expect(html).toContain('<svg');
    for (const trade of report.trades.slice(0, 5)) expect(html).toContain(trade.netPnl.toFixed(2));
  });

  it('exports a CSV of the set and summary.json with the same run’s numbers', async () => {
    const runId = await openRunId();
    const { report } = await backtestGet(runId);
    if (report === null) throw new Error(`run ${runId} has no report`);
    await page.getByRole('group', { name: 'Export' }).getByLabel('CSV file').selectOption('trades.csv');
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toMatch(/trades\.csv$/);
    const csvPath = path.join(home.dir, 'exported-trades.csv');
    await csvFile.saveAs(csvPath);
    const [header, ...rows] = readFileSync(csvPath, 'utf8').split('\n').filter((line) => line !== '');
    expect(header).toMatch(/entry/i);
    expect(rows).toHaveLength(report.trades.length);

    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const jsonFile = await jsonDownload;
    expect(jsonFile.suggestedFilename()).toMatch(/\.json$/);
    const jsonPath = path.join(home.dir, 'exported-summary.json');
    await jsonFile.saveAs(jsonPath);
    const summary = JSON.parse(readFileSync(jsonPath, 'utf8')) as { metrics?: Record<string, unknown> };
    expect(summary.metrics?.['totalReturn']).toBe(report.metrics.totalReturn);
    expect(summary.metrics?.['trades']).toBe(report.metrics.trades);
  });

  it('compares two runs side by side: metrics and both equity curves', async () => {
    const first = await openRunId();
    await form().getByLabel('Costs', { exact: true }).selectOption('none');
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.getByTestId('tear-sheet').getAttribute('data-run-id'), { timeout: 120_000 }).not.toBe(String(first));
    const second = await openRunId();
    expect((await backtestGet(second)).run.costsMode).toBe('none');

    // Keyboard only: focus the list's Compare button and press Enter.
    await page.getByRole('button', { name: `Compare run ${first}` }).focus();
    await page.keyboard.press('Enter');
    const comparison = page.getByTestId('run-comparison');
    await expect.poll(() => comparison.getAttribute('aria-label').catch(() => null), { timeout: 20_000 }).toBe(`Comparison of Run ${second} and Run ${first}`);
    const [a, b] = await Promise.all([backtestGet(second), backtestGet(first)]);
    const totalReturn = comparison.getByRole('table', { name: 'Run comparison' }).locator('tr[data-metric="totalReturn"] td');
    const pct = (value: number | undefined): string => `${((value ?? Number.NaN) * 100).toFixed(2)}%`;
    expect(await totalReturn.nth(0).textContent()).toBe(pct(a.report?.metrics.totalReturn));
    expect(await totalReturn.nth(1).textContent()).toBe(pct(b.report?.metrics.totalReturn));
    const trips = comparison.getByRole('table', { name: 'Run comparison' }).locator('tr[data-metric="trades"] td');
    expect(await trips.nth(0).textContent()).toBe(String(a.report?.metrics.trades));
    expect(await trips.nth(1).textContent()).toBe(String(b.report?.metrics.trades));
    const chart = comparison.getByTestId('comparison-chart');
    expect(Number(await chart.getAttribute('data-points'))).toBe(new Set([...(a.report?.equity ?? []), ...(b.report?.equity ?? [])].map((row) => row.date)).size);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'backtest-comparison.png'), fullPage: true });
  });
  it('runs two pairs with edited rates and a hard-to-borrow row: the pair whose edge borrow eats is flagged, each spread chart shown', async () => {
    const before = await openRunId();
    await form().getByLabel('Costs', { exact: true }).selectOption('custom');
    await form().getByLabel('Slippage (bps)').fill('5');
    await form().getByRole('button', { name: 'Add borrow row' }).click();
    await form().getByLabel('Borrow row 1 symbol').fill('pep');
    await form().getByLabel('Borrow row 1 from').fill('2013-01-02');
    // 60% a year to borrow PEP: far more than a KO/PEP spread trade earns.
    await form().getByLabel('Borrow row 1 rate').fill('0.6');
    // A second pair, so the tear sheet has a spread chart to choose.
    await form().getByLabel('Pair Y').fill('XOM');
    await form().getByLabel('Pair X').fill('CVX');
    await form().getByLabel('Pair X').press('Enter');
    await expect.poll(() => page.getByRole('list', { name: 'Pairs to test' }).textContent()).toContain('XOM / CVX');
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.getByTestId('tear-sheet').getAttribute('data-run-id'), { timeout: 120_000 }).not.toBe(String(before));
    const detail = await backtestGet(await openRunId());
    expect(detail.config['costs']).toMatchObject({ slippageBps: 5, borrow: { table: [{ symbol: 'PEP', from: '2013-01-02', rate: 0.6 }] } });
    const pairs = detail.report?.pairs ?? [];
    expect(pairs.map((p) => `${p.y}/${p.x}`)).toEqual(['KO/PEP', 'XOM/CVX']);
    const [koPep, xomCvx] = pairs;
    expect(koPep?.borrowFees).toBeGreaterThan(0);
    expect(koPep?.edgeBelowBorrow).toBe(true);
    // Each row's flag is the one main computed for that pair.
    const rows = page.getByRole('table', { name: 'Pair results' }).locator('tbody tr');
    for (const [index, pair] of pairs.entries()) {
      const text = await rows.nth(index).textContent();
      expect(text).toContain(`${pair.y} / ${pair.x}`);
      expect(text).toContain(pair.edgeBelowBorrow ? 'edge below borrow' : 'covered');
    }

    // The spread chart follows the chosen pair, with that pair's markers.
    const spread = page.getByTestId('spread-chart');
    expect(await spread.getAttribute('aria-label')).toMatch(/^Spread z-score of KO \/ PEP/);
    await page.getByLabel('Pair', { exact: true }).selectOption({ label: 'XOM / CVX' });
    await expect.poll(() => spread.getAttribute('aria-label')).toMatch(/^Spread z-score of XOM \/ CVX/);
    expect(await spread.getAttribute('data-points')).toBe(String(xomCvx?.dates.length));
    expect(await spread.getAttribute('data-markers')).toBe(String(xomCvx?.markers.filter((m) => m.reason !== 'open_at_end').length));
    await page.getByRole('table', { name: 'Pair results' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'backtest-borrow-flag.png') });
  });
});
