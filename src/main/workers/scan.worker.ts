import { runPersist, runPrepare, runShard, type ScanTaskInput } from '../scanner/scan-tasks';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { runWorkerTask } from './worker-runtime';

/**
 * A pair scan's work off the main thread: `prepare` reads the store and builds the shared
 * matrix, `shard` runs the inner loop over a slice of the pairs against that one matrix
 * (a SharedArrayBuffer: every shard reads the same memory), `persist` corrects for multiple
 * testing and writes the run's rows in one transaction on its own connection, so main never
 * holds the write lock for the 110k-row insert.
 */
runWorkerTask<ScanTaskInput, unknown>(async (input, context) => {
  switch (input.task) {
    case 'prepare': {
      const store = openDatabase({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
      try {
        return runPrepare(store, input.options);
      } finally {
        store.close();
      }
    }
    case 'shard': {
      const total = input.shard.end - input.shard.start;
      return runShard(input.ref, input.rows, input.shard, {
        signal: context.signal,
        progressEvery: input.progressEvery,
        onProgress: (done) => context.progress(done, total),
      });
    }
    case 'persist': {
      const store = openDatabase({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
      try {
        return runPersist(store, input, Date.now);
      } finally {
        store.close();
      }
    }
  }
});
