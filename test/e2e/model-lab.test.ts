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
const home = makeTempHome('arbdesk-e2e-models-');

describe('Model lab page in browser mode', () => {
  beforeAll(async () => {
    app = await startServeProcess(home.dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await app?.stop();
    home.cleanup();
    expect(code).toBe(0);
  });

  it('trains a small model on the bundled sample from the page, shows the loss curve, and promotes it', { timeout: 240_000 }, async () => {
    await page.goto(app.url);
    // The sample is imported in the background on first start; wait for it on the Data page.
    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('tab', { name: 'Datasets' }).click();
    await expect
      .poll(() => page.getByRole('table', { name: 'Datasets' }).textContent().catch(() => ''), { timeout: 60_000 })
      .toContain('sample:sp500-2013-2018');

    await page.getByRole('link', { name: 'Model lab' }).click();
    const form = page.getByRole('form', { name: 'Training hyperparameters' });
    await form.getByLabel('Y leg').fill('KO');
    await form.getByLabel('X leg').fill('PEP');
    await form.getByLabel('Window').fill('10');
    await form.getByLabel('Units per layer').fill('4');
    await form.getByLabel('Epochs').fill('3');
    await form.getByLabel('Patience').fill('10');
    await form.getByRole('button', { name: 'Train' }).click();

    // One loss point per finished epoch, drawn while the job runs; then the job succeeds.
    await expect.poll(() => page.getByTestId('loss-curve').getAttribute('data-points').catch(() => null), { timeout: 180_000 }).toBe('3');
    await expect.poll(() => page.getByTestId('training-state').textContent(), { timeout: 60_000 }).toBe('succeeded');

    const registry = page.getByTestId('registry-table');
    await expect.poll(() => registry.textContent().catch(() => ''), { timeout: 20_000 }).toContain('KO/PEP v1');
    expect(await page.getByTestId('comparison-table').textContent()).toMatch(/Zero change.*AR\(1\).*Z-score rule/s);
    await expect.poll(() => page.getByTestId('forecast-chart').getAttribute('data-points').catch(() => null), { timeout: 20_000 }).not.toBeNull();
    await page.screenshot({ path: path.join(screenshots, 'model-lab-trained.png') });

    await registry.getByRole('button', { name: 'Promote to challenger (shadow)' }).click();
    const dialog = page.getByTestId('confirm-model-change');
    await dialog.getByLabel(/Reason/).fill('run it in shadow');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => registry.getByTestId('model-state').first().textContent(), { timeout: 20_000 }).toBe('challenger');
    await page.screenshot({ path: path.join(screenshots, 'model-lab-promoted.png') });
  });
});
