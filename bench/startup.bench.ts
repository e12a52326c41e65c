import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { Benchmark } from './harness';
import { launchChromium } from '../test/helpers/chromium';
import { startServeProcess } from '../test/helpers/serve-process';
import { makeTempHome } from '../test/helpers/temp-home';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let browser: Browser;
const home = makeTempHome('arbdesk-bench-startup-');

/**
 * From spawning `arbdesk serve` to the first screen: the page loaded and the status bar
 * filled by a system:info round trip. Chromium is already running, as a user's browser is.
 */
async function timeToFirstScreen(): Promise<number> {
  const started = performance.now();
  const app = await startServeProcess(home.dir);
  const page = await browser.newPage();
  try {
    await page.goto(app.url);
    await page.getByTestId('db-path').filter({ hasText: 'arbdesk.sqlite' }).waitFor({ timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await page.close();
    await app.stop();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'Start-up to first screen',
    inputs:
      'Built app (`npm run build`), `arbdesk serve` spawned with an ARBDESK_HOME already holding the bundled sample (44 symbols × 1,259 days), until the Chromium page shows the header and a status bar filled by system:info. Baseline: the 2 s budget we hold ourselves to.',
    runs: 5,
    metrics: [{ name: 'warm start', unit: 'ms', baseline: { label: 'budget', value: 2000 } }],
    async setup() {
      // The sample goes in through the CLI first, so every measured start is a warm one. Paths
      // are the repository's own (the bundled sample), whatever the current directory.
      const imported = spawnSync(
        process.execPath,
        [path.join(repoRoot, 'bin', 'arbdesk.mjs'), 'data', 'import', path.join(repoRoot, 'resources', 'sample-data', 'prices'), '--source', 'sample:sp500-2013-2018'],
        { cwd: repoRoot, env: { ...process.env, ARBDESK_HOME: home.dir }, encoding: 'utf8' },
      );
      if (imported.status !== 0) throw new Error(`sample import failed: ${imported.stderr}`);
      browser = await launchChromium();
    },
    async run() {
      return { 'warm start': await timeToFirstScreen() };
    },
    async teardown() {
      await browser.close();
      home.cleanup();
    },
  },
];
