import { runShard } from '../scanner/scan-tasks';
import { scanShardWorker } from './scan.descriptors';
import { defineWorkerTask } from './worker-runtime';

/**
 * A scan's inner loop over one slice of the pairs. The matrix and the result rows are
 * SharedArrayBuffers: every shard reads the same matrix and writes its own rows in place.
 */
export default defineWorkerTask(scanShardWorker, async (input, context) => {
  const total = input.shard.end - input.shard.start;
  return runShard(input.ref, input.rows, input.shard, {
    signal: context.signal,
    progressEvery: input.progressEvery,
    onProgress: (done) => context.progress(done, total),
  });
});
