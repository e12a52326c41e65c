import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobFinished, JobProgress } from '../../../src/shared/domain/jobs';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { startInProcessApp, type InProcessApp } from '../../helpers/in-process-app';

const samplePrices = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/sample-data/prices');

/** The import as the renderer starts it: request → job → warm worker → job:finished, one correlation id throughout. */
let app: InProcessApp;

beforeAll(async () => {
  app = await startInProcessApp();
});
afterAll(async () => app.close());

describe('an import job end to end', () => {
  it('runs on the pool, ends with job:finished naming the dataset, and its worker logs carry the request id', async () => {
    const seen: PublishedEvent[] = [];
    const unsubscribe = app.core.events.subscribeAll((envelope) => seen.push(envelope));
    const requestId = 'import-req-000042';
    const response = await app.core.registry.dispatch({ type: 'request', id: requestId, channel: 'data:import', payload: { path: samplePrices } }, 'browser');
    if (!response.ok) throw new Error(`data:import failed: ${response.error.message}`);
    const { jobId } = response.value as { jobId: string };
    const imported = await new Promise<{ report: { dataset: { id: number } } | null }>((resolve) => {
      const check = (): boolean => {
        const event = seen.find((envelope) => envelope.event === 'data:imported' && (envelope.payload as { jobId: string }).jobId === jobId);
        if (event !== undefined) resolve(event.payload as { report: { dataset: { id: number } } | null });
        return event !== undefined;
      };
      if (check()) return;
      const off = app.core.events.subscribeAll(() => {
        if (check()) off();
      });
    });
    unsubscribe();

    const datasetId = imported.report?.dataset.id;
    expect(datasetId).toBeTypeOf('number');
    const finished = seen.filter((envelope) => envelope.event === 'job:finished').map((envelope) => envelope.payload as JobFinished);
    expect(finished).toEqual([expect.objectContaining({ jobId, kind: 'data.import', state: 'succeeded', result: { area: 'data.dataset', id: datasetId } })]);
    const progress = seen.filter((envelope) => envelope.event === 'job:progress').map((envelope) => envelope.payload as JobProgress).filter((p) => p.jobId === jobId);
    expect(progress[0]?.state).toBe('queued');
    expect(progress.at(-1)).toMatchObject({ state: 'succeeded', shardsTotal: 1, shardsDone: 1 });
    // job:finished follows the job's last job:progress.
    const lastProgress = seen.findLastIndex((envelope) => envelope.event === 'job:progress' && (envelope.payload as JobProgress).jobId === jobId);
    expect(seen.findIndex((envelope) => envelope.event === 'job:finished')).toBeGreaterThan(lastProgress);

    const workerLine = app.core.logs.tail.recent().find((entry) => entry.msg === 'import started on worker');
    expect(workerLine).toMatchObject({ module: 'workers', correlationId: requestId, fields: { worker: 'import', jobId } });
  });
});
