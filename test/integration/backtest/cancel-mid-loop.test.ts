import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPath } from '../../../src/main/data/import/import-path';
import { isAppError } from '../../../src/shared/ipc/errors';
import { makeTempHome } from '../../helpers/temp-home';
import { captureError, copyPrices, importOptions } from '../data/data-test-kit';
import { backtestKit, type BacktestKit } from './backtest-kit';

/**
 * A cancel that arrives while the engine's (synchronous) day loop runs: the worker's loop
 * polls its port every few weeks of bars, so the run stops by itself with CANCELLED, is
 * stored as cancelled with no results, and the pool never has to end the thread (its grace
 * is set far beyond the run's length, and its "terminating" warning is watched for).
 * The run is long on purpose: 435 pairs of 30 vendored S&P 500 members over five years.
 */
const TICKERS = ['AAPL', 'MSFT', 'KO', 'PEP', 'XOM', 'CVX', 'JPM', 'BAC', 'WFC', 'C', 'PG', 'JNJ', 'PFE', 'MRK', 'T', 'VZ', 'WMT', 'HD', 'LOW', 'MCD', 'INTC', 'CSCO', 'ORCL', 'IBM', 'GE', 'MMM', 'CAT', 'BA', 'UNP', 'UPS'];
const home = makeTempHome('arbdesk-backtest-cancel-');
const poolLog: string[] = [];
let kit: BacktestKit;

beforeAll(async () => {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void poolLog.push(line) });
  kit = backtestKit(home.dir, { logger, cancelGraceMs: 600_000 });
  const prices = copyPrices(path.join(home.dir, 'prices'), TICKERS, false);
  await importPath(kit.store, prices, importOptions({ constituents: null }));
}, 180_000);

afterAll(async () => {
  await kit.close();
  home.cleanup();
});

describe('cancelling a backtest during the day loop', () => {
  it('stops the loop cooperatively, marks the run cancelled and stores no results', async () => {
    const pairs = TICKERS.flatMap((y, i) => TICKERS.slice(i + 1).map((x) => ({ y, x })));
    expect(pairs.length).toBe(435);
    const started = kit.service.start({
      pairs, from: '2013-06-03', to: '2018-02-07', capital: 1_000_000,
      strategy: { kind: 'zscore', lookback: 60, entry: 2, exit: 0.5, stop: 4 },
    });
    // Cancel on the first progress report from inside the loop (sent every few weeks of bars).
    let dayMessage = '';
    const inLoop = new Promise<void>((resolve) => {
      const off = kit.events.subscribe('job:progress', (progress) => {
        if (progress.jobId !== started.jobId || !/day \d+ of \d+/.test(progress.message ?? '')) return;
        dayMessage = progress.message ?? '';
        off();
        resolve();
      });
    });
    await Promise.race([inLoop, started.result]);
    expect(dayMessage).toMatch(/day \d+ of \d+/);
    kit.jobs.cancel(started.jobId);

    const error = await captureError(started.result);
    expect(isAppError(error) && error.code).toBe('CANCELLED');
    // The engine's own message: the loop saw the cancel (not the pool ending the thread, not the check after the loop).
    const match = /cancelled at day (\d+) of (\d+)/.exec(String((error as Error).message));
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(Number(match?.[2]));
    expect(poolLog.join('')).not.toMatch(/terminating its thread/);

    const run = kit.service.get(started.runId);
    expect(run.run.state).toBe('cancelled');
    expect(run.run.error).toEqual({ code: 'CANCELLED', message: expect.stringMatching(/cancelled at day/) });
    expect(run.report).toBeNull();
    expect(run.run.headline).toBeNull();
    expect(run.run.dataVersion).toBeNull();
    expect(() => kit.service.outputFiles(started.runId)).toThrow(/has no results \(it is cancelled\)/);
  }, 120_000);
});
