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

  it('halts from the header in one click (no confirmation), offers a reason afterwards, survives a reload, and resuming needs RESUME', async () => {
    await expect.poll(() => page.getByTestId('trading-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('ACTIVE');
    await expect.poll(() => page.getByTestId('broker-connection').textContent(), { timeout: 20_000 }).toMatch(/paper broker: connected/);
    // One click halts: the banner shows HALTED before anything else is answered.
    await page.getByRole('button', { name: 'Halt trading' }).click();
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 10_000 }).toMatch(/HALTED.*no reason given yet/);
    // Then, and only then, the reason is asked for; the halt already stands.
    const reasonDialog = page.getByTestId('halt-reason-dialog');
    await expect.poll(() => reasonDialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await reasonDialog.getByRole('textbox').fill('e2e: spread blew out');
    await page.getByTestId('save-halt-reason').click();
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 10_000 }).toContain('e2e: spread blew out');
    await page.screenshot({ path: path.join(screenshots, 'shell-halted.png') });

    await page.reload();
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 20_000 }).toContain('e2e: spread blew out');

    await page.getByTestId('resume-trading').click();
    const confirm = page.getByTestId('confirm-resume');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByRole('dialog').getByRole('textbox').first().fill('RESUME');
    const fields = page.getByRole('dialog').getByRole('textbox');
    if ((await fields.count()) > 1) await fields.nth(1).fill('e2e check complete');
    await confirm.click();
    await expect.poll(() => page.getByTestId('halted-banner').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('trading-status').getAttribute('data-status')).toBe('ACTIVE');
  });

  it('halts with the keyboard shortcut in one keystroke, and the reason prompt can be skipped', async () => {
    await page.keyboard.press('Control+Shift+K');
    await expect.poll(() => page.getByTestId('halted-banner').textContent(), { timeout: 10_000 }).toMatch(/HALTED/);
    await expect.poll(() => page.getByTestId('halt-reason-dialog').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('skip-halt-reason').click();
    await expect.poll(() => page.getByTestId('halt-reason-dialog').isVisible(), { timeout: 10_000 }).toBe(false);
    expect(await page.getByTestId('halted-banner').textContent()).toMatch(/no reason given yet/);

    await page.getByTestId('resume-trading').click();
    await page.getByRole('dialog').getByRole('textbox').first().fill('RESUME');
    await page.getByRole('dialog').getByRole('textbox').nth(1).fill('shortcut check complete');
    await page.getByTestId('confirm-resume').click();
    await expect.poll(() => page.getByTestId('halted-banner').count(), { timeout: 10_000 }).toBe(0);
  });

  it('shows the log tail and the doctor checks', async () => {
    await page.getByRole('link', { name: /logs/i }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Log entries' }).textContent(), { timeout: 10_000 }).toMatch(/TRADING HALTED|trading resumed/);
    await page.getByRole('link', { name: /settings/i }).click();
    await expect.poll(() => page.getByTestId('doctor-sqlite').textContent(), { timeout: 30_000 }).toMatch(/integrity ok/);
    // Diagnostics: the registry counted the calls this page made, and says how to scrape /metrics.
    await expect.poll(() => page.getByRole('table', { name: 'IPC latency by channel' }).textContent(), { timeout: 30_000 }).toContain('system:info');
    await expect.poll(() => page.getByTestId('diagnostics-scrape').textContent(), { timeout: 30_000 }).toMatch(/\/metrics/);
    await page.screenshot({ path: path.join(screenshots, 'shell-settings.png'), fullPage: true });
  });
});
