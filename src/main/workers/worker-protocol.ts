import type { MessagePort } from 'node:worker_threads';
import type { IpcError } from '../../shared/ipc/errors';

export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * What the pool hands a warm thread for one task. Named inputs arrive as typed arrays over
 * SharedArrayBuffers (shared, not copied); the port carries progress, logs and cancel.
 */
export interface TaskEnvelope {
  readonly worker: string;
  readonly input: unknown;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly port: MessagePort;
  readonly correlationId: string | null;
  readonly jobId: string | null;
  readonly shard: number;
}

/** Messages from the pool to a running task. */
export type ToWorker = { readonly type: 'cancel' };

/** Messages from a task to the pool, over the task's own port. */
export type FromWorker =
  | { readonly type: 'started'; readonly threadId: number }
  | { readonly type: 'progress'; readonly done: number; readonly total: number | null; readonly message?: string }
  | { readonly type: 'log'; readonly level: WorkerLogLevel; readonly message: string; readonly fields: Readonly<Record<string, unknown>> }
  /** The last message of a task: its port and piscina's reply are separate channels with no order between them. */
  | { readonly type: 'end' };

/** A task's outcome as plain data: an AppError keeps its code and details across the thread. */
export type TaskOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: IpcError };
