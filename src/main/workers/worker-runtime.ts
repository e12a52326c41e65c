import { receiveMessageOnPort, threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { AppError, isAppError, type IpcError } from '../../shared/ipc/errors';
import type { NamedInputName, NamedInputValues } from '../jobs/named-inputs';
import { runWithCorrelation } from '../logging/context';
import { lowerThreadPriorityOnce } from './background-priority';
import type { WorkerDescriptor } from './worker-descriptor';
import type { FromWorker, TaskEnvelope, TaskOutcome, ToWorker, WorkerLogLevel } from './worker-protocol';

/** Log lines from a task; main writes them to its log with the job's correlation id. */
export type WorkerLog = { readonly [L in WorkerLogLevel]: (fields: Readonly<Record<string, unknown>>, message: string) => void };

export interface WorkerTaskContext<N extends NamedInputName = never> {
  /** Aborted when the job is cancelled; the task should stop soon and throw CANCELLED. */
  readonly signal: AbortSignal;
  /** The named inputs the descriptor declares, shared with every other shard (read-only by convention). */
  readonly inputs: NamedInputValues<N>;
  readonly log: WorkerLog;
  readonly correlationId: string | null;
  readonly shard: number;
  progress(done: number, total: number | null, message?: string): void;
  /**
   * For CPU-bound loops that never yield: true once a cancel was requested, reading the task's
   * port synchronously (the `signal` is only aborted when the event loop gets to the message).
   * Optional so that in-process runners may leave it out (their `signal` is already live).
   */
  readonly cancelRequested?: () => boolean;
}

export type WorkerTask<I, O, N extends NamedInputName = never> = (input: I, context: WorkerTaskContext<N>) => Promise<O>;

/** A worker entry's default export: what piscina calls, plus the typed task for in-process runners. */
export interface WorkerHandler<I, O, N extends NamedInputName = never> {
  (envelope: TaskEnvelope): Promise<unknown>;
  readonly descriptor: WorkerDescriptor<I, O, N>;
  readonly task: WorkerTask<I, O, N>;
}

export function toTaskError(error: unknown): IpcError {
  if (isAppError(error)) return error.toWire();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The body of every worker entry: `export default defineWorkerTask(descriptor, async (input, context) => …)`.
 * A thread stays warm between tasks, so nothing here may outlive its task: the port is closed
 * and the cancel listener dropped when the task ends. Output typed arrays are transferred,
 * not copied (SharedArrayBuffers are shared anyway).
 */
export function defineWorkerTask<I, O, N extends NamedInputName = never>(
  descriptor: WorkerDescriptor<I, O, N>,
  task: WorkerTask<I, O, N>,
): WorkerHandler<I, O, N> {
  const handler = async (envelope: TaskEnvelope): Promise<unknown> => {
    const { port } = envelope;
    const controller = new AbortController();
    const send = (message: FromWorker): void => port.postMessage(message);
    const onMessage = (message: ToWorker): void => {
      if (message.type === 'cancel') controller.abort(new AppError('CANCELLED', 'Cancelled by request.'));
    };
    port.on('message', onMessage);
    const cancelRequested = (): boolean => {
      // receiveMessageOnPort takes a queued message without the event loop (and no 'message' event fires for it).
      for (let queued = receiveMessageOnPort(port); !controller.signal.aborted && queued !== undefined; queued = receiveMessageOnPort(port)) {
        onMessage(queued.message as ToWorker);
      }
      return controller.signal.aborted;
    };
    send({ type: 'started', threadId });
    const logAt =
      (level: WorkerLogLevel) =>
      (fields: Readonly<Record<string, unknown>>, message: string): void =>
        send({ type: 'log', level, message, fields });
    const log: WorkerLog = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
    const priority = lowerThreadPriorityOnce();
    if (priority !== null && !priority.lowered && priority.unexpected) log.warn({ reason: priority.reason }, 'this worker thread runs at normal priority');
    const context: WorkerTaskContext<N> = {
      signal: controller.signal,
      inputs: envelope.inputs as NamedInputValues<N>,
      log,
      correlationId: envelope.correlationId,
      shard: envelope.shard,
      progress: (done, total, message) => send({ type: 'progress', done, total, ...(message === undefined ? {} : { message }) }),
      cancelRequested,
    };
    let outcome: TaskOutcome;
    try {
      if (envelope.worker !== descriptor.name) {
        throw new AppError('INTERNAL', `Task for worker "${envelope.worker}" reached the entry of "${descriptor.name}".`);
      }
      const run = (): Promise<O> => task(envelope.input as I, context);
      const value = envelope.correlationId === null ? await run() : await runWithCorrelation(envelope.correlationId, run);
      outcome = { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error: toTaskError(error) };
    } finally {
      send({ type: 'end' });
      port.close();
    }
    const transfers = outcome.ok ? transferablesOf(outcome.value) : [];
    // piscina's movable protocol: the value plus the buffers to transfer with it.
    return transfers.length === 0 ? outcome : move({ [transferableSymbol]: transfers, [valueSymbol]: outcome } as unknown as ArrayBuffer);
  };
  return Object.assign(handler, { descriptor, task });
}

const TRANSFER_SEARCH_DEPTH = 3;

/** The ArrayBuffers behind typed arrays in a result (a few levels deep), to move instead of copy. */
export function transferablesOf(value: unknown, depth = 0, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    // Only a view that owns its whole buffer: a slice of a pooled buffer (a Node Buffer) must stay.
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) found.add(value.buffer);
  } else if (value instanceof ArrayBuffer) {
    found.add(value);
  } else if (depth < TRANSFER_SEARCH_DEPTH && typeof value === 'object' && value !== null) {
    for (const item of Array.isArray(value) ? value : Object.values(value)) transferablesOf(item, depth + 1, found);
  }
  return [...found];
}
