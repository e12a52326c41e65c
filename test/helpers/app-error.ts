import { isAppError, type AppError } from '../../src/shared/ipc/errors';

/**
 * The typed error a promise rejects with, for tests that inspect it further. Resolving, or
 * rejecting with anything but an AppError, fails the test with what happened instead.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected an AppError, but the promise resolved with ${String(outcome.value)}`);
  if (!isAppError(outcome.error)) throw new Error(`expected an AppError, got ${String(outcome.error)}`);
  return outcome.error;
}
