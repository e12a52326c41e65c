import { runImportTask } from '../data/import/import-task';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { importWorker } from './import.descriptor';
import { defineWorkerTask } from './worker-runtime';

/**
 * Imports on its own thread with its own connection, so parsing 600k rows never blocks the
 * main thread (and with it the kill switch). Main opened (checked and migrated) the store
 * first, so this is a secondary connection: no quick_check, no migrations, only a check that
 * the schema is current. WAL lets main keep reading meanwhile; main's own writes wait at most
 * the busy timeout for the single write transaction.
 */
export default defineWorkerTask(importWorker, async (input, context) => {
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    context.log.info({ path: input.path, policy: input.policy, adjustment: input.adjustment }, 'import started on worker');
    return await runImportTask(store, input, context);
  } finally {
    store.close();
  }
});
