import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestRunDetail } from '../../src/shared/ipc/sections/backtest';
import type { ResearchRunDetail } from '../../src/shared/ipc/sections/backtest-research';
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
const home = makeTempHome('arbdesk-e2e-research-');
let requestSeq = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startServeProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
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

async function call(channel: string, payload: unknown): Promise<unknown> {
  requestSeq += 1;
  const response = await ipc.request(JSON.stringify({ type: 'request', id: `e2e-rs-${String(requestSeq).padStart(4, '0')}`, channel, payload }));
  if (!response.ok) throw new Error(`${channel} failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

const form = () => page.getByRole('form', { name: 'Backtest configuration' });
const research = () => page.getByRole('form', { name: 'Research configuration' });
const report = () => page.getByTestId('research-report');

/** The numbers a table's data-value cells hold, row by row (null stays null). */
async function cellValues(table: Locator): Promise<Array<Array<number | null>>> {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td[data-value]')).map((cell) => {
      const text = cell.getAttribute('data-value');
      return text === null || text === 'null' ? null : Number(text);
    })),
  );
}

/** Waits for the report of a newly finished research run of `kind` and returns it from main. */
async function awaitReport(kind: 'sweep' | 'walk_forward', after: number): Promise<ResearchRunDetail> {
  await expect
    .poll(async () => {
      const id = Number((await report().getAttribute('data-research-id').catch(() => null)) ?? 0);
      return id > after && (await report().getAttribute('data-kind')) === kind;
    }, { timeout: 180_000 })
    .toBe(true);
  const researchId = Number(await report().getAttribute('data-research-id'));
  return (await call('backtest:research-get', { researchId })) as ResearchRunDetail;
}

const quantileKeys = ['p05', 'p25', 'p50', 'p75', 'p95'] as const;

describe('Backtest page research section in browser mode', () => {
  it('runs the Kalman strategy end to end from the page', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets', exact: true }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');
    await page.getByRole('link', { name: 'Backtest' }).click();
    await form().getByLabel('Pair Y').fill('KO');
    await form().getByLabel('Pair X').fill('PEP');
    await form().getByRole('button', { name: 'Add pair' }).click();
    await form().getByLabel('Costs', { exact: true }).selectOption({ label: 'None (no costs at all)' });
    await form().getByLabel('Strategy', { exact: true }).selectOption({ label: 'Kalman-hedged z-score' });
    await form().getByLabel('z from', { exact: true }).selectOption({ label: 'Spread over the lookback' });
    await form().getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.getByTestId('tear-sheet').getAttribute('data-run-id').catch(() => null), { timeout: 120_000 }).not.toBeNull();
    const runId = Number(await page.getByTestId('tear-sheet').getAttribute('data-run-id'));
    const detail = (await call('backtest:get', { runId })) as BacktestRunDetail;
    expect(detail.run.state).toBe('succeeded');
    expect(detail.run.strategyKind).toBe('kalman');
    expect((detail.config['strategy'] as { kind?: string }).kind).toBe('kalman');
    expect((detail.config['strategy'] as { zSource?: string }).zSource).toBe('spread');
    // It trades: the Kalman path ran orders and fills, not only warmed up.
    expect(detail.report?.trades.length ?? 0).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Trades', exact: true }).locator('tbody tr').count()).toBe(detail.report?.trades.length);
    const totalReturn = detail.report?.metrics.totalReturn;
    expect(typeof totalReturn).toBe('number');
    expect(Number(await page.getByTestId('metric-totalReturn').getAttribute('data-value'))).toBe(totalReturn);
    // The research below starts from this config; back to z-score for it.
    await form().getByLabel('Strategy', { exact: true }).selectOption({ label: 'z-score mean reversion' });
  });

  it('places main’s refusals of a walk-forward (spec, universe symbol) on their fields', async () => {
    await research().getByLabel('Formation days').fill('5');
    await research().getByRole('button', { name: 'Run walk-forward' }).click();
    const formation = research().getByLabel('Formation days');
    await expect.poll(() => formation.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await research().locator('#bt-error-plan-formationDays').textContent()).toMatch(/20/);
    await formation.fill('252');
    expect(await formation.getAttribute('aria-invalid')).toBeNull();

    // A symbol the store does not hold, in the universe: main's data refusal, on the universe.
    const universe = research().getByLabel('Universe');
    await universe.fill('KO, PEP, ZZZQ');
    await research().getByRole('button', { name: 'Run walk-forward' }).click();
    await expect.poll(() => universe.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await research().locator('#bt-error-walkForward-universe').textContent()).toMatch(/ZZZQ.*unknown symbol/);
  });

  it('runs a small walk-forward and shows the report research-get serves', async () => {
    await research().getByLabel('Universe').fill('KO, PEP, PG, CL');
    await research().getByLabel('Trading days').fill('126');
    await research().getByLabel('Top N pairs').fill('1');
    await research().getByLabel('Max p-value').fill('0.2');
    await research().getByLabel('Values 1', { exact: true }).fill('1.5, 2');
    await research().getByRole('button', { name: 'Run walk-forward' }).click();
    const detail = await awaitReport('walk_forward', 0);
    const wf = detail.walkForward;
    if (wf === null) throw new Error('no walk-forward report');
    expect(detail.run.state).toBe('succeeded');
    expect(wf.windows.length).toBeGreaterThan(2);

    const table = page.getByRole('table', { name: 'Walk-forward windows', exact: true });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(wf.windows.length);
    expect(await cellValues(table)).toEqual(wf.windows.map((w) => [w.inSampleSharpe, w.outOfSample.totalReturn, w.outOfSample.sharpe, w.outOfSample.trades]));
    for (const [i, w] of wf.windows.entries()) {
      const text = (await rows.nth(i).textContent()) ?? '';
      expect(text).toContain(`${w.formation.from} – ${w.formation.to}`);
      expect(text).toContain(`${w.trading.from} – ${w.trading.to}`);
      for (const pair of w.pairs) expect(text).toContain(`${pair.y}/${pair.x}`);
      for (const [param, value] of Object.entries(w.assignment)) expect(text).toContain(`${param} = ${value}`);
    }
    expect(Number(await page.getByTestId('wf-return').getAttribute('data-value'))).toBe(wf.totalReturn);
    expect(await cellValues(page.getByRole('table', { name: 'Window return quantiles', exact: true }))).toEqual(quantileKeys.map((k) => [wf.windowReturnQuantiles[k]]));
    const chart = page.getByTestId('oos-equity-chart');
    await expect.poll(() => chart.getAttribute('data-points')).toBe(String(wf.equity.length));
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await report().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'backtest-walk-forward.png'), fullPage: true });
  });

  it('runs a small sweep scored out of sample and shows its trials, DSR and quantiles', async () => {
    const before = Number(await report().getAttribute('data-research-id'));
    await research().getByLabel('Values 1', { exact: true }).fill('1.5, 2, 2.5');
    await research().getByRole('button', { name: 'Add parameter' }).click();
    await research().getByLabel('Parameter 2', { exact: true }).selectOption('strategy.lookback');
    await research().getByLabel('Values 2', { exact: true }).fill('40, 60');
    await research().getByRole('button', { name: 'Run sweep' }).click();
    const detail = await awaitReport('sweep', before);
    const sweep = detail.sweep;
    if (sweep === null) throw new Error('no sweep report');
    expect(sweep.configs).toBe(6);
    expect(sweep.trials).toHaveLength(6);

    // Sorted by Sharpe, best first, by default; the trial column sorts by index.
    const table = page.getByRole('table', { name: 'Sweep trials', exact: true });
    const bySharpe = [...sweep.trials].sort((a, b) => (b.sharpe ?? Number.NEGATIVE_INFINITY) - (a.sharpe ?? Number.NEGATIVE_INFINITY) || a.index - b.index);
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-index'))))).toEqual(bySharpe.map((t) => t.index));
    await table.getByRole('button', { name: 'Trial' }).click();
    expect(await cellValues(table)).toEqual(sweep.trials.map((t) => [t.sharpe, t.totalReturn, t.maxDrawdown, t.trades]));

    const best = sweep.best;
    if (best === null) throw new Error('no best config');
    expect(await page.getByTestId('sweep-best').textContent()).toContain(`#${best.index}`);
    expect(Number(await page.getByTestId('sweep-best-sharpe').getAttribute('data-value'))).toBe(best.sharpe);
    const dsr = sweep.deflated?.dsr ?? null;
    expect(await page.getByTestId('sweep-dsr').getAttribute('data-value')).toBe(dsr === null ? 'null' : String(dsr));
    const quantiles = sweep.sharpeQuantiles;
    if (quantiles === null) throw new Error('no Sharpe quantiles');
    expect(await cellValues(page.getByRole('table', { name: 'Sharpe quantiles', exact: true }))).toEqual(quantileKeys.map((k) => [quantiles[k]]));

    const oos = sweep.outOfSample;
    if (oos === null) throw new Error('the sweep was not scored out of sample');
    expect(await cellValues(page.getByRole('table', { name: 'Out-of-sample Sharpe quantiles', exact: true }))).toEqual(quantileKeys.map((k) => [oos.sharpeQuantiles[k]]));
    expect(Number(await page.getByTestId('sweep-oos-return').getAttribute('data-value'))).toBe(oos.totalReturn);
    await expect.poll(() => page.getByTestId('oos-equity-chart').getAttribute('data-points')).toBe(String(oos.equity.length));

    // Both runs are listed, newest first, as research-list serves them.
    const listed = (await call('backtest:research-list', { limit: 50 })) as Array<{ id: number; kind: string }>;
    const runRows = page.getByRole('table', { name: 'Research runs', exact: true }).locator('tbody tr');
    await expect.poll(() => runRows.count()).toBe(listed.length);
    expect(await runRows.first().textContent()).toContain('sweep');
    await report().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'backtest-sweep.png'), fullPage: true });
  });
});
