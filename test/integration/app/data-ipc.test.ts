import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';
import { makeTempHome } from '../../helpers/temp-home';
import { sp500File, sp500PricesDir } from '../../helpers/sp500';
import { registryClient, nextAppEvent } from '../../helpers/registry-client';

/**
 * The market data channels through the real registry, job manager and worker pool: what the
 * renderer does, minus the socket (covered elsewhere).
 */
let app: InProcessApp;
const inbox = makeTempHome('arbdesk-ipc-inbox-');

const { call, value } = registryClient(() => app.core, 'test');

const nextEvent = (name: string, predicate?: (payload: unknown) => boolean): Promise<PublishedEvent> => nextAppEvent(app.core, name, predicate);

async function importAndWait(folder: string): Promise<{ jobId: string; report: { noOp: boolean; dataset: { id: number; version: number } } }> {
  const { jobId } = await value<{ jobId: string }>('data:import', { path: folder });
  const done = await nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
  const payload = done.payload as { report: { noOp: boolean; dataset: { id: number; version: number } } | null; error: unknown };
  if (payload.report === null) throw new Error(`import failed: ${JSON.stringify(payload.error)}`);
  return { jobId, report: payload.report };
}

beforeAll(async () => {
  app = await startInProcessApp();
  const folder = path.join(inbox.dir, 'prices');
  mkdirSync(folder);
  for (const symbol of ['KO', 'PEP']) copyFileSync(sp500File(symbol), path.join(folder, `${symbol}.csv`));
});

afterAll(async () => {
  await app.close();
  inbox.cleanup();
});

describe('market data over the contract', () => {
  const folder = (): string => path.join(inbox.dir, 'prices');

  it('imports on a worker, reports progress as a job, and audits the import', async () => {
    const progress: unknown[] = [];
    const unsubscribe = app.core.events.subscribe('job:progress', (payload) => {
      progress.push(payload);
    });
    const { jobId, report } = await importAndWait(folder());
    unsubscribe();
    expect(report).toMatchObject({ noOp: false, dataset: { version: 1 } });
    expect(progress.some((p) => (p as { jobId: string; state: string }).jobId === jobId && (p as { state: string }).state === 'succeeded')).toBe(true);
    const datasets = await value<Array<{ id: number; symbolCount: number; rowsAccepted: number }>>('data:datasets', {});
    expect(datasets).toHaveLength(1);
    expect(datasets[0]).toMatchObject({ symbolCount: 2, rowsAccepted: 2 * 1259 });
    expect(app.core.audit.list({ limit: 10, action: 'data.import' })[0]).toMatchObject({ actor: 'user', subject: folder() });
  });

  it('serves bars with their issues and counts cache hits', async () => {
    const first = await value<{ bars: unknown[]; issues: unknown[] }>('data:bars', { symbol: 'ko' });
    expect(first.bars).toHaveLength(1259);
    const before = await value<{ hits: number; misses: number }>('data:cache-metrics', {});
    await value('data:bars', { symbol: 'KO' });
    const after = await value<{ hits: number; misses: number }>('data:cache-metrics', {});
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses);
  });

  it('re-importing identical files is a no-op; a changed close makes version 2 with a diff', async () => {
    expect((await importAndWait(folder())).report.noOp).toBe(true);

    const file = path.join(folder(), 'KO.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const fields = (lines[100] ?? '').split(',');
    const oldClose = Number(fields[4]);
    // Stay inside the bar's range, so the revised row is valid and only the close differs.
    const [low, high] = [Number(fields[3]), Number(fields[2])];
    fields[4] = (oldClose === (low + high) / 2 ? low : (low + high) / 2).toFixed(4);
    lines[100] = fields.join(',');
    writeFileSync(file, lines.join('\n'));

    const { report } = await importAndWait(folder());
    expect(report).toMatchObject({ noOp: false, dataset: { version: 2 } });
    const diff = await value<{ total: number; revisions: Array<{ symbol: string; date: string; before: { close: number }; after: { close: number } }> }>(
      'data:dataset-diff',
      { datasetId: report.dataset.id },
    );
    expect(diff.total).toBe(1);
    expect(diff.revisions[0]).toMatchObject({ symbol: 'KO', date: fields[0], before: { close: oldClose }, after: { close: Number(fields[4]) } });
    // The cache was invalidated: the served bar is the new one.
    const bars = await value<{ bars: Array<{ date: string; close: number }> }>('data:bars', { symbol: 'KO', from: fields[0], to: fields[0] });
    expect(bars.bars[0]?.close).toBe(Number(fields[4]));
  });

  it('answers a missing dataset and a missing path with typed errors', async () => {
    expect(await call('data:dataset-diff', { datasetId: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('data:import', { path: path.join(inbox.dir, 'absent') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('data:preview', { path: path.join(inbox.dir, 'absent') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps the kill switch answering while a large import runs on the worker', async () => {
    const { jobId } = await value<{ jobId: string }>('data:import', { path: sp500PricesDir() });
    const finished = nextEvent('data:imported', (payload) => (payload as { jobId: string }).jobId === jobId);
    await nextEvent('job:progress', (payload) => (payload as { jobId: string; done: number }).jobId === jobId && (payload as { done: number }).done > 0);
    const halted = await value<{ global: { status: string } }>('trading:halt', { reason: 'halt during import' });
    expect(halted.global.status).toBe('HALTED');
    // The halt was answered while the import was still in progress.
    const job = (await value<Array<{ jobId: string; state: string }>>('jobs:list', {})).find((j) => j.jobId === jobId);
    expect(job?.state).toBe('running');
    await finished;
    await value('trading:resume', { confirm: 'RESUME', reason: 'test over' });
  });
});
