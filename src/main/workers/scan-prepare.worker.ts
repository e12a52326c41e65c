import { runPrepare } from '../scanner/scan-tasks';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { scanPrepareWorker } from './scan.descriptors';
import { defineWorkerTask } from './worker-runtime';

/** A scan's first step off the main thread: the store read and the shared matrix. */
export default defineWorkerTask(scanPrepareWorker, async (input) => {
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return runPrepare(store, input.options);
  } finally {
    store.close();
  }
});
