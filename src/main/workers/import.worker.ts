import { runImportTask, type ImportTaskInput } from '../data/import/import-task';
import type { ImportResult } from '../data/import/import-path';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { runWorkerTask } from './worker-runtime';

/** Everything the import needs, as plain data (it crosses a thread boundary). */
export type ImportWorkerInput = ImportTaskInput;

/**
 * Imports on its own thread with its own connection, so parsing 600k rows never blocks the
 * main thread (and with it the kill switch). WAL lets main keep reading meanwhile; main's
 * own writes wait at most the busy timeout for the single write transaction.
 */
runWorkerTask<ImportWorkerInput, ImportResult>(async (input, context) => {
  const store = openDatabase({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return await runImportTask(store, input, context);
  } finally {
    store.close();
  }
});
