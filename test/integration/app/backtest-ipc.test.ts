import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { requests } from '../../../src/shared/ipc/contract';
import type { BacktestRunDetail, BacktestRunSummary } from '../../../src/shared/ipc/sections/backtest';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { minimalConfig } from '../backtest/backtest-kit';
import { repoRoot } from '../data/data-test-kit';
import { registryClient, nextAppEvent } from '../../helpers/registry-client';

/** The backtest channels through the real registry, job manager and worker pool (minus the socket). */
let app: InProcessApp;

const { call, value } = registryClient(() => app.core, 'bt');

const nextEvent = (name: string, predicate?: (payload: unknown) => boolean): Promise<PublishedEvent> => nextAppEvent(app.core, name, predicate);

beforeAll(async () => {
  app = await startInProcessApp();
  const { jobId } = await value<{ jobId: string }>('data:import', { path: path.join(repoRoot, 'resources', 'sample-data', 'prices') });
  const done = await nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
  expect((done.payload as { report: unknown }).report).not.toBeNull();
}, 120_000);

afterAll(async () => {
  await app.close();
});

describe('backtest over the contract', () => {
  it('runs as a job, lists the stored run, serves its tear sheet and exports the CLI\'s files', async () => {
    const { jobId, runId } = await value<{ jobId: string; runId: number }>('backtest:run', { config: minimalConfig });
    const finished = await nextEvent('job:finished', (payload) => (payload as { jobId: string }).jobId === jobId);
    expect(finished.payload).toMatchObject({ kind: 'backtest.run', state: 'succeeded', result: { area: 'backtest.run', id: runId } });

    const runs = await value<BacktestRunSummary[]>('backtest:list', {});
    expect(runs[0]).toMatchObject({ id: runId, state: 'succeeded', pairs: [{ y: 'KO', x: 'PEP' }], strategyKind: 'zscore' });
    expect(requests['backtest:list'].response.safeParse(runs).success).toBe(true);

    const detail = await value<BacktestRunDetail>('backtest:get', { runId });
    expect(requests['backtest:get'].response.safeParse(detail).success).toBe(true);
    expect(detail.report?.equity.length).toBeGreaterThan(900);
    expect(detail.report?.pairs[0]?.z.length).toBe(detail.report?.equity.length);

    const html = await value<{ fileName: string; mimeType: string; content: string }>('backtest:export', { runId, format: 'html' });
    expect(html).toMatchObject({ fileName: 'report.html', mimeType: 'text/html' });
    expect(html.content).not.toMatch(/<script|https?:\/\//);
    const fills = await value<{ fileName: string; content: string }>('backtest:export', { runId, format: 'csv', file: 'fills.csv' });
    expect(fills.fileName).toBe('fills.csv');
    expect(fills.content.split('\n')[0]).toMatch(/^signal_date,fill_date,symbol,side,quantity,price,traded_price,traded_quantity,commission,sec_fee,finra_taf,slippage,impact/);
    const json = await value<{ fileName: string; content: string }>('backtest:export', { runId, format: 'json' });
    expect(JSON.parse(json.content)).toHaveProperty('metrics.sharpe');

    const left = await value<BacktestRunSummary[]>('backtest:delete', { runId });
    expect(left.some((run) => run.id === runId)).toBe(false);
    const gone = await call('backtest:get', { runId });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
  });

  it('answers a bad config and unservable data with typed errors naming the field', async () => {
    const bad = await call('backtest:run', { config: { ...minimalConfig, strategy: { ...minimalConfig.strategy, stop: 1 } } });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/strategy\.stop: stop 1 must exceed entry 2/) });
    const unknown = await call('backtest:run', { config: { ...minimalConfig, pairs: [{ y: 'ZZZZ', x: 'PEP' }] } });
    expect(unknown.ok ? null : unknown.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/pairs\.0\.y: unknown symbol ZZZZ/) });
  });
});
