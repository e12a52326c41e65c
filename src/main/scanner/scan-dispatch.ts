import type { WorkerPool } from '../workers/worker-pool';
import { scanShardWorker, type ScanShardInput } from '../workers/scan.descriptors';

export type ShardTask = ScanShardInput;

export interface ShardDispatchOptions {
  readonly signal: AbortSignal;
  /** Pairs done so far across every shard. */
  readonly onProgress: (pairsDone: number) => void;
}

/**
 * The one place that fans a scan's shards out over the worker pool. Every task carries the
 * same SharedArrayBuffers (matrix and rows), so the data exists once whatever the shard
 * count. When the pool gains a typed fan-out (warm threads, one progress stream per job),
 * only this function changes.
 *
 * The first failing shard cancels the others, so an error does not wait for the rest.
 */
export async function dispatchShards(pool: WorkerPool, tasks: readonly ShardTask[], options: ShardDispatchOptions): Promise<void> {
  const done = new Float64Array(tasks.length);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      tasks.map((task, index) =>
        pool
          .run(scanShardWorker, task, {
            signal: controller.signal,
            onProgress: (pairs) => {
              done[index] = pairs;
              let sum = 0;
              for (const value of done) sum += value;
              options.onProgress(sum);
            },
          })
          .catch((error: unknown) => {
            if (!controller.signal.aborted) controller.abort(error);
            throw error;
          }),
      ),
    );
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}
