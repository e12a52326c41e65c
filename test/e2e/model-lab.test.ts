import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { connectRaw } from '../helpers/ws-client';
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

  it('trains a small model on the bundled sample from the page, shows the loss curve, promotes it, searches, and shows the trials and the shadow report', { timeout: 600_000 }, async () => {
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

    // A bounded search from the same form: its trials (scored on purged walk-forward folds) are
    // shown with the version it chose and registered.
    await form.getByLabel('Search trials').fill('2');
    await form.getByLabel('Search budget (s)').fill('120');
    await form.getByRole('button', { name: 'Search hyperparameters' }).click();
    await expect.poll(() => registry.textContent().catch(() => ''), { timeout: 240_000 }).toContain('KO/PEP v2');
    const trials = page.getByRole('table', { name: 'Hyperparameter search trials' });
    await expect.poll(() => trials.getAttribute('data-rows').catch(() => null), { timeout: 20_000 }).not.toBeNull();
    expect(Number(await trials.getAttribute('data-rows'))).toBeGreaterThanOrEqual(2);
    expect(await trials.textContent()).toContain('(chosen)');

    // v1 up the ladder to champion, v2 into shadow: the shadow report compares them.
    const confirmChange = async (row: string, button: string) => {
      await registry.getByTestId(row).getByRole('button', { name: button }).click();
      await dialog.getByLabel(/Reason/).fill('e2e ladder');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(false);
    };
    await confirmChange('model-row-1', 'Promote to canary');
    await confirmChange('model-row-1', 'Promote to champion');
    await confirmChange('model-row-2', 'Promote to challenger (shadow)');
    await registry.getByTestId('model-row-2').getByRole('button', { name: /KO\/PEP v2/ }).click();
    const shadow = page.getByTestId('shadow-report');
    await expect.poll(() => shadow.textContent().catch(() => ''), { timeout: 20_000 }).toContain('champion #1 vs challenger #2');
    // No close has been predicted and settled yet in this fresh home: the statistic is not made up.
    expect(await shadow.getByTestId('shadow-days').textContent()).toContain('No shadow day with a known outcome yet');
    expect(await shadow.getByRole('columnheader', { name: 'Diebold-Mariano statistic' }).isVisible()).toBe(true);

    // A market replay of a few sessions on the paper desk: at every close the champion and the
    // challenger log a forecast (the challenger in shadow), and the next close settles it.
    const ipc = await connectRaw(app.port, { token: app.token });
    try {
      const started = await ipc.request(JSON.stringify({ type: 'request', id: 'e2e-models-replay', channel: 'broker:replay-start', payload: { symbols: ['KO', 'PEP'], from: '2018-01-02', to: '2018-01-10', speed: 50 } }));
      expect(started).toMatchObject({ ok: true });
    } finally {
      ipc.close();
    }
    await expect
      .poll(
        async () => {
          await registry.getByTestId('model-row-2').getByRole('button', { name: /KO\/PEP v2/ }).click();
          return shadow.getByTestId('dm-p-value').textContent().catch(() => '—');
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toMatch(/^\d/);
    expect(await shadow.getByTestId('shadow-days').textContent()).toMatch(/^[3-9] shadow day\(s\) from 2018-01-0\d/);
    expect(Number(await shadow.getByTestId('dm-statistic').textContent())).not.toBeNaN();
    await page.screenshot({ path: path.join(screenshots, 'model-lab-shadow.png') });
  });
});
