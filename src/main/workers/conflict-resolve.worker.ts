import type { ResolveResult } from '../data/conflicts/resolve-conflicts';
import { runResolveTask, type ResolveTaskInput } from '../data/conflicts/resolve-task';
import { openDatabase } from '../store/db';
import { migrations } from '../store/migrations';
import { runWorkerTask } from './worker-runtime';

/** Resolves a held conflict on its own thread and connection (see resolve-task.ts for why). */
runWorkerTask<ResolveTaskInput, ResolveResult>(async (input) => {
  const store = openDatabase({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations });
  try {
    return runResolveTask(store, input);
  } finally {
    store.close();
  }
});
