import { pino } from 'pino';
import { median, type Benchmark } from './harness';
import { EventBus } from '../src/main/events/event-bus';
import { JobManager } from '../src/main/jobs/job-manager';
import { LocalJobRunner } from '../src/main/jobs/local-job-runner';
import { selftestWorker } from '../src/main/workers/selftest.descriptor';
import { SharedInputCache } from '../src/main/workers/shared-inputs';
import { WorkerPool } from '../src/main/workers/worker-pool';
import type { JobProgress } from '../src/shared/domain/jobs';

const SHARDS = 100;
const BASELINE_ROUNDS = 5;

let pool: WorkerPool;
let events: EventBus;
let jobs: JobManager;

/** Resolves with the time (performance.now) of the first job:progress that matches. */
function whenProgress(jobId: () => string, test: (progress: JobProgress) => boolean): Promise<number> {
  return new Promise((resolve) => {
    const unsubscribe = events.subscribe('job:progress', (progress) => {
      if (progress.jobId === jobId() && test(progress)) {
        unsubscribe();
        resolve(performance.now());
      }
    });
  });
}

async function noOpTasksWithoutJob(): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: SHARDS }, () => pool.run(selftestWorker, { steps: 0 })));
  return performance.now() - started;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'Jobs: 100-shard fan-out',
    inputs: `A job of ${SHARDS} shards on the warm pool (threads: one less than the cores, at least 1; started and warmed in setup), through the job manager and the local runner. Overhead: a job of ${SHARDS} no-op selftest shards (steps 0), start to result; baseline: the same ${SHARDS} no-op tasks sent straight to the pool with Promise.all (median of ${BASELINE_ROUNDS}). First progress: start to the first job:progress push with done > 0 for ${SHARDS} shards of 1 ms steps. Cancel latency: one jobs cancel of a running ${SHARDS}-shard job (10,000 steps of 1 ms each) to its rejection, when no shard runs or waits any more.`,
    runs: 7,
    metrics: [
      { name: 'overhead', unit: 'ms' },
      { name: 'first progress', unit: 'ms' },
      { name: 'cancel latency', unit: 'ms' },
    ],
    async setup() {
      pool = new WorkerPool(pino({ level: 'silent' }), { minThreads: Number.MAX_SAFE_INTEGER });
      events = new EventBus();
      jobs = new JobManager(events, pino({ level: 'silent' }), new LocalJobRunner(pool, new SharedInputCache({})));
      // Warm every thread (module load, tsx in source mode) before measuring.
      await jobs.fanOut({ kind: 'bench.warm', worker: selftestWorker, shards: Array.from({ length: SHARDS }, () => ({ steps: 1 })) }).result;
      const baseline: number[] = [];
      for (let round = 0; round < BASELINE_ROUNDS; round += 1) baseline.push(await noOpTasksWithoutJob());
      return { overhead: { label: `${SHARDS} pool tasks, no job`, value: median(baseline) } };
    },
    async run() {
      const overheadStart = performance.now();
      await jobs.fanOut({ kind: 'bench.noop', worker: selftestWorker, shards: Array.from({ length: SHARDS }, () => ({ steps: 0 })) }).result;
      const overhead = performance.now() - overheadStart;

      let jobId = '';
      const firstProgress = whenProgress(() => jobId, (progress) => progress.done > 0);
      const progressStart = performance.now();
      const long = jobs.fanOut({ kind: 'bench.long', worker: selftestWorker, shards: Array.from({ length: SHARDS }, () => ({ steps: 10_000, stepDelayMs: 1 })) });
      jobId = long.jobId;
      const firstProgressAt = await firstProgress;

      const cancelStart = performance.now();
      jobs.cancel(long.jobId);
      const outcome = await long.result.then(
        () => 'succeeded',
        (error: unknown) => (error as { code?: string }).code ?? 'unknown',
      );
      const cancelLatency = performance.now() - cancelStart;
      if (outcome !== 'CANCELLED') throw new Error(`the cancelled job ended ${outcome}`);
      if (pool.pending !== 0) throw new Error(`${pool.pending} shards still queued after the cancel`);
      return { overhead, 'first progress': firstProgressAt - progressStart, 'cancel latency': cancelLatency };
    },
    async teardown() {
      await pool.close();
    },
  },
];
