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
const home = makeTempHome('arbdesk-e2e-shell-');

beforeAll(async () => {
  // Sample import is off here to keep this file about the shell; data.test.ts covers it.
  app = await startServeProcess(home.dir, { ARBDESK_DATA_IMPORT_SAMPLE_ON_FIRST_START: 'false' }, { via: 'npm-start' });
  browser = await launchChromium();
  page = await browser.newPage();
});

/** The header's trading state: known once the profile badge shows, halted while the banner does. */
async function haltState(): Promise<{ known: boolean; halted: boolean }> {
  const known = (await page.getByTestId('profile-badge').count()) > 0;
  const halted = (await page.getByTestId('halted-banner').count()) > 0;
  return { known, halted };
}

afterAll(async () => {
  await browser?.close();
  const code = await app?.stop();
  home.cleanup();
  expect(code).toBe(0);
});

describe('browser mode shell', () => {
  it('was started by the npm start script, which explains its fallback to browser mode', () => {
    expect(app.output()).toMatch(/^ArbDesk: .*Electron.*; starting in browser mode instead\.$/m);
  });

  it('opens the printed URL, performs a typed IPC round trip and shows system info', async () => {
    const response = await page.goto(app.url);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");

    // system:info answered over the WebSocket: the status bar shows the DB path and ML backend.
    await expect.poll(() => page.getByTestId('db-path').textContent(), { timeout: 30_000 }).toContain('arbdesk.sqlite');
    await expect.poll(() => page.getByTestId('ml-backend').textContent()).toMatch(/wasm|cpu|tensorflow/i);
    await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/\d+\.\d+\.\d+/);
    await expect.poll(() => page.getByTestId('profile-badge').textContent()).toMatch(/paper/i);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: path.join(screenshots, 'shell-home.png'), fullPage: true });
  });

  it('exposes no Node, no Electron bridge and runs under the CSP', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>)['require'],
      process: typeof (globalThis as Record<string, unknown>)['process'],
      bridge: typeof (globalThis as Record<string, unknown>)['arbdesk'],
    }));
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'undefined' });
    // An injected inline script must not run.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return (window as unknown as Record<string, unknown>)['__inlineRan'] === true;
    });
    expect(ran).toBe(false);
  });

  it('engages the kill switch from the header; the halt survives a reload and resuming needs RESUME', async () => {
    // The banner must appear because of this halt: first see the known, running state.
    await expect.poll(haltState, { timeout: 10_000 }).toEqual({ known: true, halted: false });
    await page.getByRole('button', { name: 'Halt trading' }).click();
    await page.getByTestId('confirm-halt').click();
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 10_000 }).toMatch(/halted/i);
    await page.screenshot({ path: path.join(screenshots, 'shell-halted.png') });

    await page.reload();
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 20_000 }).toMatch(/halted/i);

    await page.getByTestId('resume-trading').click();
    const confirm = page.getByTestId('confirm-resume');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('dialog').getByRole('textbox').first().fill('RESUME');
    const fields = page.getByRole('dialog').getByRole('textbox');
    if ((await fields.count()) > 1) await fields.nth(1).fill('e2e check complete');
    await confirm.click();
    // Not merely "no banner", which an unknown state also shows: the known state, running.
    await expect.poll(haltState, { timeout: 10_000 }).toEqual({ known: true, halted: false });
  });

  it('shows the log tail and the doctor checks', async () => {
    await page.getByRole('link', { name: /logs/i }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Log entries' }).textContent(), { timeout: 10_000 }).toMatch(/TRADING HALTED|trading resumed/);
    await page.getByRole('link', { name: /settings/i }).click();
    await expect.poll(() => page.getByTestId('doctor-sqlite').textContent(), { timeout: 30_000 }).toMatch(/integrity ok/);
    await page.screenshot({ path: path.join(screenshots, 'shell-settings.png'), fullPage: true });
  });
});
