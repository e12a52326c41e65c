import { constants, getPriority } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { CloseMatrix } from '../../../src/main/core/market/series';
import { EventBus } from '../../../src/main/events/event-bus';
import { JobManager } from '../../../src/main/jobs/job-manager';
import type { JobRunner } from '../../../src/main/jobs/job-runner';
import { LocalJobRunner } from '../../../src/main/jobs/local-job-runner';
import type { CloseMatrixRef } from '../../../src/main/jobs/named-inputs';
import { createLogRoot, type LogRoot } from '../../../src/main/logging/create-logger';
import { runWithCorrelation } from '../../../src/main/logging/context';
import { matrixProbeWorker } from '../../../src/main/workers/matrix-probe.descriptor';
import { selftestWorker } from '../../../src/main/workers/selftest.descriptor';
import { SharedInputCache } from '../../../src/main/workers/shared-inputs';
import { WorkerPool } from '../../../src/main/workers/worker-pool';
import type { JobFinished, JobProgress } from '../../../src/shared/domain/jobs';
import type { PublishedEvent } from '../../../src/main/events/event-bus';
import { FakeRemoteRunner } from '../../helpers/fake-remote-runner';
import { makeTempHome } from '../../helpers/temp-home';

const silent = pino({ level: 'silent' });

/** About ten years of days for 250 symbols: 5 MB of closes, a gap every 97th cell. */
function syntheticMatrix(dayCount = 2520, symbolCount = 250): CloseMatrix {
  const days = Int32Array.from({ length: dayCount }, (_, index) => 14_600 + index);
  const closes = new Float64Array(dayCount * symbolCount);
  for (let cell = 0; cell < closes.length; cell += 1) closes[cell] = cell % 97 === 0 ? Number.NaN : 50 + (cell % symbolCount) + Math.floor(cell / symbolCount) * 0.01;
  return { symbols: Array.from({ length: symbolCount }, (_, index) => `S${index}`), days, closes };
}

function columnSums(matrix: CloseMatrix, from: number, to: number): number[] {
  const width = matrix.symbols.length;
  const sums: number[] = [];
  for (let column = from; column < to; column += 1) {
    let sum = 0;
    for (let day = 0; day < matrix.days.length; day += 1) {
      const value = matrix.closes[day * width + column] as number;
      if (!Number.isNaN(value)) sum += value;
    }
    sums.push(sum);
  }
  return sums;
}

function shardsOf(width: number, count: number): { from: number; to: number }[] {
  const size = Math.ceil(width / count);
  return Array.from({ length: count }, (_, index) => ({ from: index * size, to: Math.min(width, (index + 1) * size) }));
}

/** Records every job event, and resolves waits on them. */
function recordEvents(events: EventBus) {
  const progress: JobProgress[] = [];
  const finished: JobFinished[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const unsubscribe = events.subscribeAll((envelope: PublishedEvent) => {
    if (envelope.event === 'job:progress') progress.push(envelope.payload as JobProgress);
    if (envelope.event === 'job:finished') finished.push(envelope.payload as JobFinished);
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const until = (test: () => boolean): Promise<void> =>
    test()
      ? Promise.resolve()
      : new Promise((resolve) => {
          waiters.push({ test, resolve });
        });
  return { progress, finished, until, unsubscribe, of: (jobId: string) => progress.filter((p) => p.jobId === jobId) };
}

const matrix = syntheticMatrix();
const matrixRef: CloseMatrixRef = { key: 'synthetic:250x2520', dataVersion: 1 };

describe('the warm pool', () => {
  let pool: WorkerPool;
  afterEach(async () => pool.close());

  it('serves consecutive tasks from the same thread', async () => {
    pool = new WorkerPool(silent, { size: 1 });
    const threads: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      await pool.run(selftestWorker, { steps: 1 }, { onStart: ({ threadId }) => threads.push(threadId) });
    }
    expect(threads).toHaveLength(3);
    expect(new Set(threads).size).toBe(1);
    expect(pool.threads).toBe(1);
  });

  it.runIf(process.platform === 'linux')('runs its threads below the main thread, which keeps its own priority (Linux: nice per thread)', async () => {
    pool = new WorkerPool(silent, { size: 1 });
    const mainBefore = getPriority(0);
    const output = await pool.run(selftestWorker, { steps: 0, reportPriority: true });
    expect(output).toEqual({ counted: 0, nice: constants.priority.PRIORITY_BELOW_NORMAL });
    expect(getPriority(0)).toBe(mainBefore);
  });

  it('keeps the thread after a cooperative cancel and reuses it', async () => {
    pool = new WorkerPool(silent, { size: 1 });
    const controller = new AbortController();
    const threads: number[] = [];
    const task = pool.run(selftestWorker, { steps: 100_000, stepDelayMs: 1 }, {
      signal: controller.signal,
      onStart: ({ threadId }) => threads.push(threadId),
      onProgress: (done) => {
        if (done === 3) controller.abort();
      },
    });
    await expect(task).rejects.toMatchObject({ code: 'CANCELLED' });
    await pool.run(selftestWorker, { steps: 1 }, { onStart: ({ threadId }) => threads.push(threadId) });
    expect(threads[0]).toBe(threads[1]);
  });
});

describe('jobs on the local pool', () => {
  let pool: WorkerPool;
  let events: EventBus;
  let jobs: JobManager;
  let cache: SharedInputCache;
  let loads = 0;

  beforeAll(() => {
    pool = new WorkerPool(silent, { size: 2 });
    cache = new SharedInputCache({
      closeMatrix: (ref) => {
        loads += 1;
        expect(ref).toEqual(matrixRef);
        return matrix;
      },
    });
    events = new EventBus();
    jobs = new JobManager(events, silent, new LocalJobRunner(pool, cache), { pushIntervalMs: 0 });
  });
  afterAll(async () => pool.close());

  it('fans one job out over shards that all read ONE shared copy of the close matrix', async () => {
    const recorder = recordEvents(events);
    const shards = shardsOf(matrix.symbols.length, 10);
    const expected = shards.map((shard) => columnSums(matrix, shard.from, shard.to));
    const job = jobs.fanOut({ kind: 'probe', worker: matrixProbeWorker, shards: shards.map((shard) => ({ ...shard, mark: true })), inputs: { closeMatrix: matrixRef } });
    const outputs = await job.result;
    recorder.unsubscribe();

    expect(outputs.map((output) => [...output.sums])).toEqual(expected);
    expect(outputs.every((output) => output.shared)).toBe(true);
    // Loaded and copied into shared memory once; every shard wrote its mark into that one copy.
    expect(loads).toBe(1);
    expect(cache.size).toBe(1);
    const shared = (await cache.resolve({ closeMatrix: matrixRef }))['closeMatrix'] as CloseMatrix;
    expect(shared.closes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.closes.subarray(0, matrix.symbols.length))).toEqual(matrix.symbols.map((_, column) => -(column + 1)));
    // The matrix main loaded is untouched: the shared copy is separate from it.
    expect(Number.isNaN(matrix.closes[0])).toBe(true);

    const last = recorder.of(job.jobId).at(-1);
    expect(last).toMatchObject({ state: 'succeeded', done: 10, total: 10, shardsDone: 10, shardsTotal: 10 });
    const dones = recorder.of(job.jobId).map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(recorder.finished.filter((f) => f.jobId === job.jobId)).toEqual([expect.objectContaining({ state: 'succeeded', kind: 'probe' })]);

    // A second job over the same reference reuses the copy.
    await jobs.fanOut({ kind: 'probe', worker: matrixProbeWorker, shards: [{ from: 0, to: 5 }], inputs: { closeMatrix: matrixRef } }).result;
    expect(loads).toBe(1);
  });

  it('stops every shard with one cancel, queued and running alike', async () => {
    const recorder = recordEvents(events);
    const job = jobs.fanOut({ kind: 'long', worker: selftestWorker, shards: Array.from({ length: 8 }, () => ({ steps: 100_000, stepDelayMs: 1 })) });
    await recorder.until(() => recorder.of(job.jobId).some((p) => p.state === 'running' && p.done > 0));
    expect(jobs.get(job.jobId)?.shardsDone).toBe(0);
    jobs.cancel(job.jobId);
    await expect(job.result).rejects.toMatchObject({ code: 'CANCELLED' });
    recorder.unsubscribe();

    expect(pool.pending).toBe(0);
    expect(jobs.get(job.jobId)?.state).toBe('cancelled');
    expect(recorder.finished.filter((f) => f.jobId === job.jobId)).toEqual([expect.objectContaining({ state: 'cancelled' })]);
    // The running shards stopped cooperatively: both threads are still there for the next job.
    expect(pool.threads).toBe(2);
    await expect(jobs.run({ kind: 'after', worker: selftestWorker, input: { steps: 2 } }).result).resolves.toEqual({ counted: 2 });
  });

  it('shows a job as queued while every thread is busy, then runs it', async () => {
    const recorder = recordEvents(events);
    const blocker = jobs.fanOut({ kind: 'blocker', worker: selftestWorker, shards: [{ steps: 100_000, stepDelayMs: 1 }, { steps: 100_000, stepDelayMs: 1 }] });
    await recorder.until(() => recorder.of(blocker.jobId).filter((p) => p.state === 'running' && p.done > 0).length > 0 && pool.pending === 0);
    const waiting = jobs.run({ kind: 'waiting', worker: selftestWorker, input: { steps: 3 }, resultRef: (output) => ({ area: 'test.count', id: output.counted }) });
    await recorder.until(() => pool.pending === 1 && recorder.of(waiting.jobId).length > 0);
    expect(jobs.get(waiting.jobId)?.state).toBe('queued');
    // Expect the blocker's rejection before cancelling, so it is never an unhandled rejection.
    const blockerEnds = expect(blocker.result).rejects.toMatchObject({ code: 'CANCELLED' });
    jobs.cancel(blocker.jobId);
    await expect(waiting.result).resolves.toEqual({ counted: 3 });
    await blockerEnds;
    recorder.unsubscribe();

    const states = recorder.of(waiting.jobId).map((p) => p.state);
    expect(states[0]).toBe('queued');
    expect(states.indexOf('running')).toBeGreaterThan(0);
    expect(states.at(-1)).toBe('succeeded');
    expect(recorder.finished.find((f) => f.jobId === waiting.jobId)).toMatchObject({ state: 'succeeded', result: { area: 'test.count', id: 3 } });
  });

  it('fails the whole job with the failing shard\'s typed error, and says so once', async () => {
    const recorder = recordEvents(events);
    const job = jobs.fanOut({ kind: 'failing', worker: selftestWorker, shards: [{ steps: 100_000, stepDelayMs: 1 }, { steps: 5, failAt: 2 }] });
    await expect(job.result).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { step: 2 } });
    recorder.unsubscribe();
    expect(recorder.finished.filter((f) => f.jobId === job.jobId)).toEqual([
      expect.objectContaining({ state: 'failed', error: { code: 'VALIDATION_FAILED', message: 'Failed on purpose at step 2.' } }),
    ]);
  });
});

describe('correlation ids', () => {
  const home = makeTempHome('arbdesk-jobs-log-');
  let logs: LogRoot;
  let pool: WorkerPool;

  beforeAll(() => {
    logs = createLogRoot({ logDir: home.dir, level: 'debug', maxFileBytes: 1_000_000, maxFiles: 2, maxAgeDays: 1, tailSize: 100 });
    pool = new WorkerPool(logs.child('workers'), { size: 1 });
  });
  afterAll(async () => {
    await pool.close();
    await logs.close();
    home.cleanup();
  });

  it("follow a request into its job's worker and onto the worker's log lines", async () => {
    const jobs = new JobManager(new EventBus(), logs.child('jobs'), new LocalJobRunner(pool, new SharedInputCache({})));
    const job = runWithCorrelation('req-000123', () => jobs.run({ kind: 'logged', worker: selftestWorker, input: { steps: 1, log: 'counting on the worker' } }));
    await job.result;
    const line = logs.tail.recent().find((entry) => entry.msg === 'counting on the worker');
    expect(line).toMatchObject({ module: 'workers', correlationId: 'req-000123', fields: { worker: 'selftest', jobId: job.jobId, shard: 0, steps: 1 } });
    expect(logs.tail.recent().find((entry) => entry.msg === 'job queued')).toMatchObject({ correlationId: 'req-000123' });
  });
});

describe('a remote runner behind the same port', () => {
  it('runs a fan-out job from its serialized descriptor, loading the matrix by reference', async () => {
    let remoteLoads = 0;
    const remote = new FakeRemoteRunner({
      closeMatrix: (ref) => {
        remoteLoads += 1;
        expect(ref).toEqual(matrixRef);
        return syntheticMatrix();
      },
    });
    const runner: JobRunner = remote;
    const events = new EventBus();
    const recorder = recordEvents(events);
    const jobs = new JobManager(events, silent, runner, { pushIntervalMs: 0 });
    const shards = shardsOf(matrix.symbols.length, 4);
    const job = runWithCorrelation('req-remote-9', () => jobs.fanOut({ kind: 'probe', worker: matrixProbeWorker, shards, inputs: { closeMatrix: matrixRef } }));
    const outputs = await job.result;
    recorder.unsubscribe();

    expect(outputs.map((output) => [...output.sums])).toEqual(shards.map((shard) => columnSums(matrix, shard.from, shard.to)));
    expect(outputs.every((output) => output.shared)).toBe(false);
    expect(remoteLoads).toBe(1);
    expect(remote.wire).toHaveLength(1);
    expect(JSON.parse(remote.wire[0] ?? '{}')).toEqual({
      jobId: job.jobId,
      kind: 'probe',
      worker: 'matrix-probe',
      shards,
      inputs: { closeMatrix: { key: 'synthetic:250x2520', dataVersion: 1 } },
      correlationId: 'req-remote-9',
    });
    expect(recorder.of(job.jobId).at(-1)).toMatchObject({ state: 'succeeded', done: 4, total: 4 });
    expect(recorder.finished).toEqual([expect.objectContaining({ jobId: job.jobId, state: 'succeeded' })]);

    const logged = runWithCorrelation('req-remote-10', () => jobs.run({ kind: 'logged', worker: selftestWorker, input: { steps: 1, log: 'remote hello' } }));
    await logged.result;
    expect(remote.logs).toEqual([expect.objectContaining({ message: 'remote hello', correlationId: 'req-remote-10' })]);
  });
});
