import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { sp500File } from '../helpers/sp500';
import { makeTempHome } from '../helpers/temp-home';

const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let app: ServeProcess;
let browser: Browser;
let page: Page;
const home = makeTempHome('arbdesk-e2e-data-');
const inbox = makeTempHome('arbdesk-e2e-inbox-');

beforeAll(async () => {
  // Real files with real problems: BHF and DHR have empty fields, DHR a ten-day gap,
  // DISCK an unadjusted 2:1 split; plus a crafted file with an impossible bar.
  for (const symbol of ['BHF', 'DHR', 'DISCK', 'NFLX']) copyFileSync(sp500File(symbol), path.join(inbox.dir, `${symbol}.csv`));
  writeFileSync(
    path.join(inbox.dir, 'ZZZ.csv'),
    'date,open,high,low,close,volume,Name\n2016-01-04,10,11,9,10.5,1000,ZZZ\n2016-01-05,10,9,11,10.5,1000,ZZZ\n2016-01-06,-1,11,9,10.5,1000,ZZZ\n2016-01-07,10,11,9,10.6,1200,ZZZ\n',
  );
  app = await startServeProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

/** What the Data issues table shows now: its distinct symbols, the "x–y of n" range, whether it is loading. */
async function issuesTableState(): Promise<{ symbols: string[]; range: string; busy: boolean }> {
  const cells = await page.getByRole('table', { name: 'Data issues' }).locator('tbody tr td:nth-child(2)').allTextContents();
  const range = (await page.getByTestId('issues-range').textContent()) ?? '';
  const busy = (await page.locator('.issues-view > .table-scroll').getAttribute('aria-busy')) === 'true';
  return { symbols: [...new Set(cells.map((cell) => cell.trim()))].sort(), range, busy };
}

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  home.cleanup();
  inbox.cleanup();
  expect(code).toBe(0);
});

describe('Data page in browser mode', () => {
  it('imports the bundled sample on first start and lists it as a dataset', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');
  });

  it('refuses a path that does not exist with a clear message and imports nothing', async () => {
    await page.getByRole('button', { name: 'Import data…' }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByLabel('File or folder path').fill(path.join(inbox.dir, 'no-such-folder'));
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => dialog.getByTestId('preview-error').textContent(), { timeout: 10_000 }).toMatch(/no such file or folder/i);
  });

  it('previews and imports a folder through the dialog and shows the report', async () => {
    const dialog = page.getByTestId('import-dialog');
    if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Import data…' }).click();
    await dialog.getByLabel('File or folder path').fill(inbox.dir);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('Folder with 5 CSV files');
    await preview.getByText('Files', { exact: true }).click();
    expect(await dialog.getByRole('table', { name: 'Files in folder' }).textContent()).toContain('DHR.csv');
    await expect.poll(() => dialog.getByTestId('detected-format').textContent()).toMatch(/sp500/i);
    await page.screenshot({ path: path.join(screenshots, 'data-import-preview.png') });

    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const report = dialog.getByRole('region', { name: 'Import report' });
    await expect.poll(() => report.textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/missing_trading_day|missing trading day/i);
    const rejected = await report.getByRole('table', { name: 'Rejected rows' }).textContent();
    expect(rejected).toContain('ZZZ.csv');
    expect(rejected).toContain('BHF.csv');
    const kinds = await report.getByRole('table', { name: 'Issues by kind' }).textContent();
    expect(kinds).toMatch(/ohlc_inconsistent|OHLC/i);
    expect(kinds).toMatch(/split_suspected|split/i);
    await page.screenshot({ path: path.join(screenshots, 'data-import-report.png') });
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('charts a symbol with its data issues marked', async () => {
    await page.getByRole('tab', { name: 'Symbols' }).click();
    await page.getByLabel('Search instruments').fill('DHR');
    await page.getByRole('button', { name: 'Show DHR' }).click();
    const chart = page.getByTestId('price-chart');
    // Bars of DHR's own series: the chart shows none for a symbol whose series has not arrived.
    await expect.poll(() => chart.getAttribute('data-symbol'), { timeout: 20_000 }).toBe('DHR');
    await expect.poll(() => chart.getAttribute('data-bars'), { timeout: 20_000 }).toMatch(/^[1-9]\d+$/);
    expect(await chart.getAttribute('aria-label')).toMatch(/DHR daily candlestick chart with volume, [1-9]\d* data issues and \d+ corporate actions/);
    const issues = await page.getByRole('table', { name: 'Issues for DHR' }).textContent();
    expect(issues).toMatch(/missing_trading_day|missing trading day/i);
    // The chart draws on canvases; make sure something was painted.
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'data-chart-dhr.png') });
  });

  it('marks the split inferred from DISCK’s unadjusted prices on its chart', async () => {
    await page.getByLabel('Search instruments').fill('DISCK');
    await page.getByRole('button', { name: 'Show DISCK' }).click();
    const chart = page.getByTestId('price-chart');
    await expect.poll(() => chart.getAttribute('data-symbol'), { timeout: 20_000 }).toBe('DISCK');
    await expect.poll(() => chart.getAttribute('data-actions'), { timeout: 20_000 }).toBe('1');
    await page.screenshot({ path: path.join(screenshots, 'data-chart-disck-split.png') });
  });

  it('filters the issues table and exports it as CSV', async () => {
    await page.getByRole('tab', { name: 'Issues' }).click();
    const table = page.getByRole('table', { name: 'Data issues' });
    // Every wait below is for a state the step before could not have shown: first the
    // unfiltered table (several symbols), then the filtered one (ZZZ only, a new row count).
    await expect.poll(async () => (await issuesTableState()).symbols.length, { timeout: 10_000 }).toBeGreaterThan(1);
    const unfiltered = await issuesTableState();
    expect(unfiltered.symbols).toContain('DHR');

    await page.getByRole('form', { name: 'Issue filters' }).getByLabel('Symbol').fill('ZZZ');
    await expect
      .poll(async () => {
        const state = await issuesTableState();
        return { busy: state.busy, symbols: state.symbols, rangeChanged: state.range !== unfiltered.range };
      }, { timeout: 10_000 })
      .toEqual({ busy: false, symbols: ['ZZZ'], rangeChanged: true });
    expect(await table.textContent()).toMatch(/non.positive.price|ohlc.inconsistent/i);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    // The file name carries the filter the export ran with.
    expect(file.suggestedFilename()).toMatch(/^arbdesk-issues-ZZZ-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = path.join(inbox.dir, 'issues-export.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8');
    const [header, ...rows] = csv.split('\r\n').filter((line) => line !== '');
    expect(header).toBe('datasetId,symbol,date,kind,severity,detail,file,line,field');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.split(',')[1])).toEqual(rows.map(() => 'ZZZ'));
    await page.screenshot({ path: path.join(screenshots, 'data-issues.png'), fullPage: true });
  });
});
