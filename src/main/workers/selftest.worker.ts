import { getPriority } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/ipc/errors';
import { selftestWorker } from './selftest.descriptor';
import { defineWorkerTask } from './worker-runtime';

export default defineWorkerTask(selftestWorker, async (input, context) => {
  if (input.log !== undefined) context.log.info({ steps: input.steps }, input.log);
  for (let step = 1; step <= input.steps; step += 1) {
    if (context.signal.aborted) throw new AppError('CANCELLED', `Stopped at step ${step}.`);
    if (input.failAt === step) throw new AppError('VALIDATION_FAILED', `Failed on purpose at step ${step}.`, { step });
    if (input.stepDelayMs !== undefined && input.stepDelayMs > 0) await sleep(input.stepDelayMs);
    if (input.spinMs !== undefined) spin(input.spinMs);
    context.progress(step, input.steps);
  }
  return input.reportPriority === true ? { counted: input.steps, nice: getPriority(0) } : { counted: input.steps };
});

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Deliberately blocks this thread's event loop, so the cancel message cannot arrive.
  }
}
