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
const home = makeTempHome('arbdesk-e2e-desk-');
let sequence = 0;

async function request(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const client = await connectRaw(app.port, { token: app.token });
  try {
    return (await client.request(JSON.stringify({ type: 'request', id: `e2edesk${String(++sequence).padStart(6, '0')}`, channel, payload }))) as { ok: boolean; value?: unknown };
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  // The bundled sample is imported on first start (the paper broker's quotes and the replay come from it).
  app = await startServeProcess(home.dir, {});
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  home.cleanup();
});

describe('the desk on the bundled sample in market replay', () => {
  it('places a pair order through the ticket and sees both legs in the blotter', async () => {
    await page.goto(app.url);
    // The sample import finishes before the replay can play its history.
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 90_000 })
      .toContain('sample:sp500-2013-2018');
    // Replay a few sessions, then pause: the quotes are the replayed session's, and the ticket's
    // orders (for the next session) stay working for the halt below.
    const started = await request('broker:replay-start', { symbols: ['KO', 'PEP'], from: '2017-01-03', speed: 2 });
    expect(started).toMatchObject({ ok: true });
    await expect.poll(async () => ((await request('broker:replay-status', {})).value as { played?: number } | undefined)?.played ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await request('broker:replay-pause', {})).toMatchObject({ ok: true });

    await page.getByRole('link', { name: 'Trade' }).click();
    const ticket = page.getByTestId('order-ticket');
    await ticket.getByTestId('ticket-pair').fill('KO/PEP');
    await ticket.getByTestId('ticket-qty-y').fill('100');
    await ticket.getByTestId('ticket-qty-x').fill('40');
    await ticket.getByTestId('ticket-preview').click();
    await expect.poll(() => page.getByTestId('ticket-preview-view').textContent(), { timeout: 20_000 }).toContain('KO');
    await page.getByTestId('ticket-place').click();
    await page.getByTestId('ticket-confirm-place').click();
    const orders = page.getByTestId('blotter-order');
    await expect.poll(() => orders.count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await orders.evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-symbol')}:${row.getAttribute('data-status')}`))).sort(), { timeout: 20_000 }).toEqual([
      'KO:accepted',
      'PEP:accepted',
    ]);
    await page.screenshot({ path: path.join(screenshots, 'desk-blotter.png'), fullPage: true });
  });

  it('the header kill switch halts in one click and the blotter shows both legs cancelled', async () => {
    await page.getByRole('button', { name: 'Halt trading' }).click();
    await expect.poll(() => page.locator('header.app-header').getAttribute('data-status'), { timeout: 10_000 }).toBe('HALTED');
    const outcome = page.getByTestId('halt-order');
    await expect.poll(() => outcome.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-outcome'))), { timeout: 20_000 }).toEqual(['confirmed', 'confirmed']);
    await expect.poll(() => page.getByTestId('blotter-order').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status'))), { timeout: 20_000 }).toEqual([
      'cancelled',
      'cancelled',
    ]);
    await page.screenshot({ path: path.join(screenshots, 'desk-halted.png'), fullPage: true });
  });

  it('comes back HALTED after its process is killed', async () => {
    // Resume first, so HALTED after the restart is the unclean-shutdown rule and not the old halt.
    const resumed = await request('trading:resume', { confirm: 'RESUME', reason: 'e2e: before the kill' });
    expect(resumed).toMatchObject({ ok: true });
    await expect.poll(() => page.locator('header.app-header').getAttribute('data-status'), { timeout: 10_000 }).toBe('ACTIVE');
    const exited = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGKILL');
    await exited;
    app = await startServeProcess(home.dir, {});
    await page.goto(app.url);
    await expect.poll(() => page.locator('header.app-header').getAttribute('data-status'), { timeout: 30_000 }).toBe('HALTED');
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 10_000 }).toMatch(/Unclean shutdown/);
  });
});
