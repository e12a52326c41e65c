import { setMaxListeners } from 'node:events';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { SharedInputCache } from '../workers/shared-inputs';
import type { WorkerPool } from '../workers/worker-pool';
import type { JobDescriptor, JobObserver, JobRunner, RunningJob } from './job-runner';

/**
 * Runs a job's shards on the local warm pool. Named inputs are resolved once per job into
 * shared memory (one copy for every shard); all shards are queued at once and the pool runs
 * as many as it has threads. The first failing shard cancels the rest.
 */
export class LocalJobRunner implements JobRunner {
  constructor(
    private readonly pool: WorkerPool,
    private readonly sharedInputs: SharedInputCache,
  ) {}

  submit(descriptor: JobDescriptor, observer: JobObserver): RunningJob {
    const controller = new AbortController();
    // Every shard listens on the one signal; a 100-shard job is not a listener leak.
    setMaxListeners(descriptor.shards.length + 10, controller.signal);
    const outputs = this.run(descriptor, observer, controller);
    return { outputs, cancel: () => controller.abort(new AppError('CANCELLED', `Job ${descriptor.jobId} was cancelled.`)) };
  }

  private async run(descriptor: JobDescriptor, observer: JobObserver, controller: AbortController): Promise<readonly unknown[]> {
    const inputs = await this.sharedInputs.resolve(descriptor.inputs);
    if (controller.signal.aborted) throw new AppError('CANCELLED', `Job ${descriptor.jobId} was cancelled before it started.`);
    let firstError: unknown = null;
    const settled = await Promise.allSettled(
      descriptor.shards.map(async (input, shard) => {
        try {
          const output = await this.pool.runTask(
            { worker: descriptor.worker, input, inputs },
            {
              signal: controller.signal,
              correlationId: descriptor.correlationId,
              jobId: descriptor.jobId,
              shard,
              onStart: () => observer.shardStarted(shard),
              onProgress: (done, total, message) => observer.shardProgress(shard, done, total, message),
            },
          );
          observer.shardFinished(shard);
          return output;
        } catch (error) {
          // The first real failure wins over the cancellations it causes in the other shards.
          if (firstError === null || (isCancel(firstError) && !isCancel(error))) firstError = error;
          if (!controller.signal.aborted) controller.abort(new AppError('CANCELLED', `Stopped because shard ${shard} failed.`));
          throw error;
        }
      }),
    );
    if (firstError !== null) throw firstError;
    return settled.map((result) => (result.status === 'fulfilled' ? result.value : null));
  }
}

function isCancel(error: unknown): boolean {
  return isAppError(error) && error.code === 'CANCELLED';
}
