import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/ipc/errors';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerTaskContext {
  readonly signal: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

/**
 * The body of every worker entry point: reads the input, runs the task with a signal that
 * the pool's cancel message aborts, and reports the outcome as plain data.
 */
export function runWorkerTask<I, O>(task: (input: I, context: WorkerTaskContext) => Promise<O>): void {
  const port = parentPort;
  if (port === null) throw new Error('runWorkerTask must be called inside a worker thread');
  const controller = new AbortController();
  const send = (message: FromWorker): void => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') controller.abort(new AppError('CANCELLED', 'Cancelled by request.'));
  });
  const context: WorkerTaskContext = {
    signal: controller.signal,
    progress: (done, total, message) => send({ type: 'progress', done, total, ...(message === undefined ? {} : { message }) }),
  };
  task(workerData as I, context).then(
    (value) => {
      send({ type: 'done', value });
      port.close();
    },
    (error: unknown) => {
      const wire = isAppError(error)
        ? error.toWire()
        : { code: 'INTERNAL' as const, message: error instanceof Error ? error.message : String(error) };
      send({ type: 'failed', error: wire });
      port.close();
    },
  );
}
