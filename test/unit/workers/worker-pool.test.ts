import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { selftestWorker } from '../../../src/main/workers/selftest.descriptor';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import { AppError } from '../../../src/shared/ipc/errors';

const logger = pino({ level: 'silent' });

describe('WorkerPool', () => {
  let pool: WorkerPool;
  afterEach(async () => pool.close());

  it('runs a task on a worker thread and reports its progress', async () => {
    pool = new WorkerPool(logger, 1);
    const seen: number[] = [];
    const result = await pool.run(selftestWorker, { steps: 5 }, { onProgress: (done) => seen.push(done) });
    expect(result).toEqual({ counted: 5 });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('turns a typed failure in the worker into the same typed error', async () => {
    pool = new WorkerPool(logger, 1);
    const failure = pool.run(selftestWorker, { steps: 5, failAt: 3 });
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { step: 3 } });
  });

  it('cancels a running task cooperatively', async () => {
    pool = new WorkerPool(logger, 1);
    const controller = new AbortController();
    const task = pool.run(selftestWorker, { steps: 10_000, stepDelayMs: 1 }, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 3) controller.abort();
      },
    });
    await expect(task).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('queues tasks beyond its size and runs them all', async () => {
    pool = new WorkerPool(logger, 1);
    const results = await Promise.all([1, 2, 3].map((steps) => pool.run(selftestWorker, { steps })));
    expect(results.map((r) => r.counted)).toEqual([1, 2, 3]);
  });

  it('refuses work after it is closed', async () => {
    pool = new WorkerPool(logger, 1);
    await pool.close();
    await expect(pool.run(selftestWorker, { steps: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
