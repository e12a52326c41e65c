import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process';
import { makeTempHome } from '../helpers/temp-home';
import { connectRaw } from '../helpers/ws-client';

const screenshots = path.resolve('test-results', 'screenshots');
mkdirSync(screenshots, { recursive: true });

let app: ServeProcess;
let browser: Browser;
let page: Page;
const home = makeTempHome('arbdesk-e2e-strategy-');
let sequence = 0;

async function request(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const client = await connectRaw(app.port, { token: app.token });
  try {
    return (await client.request(JSON.stringify({ type: 'request', id: `e2estrat${String(++sequence).padStart(6, '0')}`, channel, payload }))) as { ok: boolean; value?: unknown };
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  app = await startServeProcess(home.dir, {});
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  home.cleanup();
});

describe('a strategy on the desk in market replay (bundled sample)', () => {
  it('starts a z-score strategy on KO/PEP from the Trade page, and its orders appear in the blotter as the replay plays', async () => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 90_000 })
      .toContain('sample:sp500-2013-2018');

    await page.getByRole('link', { name: 'Trade' }).click();
    const panel = page.getByTestId('strategies-panel');
    await panel.getByTestId('strategy-pair').fill('KO/PEP');
    await panel.getByTestId('strategy-from').fill('2016-01-04');
    await panel.getByTestId('strategy-to').fill('2016-06-30');
    await panel.getByTestId('strategy-start').click();
    const row = panel.getByTestId('strategy-row-KO/PEP');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('running');

    expect(await request('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2016-01-04', to: '2016-06-30', speed: 50 })).toMatchObject({ ok: true });
    // The strategy's first entry: both legs on the blotter, placed by the strategy (reason entry_…).
    await expect.poll(() => page.getByTestId('blotter-order').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => row.getByTestId('strategy-last-decision').textContent(), { timeout: 20_000 }).toMatch(/^2016-/);
    await page.screenshot({ path: path.join(screenshots, 'desk-strategy.png'), fullPage: true });

    await row.getByTestId('strategy-stop').click();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('stopped');
    expect(await request('broker:replay-stop', {})).toMatchObject({ ok: true });
  });
});
