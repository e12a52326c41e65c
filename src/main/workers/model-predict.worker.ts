import { systemClock } from '../core/time/clock';
import { predictDeployedDay } from '../models/registry/deployed-predict-task';
import { loadTfRuntime } from '../models/tf-backend';
import { openSecondaryConnection } from '../store/db';
import { migrations } from '../store/migrations';
import { modelPredictWorker } from './model-predict.descriptor';
import { defineWorkerTask } from './worker-runtime';

/** A deployed version's prediction off the main thread (issue 15); main logs it. */
export default defineWorkerTask(modelPredictWorker, async (input) => {
  const runtime = await loadTfRuntime(input.backend);
  const store = openSecondaryConnection({ path: input.dbPath, busyTimeoutMs: input.busyTimeoutMs, migrations, readonly: true });
  try {
    return await predictDeployedDay(store, runtime, systemClock, input);
  } finally {
    store.close();
  }
});
