import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { makeTempHome } from '../helpers/temp-home';

const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let app: ServeProcess;
let browser: Browser;
let page: Page;
const home = makeTempHome('arbdesk-e2e-pairs-');

beforeAll(async () => {
  app = await startServeProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  home.cleanup();
  expect(code).toBe(0);
});

/** The rows the virtualized table shows now: each row's cells, in order. */
async function visibleRows(): Promise<string[][]> {
  const rows = page.getByTestId('scan-results-body').getByRole('row');
  const count = await rows.count();
  const out: string[][] = [];
  for (let i = 0; i < count; i += 1) out.push((await rows.nth(i).getByRole('gridcell').allTextContents()).map((cell) => cell.trim()));
  return out;
}

const pValue = (row: string[]): number => Number(row[1]);

describe('Pairs page in browser mode', () => {
  it('runs a scan on the bundled sample from the page and shows how many pairs survive', async () => {
    await page.goto(app.url);
    // The sample is imported in the background on first start; wait for it on the Data page.
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');

    await page.getByRole('link', { name: 'Pairs' }).click();
    const form = page.getByRole('form', { name: 'Scan parameters' });
    await form.getByLabel('Formation from').fill('2013-02-08');
    await form.getByLabel('to', { exact: true }).fill('2018-02-07');
    await form.getByRole('button', { name: 'Run scan' }).click();
    const summary = page.getByTestId('run-summary');
    // 44 sample symbols, all clean: 946 unordered pairs, each tested both ways.
    await expect.poll(() => summary.textContent().catch(() => ''), { timeout: 90_000 }).toMatch(/Run 1: 44 symbols, 946 pairs tested, \d+ survive/);
    expect(await summary.getByRole('note').textContent()).toMatch(/Survivorship bias/);
    await expect.poll(async () => (await visibleRows()).filter((row) => row[0] !== '…').length, { timeout: 20_000 }).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(screenshots, 'pairs-scan.png') });
  });

  it('sorts the table by p-value: ascending at first, descending after a click on its header', async () => {
    const before = await visibleRows();
    const ascending = before.map(pValue);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.getByRole('columnheader', { name: /p-value/ }).getByRole('button').click();
    // The new state: the header says descending and the first row is now a larger p-value.
    await expect.poll(() => page.getByRole('columnheader', { name: /p-value/ }).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => pValue((await visibleRows())[0] ?? []), { timeout: 20_000 }).toBeGreaterThan(ascending.at(-1) ?? 1);
    const after = (await visibleRows()).filter((row) => row[0] !== '…').map(pValue);
    expect(after).toEqual([...after].sort((a, b) => b - a));
  });

  it('filters the table to the pairs of one symbol', async () => {
    await page.locator('.pairs-page input[name="symbolFilter"]').fill('KO');
    // KO pairs with each of the 43 other sample symbols; wait for that count and KO-only rows.
    await expect.poll(() => page.getByTestId('run-summary').textContent(), { timeout: 20_000 }).toMatch(/Showing 43\./);
    await expect
      .poll(async () => {
        const rows = (await visibleRows()).filter((row) => row[0] !== '…');
        return rows.length > 0 && rows.every((row) => / KO$|^KO /.test(row[0] ?? ''));
      }, { timeout: 20_000 })
      .toBe(true);
  });

  it('opens a pair with the keyboard (arrow keys and Enter) and draws its charts', async () => {
    const rows = (await visibleRows()).filter((row) => row[0] !== '…');
    const second = rows[1]?.[0] ?? '';
    expect(second).toMatch(/KO/);
    await page.getByTestId('scan-results-body').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex')).toBe('3');
    await page.keyboard.press('Enter');
    const view = page.getByTestId('pair-view');
    await expect.poll(() => view.getAttribute('aria-label').catch(() => null), { timeout: 20_000 }).toBe(`Pair ${second}`);
    for (const chart of ['pair-prices-chart', 'pair-spread-chart', 'pair-hedge-chart']) {
      await expect.poll(() => page.getByTestId(chart).getAttribute('data-points')).toBe('1259');
      expect(await page.getByTestId(chart).locator('canvas').count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('pair-stats').textContent()).toMatch(/Johansen trace/);
    await page.screenshot({ path: path.join(screenshots, 'pairs-pair-view.png') });
  });

  it('adds the open pair to the watchlist', async () => {
    const label = (await page.getByTestId('pair-view').getAttribute('aria-label')) ?? '';
    const pair = label.replace(/^Pair /, '');
    await page.getByRole('button', { name: 'Add to watchlist' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Watchlist' }).textContent().catch(() => ''), { timeout: 20_000 }).toContain(pair);
    expect(await page.getByRole('button', { name: 'On the watchlist' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'pairs-watchlist.png') });
  });
});
