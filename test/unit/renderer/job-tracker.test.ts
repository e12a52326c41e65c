import { describe, expect, it } from 'vitest';
import { createTypedClient } from '../../../src/renderer/api/typed-client';
import { createJobTracker, type JobView } from '../../../src/renderer/stores/job-tracker';
import { createDataImportStore } from '../../../src/renderer/stores/data-import-store';
import type { JobProgress } from '../../../src/shared/domain/jobs';
import { ScriptedBridge } from './scripted-bridge';

function progress(partial: Partial<JobProgress>): JobProgress {
  return { jobId: 'j1', kind: 'scan', state: 'running', done: 0, total: 100, startedAt: 0, updatedAt: 0, ...partial };
}

describe('job tracker', () => {
  it('follows one job: progress with rate and ETA, stale pushes ignored, the end with its result reference', () => {
    const bridge = new ScriptedBridge();
    const tracker = createJobTracker(createTypedClient(bridge));
    tracker.start();
    const views: JobView[] = [];
    const job = tracker.track('j1', (view) => views.push(view));
    bridge.push('job:progress', progress({ jobId: 'other', done: 50 }));
    bridge.push('job:progress', progress({ state: 'queued', updatedAt: 1 }));
    bridge.push('job:progress', progress({ done: 25, updatedAt: 3, ratePerSecond: 12.5, etaMs: 6000, shardsDone: 25, shardsTotal: 100 }));
    bridge.push('job:progress', progress({ done: 20, updatedAt: 2 }));
    expect(views.map((view) => view.state)).toEqual(['queued', 'running']);
    expect(job.view()).toMatchObject({ state: 'running', fraction: 0.25, ratePerSecond: 12.5, etaMs: 6000, ended: false });

    bridge.push('job:progress', progress({ state: 'succeeded', done: 100, updatedAt: 9 }));
    bridge.push('job:finished', { jobId: 'j1', kind: 'scan', state: 'succeeded', result: { area: 'scanner.run', id: 7 }, finishedAt: 9 });
    expect(job.view()).toMatchObject({ state: 'succeeded', fraction: 1, etaMs: null, ended: true, finished: { result: { area: 'scanner.run', id: 7 } } });
    job.stop();
    bridge.push('job:progress', progress({ jobId: 'j1', done: 1, updatedAt: 99 }));
    expect(views).toHaveLength(4);
  });

  it('replays a job that ended before its id was known', () => {
    const bridge = new ScriptedBridge();
    const tracker = createJobTracker(createTypedClient(bridge));
    tracker.start();
    bridge.push('job:finished', { jobId: 'fast', kind: 'scan', state: 'failed', error: { code: 'VALIDATION_FAILED', message: 'bad shard' }, finishedAt: 1 });
    const views: JobView[] = [];
    tracker.track('fast', (view) => views.push(view));
    expect(views).toEqual([expect.objectContaining({ state: 'failed', ended: true, finished: expect.objectContaining({ error: { code: 'VALIDATION_FAILED', message: 'bad shard' } }) })]);
  });

  it('cancels through jobs:cancel and hands back a refusal to show', async () => {
    const bridge = new ScriptedBridge().answer('jobs:cancel', (payload) => progress({ jobId: (payload as { jobId: string }).jobId, state: 'running', updatedAt: 5 }));
    const tracker = createJobTracker(createTypedClient(bridge));
    tracker.start();
    const job = tracker.track('j1', () => undefined);
    await expect(job.cancel()).resolves.toBeNull();
    expect(bridge.payloadsOf('jobs:cancel')).toEqual([{ jobId: 'j1' }]);
    expect(job.view().progress?.updatedAt).toBe(5);
    bridge.fail('jobs:cancel', { code: 'NOT_FOUND', message: 'No job with id j1.' });
    await expect(job.cancel()).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('drives the import dialog: queued, then the failure job:finished carries', async () => {
    const mapping = { date: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', symbol: 'Name' };
    const detected = { path: '/x.csv', kind: 'file', files: [], header: Object.values(mapping), rows: [], detected: { name: 'sp500-kaggle', mapping }, problems: [] };
    const bridge = new ScriptedBridge().answer('data:preview', () => detected).answer('data:import', () => ({ jobId: 'imp-1' }));
    const store = createDataImportStore({ client: createTypedClient(bridge), notify: () => undefined, onImported: () => undefined });
    store.getState().start();
    store.getState().setPath('/x.csv');
    await store.getState().runPreview();
    await store.getState().startImport();
    bridge.push('job:progress', progress({ jobId: 'imp-1', kind: 'data.import', state: 'queued', updatedAt: 1 }));
    expect(store.getState()).toMatchObject({ phase: 'running', job: { state: 'queued' } });
    bridge.push('job:finished', { jobId: 'imp-1', kind: 'data.import', state: 'failed', error: { code: 'UNAVAILABLE', message: 'disk full' }, finishedAt: 2 });
    expect(store.getState()).toMatchObject({ phase: 'finished', outcome: { report: null, error: { code: 'UNAVAILABLE', message: 'disk full' } } });
  });
});
