import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { makeTempHome } from '../helpers/temp-home';

/**
 * A second source that disagrees with the stored series is held, shown in the Data page's
 * Conflicts tab and in `arbdesk data conflicts`, and resolved there: on the built app, with
 * the bundled sample (real, split-adjusted) as the first source.
 */
const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });
const samplePrices = path.resolve('resources', 'sample-data', 'prices');

let app: ServeProcess;
let browser: Browser;
let page: Page;
const home = makeTempHome('arbdesk-e2e-conflicts-');
const inbox = makeTempHome('arbdesk-e2e-conflicts-inbox-');

/** A sample file with OHLC scaled by `factor` (and volume divided) on the days `when` picks. */
function scaledSample(symbol: string, factor: number, when: (date: string) => boolean, out: string): string {
  const [header, ...rows] = readFileSync(path.join(samplePrices, `${symbol}.csv`), 'utf8').trimEnd().split('\n');
  const body = rows.map((row) => {
    const cells = row.split(',');
    if (!when(cells[0] ?? '')) return row;
    for (let c = 1; c <= 4; c += 1) cells[c] = String(Number((Number(cells[c]) * factor).toPrecision(10)));
    cells[5] = String(Math.round(Number(cells[5]) / factor));
    return cells.join(',');
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${header ?? ''}\n${body.join('\n')}\n`);
  return out;
}

function arbdesk(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/arbdesk.mjs', ...args], { env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // AAPL as traded: 7× before the 7:1 split of 2014-06-09 (the sample is split-adjusted).
  scaledSample('AAPL', 7, (date) => date < '2014-06-09', path.join(inbox.dir, 'raw', 'AAPL.csv'));
  // KO from a source that is corrupt at half price.
  scaledSample('KO', 0.5, () => true, path.join(inbox.dir, 'half', 'KO.csv'));
  app = await startServeProcess(home.dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  home.cleanup();
  inbox.cleanup();
  expect(code).toBe(0);
});

describe('held conflicts', () => {
  it('holds a raw AAPL file over the split-adjusted sample and resolves it from the Data page', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');

    await page.getByRole('button', { name: 'Import data…' }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByLabel('File or folder path').fill(path.join(inbox.dir, 'raw', 'AAPL.csv'));
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => dialog.getByTestId('detected-format').textContent(), { timeout: 10_000 }).toMatch(/sp500/i);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const report = dialog.getByRole('region', { name: 'Import report' });
    await expect.poll(() => report.textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/source_conflict|source conflict/i);
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('tab', { name: /Conflicts/ }).click();
    const row = page.getByTestId('conflict-AAPL');
    await expect.poll(() => row.textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/Likely basis or split mismatch/);
    expect(await row.textContent()).toMatch(/×7/);
    await page.screenshot({ path: path.join(screenshots, 'data-conflicts.png') });

    await row.getByRole('button', { name: /Keep the stored series of AAPL/ }).click();
    await expect.poll(() => page.getByTestId('conflict-AAPL').count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole('tab', { name: 'Datasets' }).click();
    // The decision is a new version of the raw file's source.
    await expect.poll(() => page.getByRole('table', { name: 'Datasets' }).textContent(), { timeout: 10_000 }).toMatch(/AAPL\.csvv2/);
  });

  it('lists and resolves a ×0.5 conflict from the CLI', () => {
    const imported = arbdesk(['data', 'import', path.join(inbox.dir, 'half', 'KO.csv'), '--source', 'half-price-vendor']);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/held KO: 1259 bars, corrupt_rows ×0\.5/);
    const listed = arbdesk(['data', 'conflicts', 'list']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^KO\tdataset \d+ \(half-price-vendor v1\)\theld\tcorrupt_rows\t×0\.5\t1259\/1259 overlapping days differ/m);
    const taken = arbdesk(['data', 'conflicts', 'resolve', 'KO', '--take']);
    expect(taken.status).toBe(0);
    expect(taken.stdout).toMatch(/Took KO for dataset \d+: new version half-price-vendor v2 .* 0 bars new, 1259 changed\./);
    expect(arbdesk(['data', 'conflicts', 'list']).stdout).toBe('');
    expect(arbdesk(['data', 'conflicts', 'resolve', 'KO', '--keep']).status).not.toBe(0);
  });
});
