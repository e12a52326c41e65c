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

  it('terminates a task that cannot see the cancel after the grace period, and keeps serving', async () => {
    pool = new WorkerPool(logger, { size: 1, cancelGraceMs: 100 });
    const controller = new AbortController();
    const threads: number[] = [];
    const stuck = pool.run(selftestWorker, { steps: 1, spinMs: 60_000 }, {
      signal: controller.signal,
      onStart: ({ threadId }) => {
        threads.push(threadId);
        controller.abort();
      },
    });
    await expect(stuck).rejects.toMatchObject({ code: 'CANCELLED', message: 'Cancelled (worker terminated).' });
    await expect(pool.run(selftestWorker, { steps: 1 }, { onStart: ({ threadId }) => threads.push(threadId) })).resolves.toEqual({ counted: 1 });
    // A fresh thread replaced the terminated one.
    expect(threads[1]).not.toBe(threads[0]);
  });

  it('names an unknown worker instead of crashing a thread', async () => {
    pool = new WorkerPool(logger, 1);
    await expect(pool.runTask({ worker: 'no-such-worker', input: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses work after it is closed', async () => {
    pool = new WorkerPool(logger, 1);
    await pool.close();
    await expect(pool.run(selftestWorker, { steps: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
