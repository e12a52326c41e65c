import { runResolveTask } from '../data/conflicts/resolve-task';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { conflictResolveWorker } from './conflict-resolve.descriptor';
import { defineWorkerTask } from './worker-runtime';

/** Resolves a held conflict on its own thread and connection (see resolve-task.ts for why). */
export default defineWorkerTask(conflictResolveWorker, async (input) => {
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return runResolveTask(store, input);
  } finally {
    store.close();
  }
});
