import { runPersist } from '../scanner/scan-tasks';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { scanPersistWorker } from './scan.descriptors';
import { defineWorkerTask } from './worker-runtime';

/**
 * A scan's last step: multiple testing, Hurst for survivors and the write, on the worker's own
 * connection in short transactions, so main never waits behind the 110k-row insert.
 */
export default defineWorkerTask(scanPersistWorker, async (input) => {
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return runPersist(store, { task: 'persist', ...input }, Date.now);
  } finally {
    store.close();
  }
});
