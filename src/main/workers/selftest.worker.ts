import { AppError } from '../../shared/ipc/errors';
import { runWorkerTask } from './worker-runtime';

/**
 * A tiny task used by `arbdesk doctor` and the pool's tests: counts to `steps`, reporting
 * progress, honouring cancel, optionally failing with a typed error.
 */
interface SelftestInput {
  readonly steps: number;
  readonly failAt?: number;
  readonly stepDelayMs?: number;
}

runWorkerTask<SelftestInput, { counted: number }>(async (input, context) => {
  for (let step = 1; step <= input.steps; step += 1) {
    if (context.signal.aborted) throw new AppError('CANCELLED', `Stopped at step ${step}.`);
    if (input.failAt === step) throw new AppError('VALIDATION_FAILED', `Failed on purpose at step ${step}.`, { step });
    await new Promise((resolve) => setTimeout(resolve, input.stepDelayMs ?? 0));
    context.progress(step, input.steps);
  }
  return { counted: input.steps };
});
