import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { makeTempHome } from '../helpers/temp-home';

/**
 * The Risk page in browser mode on the bundled sample. Until a pair order can be placed over
 * IPC (the desk's ticket channels, another branch), the paper account cannot hold a position
 * from outside, so this test proves the page is reachable from the navigation and shows the
 * fresh paper account's empty state; the figures themselves are proven over a real paper
 * broker holding positions in test/integration/risk/risk-paper-broker.test.ts.
 */
const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let app: ServeProcess;
let browser: Browser;
let page: Page;
const home = makeTempHome('arbdesk-e2e-risk-');

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

describe('Risk page in browser mode', () => {
  it('opens from the navigation and shows the empty state of the fresh paper account', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Risk' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Risk');
    await expect.poll(() => page.getByTestId('risk-empty').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/No open positions/);
    // The rolling-ratio section is there even without positions (it reads the equity curve).
    expect(await page.getByTestId('risk-rolling').textContent()).toMatch(/63-day rolling ratios/);
    await page.screenshot({ path: path.join(screenshots, 'risk-page.png') });
  });
});
