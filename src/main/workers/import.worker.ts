import { importPath } from '../data/import/import-path';
import { sampleSource } from '../data/sample/ensure-sample-imported';
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
    const { dbPath: _dbPath, busyTimeoutMs: _busyTimeoutMs, path, sample, ...options } = input;
    context.log.info({ path, policy: options.policy, adjustment: options.adjustment }, 'import started on worker');
    return await importPath(store, path, {
      ...options,
      signal: context.signal,
      ...(sample === true ? { source: sampleSource } : {}),
      onProgress: (progress) =>
        context.progress(
          progress.phase === 'parse' ? progress.filesDone : progress.filesTotal + progress.symbolsDone,
          progress.filesTotal + progress.symbolsTotal,
          progress.phase === 'parse'
            ? `Reading files: ${progress.filesDone} of ${progress.filesTotal} (${progress.rows.toLocaleString('en-US')} rows)`
            : `Writing: ${progress.symbolsDone} of ${progress.symbolsTotal} symbols`,
        ),
    });
  } finally {
    store.close();
  }
});
